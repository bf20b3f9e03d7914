"""Corrections at the read-back, as customers type them in French, Spanish, German and English.

The bot reads the details back and asks whether to open the return; the customer may
answer with what to change instead of yes. Each case is what `find_correction` must
make of it: the slots to change (None: ask that detail again), or None for a reply that
changes nothing (a plain yes, a bare no). Written with and without accents, with typos
and fillers, the value before or after the field word, and "not X but Y".
"""

from __future__ import annotations

import pytest

from bot.understanding.form_answers import find_correction, reads_as_yes

R, X = "refund", "replacement"
ADDRESS = {"street": None, "city": None, "postcode": None, "country": None}
YES = "yes"  # not a correction, and a plain yes
NO = None  # not a correction, and no yes either: the bot asks what to change

FRENCH = [
    ("le code postal est faux, c'est 75002", {"postcode": "75002"}),
    ("le code postal c'est 75002 pas 75020", {"postcode": "75002"}),
    ("c'est 75002 pas 75020", {"postcode": "75002"}),
    ("Code postal : 69003", {"postcode": "69003"}),
    ("le CP c'est 13008 et pas 13080", {"postcode": "13008"}),
    ("il y a une erreur dans le code postal, le bon c'est 33000", {"postcode": "33000"}),
    ("code postal 75011 au lieu de 75001 svp", {"postcode": "75011"}),
    ("pas 75020 mais 75002 pour le code postal", {"postcode": "75002"}),
    ("le code postal n'est pas bon, c'est 31000", {"postcode": "31000"}),
    ("code postale 44000 merci", {"postcode": "44000"}),
    ("le numéro de rue c'est 12 et pas 21", {"street": None}),
    ("numero de rue faux", {"street": None}),
    ("la rue est fausse : 8 rue Victor Hugo", {"street": "8 rue Victor Hugo"}),
    ("la ville c'est Lyon, pas Lille", {"city": "Lyon"}),
    ("ville : Villeurbanne", {"city": "Villeurbanne"}),
    ("la ville n'est pas bonne, c'est Saint-Étienne", {"city": "Saint-Étienne"}),
    ("le pays c'est la Belgique, pas la France", {"country": "Belgique"}),
    ("pays : Suisse", {"country": "Suisse"}),
    ("mon nom c'est Marie Dupont, pas Marie Dupond", {"customer_name": "Marie Dupont"}),
    ("il y a une faute dans mon nom : Jean-Pierre Lefèvre", {"customer_name": "Jean-Pierre Lefèvre"}),
    ("le nom de famille est mal écrit", {"customer_name": None}),
    ("mon adresse mail est fausse", {"email": None}),
    ("mon mail c'est marie.dupont@gmail.com", {"email": "marie.dupont@gmail.com"}),
    (
        "erreur dans l'email, c'est jp.lefevre@orange.fr et pas jp.lefevre@orange.com",
        {"email": "jp.lefevre@orange.fr"},
    ),
    ("l'adresse est fausse, c'est 5 rue du Lac, 69003 Lyon", {"address": "5 rue du Lac, 69003 Lyon"}),
    ("changer l'adresse svp", ADDRESS),
    ("nouvelle adresse : 3 place Bellecour 69002 Lyon", {"address": "3 place Bellecour 69002 Lyon"}),
    ("en fait je préfère un remplacement", {"remedy": X}),
    ("finalement je voudrais plutôt être remboursé", {"remedy": R}),
    ("pas de remplacement, un remboursement plutôt", {"remedy": R}),
    ("je préfère le remboursement au lieu de l'échange", {"remedy": R}),
    ("au lieu du remboursement je prends un échange", {"remedy": X}),
    ("plutot un echange svp", {"remedy": X}),
    ("non je veux une nouvelle batterie, pas d'argent", {"remedy": X}),
    ("code postal : 75002, ville : Paris", {"postcode": "75002", "city": "Paris"}),
    ("le code postal est 75002 (pas 75020)", {"postcode": "75002"}),
    ("l'adresse est bonne mais le code postal c'est 75002", {"postcode": "75002"}),
    ("changer le code postal de 75020 à 75002", {"postcode": "75002"}),
    ("je me suis trompé de code postal, c'est 06000", {"postcode": "06000"}),
]
FRENCH_NOT = [
    ("oui c'est bon", YES),
    ("Oui, tout est correct", YES),
    ("oui c bon merci", YES),
    ("parfait, allez-y", YES),
    ("c'est parfait merci", YES),
    ("oui l'adresse est bonne", YES),
    ("oui, le nom et l'adresse sont corrects", YES),
    ("oui vous pouvez ouvrir le retour", YES),
    ("d'accord, c'est tout bon", YES),
    ("oui, le remplacement c'est bon", YES),
    ("tout parfait", YES),
    ("non", NO),
    ("non, il y a une erreur", NO),
]

