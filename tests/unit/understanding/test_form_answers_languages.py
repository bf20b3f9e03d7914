"""Form answers in French, Spanish and German: yes, stops, remedies, return requests, case entities.

These run on every message without knowing its language, so each phrase is also checked
against the other readings it must not have.
"""

from __future__ import annotations

import pytest

from bot.understanding.case_entities import find_case_entities
from bot.understanding.form_answers import (
    asks_for_a_person,
    asks_for_a_return,
    asks_why_needed,
    find_correction,
    is_clear_stop,
    read_remedy,
    reads_as_yes,
    starts_with_yes,
)

R, X = "refund", "replacement"
CHANGES_OF_MIND = [
    ("refund... no actually a replacement", X), ("a refund rather than a replacement", R),
    ("refund or replacement? dunno", R), ("un reembolso, no mejor un reemplazo", X),
    ("Erstattung, nee doch lieber Ersatz", X), ("no, actually a refund", R),
    ("Dann bitte Geld zurück. Oder nein, warten Sie – lieber eine neue", X),
    ("quiero que me la cambien", X), ("cámbienmela por favor", X),
    ("reembolso... no, pará, mejor el reemplazo", X),
    # no change of mind: a "no" further on, a comparison, "para"
    ("I should prefer a refund, thank you. I have no wish to have another one.", R),
    ("el reembolso es mejor que la sustitución", R), ("un reembolso para pagar la sustitución", R),
]

# (text, what it is): "yes" (reads_as_yes), "not-yes", "lead" (starts_with_yes too), "stop", "not-stop",
# a remedy ("refund"/"replacement"), "no-remedy", "return" (asks_for_a_return), "not-return",
# or a list of case entities.
FRENCH = [
    ("oui", "yes"), ("ouais", "yes"), ("d'accord", "yes"), ("oui c'est correct", "yes"), ("c'est bon", "yes"),
    ("tout est correct", "yes"), ("exact", "yes"), ("parfait", "yes"), ("ok parfait", "yes"), ("Oui, tout est bon", "yes"),
    ("non", "not-yes"), ("non, le code postal est faux", "not-yes"), ("oui mais l'adresse est fausse", "not-yes"),
    ("oui merci", "lead"), ("oui s'il vous plaît", "lead"), ("bien sûr", "lead"), ("oui, avec plaisir", "lead"),
    ("annuler", "stop"), ("laisse tomber", "stop"), ("laissez tomber", "stop"), ("annule tout", "stop"),
    ("oubliez ça", "stop"), ("j'ai changé d'avis", "stop"), ("arrête", "stop"), ("non merci, annulez", "stop"),
    ("Marie Dupont", "not-stop"), ("12 rue de la Paix", "not-stop"), ("n'annulez pas, je m'appelle Ana", "not-stop"),
    ("remboursement", R), ("je veux être remboursé", R), ("être remboursée svp", R), ("un échange", X),
    ("remplacement", X), ("une nouvelle", X), ("je préfère une nouvelle batterie", X), ("rembourser svp", R),
    ("je veux récupérer mon argent", R), ("pas de remboursement, un remplacement", X),
    # a change of mind between two remedies: the last; "plutôt que" still takes back
    ("un remboursement… non en fait plutôt un remplacement", X), ("un remboursement non, un remplacement", X),
    ("un remboursement plutôt qu'un remplacement", R), ("j'aimerais mieux en avoir une neuve", X),
    ("une batterie neuve svp", X),
    # a typo keeps its first letter: an address's "place" is no "replace"
    ("Mme Odette Lefèvre, 3 place du Marché, 21000 Dijon", "no-remedy"),
    ("un remplacement, pas le remboursement", X), ("remplacment", X), ("remboursment", R),
    ("je ne veux pas de remboursement mais un échange", X),
    ("bonjour", "no-remedy"), ("j'ai changé de numéro de téléphone", "no-remedy"),
    ("je veux être remboursé pour ma A1263", "return"), ("mon A1263 est rappelé, je veux mon argent", "return"), ("je voudrais un remplacement pour ma batterie", "return"),
    ("comment ça marche le rappel", "not-return"),
    ("où en est mon dossier RT-000123 ?", [("ticket_id", "RT-000123")]),
    ("mon courriel : marie.dupont@exemple.fr", [("email", "marie.dupont@exemple.fr")]),
    ("remboursement pour le ticket rt 42, écrivez-moi à a.b@exemple.fr",
     [("remedy", R), ("ticket_id", "RT-000042"), ("email", "a.b@exemple.fr")]),
]

