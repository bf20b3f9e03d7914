"""The return form's validation, the read-back, the ticket, the status lookup."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.returns import (
    ActionAskDetailsConfirmed,
    ActionCheckReturnEligibility,
    ActionOpenTicket,
    ValidateReturnForm,
)
from actions.ticket_status import ActionTicketStatus, clean_ticket_id
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


async def test_address_is_asked_only_for_a_replacement(dispatcher, domain):
    form = ValidateReturnForm()
    refund = await form.required_slots([], dispatcher, make_tracker(slots={"remedy": "refund"}), domain)
    replacement = await form.required_slots([], dispatcher, make_tracker(slots={"remedy": "replacement"}), domain)
    assert "street" not in refund
    assert replacement[-5:] == ["street", "city", "postcode", "country", "details_confirmed"]


@pytest.mark.parametrize(
    ("method", "value", "message"),
    [
        ("validate_email", "jane@", "domain"),
        ("validate_email", "jane.example.com", "@"),
        ("validate_customer_name", "123456", "letters"),
        ("validate_postcode", "no idea", "postcode"),
    ],
)
def test_bad_details_get_a_clear_re_ask(dispatcher, domain, method, value, message):
    result = getattr(ValidateReturnForm(), method)(value, dispatcher, make_tracker(), domain)
    assert list(result.values())[0] is None
    assert result["return_failures"] == 1
    assert message in dispatcher.messages[0]["text"]


def test_third_failure_offers_a_person(dispatcher, domain):
    tracker = make_tracker(slots={"return_failures": 2})
    ValidateReturnForm().validate_email("nope", dispatcher, tracker, domain)
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/request_human"


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