SPANISH = [
    ("el código postal es 28013, no 28031", {"postcode": "28013"}),
    ("código postal: 08001", {"postcode": "08001"}),
    ("el CP está mal, es 46001", {"postcode": "46001"}),
    ("el codigo postal esta mal, es el 41001", {"postcode": "41001"}),
    ("me equivoqué en el código postal, es 29601", {"postcode": "29601"}),
    ("no es 28031 sino 28013 el código postal", {"postcode": "28013"}),
    ("cp 50004 por favor", {"postcode": "50004"}),
    ("codigo postal equivocado, el bueno es 03001", {"postcode": "03001"}),
    ("quiero cambiar el código postal, es 28005", {"postcode": "28005"}),
    ("el número de la calle es el 12, no el 21", {"street": None}),
    ("la calle es Gran Vía 45", {"street": "Gran Vía 45"}),
    ("la calle está mal, es Calle de Alcalá 20", {"street": "Calle de Alcalá 20"}),
    ("la ciudad es Sevilla, no Córdoba", {"city": "Sevilla"}),
    ("ciudad: Valencia", {"city": "Valencia"}),
    ("la ciudad está mal escrita, es A Coruña", {"city": "A Coruña"}),
    ("el país es México, no España", {"country": "México"}),
    ("país: Argentina", {"country": "Argentina"}),
    ("mi nombre está mal, es María García López", {"customer_name": "María García López"}),
    ("el apellido está mal escrito", {"customer_name": None}),
    ("mi nombre es José Martínez, no José Martín", {"customer_name": "José Martínez"}),
    ("el correo está mal", {"email": None}),
    ("mi correo es jose.martinez@gmail.com", {"email": "jose.martinez@gmail.com"}),
    (
        "el email correcto es maria.garcia@hotmail.es, no maria.garcia@hotmail.com",
        {"email": "maria.garcia@hotmail.es"},
    ),
    ("la dirección está mal", ADDRESS),
    ("la dirección correcta es Calle Mayor 5, 28013 Madrid", {"address": "Calle Mayor 5, 28013 Madrid"}),
    (
        "cambia la direccion a Avenida de la Constitución 3, 41004 Sevilla",
        {"address": "Avenida de la Constitución 3, 41004 Sevilla"},
    ),
    ("mejor el reembolso", {"remedy": R}),
    ("prefiero un reemplazo en vez del reembolso", {"remedy": X}),
    ("en lugar del reembolso, un reemplazo", {"remedy": X}),
    ("al final quiero que me devuelvan el dinero", {"remedy": R}),
    ("no quiero el reembolso, mejor una batería nueva", {"remedy": X}),
    ("mejor reemplazo porfa", {"remedy": X}),
    ("pensándolo bien prefiero que me la cambien por otra", {"remedy": X}),
    ("código postal 28013 y ciudad Madrid", {"postcode": "28013", "city": "Madrid"}),
    ("cambiar el código postal de 28031 a 28013", {"postcode": "28013"}),
    ("la ciudad no es Madrid, es Getafe", {"city": "Getafe"}),
]
SPANISH_NOT = [
    ("sí, todo correcto", YES),
    ("si", YES),
    ("todo bien, adelante", YES),
    ("correcto, gracias", YES),
    ("sí, la dirección está bien", YES),
    ("sí, los datos son correctos", YES),
    ("vale, perfecto", YES),
    ("si todo ok", YES),
    ("sí, el nombre y el correo están bien", YES),
    ("todo perfecto", YES),
    ("no", NO),
    ("no, hay un error", NO),
]

