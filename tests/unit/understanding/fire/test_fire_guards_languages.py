"""French, Spanish and German: evidence that something burnt, and the guards against false alarms.

Each guard (foreign.py, data/<lang>.txt) is tested both ways: what it keeps out and
the real reports next to it that it must not swallow. The phrase lists are in
tests/unit/understanding/fire_phrases_languages.py; these are the rules one by one.
"""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report, languages
from bot.understanding.fire.lexicon import TRIGGER_CANONS
from bot.understanding.fire.typos import canon_of, normalise_token
from tests.unit.understanding.fire_phrases_languages import (
    BURN_EVIDENCE,
    FIRE_WORDS_NO_REPORT,
    REPORT_AND_QUESTION,
)

pytestmark = pytest.mark.filterwarnings("error")


def _reported(text: str) -> bool:
    return detect_fire_report(text) is not None


# ---- marks, blackened surfaces: evidence that something burnt ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "elle a laissé une marque noire sur le plan de travail",
        "dejó una marca negra en la mesa",
        "hat einen schwarzen Fleck hinterlassen",
        "le port usb a noirci",
        "se chamuscó la funda del sofá",
        "die Decke ist angesengt",
    ],
)
def test_a_mark_is_property_damage(text):
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "property_damage" and signal.damage, signal


@pytest.mark.parametrize(
    "text,reported",
    [
        # a mark word needs a colour: "marque" and "marca" are also brands, "Stelle" a place
        ("la marque de la batterie est Anker", False),
        ("¿de qué marca es el cargador?", False),
        ("an Ihrer Stelle würde ich warten", False),
        ("une tache brune sur le drap", True),
        ("una mancha oscura en la sábana", True),
        ("dunkle Flecken auf dem Bett", True),
        # a colour needs a word of change: "ma batterie noire" is its colour
        ("ma batterie noire ne charge plus", False),
        ("j'ai la version toute noire", False),
        ("meine ganz schwarze Powerbank lädt nicht", False),
        ("elle est devenue noire", True),
        ("c'est tout noir autour du port", True),
        ("el enchufe quedó negro", True),
        ("la mesa está toda negra", True),
        ("der Stecker ist schwarz geworden", True),
    ],
)
def test_marks_and_colours(text, reported):
    assert _reported(text) is reported


@pytest.mark.parametrize(
    "text",
    ["pas de marque noire, juste chaud", "no dejó ninguna mancha negra", "keine schwarzen Flecken, nur warm",
     "¿puede dejar una marca negra?", "kann sie schwarze Flecken hinterlassen?"],
)
def test_a_denied_or_possible_mark_is_not_a_report(text):
    assert not _reported(text)


def test_marks_are_not_read_in_english():
    for text in ("no trace of it", "film noir", "I bought the black one", "negro modelo"):
        assert not _reported(text), text


# ---- other sources of fire, smoke and burns ---------------------------------------------


@pytest.mark.parametrize(
    "text,reported",
    [
        ("ça fume au barbecue", False),
        ("la batterie était sur le grill et a explosé", True),  # a device word before it: the unit's
        ("je faisais un barbecue et la batterie a explosé dans ma poche", True),
        ("la fumée du barbecue et de la batterie", False),
        ("el humo de la barbacoa entra por la ventana", False),
        ("estábamos en la barbacoa y la batería explotó en la mesa", True),
        ("Rauch vom Grill zieht in die Wohnung", False),
        ("wir haben gegrillt und dabei ist die Powerbank explodiert", True),
        ("mon copain fume comme un pompier", False),
        ("mein Mann raucht viel", False),
        ("mon mari a vu que la batterie fumait", True),
    ],
)
def test_other_sources(text, reported):
    assert _reported(text) is reported


