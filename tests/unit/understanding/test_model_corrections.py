"""Models the customer takes back, and numbers that name no model: edges of the rules.

Written after reading bot/understanding/model_corrections.py and number_mentions.py (so
not a measure; the measure is the writers' sets in model_numbers_phrases_languages.py).
"""

from __future__ import annotations

import pytest

from tests.unit.understanding.test_model_numbers_phrases_languages import read

ZOLO = ("A1681", "A1689")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # negated, beside the customer's model
        ("it's not the A1263, it's the A1268", {"A1268"}),
        ("I have the A1263, not the A1268", {"A1263"}),
        ("I got an A1268 instead of the A1263", {"A1268"}),
        ("Ce n'est pas une Zolo, c'est une 633", {"A1652"}),
        ("no tengo ninguna Zolo, solo una 737", {"A1289"}),
        ("nicht die 737, sondern die 537", {"A1336"}),
        ("es 1642 no 1647", {"A1642"}),
        # negated alone: taken back, unless the sentence asks
        ("not the A1263, the other one", set()),
        ("nicht die A1263, sondern die andere", set()),
        ("¿no es la A1263 la que retiraron?", {"A1263"}),
        ("isn't it the A1263 that's recalled?", {"A1263"}),
        # no negation of the model
        ("No, A1263", {"A1263"}),
        ("no A1268", {"A1268"}),
        ("non, c'est la A1263", {"A1263"}),
        ("I want to know whether or not A1263 is recalled", {"A1263"}),
        ("I don't know if the A1263 is recalled", {"A1263"}),
        ("no sé si la A1263 está afectada", {"A1263"}),
        ("my A1263 is not recalled?", {"A1263"}),
        ("I thought my A1263 was safe", {"A1263"}),
        ("Mon mari dit que c'est une 1681 mais moi je pense que c'est une 1689", {"A1681", "A1689"}),
        ("I have an A1263 and an A1257", {"A1263", "A1257"}),
        ("A1263 or A1268, I can't read it", {"A1263", "A1268"}),
        # corrected
        ("A1263, no wait, it's A1268", {"A1268"}),
        ("A1263 sorry I mean A1268", {"A1268"}),
        ("A1263... no espera, es A1268", {"A1268"}),
        ("A1263, nee Moment, es ist A1268", {"A1268"}),
        ("Ich dachte erst A1263, aber da steht A1388", {"A1388"}),
        ("boludo me equivoqué, no es 1263, es A1288... no, A1289", {"A1289"}),
        # a shared name beside one of its models
        ("Model A1681, on the box it says Zolo Power Bank 20K", {"A1681"}),
        ("Die MagGo (A1647) und die Zolo sind beide von 2023", {"A1647", ZOLO}),
        # a shared name narrowed by its own clause, not by another product's features
        ("mi jefe tiene una PowerCore Essential 20000 y mi hijo una zolo de 30W", {"A1229", "A1681"}),
        # several units of a shared name, each named by a feature; one unit stays a question
        ("J'ai les deux Zolo, la 30W et la 22,5W", {"A1681", "A1689"}),
        ("En la oficina tenemos 6 Zolo de 30 W y 4 de 22,5 W", {"A1681", "A1689"}),
        ("Ich hab beide Zolos, die 30W und die 22,5W", {"A1681", "A1689"}),
        ("ma Zolo, 30W ou 22,5W je sais plus", {ZOLO}),
        # numbers of something else
        ("Mariahilfer Straße 12, A-1070 Wien", set()),
        ("Adresse: Hauptstraße 12, A-1230 Wien. Das Modell ist die 622er", {"A1647"}),
        ("j'ai pris un Boeing 737 avec ma batterie A1263", {"A1263"}),
        ("mon numéro de ticket est le 1647", set()),
        ("on en a vendu 1336 depuis 2023", set()),
        ("tiene 1257 valoraciones en Amazon", set()),
        ("A-1263, is it recalled?", {"A1263"}),
        ("Mon numéro de ticket c'est 1647", set()),
        ("Nach 1289 Ladevorgängen hält sie kaum noch", set()),
        # someone else's reading, then the customer's
        ("Mi cuñado dice que es una A1642 pero es una 622", {"A1647"}),
        ("Mein Mann meint, es ist eine A1642, ist aber eine 622", {"A1647"}),
        ("I have an A1263 but my wife has an A1257", {"A1263", "A1257"}),
        # a model word before the number
        ("référence 1265, achetée en 2023", {"A1265"}),
        ("Typ 1265, steht nicht in eurer Liste", {"A1265"}),
        ("die Kinder haben zwei 621er", {"A1642"}),
        # corrected in words writers used (session 16), and negated after the model
        ("antes puse A1268 pero en realidad es A1263", {"A1263"}),
        ("hab 621 gesagt, aber da steht 622", {"A1647"}),
        ("I wrote A1681 before, c'est wrong, le bon est A1689", {"A1689"}),
        ("A1263? actually it's the A1257", {"A1257"}),
        ("A1642 haben wir keine, nur zwei A1257", {"A1257"}),
        ("A1642 no tenemos, solo A1257", {"A1257"}),
        ("la A1263 c'est pas la mienne, moi c'est la A1652", {"A1652"}),
        ("A1263 is not recalled? I have one", {"A1263"}),  # alone: kept
        ("I have an A1263 and an A1257, the A1257 isn't charging", {"A1263", "A1257"}),
        ("My A1263 isn't charging, my wife's A1257 is fine", {"A1263", "A1257"}),
        ("la A1263 no es mía, tengo la A1257", {"A1257"}),
        ("the A1263 is not mine, mine is the A1257", {"A1257"}),
        # labels misread, names mistyped (session 16)
        ("Modèle : A126З", {"A1263"}),  # a Cyrillic Ze
        ("AI68I je pense", {"A1681"}),
        ("AI99I", set()),  # two I's only for a model we sell
        ("AOOOO, AIIII, AO1OO", set()),  # letters alone are no digits
        ("c'est écrit AA1289", {"A1289"}),
        ("vol AA1289 pour Dallas", set()),
        ("réclamation n° 1336 ouverte le 2 mars", set()),
        ("Reklamation Nr. 1336", set()),
        ("Je suis au Danemark, 1652 København V, c'est possible ?", set()),
        ("ma powercor 10k", {"A1263"}),
        ("la zollo de mon frère", {ZOLO}),
        ("solo tengo una A1263", {"A1263"}),  # "solo" is no typo of Zolo
        ("même chose, PowerCore1OOOO", {"A1263"}),
        ("Power Bank 20K", {ZOLO}),
        ("la batterie Anker magnétique", {("A1642", "A1647", "A1652")}),
        ("es una batería magnética", {("A1642", "A1647", "A1652")}),
        ("so ne Magnet-Powerbank", {("A1642", "A1647", "A1652")}),
        ("la PowerCore 10000 PD", {("A1268", "A1287")}),
    ],
)
def test_edges(text: str, expected: set) -> None:
    assert read(text) == expected