GERMAN = [
    ("Die PLZ stimmt nicht, richtig ist 80331", {"postcode": "80331"}),
    ("Postleitzahl: 10115", {"postcode": "10115"}),
    ("PLZ ist falsch, sie lautet 50667", {"postcode": "50667"}),
    ("die plz ist 80331 nicht 80313", {"postcode": "80331"}),
    ("Postleitzahl bitte auf 20095 ändern", {"postcode": "20095"}),
    ("nicht 80313 sondern 80331 ist die PLZ", {"postcode": "80331"}),
    ("Die Postleitzahl muss 01067 sein", {"postcode": "01067"}),
    ("falsche PLZ, richtig wäre 60311", {"postcode": "60311"}),
    ("80331 statt 80313 bei der Postleitzahl bitte", {"postcode": "80331"}),
    ("Hausnummer ist 12 nicht 21", {"street": None}),
    ("Die Straße ist falsch, richtig ist Hauptstraße 5", {"street": "Hauptstraße 5"}),
    ("Straße: Lindenallee 7a", {"street": "Lindenallee 7a"}),
    ("die Strasse heißt Am Markt 3", {"street": "Am Markt 3"}),
    ("Stadt ist falsch, es ist Köln", {"city": "Köln"}),
    ("Ort: Garmisch-Partenkirchen", {"city": "Garmisch-Partenkirchen"}),
    ("der Wohnort ist Augsburg, nicht München", {"city": "Augsburg"}),
    ("das Land ist Österreich, nicht Deutschland", {"country": "Österreich"}),
    ("Land: Schweiz", {"country": "Schweiz"}),
    ("Mein Name ist falsch geschrieben, richtig ist Jürgen Müller", {"customer_name": "Jürgen Müller"}),
    ("der Nachname ist falsch", {"customer_name": None}),
    ("mein Name ist Anna Schmidt, nicht Anne Schmidt", {"customer_name": "Anna Schmidt"}),
    ("die E-Mail-Adresse ist falsch", {"email": None}),
    ("meine Mail ist hans.mueller@web.de", {"email": "hans.mueller@web.de"}),
    ("E-Mail stimmt nicht, richtig: anna.schmidt@gmx.de", {"email": "anna.schmidt@gmx.de"}),
    ("die Adresse ist falsch", ADDRESS),
    ("neue Adresse: Musterweg 3, 80331 München", {"address": "Musterweg 3, 80331 München"}),
    (
        "Lieferadresse bitte ändern auf Bahnhofstr. 1, 10115 Berlin",
        {"address": "Bahnhofstr. 1, 10115 Berlin"},
    ),
    ("lieber doch einen Ersatz", {"remedy": X}),
    ("doch lieber Geld zurück", {"remedy": R}),
    ("ich hätte doch lieber eine Erstattung statt Ersatz", {"remedy": R}),
    ("statt der Erstattung lieber ein neues Gerät", {"remedy": X}),
    ("Umtausch statt Geld zurück bitte", {"remedy": X}),
    ("ich möchte doch lieber eine neue Powerbank", {"remedy": X}),
    ("kein Ersatz, ich will mein Geld zurück", {"remedy": R}),
    ("lieber doch tauschen", {"remedy": X}),
    ("PLZ 80331 und Ort München", {"postcode": "80331", "city": "München"}),
    ("Die Adresse stimmt, aber die PLZ ist 80331", {"postcode": "80331"}),
    ("PLZ bitte von 80313 auf 80331 ändern", {"postcode": "80331"}),
    ("ort falsch, es ist Neu-Ulm", {"city": "Neu-Ulm"}),
    ("Die Adresse ist falsch. Richtig: Hauptstr. 5, 10115 Berlin", {"address": "Hauptstr. 5, 10115 Berlin"}),
]
GERMAN_NOT = [
    ("ja passt alles", YES),
    ("genau so", YES),
    ("ja, alles richtig", YES),
    ("Jup, stimmt so", YES),
    ("Passt, danke!", YES),
    ("ja bitte eröffnen", YES),
    ("Ja, die Adresse stimmt", YES),
    ("alles korrekt so", YES),
    ("Name und E-Mail sind richtig, ja", YES),
    ("Ja, Ersatz passt", YES),
    ("alles perfekt", YES),
    ("nein", NO),
    ("nein, da ist ein Fehler", NO),
]

ENGLISH = [
    ("zip is 94107 not 94017", {"postcode": "94107"}),
    ("the postcode should be SW1A 1AA", {"postcode": "SW1A 1AA"}),
    ("not LS1 4AP but LS1 4AB for the postcode", {"postcode": "LS1 4AB"}),
    ("change street to 10 Downing Street", {"street": "10 Downing Street"}),
    ("the city is Leeds, not Leicester", {"city": "Leeds"}),
    ("my name is spelled wrong, it's Siobhan Murphy", {"customer_name": "Siobhan Murphy"}),
    ("the address is fine but the postcode is 80331", {"postcode": "80331"}),
    ("actually I'd rather have a replacement than a refund", {"remedy": X}),
    ("not the replacement, a refund please", {"remedy": R}),
    ("name and email are wrong", {"customer_name": None, "email": None}),
    ("swap to a refund please", {"remedy": R}),
    ("Name: Anna Schmidt, E-Mail: anna@x.de", {"customer_name": "Anna Schmidt", "email": "anna@x.de"}),
]
ENGLISH_NOT = [
    ("yes that's right", YES),
    ("yep all good", YES),
    ("yes, the address is correct", YES),
    ("yes, send it to that address", YES),
    ("no", NO),
]


def check(text: str, expected: dict | str | None) -> None:
    if expected == YES:
        assert find_correction(text) is None
        assert reads_as_yes(text)
    elif expected is NO:
        assert find_correction(text) is None
        assert not reads_as_yes(text)
    else:
        assert find_correction(text) == expected


@pytest.mark.parametrize(("text", "expected"), FRENCH + FRENCH_NOT)
def test_french(text: str, expected: dict | str | None) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), SPANISH + SPANISH_NOT)
def test_spanish(text: str, expected: dict | str | None) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), GERMAN + GERMAN_NOT)
def test_german(text: str, expected: dict | str | None) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), ENGLISH + ENGLISH_NOT)
def test_english(text: str, expected: dict | str | None) -> None:
    check(text, expected)
