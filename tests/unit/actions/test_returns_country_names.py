"""The return form understands countries named in French, Spanish and German, and names the
country in the customer's language; the `country` slot and the ticket keep the English name."""

from __future__ import annotations

import pytest

from actions.returns import ActionAskDetailsConfirmed, ActionOpenTicket, ValidateReturnForm
from tests.unit.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("app_database")

REPLACEMENT = {
    "model_number": "A1257",
    "manufacture_date": "2023-08",
    "recall_status": "affected",
    "remedy": "replacement",
    "customer_name": "Jo Quartz",
    "email": "jo@example.com",
}


async def _run_form(tracker, dispatcher, domain):
    return {e["name"]: e["value"] for e in await ValidateReturnForm().run(dispatcher, tracker, domain) if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("language", "shown"), [(None, "Germany"), ("fr", "Allemagne"), ("es", "Alemania"), ("de", "Deutschland")]
)
async def test_the_postcode_hint_names_the_country_in_the_customers_language(dispatcher, domain, language, shown):
    slots = {"remedy": "replacement", "country": "Germany", "requested_slot": "postcode", "language": language}
    found = await _run_form(make_tracker(slots=slots, text="BS1 4DJ", active_loop="return_form"), dispatcher, domain)
    hint = dispatcher.messages[0]["text"]
    assert found["postcode"] is None
    assert shown in hint and "80331" in hint and "BS1 4DJ" in hint
    assert ("Germany" in hint) == (language is None)


@pytest.mark.parametrize(
    ("language", "answer", "shown"),
    [("fr", "en Allemagne", "Allemagne"), ("es", "Alemania", "Alemania"), ("de", "nach Deutschland", "Deutschland")],
)
def test_a_country_given_after_a_postcode_that_does_not_fit(dispatcher, domain, language, answer, shown):
    tracker = make_tracker(slots={"postcode": "BS1 4DJ", "requested_slot": "country", "language": language}, text=answer)
    result = ValidateReturnForm().validate_country(answer, dispatcher, tracker, domain)
    assert result["country"] == "Germany" and result["postcode"] is None
    assert shown in dispatcher.messages[0]["text"] and "Germany" not in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("answer", "english"),
    [("États-Unis", "United States"), ("Etats Unis", "United States"), ("EEUU", "United States"),
     ("el Reino Unido", "United Kingdom"), ("die Schweiz", "Switzerland"), ("en Allemagne", "Germany"),
     ("Países Bajos", "Netherlands"), ("Österreich", "Austria"), ("Japon", "Japan"), ("de", "Germany")],
)
def test_the_country_slot_keeps_the_english_name(dispatcher, domain, answer, english):
    tracker = make_tracker(slots={"requested_slot": "country", "language": "fr"}, text=answer)
    assert ValidateReturnForm().validate_country(answer, dispatcher, tracker, domain) == {"country": english}


@pytest.mark.parametrize(
    ("language", "text", "street", "city", "postcode", "country"),
    [
        ("fr", "12 rue de Rivoli, 75004 Paris, la France", "12 rue de Rivoli", "Paris", "75004", "France"),
        ("es", "Calle Mayor 10, 28013 Madrid, España", "Calle Mayor 10", "Madrid", "28013", "Spain"),
        ("de", "Bahnhofstrasse 10, 8001 Zürich, Schweiz", "Bahnhofstrasse 10", "Zürich", "8001", "Switzerland"),
        ("fr", "10 Downing Street, London SW1A 2AA, Royaume-Uni", "10 Downing Street", "London", "SW1A 2AA", "United Kingdom"),
    ],
)
async def test_a_whole_address_with_a_foreign_country_name(dispatcher, domain, language, text, street, city, postcode, country):
    slots = {"remedy": "replacement", "customer_name": "Jo", "email": "jo@example.com", "requested_slot": "street",
             "language": language}
    found = await _run_form(make_tracker(slots=slots, text=text, active_loop="return_form"), dispatcher, domain)
    assert (found["street"], found["city"], found["postcode"], found["country"]) == (street, city, postcode, country)


@pytest.mark.parametrize(
    ("language", "country", "line"),
    [
        (None, "United States", "Address: 221 Pine St, Portland 97205, United States"),
        ("de", "United States", "Adresse: 221 Pine St, Portland 97205, USA"),
        ("fr", "United States", "Adresse : 221 Pine St, Portland 97205, États-Unis"),
        ("es", "United States", "Dirección: 221 Pine St, Portland 97205, Estados Unidos"),
        ("fr", "Atlantis", "Adresse : 221 Pine St, 97205 Portland, Atlantis"),  # not one of ours: as written
    ],
)
async def test_the_read_back_names_the_country_in_the_customers_language(dispatcher, domain, language, country, line):
    slots = REPLACEMENT | {"street": "221 Pine St", "city": "Portland", "postcode": "97205", "country": country,
                           "language": language}
    events = await ActionAskDetailsConfirmed().run(dispatcher, make_tracker(slots=slots), domain)
    assert line in dispatcher.messages[0]["text"].splitlines()
    assert events == []  # the slot is not rewritten


async def test_the_ticket_keeps_the_english_name(dispatcher, domain):
    from bot.core.db import session_scope
    from bot.recall.tickets import get_ticket

    slots = REPLACEMENT | {"street": "Musterweg 3", "city": "München", "postcode": "80331", "country": "Germany",
                           "language": "fr", "details_confirmed": True}
    events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=slots), domain)
    public_id = next(e["value"] for e in events if e.get("name") == "ticket_id")
    with session_scope() as session:
        ticket = get_ticket(session=session, public_id=public_id)
        assert ticket is not None and (ticket.country, ticket.language) == ("Germany", "fr")
