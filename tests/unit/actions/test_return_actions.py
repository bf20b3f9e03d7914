"""The return form's validation, the read-back, the ticket, the status lookup."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy import select

from actions.returns import (
    ActionAskDetailsConfirmed,
    ActionCheckReturnEligibility,
    ActionOpenTicket,
    ValidateReturnForm,
)
from actions.ticket_status import ActionTicketStatus, clean_ticket_id
from bot.core.db import session_scope
from bot.core.models import Ticket
from tests.unit.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("app_database")

REFUND = {
    "model_number": "A1257",
    "manufacture_date": "2023-08",
    "recall_status": "affected",
    "remedy": "refund",
    "customer_name": "Jane Smith",
    "email": "jane@example.com",
    "details_confirmed": True,
}


async def test_only_eligible_units_get_the_return_form(dispatcher, domain):
    events = await ActionCheckReturnEligibility().run(dispatcher, make_tracker(slots={"recall_status": "affected"}), domain)
    assert events == [SlotSet("return_eligible", True)]
    events = await ActionCheckReturnEligibility().run(dispatcher, make_tracker(slots={"recall_status": "not_affected"}), domain)
    assert events == [SlotSet("return_eligible", False)]
    events = await ActionCheckReturnEligibility().run(dispatcher, make_tracker(slots={"recall_status": "needs_date", "date_unknown": True}), domain)
    assert events == [SlotSet("return_eligible", True)]


async def test_address_is_asked_for_both_remedies_and_a_refund_may_skip_it(dispatcher, domain):
    form = ValidateReturnForm()
    refund = await form.required_slots([], dispatcher, make_tracker(slots={"remedy": "refund"}), domain)
    skipped = await form.required_slots([], dispatcher, make_tracker(slots={"remedy": "refund", "address_skipped": True}), domain)
    replacement = await form.required_slots([], dispatcher, make_tracker(slots={"remedy": "replacement"}), domain)
    assert replacement[-5:] == refund[-5:] == ["street", "city", "postcode", "country", "details_confirmed"]
    assert "street" not in skipped


@pytest.mark.parametrize("text", ["skip", "No thanks", "I don't know", "passer", "je préfère ne pas", "omitir", "lieber nicht"])
async def test_a_refund_customer_may_skip_the_address(dispatcher, domain, text):
    slots = {"remedy": "refund", "customer_name": "Jo", "email": "jo@example.com", "requested_slot": "street"}
    found = await _run_form(make_tracker(slots=slots, text=text, active_loop="return_form"), dispatcher, domain)
    assert found.get("address_skipped") is True and not found.get("street")


async def test_a_replacement_customer_cannot_skip_the_address(dispatcher, domain):
    slots = {"remedy": "replacement", "customer_name": "Jo", "email": "jo@example.com", "requested_slot": "street"}
    found = await _run_form(make_tracker(slots=slots, text="skip", active_loop="return_form"), dispatcher, domain)
    assert not found.get("address_skipped")


@pytest.mark.parametrize(
    ("requested", "text", "remedy", "switched"),
    [
        ("street", "hmm actually I'm moving next month, can I just get a refund instead?", "replacement", "refund"),
        ("customer_name", "wait, can I have a replacement instead of the money?", "refund", "replacement"),
        ("email", "en fait je préfère un remboursement", "replacement", "refund"),
        ("street", "Exchange Place 12, Jersey City, NJ 07302", "replacement", None),  # an address
        ("customer_name", "Jane Money", "refund", None),  # a name
        ("street", "I want the replacement sent to my office", "replacement", None),  # the same remedy
    ],
)
async def test_the_other_remedy_asked_for_at_a_details_question(dispatcher, domain, requested, text, remedy, switched):
    slots = {"remedy": remedy, "requested_slot": requested, "customer_name": "Jo", "email": "jo@example.com"}
    slots = {k: v for k, v in slots.items() if k != requested}
    events = [{"event": "slot", "name": "remedy", "value": remedy}, {"event": "user", "text": text}]
    tracker = make_tracker(slots=slots, text=text, active_loop="return_form", events=events)
    found = await _run_form(tracker, dispatcher, domain)
    if switched:
        assert found["remedy"] == switched and not found.get(requested)
        assert "instead" in dispatcher.messages[0]["text"] or "place" in dispatcher.messages[0]["text"]
    else:
        assert found.get("remedy", remedy) == remedy


async def test_a_refund_address_is_read_back_and_kept_on_the_ticket(dispatcher, domain):
    slots = REFUND | {"street": "12 rue de la Paix", "city": "Paris", "postcode": "75002", "country": "France"}
    await ActionAskDetailsConfirmed().run(dispatcher, make_tracker(slots=slots), domain)
    assert "12 rue de la Paix" in dispatcher.messages[0]["text"]
    events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=slots, sender_id="refund-with-address"), domain)
    assert any(e.get("name") == "address_skipped" and e.get("value") is None for e in events)
    with session_scope() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == "refund-with-address")).one()
        assert (ticket.remedy, ticket.postcode, ticket.country) == ("refund", "75002", "France")


@pytest.mark.parametrize(
    ("method", "value", "message"),
    [
        ("validate_email", "jane@", "domain"),
        ("validate_email", "jane.example.com", "@"),
        ("validate_customer_name", "123456", "letters"),
        ("validate_postcode", "no idea", "postcode"),
        ("validate_email", "jane@gmail", "Did you mean jane@gmail.com"),
    ],
)
def test_bad_details_get_a_clear_re_ask(dispatcher, domain, method, value, message):
    result = getattr(ValidateReturnForm(), method)(value, dispatcher, make_tracker(), domain)
    assert list(result.values())[0] is None
    assert result["return_failures"] == 1
    assert message in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("method", "slot", "text", "reason"),
    [
        ("validate_email", "email", "why do you need my email?", "no newsletters"),
        ("validate_street", "street", "pourquoi vous avez besoin de mon adresse ?", "étiquette de retour"),
        ("validate_customer_name", "customer_name", "¿para qué quieren mi nombre?", "etiqueta de devolución"),
    ],
)
def test_asking_why_a_detail_is_needed_gets_the_reason_and_the_question_again(dispatcher, domain, method, slot, text, reason):
    language = {"pourquoi": "fr", "¿para": "es"}.get(text.split()[0], "en")
    tracker = make_tracker(slots={"requested_slot": slot, "language": language}, text=text)
    result = getattr(ValidateReturnForm(), method)(text, dispatcher, tracker, domain)
    assert result == {slot: None}  # asked again, no failure counted
    assert reason in dispatcher.messages[-1]["text"]


def test_second_failure_keeps_it_as_written_and_offers_a_person(dispatcher, domain):
    """No question is asked a third time: the detail is flagged for an agent instead."""
    tracker = make_tracker(slots={"detail_failures": {"email": 1}, "requested_slot": "email"}, text="jane(at)home")
    result = ValidateReturnForm().validate_email("jane(at)home", dispatcher, tracker, domain)
    assert result["email"] == "jane(at)home" and result["details_to_check"] == ["email"]
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/request_human"


async def _run_form(tracker, dispatcher, domain):
    """The events the form's validation action returns for one customer turn."""
    return {e["name"]: e["value"] for e in await ValidateReturnForm().run(dispatcher, tracker, domain) if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("text", "street", "city", "postcode", "country"),
    [
        ("221 Pine St Apt 4, Portland, OR 97205, USA", "221 Pine St Apt 4", "Portland", "97205", "United States"),
        ("Flat 2, 5 Kings Rd, Bristol BS1 4DJ", "Flat 2, 5 Kings Rd", "Bristol", "BS1 4DJ", "United Kingdom"),
        ("Musterweg 3, 80331 München, Deutschland", "Musterweg 3", "München", "80331", "Germany"),
        ("33 King St W, Toronto ON M5H 1A1", "33 King St W", "Toronto", "M5H 1A1", "Canada"),
    ],
)
async def test_a_whole_address_in_one_message(dispatcher, domain, text, street, city, postcode, country):
    slots = {"remedy": "replacement", "customer_name": "Jo", "email": "jo@example.com", "requested_slot": "street"}
    found = await _run_form(make_tracker(slots=slots, text=text, active_loop="return_form"), dispatcher, domain)
    assert (found["street"], found["city"], found["postcode"], found["country"]) == (street, city, postcode, country)


