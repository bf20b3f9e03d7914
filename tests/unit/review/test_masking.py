# ruff: noqa: F811  (pytest fixtures imported from test_review_builder)
"""Personal data is masked in lists and transcripts unless a lead reveals it."""

from __future__ import annotations

import json
import time

import pytest

from bot.escalation import handoffs
from bot.escalation.handoffs import HandoffRequest, Reason
from bot.recall import tickets
from bot.recall.tickets import Remedy, ReturnRequest
from bot.review.masking import Masker, mask_identifier, mask_patterns
from bot.review.summaries import refresh_summaries
from bot.review.transcript import load_conversation

SECRETS = ("Jane", "Smith", "jane.smith@example.com", "12 High Street", "Leeds", "LS1 4AB", "7946 0958")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane.smith@example.com please", "write to j***@example.com please"),
        ("call +44 20 7946 0958 now", "call [phone …58] now"),
        ("my number is (555) 123-4567.", "my number is [phone …67]."),
        ("07700 900123", "[phone …23]"),
        ("I live at 12 High Street, Leeds", "I live at [street], Leeds"),
        ("221b Baker St. is mine", "[street] is mine"),
    ],
)
def test_patterns_are_masked(text, expected):
    assert mask_patterns(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "is my A1263 from 2018-03-14 recalled",
        "made 14/03/2018",
        "sold between 2016-2019",
        "PowerCore 10000 and 20000mAh",
        "ticket RT-000123",
        "ticket RT-1234567",
        "A1257 made in may 2023",
    ],
)
def test_dates_models_and_tickets_are_not_phone_numbers(text):
    assert mask_patterns(text) == text


def test_sender_ids_that_are_phone_numbers_are_masked():
    assert mask_identifier("whatsapp:+15551234567") == "whatsapp:[phone …67]"
    assert mask_identifier("3f2a9c0e4b5d4e7f8a9b0c1d2e3f4a5b") == "3f2a9c0e4b5d4e7f8a9b0c1d2e3f4a5b"


def test_known_values_are_masked_wherever_they_appear():
    masker = Masker()
    masker.add("name", "Jane Smith")
    masker.add("email", "Jane.Smith@Example.com")
    masker.add("postcode", "LS1 4AB")
    assert masker.text("Thanks, JANE  SMITH!") == "Thanks, [name]!"
    assert masker.text("Thanks, Jane!") == "Thanks, [name]!"
    assert masker.text("Janet is here") == "Janet is here"  # whole words only
    assert masker.text("label to jane.smith@example.com, ls1 4ab") == "label to j***@example.com, [postcode]"
    assert masker.slot_value("email", "jane.smith@example.com") == "j***@example.com"
    assert masker.slot_value("street", "12 High Street") == "[street]"
    assert masker.slot_value("model_number", "A1263") == "A1263"
    assert masker.answer("customer_name", "it's Jane, J-A-N-E") == "[name]"
    shown = Masker(enabled=False)
    shown.add("name", "Jane Smith")
    assert shown.text("Thanks, Jane Smith, call 555 123 4567") == "Thanks, Jane Smith, call 555 123 4567"


def _conversation(store, db):
    conversation = store.conversation("+447700900123", at=time.time() - 3600, channel="twilio").start()
    conversation.check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
    conversation.return_form(stop_after=None)
    conversation.user("also my phone is +44 20 7946 0958", "inform", 0.55)
    conversation.human().agent_says("Thanks Jane, I'll call +44 20 7946 0958 shortly.")
    # An answer the form rejected fills no slot; it is still hidden as a whole.
    conversation.slot("requested_slot", "email").form("return_form").user(
        "jane at example dot com", "inform", 0.5
    )
    store.add(conversation).flush()
    tickets.open_ticket(
        session=db,
        request=ReturnRequest(
            conversation_id="+447700900123",
            channel="twilio",
            model_number="A1263",
            manufacture_date="2018-03",
            verdict="affected",
            remedy=Remedy.REPLACEMENT,
            customer_name="Jane Smith",
            email="jane.smith@example.com",
            street="12 High Street",
            city="Leeds",
            postcode="LS1 4AB",
            country="United Kingdom",
        ),
    )
    handoffs.open_handoff(
        db,
        HandoffRequest(
            conversation_id="+447700900123",
            reason=Reason.HUMAN_REQUEST,
            customer_message="I'm Jane Smith, jane.smith@example.com",
        ),
    )
    refresh_summaries(session=db)
    db.commit()


def _everything(detail) -> str:
    return json.dumps(
        {
            "items": detail.items,
            "tickets": detail.tickets,
            "handoffs": detail.handoffs,
            "id": detail.shown_id,
        },
        default=str,
    )


def test_the_transcript_is_masked_by_default(store, db):
    _conversation(store, db)
    detail = load_conversation(session=db, conversation_id="+447700900123")
    assert detail.masked
    shown = _everything(detail)
    for secret in SECRETS + ("+447700900123",):
        assert secret not in shown, secret
    customer = [i["text"] for i in detail.items if i["kind"] == "customer"]
    assert "[name]" in customer and "[street]" in customer and "[email]" in customer
    assert "also my phone is [phone …58]" in customer
    assert detail.tickets[0]["email"] == "j***@example.com"
    assert detail.tickets[0]["customer_name"] == "[name]"
    assert detail.handoffs[0]["customer_message"] == "I'm [name], j***@example.com"
    agent = [i for i in detail.items if i["kind"] == "agent"]
    assert (
        agent[0]["text"] == "Thanks [name], I'll call [phone …58] shortly." and agent[0]["agent"] == "alice"
    )
    assert detail.shown_id == "[phone …23]"


def test_a_reveal_shows_everything(store, db):
    _conversation(store, db)
    detail = load_conversation(session=db, conversation_id="+447700900123", reveal=True)
    shown = _everything(detail)
    for secret in SECRETS + ("+447700900123",):
        assert secret in shown, secret
    # Even revealed, the flag form's suggested training example stays masked.
    examples = " ".join(i["example"] for i in detail.items if i["kind"] == "customer")
    assert "Jane" not in examples and "7946" not in examples


def test_the_list_preview_and_search_text_are_masked(store, db):
    conversation = (
        store.conversation("c-1").start().user("I'm Jane Smith, mail jane.smith@example.com", "inform", 0.8)
    )
    conversation.return_form()
    store.add(conversation).flush()
    refresh_summaries(session=db)
    db.commit()
    from bot.review.models import ReviewConversation, ReviewText

    assert db.get(ReviewConversation, "c-1").preview == "I'm [name], mail j***@example.com"
    assert "jane" not in db.get(ReviewText, "c-1").text.replace("j***", "")


def test_identifiers_hide_phone_numbers_but_keep_web_uuids():
    import uuid

    from bot.review.masking import mask_identifier

    for _ in range(500):  # a UUID's digit groups once read as a phone number
        web = str(uuid.uuid4())
        assert mask_identifier(web) == web
    assert "7700900123" not in mask_identifier("+447700900123")
    assert "5550001111" not in mask_identifier("whatsapp:+15550001111")


def test_alerts_carry_no_phone_number():
    from bot.core.models import Handoff
    from bot.escalation.alerts import alert_payload

    handoff = Handoff(id=7, conversation_id="whatsapp:+15550001111", reason="fire", priority="urgent",
                      channel="twilio", injury_mentioned=False, damage_mentioned=False)
    payload = alert_payload(handoff, "http://console")
    assert "5550001111" not in payload["text"] and "5550001111" not in str(payload["handoff"])