SPANISH = [
    ("sí", "yes"), ("si", "yes"), ("claro", "yes"), ("vale", "yes"), ("de acuerdo", "yes"), ("correcto", "yes"),
    ("todo correcto", "yes"), ("perfecto", "yes"), ("está bien", "yes"), ("sí, todo bien", "yes"),
    ("no", "not-yes"), ("no, el correo está mal", "not-yes"), ("sí pero el código postal está mal", "not-yes"),
    ("sí, gracias", "lead"), ("sí por favor", "lead"), ("claro que sí", "lead"), ("por supuesto", "lead"),
    ("cancelar", "stop"), ("olvídalo", "stop"), ("olvidalo", "stop"), ("cancela todo", "stop"),
    ("déjalo", "stop"), ("cambié de opinión", "stop"), ("ya no quiero seguir", "stop"), ("no, cancélalo", "stop"),
    ("Juan Pérez", "not-stop"), ("Calle Parada 5", "not-stop"), ("no sé", "not-stop"),
    ("reembolso", R), ("devolución del dinero", R), ("quiero que me devuelvan el dinero", R), ("reemplazo", X),
    ("cambio", X), ("una nueva", X), ("prefiero una batería nueva", X), ("quiero mi dinero", R),
    ("no quiero reembolso, prefiero un reemplazo", X), ("un reemplazo, no el dinero", X), ("reembolzo", R),
    ("reemplaso", X), ("un cambio por otra", X), ("sustitución", X),
    ("quiero hacer un cambio de dirección", "no-remedy"), ("hola buenas", "no-remedy"),
    ("quiero un reembolso de mi A1263", "return"), ("mi A1263 está retirada, quiero mi plata", "return"),
    ("solicito el reintegro del importe", "return"), ("quiero cambiar mi batería por una nueva", "return"),
    ("cómo funciona la retirada", "not-return"),
    ("estado del ticket rt 123", [("ticket_id", "RT-000123")]),
    ("mi correo es juan.perez@ejemplo.es", [("email", "juan.perez@ejemplo.es")]),
    ("reembolso del ticket RT-000042, mi correo a.b@ejemplo.es",
     [("remedy", R), ("ticket_id", "RT-000042"), ("email", "a.b@ejemplo.es")]),
]

GERMAN = [
    ("ja", "yes"), ("jawohl", "yes"), ("genau", "yes"), ("richtig", "yes"), ("stimmt", "yes"), ("passt", "yes"),
    ("alles korrekt", "yes"), ("alles richtig", "yes"), ("in Ordnung", "yes"), ("jo passt so", "yes"),
    ("nein", "not-yes"), ("nö", "not-yes"), ("ja, aber die Postleitzahl ist falsch", "not-yes"),
    ("ja, danke", "lead"), ("ja bitte", "lead"), ("gerne", "lead"), ("natürlich", "lead"),
    ("abbrechen", "stop"), ("vergiss es", "stop"), ("vergessen Sie es", "stop"), ("bitte abbrechen", "stop"),
    ("lass es", "stop"), ("ich habe es mir anders überlegt", "stop"), ("stopp", "stop"), ("nein, abbrechen bitte", "stop"),
    ("Hans Müller", "not-stop"), ("Hauptstraße 5", "not-stop"), ("weiß nicht", "not-stop"),
    ("Erstattung", R), ("Geld zurück", R), ("ich will mein Geld zurück", R), ("Ersatz", X), ("Austausch", X),
    ("ein neues Gerät", X), ("lieber ein neues", X), ("Rückerstattung bitte", R), ("Umtausch", X),
    ("kein Geld zurück, ein Austausch", X), ("keine Erstattung, lieber Ersatz", X), ("Erstatung", R),
    ("Rueckerstattung", R), ("ein Ersatzgerät bitte", X),
    ("Guten Tag", "no-remedy"), ("das ist ein neues Problem", "no-remedy"),
    ("ich möchte eine Erstattung für meine A1263", "return"), ("meine A1263 ist betroffen, ich will mein Geld", "return"), ("ich will die Powerbank umtauschen", "return"),
    ("wie funktioniert der Rückruf", "not-return"),
    ("Status von Ticket RT-000123?", [("ticket_id", "RT-000123")]),
    ("meine E-Mail: hans.mueller@beispiel.de", [("email", "hans.mueller@beispiel.de")]),
    ("Erstattung für Ticket rt 42, Mail an a.b@beispiel.de",
     [("remedy", R), ("ticket_id", "RT-000042"), ("email", "a.b@beispiel.de")]),
]