async def test_a_postcode_that_does_not_fit_the_country_is_asked_again(dispatcher, domain):
    slots = {"remedy": "replacement", "country": "Germany", "requested_slot": "postcode"}
    found = await _run_form(make_tracker(slots=slots, text="BS1 4DJ", active_loop="return_form"), dispatcher, domain)
    assert found["postcode"] is None
    assert "Germany" in dispatcher.messages[0]["text"] and "80331" in dispatcher.messages[0]["text"]


async def test_an_address_that_fails_twice_is_kept_as_written(dispatcher, domain):
    slots = {"remedy": "replacement", "requested_slot": "postcode", "country": "Germany", "street": "Hauptstr. 1",
             "city": "Berlin", "detail_failures": {"address": 1}}
    found = await _run_form(make_tracker(slots=slots, text="1O115", active_loop="return_form"), dispatcher, domain)
    assert "1O115" in found["address_as_written"] and found["details_to_check"] == ["address"]
    required = await ValidateReturnForm().required_slots([], dispatcher, make_tracker(slots={**slots, **found}), domain)
    assert "postcode" not in required


@pytest.mark.parametrize("name", ["Mario Rossi", "Wei Zhang", "Siobhán Ní Bhriain"])
async def test_a_name_is_a_name_whatever_the_classifier_says(dispatcher, domain, name):
    slots = {"remedy": "refund", "requested_slot": "customer_name"}
    found = await _run_form(make_tracker(slots=slots, text=name, intent="cancel", active_loop="return_form"), dispatcher, domain)
    assert found["customer_name"] == name


async def test_a_clear_stop_is_not_taken_as_a_name(dispatcher, domain):
    slots = {"remedy": "refund", "requested_slot": "customer_name"}
    found = await _run_form(make_tracker(slots=slots, text="cancel that", intent="cancel", active_loop="return_form"), dispatcher, domain)
    assert "customer_name" not in found


