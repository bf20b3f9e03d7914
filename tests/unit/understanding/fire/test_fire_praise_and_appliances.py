"""Thanks and praise with 🔥 or a fire idiom, another appliance's fire, questions about units in general.

Three kinds of look-alikes of a fire report, in English, French, Spanish and German,
each tested both ways: what the net must keep out and the real reports next to them
that it must not swallow.

1. Praise (praise.py): a message whose only fire words are 🔥 or a fire idiom ("c'est
   le feu", "son fuego", "ihr seid Feuer", "you're on fire"), with thanks or praise,
   naming no unit and no other evidence, is not a report; "my power bank 🔥🔥🔥",
   "thanks but my battery is 🔥 and smoking" are.
2. Another appliance or object (sources.py, foreign.py): the microwave, the air fryer,
   the tumble dryer, the toaster, an e-scooter, a tea towel, a burnt cake -- unless the
   unit is named ("the power bank next to the toaster caught fire") or its battery
   burns ("my e-scooter's battery caught fire").
3. Questions about units in general ("how many of them actually caught fire", "haben die
   beim Laden gebrannt?", "wie viel Prozent der Geräte haben Feuer gefangen?").
"""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report

pytestmark = pytest.mark.filterwarnings("error")

# ---- 1. thanks and praise ---------------------------------------------------------------

PRAISE = {
    "en": [
        "🔥🔥 thanks",
        "thanks 🔥",
        "thx 🔥🔥🔥",
        "cheers mate 🔥",
        "🔥 great service, thank you",
        "you guys are on fire today, thanks",
        "legend 🔥🔥",
        "amazing support 🔥 thank you so much",
    ],
    "fr": [
        "merci 🔥🔥",
        "merci, franchement votre chat c'est le feu 🔥",
        "merci, réponse au top, ça met le feu 🔥",
        "thanks, vous êtes on fire, merci bcp",
        "trop bien merci 🔥",
        "génial, ça met le feu votre service",
        "merci beaucoup, vous êtes en feu aujourd'hui",
        "bravo 🔥",
    ],
    "es": [
        "gracias 🔥🔥",
        "uff qué rápido, son fuego 🔥 gracias",
        "gracias crack, la atención un fuego",
        "mil gracias, la rompieron 🔥",
        "gracias!! están on fire hoy",
        "muchas gracias, son puro fuego",
        "genial 🔥 gracias",
        "excelente atención, un fuego 🔥",
    ],
    "de": [
        "danke 🔥🔥",
        "danke, ihr seid einfach Feuer 🔥",
        "der Service ist der Hammer 🔥 danke euch",
        "merci, ihr habt's voll drauf 🔥",
        "vielen Dank, Sie sind Feuer 🔥",
        "super, danke 🔥",
        "mega schnell, danke, ihr seid on fire",
        "top 🔥 vielen dank",
    ],
}

PRAISE_LOOKALIKE_REPORTS = {
    "en": [
        "my power bank 🔥🔥🔥",
        "🔥🔥 help it's burning",
        "thanks but my battery is 🔥 and smoking",
        "thanks, it caught fire last night",
        "thanks for the quick reply, there was a fire in my bedroom",
        "thanks 🔥 the charger is on fire",
        "great, now the powerbank is 🔥",
        "thank you, it's on fire right now 🔥 what do i do",
        "thanks, the top is on fire",
        "great, the kitchen is on fire 🔥",
    ],
    "fr": [
        "merci, ma batterie est en feu 🔥",
        "merci mais il y a le feu dans ma chambre",
        "merci, elle a pris feu cette nuit",
        "merci 🔥 la batterie fume",
        "top, la powerbank a brûlé",
        "merci, au secours ça brûle 🔥",
    ],
    "es": [
        "gracias, pero mi batería está en llamas 🔥",
        "gracias, se prendió fuego anoche",
        "gracias 🔥 la batería echa humo",
        "genial, ahora hay fuego en mi cuarto",
        "gracias, ayuda, la powerbank 🔥🔥",
    ],
    "de": [
        "danke, aber meine Powerbank hat Feuer gefangen 🔥",
        "danke, der Akku brennt 🔥",
        "danke 🔥 es qualmt aus dem Akku",
        "super, jetzt gibt es Feuer im Zimmer",
        "danke, hilfe, die Powerbank 🔥",
        "danke, die Akkus sind on fire",
    ],
}

# ---- 2. another appliance's or object's fire -----------------------------------------------

