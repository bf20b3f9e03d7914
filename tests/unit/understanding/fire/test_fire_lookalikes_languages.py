"""French, Spanish and German look-alikes of a fire report, and the real reports next to them.

Each rule of moods.py and figurative.py (and the typos of data/<lang>.txt) is tested both
ways: what it keeps out and the close real reports it must not swallow (recall first). The
training examples of data/nlu/<lang>/fire_lookalikes.yml are checked against the net too:
either the net or the classifier makes a message a fire report, so none may be flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.understanding.fire import detect_fire_report

pytestmark = pytest.mark.filterwarnings("error")

ROOT = Path(__file__).resolve().parents[4]


def _reported(text: str) -> bool:
    return detect_fire_report(text) is not None


# ---- Spanish: a fear, a wish or a possibility governs the clause (moods.governed_unreal) -----

SPANISH_HYPOTHETICALS = [
    "hay peligro de que la mía eche humo o se queme?",
    "¿hay peligro de que la mía se queme?",
    "¿puede incendiarse si la dejo cargando?",
    "me da miedo que se prenda fuego",
    "tengo miedo de que se queme mientras duermo",
    "tengo miedo de que me queme",
    "me preocupa que se queme la mochila",
    "no quiero que se queme nada",
    "ojalá que no se queme",
    "¿es posible que se queme?",
    "¿existe riesgo de que se derrita?",
    "¿podría echar humo si la cargo toda la noche?",
    "hay riesgo de que eche chispas?",
    "me da miedo, ¿y si se quema?",
]
SPANISH_REPORTS_NEAR_HYPOTHETICALS = [
    "mi batería echó humo anoche",
    "se prendió fuego mientras cargaba",
    "me queme la mano",
    "creo que me quemé la mano con la batería",
    "quiero que sepan que me queme la mano",
    "tengo miedo, la bateria se quemo anoche",
    "me preocupa que se quemó la alfombra",
    "tengo miedo de que se haya quemado por dentro, salió humo",
    "ojalá me contesten, se quemó la batería",
    "quiero que me devuelvan el dinero, la batería explotó",
    "es posible que se haya quemado, huele a quemado",
    # a fear before a comma does not govern what is said after it
    "me da miedo, creo que se está quemando",
    # "que" opens another verb's clause: the burn is said, not feared
    "quiero que me ayuden me queme la mano",
    "para que sepas me queme la mano",
    "antes que nada me queme la mano",
]


@pytest.mark.parametrize("text", SPANISH_HYPOTHETICALS)
def test_spanish_fear_or_wish_is_not_a_report(text):
    assert not _reported(text)


@pytest.mark.parametrize("text", SPANISH_REPORTS_NEAR_HYPOTHETICALS)
def test_spanish_report_next_to_a_fear_is_a_report(text):
    assert _reported(text)


# ---- Spanish anger: "estoy que echo humo", "echando chispas" (figurative.angry) -------------

SPANISH_ANGER = [
    "estoy que echo humo",
    "estoy que echo humo con ustedes",
    "estás que echas humo jaja",
    "estoy que echo chispas",
    "estoy echando chispas",
    "ando echando chispas por el retraso",
    "mi jefe está echando chispas",
    "mi madre está echando chispas porque no llega el reembolso",
    "la jefa anda que echa chispas",
    "estoy que exploto con este servicio",
    "me sale humo por las orejas",
    "me sale humo de la cabeza de tanto pensar",
]
SPANISH_REPORTS_NEAR_ANGER = [
    "está echando chispas",
    "la bateria esta echando chispas!!",
    "estoy muy asustado, la batería está echando chispas",
    "estoy en casa y está echando chispas",
    "estoy viendo que echa humo",
    "creo que echa humo",
    "mi hijo dice que está echando chispas",
    "mi marido vio que echaba chispas",
    "la batería está que arde y sale humo",
    "estoy que no me lo creo, se prendió fuego",
]


@pytest.mark.parametrize("text", SPANISH_ANGER)
def test_spanish_anger_is_not_a_report(text):
    assert not _reported(text)


@pytest.mark.parametrize("text", SPANISH_REPORTS_NEAR_ANGER)
def test_spanish_report_next_to_anger_is_a_report(text):
    assert _reported(text)


# ---- German: a modal and a final infinitive; "dass" after a fear (moods.py) -----------------

GERMAN_MODAL_QUESTIONS = [
    "kann mein A1689 beim Laden in Flammen aufgehen?",
    "könnte mein A1689 beim Laden in Flammen aufgehen?",
    "könnte die Powerbank explodieren?",
    "besteht Brandgefahr?",
    "kann die Powerbank in Brand geraten?",
    "könnte mein Akku beim Laden in Brand geraten?",
    "kann das Ding in Flammen aufgehen, wenn es nass wird?",
    "ist es möglich, dass sie explodiert?",
    "kann es passieren, dass sie explodiert?",
    "wie groß ist die Gefahr, dass der Akku explodiert?",
    "ich habe Angst, dass sie explodiert",
    "ich habe Angst, dass sie in Flammen aufgeht",
    "besteht die Gefahr, dass sie Feuer fängt?",
]
GERMAN_REPORTS_NEAR_MODALS = [
    "die Powerbank hat Feuer gefangen",
    "sie ist in Flammen aufgegangen",
    "sie ist in Brand geraten",
    "die Powerbank steht in Flammen",
    "kann mir jemand helfen, meine Powerbank hat Feuer gefangen",
    "kann mir jemand helfen meine powerbank hat feuer gefangen",
    "kann mir jemand helfen, der Akku ist in Brand geraten",
    "kann mir jemand helfen der akku ist in flammen aufgegangen",
    "kann mir bitte jemand helfen, meine powerbank steht in flammen",
    "kann das sein, dass sie explodiert ist?",
    "ich möchte melden dass meine powerbank explodiert",
    "Ich wollte Ihnen mitteilen, dass mein Akku in Flammen aufgegangen ist",
    "ich habe Angst, die Powerbank ist gestern explodiert",
    "es besteht Gefahr, sie raucht!",
    "ich habe Angst, dass sie gleich explodiert, sie qualmt schon",
    "sie explodiert gerade!",
    "kann das Ding noch explodieren es brennt schon",
]


@pytest.mark.parametrize("text", GERMAN_MODAL_QUESTIONS)
def test_german_modal_question_is_not_a_report(text):
    assert not _reported(text)


@pytest.mark.parametrize("text", GERMAN_REPORTS_NEAR_MODALS)
def test_german_report_next_to_a_modal_is_a_report(text):
    assert _reported(text)


# ---- Short typos of the fire words; weak ones only next to their verb (moods.weak_alone) -----

TYPO_REPORTS = [
    "powerbank hat feur gefangen",
    "powerbank hat fuer gefangen",
    "der akku hat feur gefangen!!",
    "feur!!",
    "elle a pris fue",
    "ma batterie a fumé",
    "ma batterie a fumee",
    "ca fumme",
    "se prendio fugo",
    "agarro fueg en la mochila",
    "la bateria se qemo",
    "se kemo el cargador",
    "sale hummo de la bateria",
    "sale umo de la bateria",
]
WEAK_TYPOS_ALONE = [
    "danke fuer die schnelle Antwort",
    "vielen dank fuer ihre hilfe, ich warte",
    "fuer mich ist das wichtig",
    "se fue la luz y la batería no carga",
    "fue ayer cuando la compré",
    "me salió fue un error en la página",
    "se prendió fue la luz del baño",
    "lo primero que hice fue prender la luz",
    "el perro se fugo",
    "quoi ? feur",
]


@pytest.mark.parametrize("text", TYPO_REPORTS)
def test_typo_of_a_fire_word_is_a_report(text):
    assert _reported(text)


@pytest.mark.parametrize("text", WEAK_TYPOS_ALONE)
def test_weak_typo_alone_is_not_a_report(text):
    assert not _reported(text)


# ---- Praise, soaring bills, intensified idioms (figurative.py) -------------------------------

FIGURATIVE = [
    "es un fuego este tema",
    "este tema es fuego, lo tengo en repetición todo el día",
    "la fiesta de anoche estuvo de fuego",
    "der neue Song ist einfach Feuer",
    "das Konzert gestern war absolut Feuer",
    "le nouvel album de ce rappeur c'est trop le feu",
    "c'était grave le feu hier soir",
    "ma facture d'électricité a explosé cet hiver",
    "le prix de l'essence a explosé",
    "j'ai explosé mon record au semi-marathon",
    "los precios explotaron con la inflación",
    "mis gastos explotaron este mes",
    "meine Stromrechnung ist dieses Jahr explodiert",
    "die Heizkosten sind explodiert",
    "mir raucht der Kopf von der Steuererklärung",
    "mein Kopf raucht",
]
REPORTS_NEAR_FIGURATIVE = [
    "lo que salió fue fuego",
    "fue un fuego enorme",
    "es un fuego la batería",
    "la mochila era fuego",
    "el cuarto era puro fuego",
    "in der Garage war Feuer",
    "in der Küche war überall Feuer",
    "es war Feuer in der Tasche",
    "überall war Feuer",
    "die Tasche war Feuer",
    "c'est vraiment le feu, la batterie brûle",
    "ça a explosé vu le prix",
    "ça a explosé, vu le prix c'est honteux",
    "la batterie a explosé et la facture du canapé est énorme",
    "der Preis war gut, aber die Powerbank ist explodiert",
    "mein Akku ist explodiert, die Rechnung für den Teppich kommt noch",
]


@pytest.mark.parametrize("text", FIGURATIVE)
def test_figurative_fire_word_is_not_a_report(text):
    assert not _reported(text)


@pytest.mark.parametrize("text", REPORTS_NEAR_FIGURATIVE)
def test_report_next_to_a_figurative_reading_is_a_report(text):
    assert _reported(text)


# ---- The brief's close real reports, in every language ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ça a pris feu",
        "elle a explosé dans mon sac",
        "j'ai peur qu'elle reprenne feu, elle a déjà brûlé hier",
        "mi batería echó humo anoche",
        "se prendió fuego mientras cargaba",
        "die Powerbank hat Feuer gefangen",
        "sie ist in Flammen aufgegangen",
    ],
)
def test_close_real_reports_stay_reports(text):
    assert _reported(text)


# ---- The classifier's training look-alikes: the net flags none of them ----------------------


def _lookalike_examples() -> list[tuple[str, str, str]]:
    out = []
    for lang in ("fr", "es", "de"):
        data = yaml.safe_load(
            (ROOT / "data" / "nlu" / lang / "fire_lookalikes.yml").read_text(encoding="utf-8")
        )
        for block in data["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    out.append((lang, block["intent"], line.strip()[2:]))
    return out


_EXAMPLES = _lookalike_examples()


def test_lookalike_training_files_are_big_enough_and_never_fire():
    for lang in ("fr", "es", "de"):
        assert sum(1 for lg, _, _ in _EXAMPLES if lg == lang) >= 30, lang
    assert all(intent != "report_fire" for _, intent, _ in _EXAMPLES)


@pytest.mark.parametrize(
    "lang,intent,text", _EXAMPLES, ids=[f"{lang}-{i:02d}" for i, (lang, _, _) in enumerate(_EXAMPLES)]
)
def test_lookalike_training_example_is_not_flagged_by_the_net(lang, intent, text):
    assert detect_fire_report(text) is None, (lang, intent, text)


# A danger word with nothing that ties it to the fire word: the customer shouts, then says what happens.
DANGER_THEN_STATEMENT = [
    "danger it is burning",
    "hilfe gefahr es brennt",
    "Achtung Gefahr das Ding brennt",
    "peligro se está quemando",
    "danger ça brûle",
]
# The fear governs the fire word: a worry, not a report.
FEAR_GOVERNS = [
    "tengo miedo de que se queme",
    "j ai peur qu elle brûle",
    "Angst, dass sie brennt",
    "ich habe Angst vor einem Brand",
    "the danger is that they catch fire",
    "peligro de incendio",
]


@pytest.mark.parametrize("text", DANGER_THEN_STATEMENT)
def test_a_danger_word_then_a_statement_is_a_report(text):
    assert _reported(text)


@pytest.mark.parametrize("text", FEAR_GOVERNS)
def test_a_fear_that_governs_the_fire_word_is_not_a_report(text):
    assert not _reported(text)