async def test_a_fire_word_in_a_surname_is_a_name(dispatcher, domain):
    slots = {"remedy": "refund", "requested_slot": "customer_name"}
    tracker = make_tracker(slots=slots, text="Hannah Sparks", intent="report_fire", active_loop="return_form",
                           fire_signal={"kind": "spark", "matched": "Sparks"})
    assert (await _run_form(tracker, dispatcher, domain))["customer_name"] == "Hannah Sparks"


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("the postcode is wrong, it should be 80331", {"postcode": "80331"}),
        ("my email is jan@example.nl", {"email": "jan@example.nl"}),
        ("the address", {"street": None, "city": None, "postcode": None, "country": None}),
    ],
)
async def test_one_part_is_corrected_at_the_read_back(dispatcher, domain, text, changed):
    slots = {"remedy": "replacement", "customer_name": "Jan", "email": "jan@example.com", "street": "Musterweg 3",
             "city": "München", "postcode": "80313", "country": "Germany", "requested_slot": "details_confirmed"}
    found = await _run_form(make_tracker(slots=slots, text=text, intent="deny", active_loop="return_form"), dispatcher, domain)
    assert {k: found[k] for k in changed} == changed
    assert found["details_confirmed"] is None
    assert found.get("customer_name", "Jan") == "Jan"  # nothing else is thrown away


async def test_a_bare_no_at_the_read_back_asks_what_to_change(dispatcher, domain):
    slots = REFUND | {"details_confirmed": False, "requested_slot": "details_confirmed"}
    said_no = [  # Rasa's from_intent mapping has set the slot from "no"
        {"event": "user", "text": "no", "parse_data": {"intent": {"name": "deny"}, "text": "no"}},
        {"event": "slot", "name": "details_confirmed", "value": False},
    ]
    tracker = make_tracker(slots=slots, text="no", intent="deny", active_loop="return_form", events=said_no)
    found = await _run_form(tracker, dispatcher, domain)
    assert found["change_requested"] is True
    assert "email" not in found and "customer_name" not in found  # nothing thrown away
    await ActionAskDetailsConfirmed().run(dispatcher, make_tracker(slots={**slots, **found}), domain)
    assert "What should I change" in dispatcher.messages[-1]["text"]


def test_good_details_are_cleaned(dispatcher, domain):
    form = ValidateReturnForm()
    assert form.validate_email("my email is Jane@Example.com", dispatcher, make_tracker(), domain) == {"email": "jane@example.com"}
    assert form.validate_postcode("sw1a 1aa", dispatcher, make_tracker(), domain) == {"postcode": "SW1A 1AA"}


async def test_read_back_before_opening(dispatcher, domain):
    slots = REFUND | {"remedy": "replacement", "street": "12 High St", "city": "Leeds", "postcode": "LS1 4AP", "country": "UK"}
    await ActionAskDetailsConfirmed().run(dispatcher, make_tracker(slots=slots), domain)
    text = dispatcher.messages[0]["text"]
    assert "replacement" in text and "jane@example.com" in text and "12 High St" in text


async def test_ticket_opens_once_per_unit_and_conversation(dispatcher, domain):
    events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=REFUND), domain)
    ticket_id = next(e["value"] for e in events if e.get("name") == "ticket_id")
    assert ticket_id.startswith("RT-")
    assert "household rubbish" in dispatcher.messages[0]["text"]
    again = await ActionOpenTicket().run(dispatcher, make_tracker(slots=REFUND), domain)
    assert next(e["value"] for e in again if e.get("name") == "ticket_id") == ticket_id
    assert "already open" in dispatcher.messages[1]["text"]


async def test_after_the_ticket_the_other_units_named_are_offered(dispatcher, domain):
    slots = REFUND | {"other_units": [{"model_number": "A1263"}], "details_confirmed": True}
    await ActionOpenTicket().run(dispatcher, make_tracker(slots=slots, sender_id="two-units"), domain)
    assert dispatcher.messages[0]["text"].startswith("Your return is open")
    assert "You also mentioned A1263" in dispatcher.messages[1]["text"]
    assert dispatcher.messages[1]["buttons"][0]["payload"] == '/inform{"model_number": "A1263"}'


async def test_status_told_only_when_id_and_email_match(dispatcher, domain):
    events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=REFUND), domain)
    ticket_id = next(e["value"] for e in events if e.get("name") == "ticket_id")
    right = make_tracker(slots={"lookup_ticket_id": ticket_id, "lookup_email": "jane@example.com"})
    await ActionTicketStatus().run(dispatcher, right, domain)
    assert "return label" in dispatcher.messages[-1]["text"]
    wrong = make_tracker(slots={"lookup_ticket_id": ticket_id, "lookup_email": "eve@example.com"})
    await ActionTicketStatus().run(dispatcher, wrong, domain)
    assert "couldn't find" in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize(("raw", "expected"), [("RT-000123", "RT-000123"), ("rt 123", "RT-000123"), ("#RT000042", "RT-000042"), ("my ticket", None)])
def test_ticket_id_forms(raw, expected):
    assert clean_ticket_id(raw) == expected