@pytest.mark.parametrize(
    "text,reported",
    [
        # the sun burns skin; a unit in the sun does catch fire, melt or smoke
        ("tengo una quemadura del sol", False),
        ("me quemé con el sol en la playa", False),
        ("je me suis brûlé la langue avec mon café", False),
        ("ich habe mir die Zunge am Kaffee verbrannt", False),
        ("a pris feu au soleil dans la voiture", True),
        ("se incendió al sol en el coche", True),
        ("la batería se derritió al sol", True),
        ("hat in der Sonne Feuer gefangen", True),
        ("me quemé la mano con la batería, parece una quemadura del sol", True),
    ],
)
def test_the_sun_counts_for_burns_only(text, reported):
    assert _reported(text) is reported


# ---- idioms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,reported",
    [
        ("c'est le feu en ce moment au boulot", False),
        ("c'est le feu ! la batterie brûle", True),
        ("la cosa está que arde en la oficina", False),
        ("la batería está que arde y sale humo", True),
        ("me tiene quemado este tema", False),
        ("mi hijo tiene quemaduras en la mano por la batería", True),
        ("bei uns im Büro brennt gerade die Luft", False),
        ("im Büro hat die Powerbank gebrannt", True),
    ],
)
def test_idioms(text, reported):
    assert _reported(text) is reported


# ---- questions about units in general vs reports ------------------------------------------


@pytest.mark.parametrize(
    "text,reported",
    [
        ("combien ont pris feu ?", False),
        ("la mienne a pris feu, combien d'autres ont pris feu ?", True),
        ("¿cuántas se han incendiado?", False),
        ("la mía explotó, ¿cuántas más han explotado?", True),
        ("Wie viele haben gebrannt?", False),
        ("meine ist explodiert, wie viele sind noch explodiert?", True),
        ("por qué explotan las baterías?", False),
        ("¿por qué sale humo de mi batería?", True),
        # the customer's unit is named, but only in a question about the recall
        ("j'ai vu aux infos que certaines ont explosé, la mienne est concernée ?", False),
        ("escuché que algunas se prendieron fuego, debo preocuparme por mi a1652?", False),
        ("j'ai lu que certaines ont pris feu, et la mienne aussi hier", True),
        ("¿hay peligro de que se incendie?", False),  # Spanish subjunctive, not the French noun
        ("ça fume là, je fais quoi ?", True),
    ],
)
def test_questions(text, reported):
    assert _reported(text) is reported


# ---- French written as it is spoken, and near misses ---------------------------------------


@pytest.mark.parametrize(
    "text,reported",
    [
        ("la baterie a exploser", True),  # an infinitive written for the participle
        ("elle a bruler sur le bureau", True),
        ("ils ont exploser", True),
        ("elle va exploser ?", False),
        ("votre batterie a failli faire brûler ma maison", True),  # as the English "nearly burned my house"
        ("elle a failli exploser", False),
        ("mon A 1263 a fait brûler le coussin du canapé", True),
        ("Ihr Produkt hätte fast mein Haus abgefackelt", True),
    ],
)
def test_french_participles_and_near_misses(text, reported):
    assert _reported(text) is reported


# ---- common words that look like a typo of a fire word --------------------------------------

_FIRE_CANONS = set(TRIGGER_CANONS) | set(languages.TRIGGER_CANONS)


@pytest.mark.parametrize(
    "word",
    ["Büro", "bisher", "gebraucht", "Tasche", "stellte", "mets", "revient", "exposé", "fonds", "radio",
     "invierno", "llamar", "firme", "bombero", "brun"],
)
def test_common_words_are_not_fire_words(word):
    assert canon_of(normalise_token(word))[0] not in _FIRE_CANONS


@pytest.mark.parametrize(
    "text",
    ["liegt im Büro, kann jetzt nicht schauen", "mets de la musique", "quand l'argent revient sur ma carte ?",
     "ich habe sie gebraucht gekauft", "mi padre es bombero", "ich habe eine schwarze Tasche"],
)
def test_common_words_are_not_reports(text):
    assert not _reported(text)


def test_the_phrase_sets_cover_every_language():
    for lang in languages.LANGUAGES:
        assert len(BURN_EVIDENCE[lang]) >= 20 and len(REPORT_AND_QUESTION[lang]) >= 10, lang
        assert len(FIRE_WORDS_NO_REPORT[lang]) >= 20, lang