def check(text: str, kind: str | list) -> None:
    if isinstance(kind, list):
        assert [(e.entity, e.value) for e in find_case_entities(text)] == kind
    elif kind == "yes":
        assert reads_as_yes(text) and not is_clear_stop(text)
    elif kind == "not-yes":
        assert not reads_as_yes(text)
    elif kind == "lead":
        assert starts_with_yes(text) and reads_as_yes(text) and not is_clear_stop(text)
    elif kind == "stop":
        assert is_clear_stop(text) and not reads_as_yes(text)
    elif kind == "not-stop":
        assert not is_clear_stop(text)
    elif kind in (R, X):
        assert read_remedy(text) == kind
    elif kind == "no-remedy":
        assert read_remedy(text) is None
    elif kind == "return":
        assert asks_for_a_return(text)
    elif kind == "not-return":
        assert not asks_for_a_return(text)
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize(("text", "kind"), FRENCH)
def test_french(text: str, kind: str | list) -> None:
    check(text, kind)


@pytest.mark.parametrize(("text", "kind"), SPANISH)
def test_spanish(text: str, kind: str | list) -> None:
    check(text, kind)


@pytest.mark.parametrize(("text", "kind"), GERMAN)
def test_german(text: str, kind: str | list) -> None:
    check(text, kind)


@pytest.mark.parametrize(("text", "kind"), CHANGES_OF_MIND)
def test_a_change_of_mind_between_remedies(text: str, kind: str) -> None:
    check(text, kind)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("why do you need my email?", True), ("Why does the date matter? It's the same model.", True),
        ("pourquoi vous avez besoin de mon adresse ?", True), ("¿para qué quieren mi correo?", True),
        ("wozu brauchen Sie meine E-Mail?", True), ("what do you need it for?", True),
        # the detail given with the question, or a question about something else
        ("why? it's jo@example.com", False), ("why do you need that, it is 12 Main St", False),
        ("why is it recalled?", False), ("why did it catch fire", False),
    ],
)
def test_asking_why_a_detail_is_needed(text: str, why: bool) -> None:
    assert asks_why_needed(text) is why


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("just get me a real person, I'm not typing all this into a bot", True), ("can I talk to a real person?", True),
        ("I need a human", True), ("je veux parler à un conseiller", True), ("pásame con una persona", True),
        ("¿Me puede atender una persona, por favor?", True), ("ich möchte mit einem Mitarbeiter sprechen", True),
        # what the bot is, or a person named for something else
        ("are you a real person?", False), ("eres una persona?", False), ("sind Sie ein Mensch?", False),
        ("I want someone to tell me if it is recalled", False), ("i talked to someone at the shop", False),
    ],
)
def test_asking_for_a_person_in_so_many_words(text: str, person: bool) -> None:
    assert asks_for_a_person(text) is person


@pytest.mark.parametrize(
    ("text", "change"),
    [
        # a postcode and its town after a "no": both change, though neither is named
        ("non attendez, c'est 1004 Lausanne", {"postcode": "1004", "city": "Lausanne"}),
        ("no, it's 94110 San Francisco", {"postcode": "94110", "city": "San Francisco"}),
        ("oui c'est 1004 Lausanne", None),
    ],
)
def test_a_postcode_and_town_taken_back_at_the_read_back(text: str, change: dict | None) -> None:
    assert find_correction(text) == change