APPLIANCES = {
    "en": [
        "my microwave sparked because i left a fork in it",
        "sparks in the microwave, there was foil on the plate",
        "my air fryer smokes every time i make chips",
        "the airfryer started smoking lol",
        "my neighbour's tumble dryer caught fire, the fire brigade came out",
        "the toaster caught fire this morning",
        "my brother's e-scooter went up in flames in his garage",
        "the tea towel caught fire while i was flambeing lol",
        "my tupperware melted in the microwave, is that toxic",
        "the plastic box melted in the microwave",
        "i burnt the birthday cake and the smoke alarm went off",
        "burnt the pizza again, smoke everywhere lol",
        "the gratin burnt and the smoke alarm went off",
        "the deep fryer caught fire at work yesterday",
    ],
    "fr": [
        "le micro-ondes a fait des étincelles, j'avais laissé une fourchette dedans",
        "mon airfryer fume à chaque fois que je fais des frites maison",
        "la friteuse de ma mère a pris feu hier, heureusement elle avait un couvercle",
        "le sèche-linge de l'immeuble a pris feu, les pompiers sont venus",
        "le grille-pain a pris feu ce matin",
        "la trottinette électrique du voisin a brûlé dans son garage, ça fait flipper",
        "jai fait flamber des crepes et le torchon a pris feu mdr",
        "ma boîte en plastique a fondu au micro-ondes, c'est toxique ?",
        "mon gratin a brûlé et le détecteur de fumée s'est mis à sonner",
        "la pizza a cramé, le détecteur de fumée a sonné",
        "le gâteau a brûlé, il y avait de la fumée partout",
    ],
    "es": [
        "el microondas echó chispas porque dejé una cuchara adentro",
        "la freidora de aire echa humo cada vez que hago papas",
        "se incendió la secadora de la vecina y vinieron los bomberos",
        "el patinete de mi primo se prendió fuego en el garaje",
        "se me derritió el táper en el microondas, es tóxico?",
        "se quemó la tostadora y ahora toda la cocina huele a quemado",
        "se me quemo la pizza y sonó la alarma de humo",
        "se me quemó el bizcocho, quedó negro por abajo",
        "el trapo de cocina se prendió fuego con la hornalla",
        "la freidora se incendió en el restaurante",
    ],
    "de": [
        "die Mikrowelle hat Funken gesprüht, da war noch Alufolie drin",
        "der Trockner bei den Nachbarn hat gebrannt, die Feuerwehr war da",
        "der E-Scooter von meinem Kumpel hat in der Garage gebrannt",
        "die Plastikdose ist in der Mikrowelle geschmolzen, ist das giftig?",
        "die Heissluftfritteuse qualmt jedes Mal bei Pommes",
        "unser Toaster hat Feuer gefangen, gott sei dank war jemand in der Küche",
        "beim Flambieren hat das Geschirrtuch Feuer gefangen lol",
        "die Heißluftfritteuse hat geraucht",
        "der Kuchen ist verbrannt und der Rauchmelder ging los",
        "die Fritteuse hat Feuer gefangen",
    ],
}

APPLIANCE_LOOKALIKE_REPORTS = {
    "en": [
        "the power bank next to the toaster caught fire",
        "my power bank was next to the microwave and it started smoking",
        "my e-scooter's battery caught fire",
        "the battery of my scooter exploded",
        "my anker caught fire on the dryer",
        "the charger melted next to the air fryer",
        "my powercore set the tea towel on fire",
        "the zolo burnt a hole in the cake box",
        "it caught fire in the microwave",
        "my power bank started smoking in the kitchen",
    ],
    "fr": [
        "ma batterie a pris feu à côté du micro-ondes",
        "la batterie externe a fondu sur le grille-pain",
        "la batterie de ma trottinette a pris feu",
        "ma powerbank a pris feu à côté de la friteuse",
        "le torchon a pris feu à cause de ma batterie",
        "la trottinette a pris feu avec la batterie dedans",
        "elle a pris feu sur le sèche-linge",
    ],
    "es": [
        "la batería se incendió junto a la secadora",
        "mi power bank explotó al lado del microondas",
        "la batería del patinete se prendió fuego",
        "el cargador portátil se derritió encima de la tostadora",
        "la powerbank echó humo al lado de la freidora",
    ],
    "de": [
        "die Powerbank hat neben dem Toaster gebrannt",
        "mein Akku ist neben der Mikrowelle explodiert",
        "der Akku vom E-Scooter hat gebrannt",
        "die Powerbank hat auf dem Trockner gequalmt",
        "meine Powerbank hat das Geschirrtuch in Brand gesetzt",
    ],
}

# ---- 3. questions about units in general ----------------------------------------------------

GENERAL_QUESTIONS = {
    "en": [
        "how many of them actually caught fire",
        "how many actually exploded?",
        "how many units really caught fire?",
    ],
    "fr": [
        "combien ont pris feu ?",
        "quel pourcentage des batteries rappelées ont vraiment pris feu ?",
    ],
    "es": [
        "cuántas se prendieron fuego en total?",
        "qué porcentaje de las baterías retiradas agarró fuego?",
    ],
    "de": [
        "haben die beim Laden gebrannt oder auch einfach so?",
        "wie viel Prozent der zurückgerufenen Geräte haben Feuer gefangen?",
        "sind die beim Laden explodiert?",
        "haben die wirklich gebrannt?",
        "wie viel Prozent haben gebrannt?",
    ],
}

QUESTION_LOOKALIKE_REPORTS = {
    "en": [
        "mine actually caught fire, how many others did?",
        "it actually caught fire yesterday, how many of them did?",
        "why did my power bank catch fire when it was only charging",
    ],
    "fr": ["la mienne a pris feu, combien d'autres ont pris feu ?"],
    "es": ["la mía explotó, ¿cuántas más han explotado?"],
    "de": [
        "meine hat beim Laden gebrannt, haben die anderen auch gebrannt?",
        "meine Powerbank hat gestern gebrannt, wie viel Prozent haben noch gebrannt?",
        "hat die Powerbank beim Laden gebrannt?",
        "warum hat meine powerbank beim laden geraucht??",
    ],
}


@pytest.mark.parametrize(
    "text,reported",
    [
        # the unit named before the appliance's fire, in its sentence: the unit's doing
        ("i put my power bank on the dryer, then the dryer caught fire", True),
        ("my power bank was next to the toaster, the toaster caught fire", True),
        ("ma batterie était sur le sèche-linge, le sèche-linge a pris feu", True),
        ("mi powerbank estaba sobre la secadora y la secadora se incendió", True),
        ("meine Powerbank lag auf dem Trockner, der Trockner hat gebrannt", True),
        # named after it, in another clause: a question or news about the unit
        ("the toaster caught fire but my power bank is ok", False),
        ("my microwave sparked, is my power bank recalled?", False),
        ("le micro-ondes a fait des étincelles, ma batterie est-elle rappelée ?", False),
        # a burn of someone is reported whatever burnt them, after another source's fire too
        ("the toaster caught fire and burnt my son's hand", True),
        # "how many" asks about them all; "just" in a statement is still evidence
        ("the batteries just caught fire, how many more will?", True),
        ("sind die Kabel geschmolzen?", True),  # "die" an article: the customer's cables
    ],
)
def test_where_the_unit_is_named(text, reported):
    assert (detect_fire_report(text) is not None) is reported


def _cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(lang, text) for lang, texts in table.items() for text in texts]


@pytest.mark.parametrize("lang,text", _cases(PRAISE) + _cases(APPLIANCES) + _cases(GENERAL_QUESTIONS))
def test_look_alikes_are_not_reports(lang, text):
    assert detect_fire_report(text) is None, (lang, detect_fire_report(text))


@pytest.mark.parametrize(
    "lang,text",
    _cases(PRAISE_LOOKALIKE_REPORTS) + _cases(APPLIANCE_LOOKALIKE_REPORTS) + _cases(QUESTION_LOOKALIKE_REPORTS),
)
def test_reports_next_to_them_stay_reports(lang, text):
    assert detect_fire_report(text) is not None, (lang, text)


def test_every_language_has_both_sides_of_every_pattern():
    for table in (PRAISE, PRAISE_LOOKALIKE_REPORTS, APPLIANCES, APPLIANCE_LOOKALIKE_REPORTS, GENERAL_QUESTIONS, QUESTION_LOOKALIKE_REPORTS):
        assert set(table) == {"en", "fr", "es", "de"}


@pytest.mark.parametrize(
    "text,kind",
    [
        ("thanks but my battery is 🔥 and smoking", "fire"),
        ("la batterie de ma trottinette a pris feu", "fire"),
        ("die Powerbank hat neben dem Toaster gebrannt", "fire"),
    ],
)
def test_the_kind_of_the_reports_kept(text, kind):
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == kind, signal
