"""Label photos in the conversation: read, asked to confirm, carried on as typed; refused files."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from sqlalchemy import select

from actions import texts
from actions.photos import ActionConfirmLabelReading, ActionReadLabelPhoto
from actions.recall import ValidateRecallForm
from actions.returns import ValidateReturnForm
from bot.core.db import session_scope
from bot.core.models import Photo
from bot.photos.intake import photo_metadata
from tests.unit.actions.conftest import make_tracker
from tests.unit.photos.conftest import a1263_label, photo_dir  # noqa: F401  (fixtures)

SENDER = "photo-conversation"


def store(data: bytes, sender: str = SENDER) -> dict:
    return asyncio.run(photo_metadata(data, sender_id=sender, channel="rest"))


def photo_tracker(metadata: dict, **kwargs) -> object:
    return make_tracker(intent="label_photo", text="", metadata=metadata, sender_id=SENDER, **kwargs)


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def row(public_id: str) -> Photo:
    with session_scope() as session:
        return session.execute(select(Photo).where(Photo.public_id == public_id)).scalar_one()


def plain_picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 160)).save(out, "JPEG")
    return out.getvalue()


async def test_a_label_is_read_and_the_reading_asked_with_buttons_that_type_it(
    photo_dir, a1263_label, dispatcher, domain  # noqa: F811
) -> None:
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    events = await ActionReadLabelPhoto().run(dispatcher, photo_tracker(metadata), domain)
    [message] = dispatcher.messages
    assert message["text"] == "I can read A1263, made March 2018 — is that right?"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Yes", '/inform{"model_number": "A1263", "date": "2018-03"}'),
        ("No", "/deny"),
    ]
    pending = {"photo_id": metadata["photo"]["id"], "model_number": "A1263", "manufacture_date": "2018-03"}
    assert SlotSet("label_reading", pending) in events and SlotSet("return_offered", False) in events
    assert not any(e.get("event") == "followup" for e in events)
    stored = row(metadata["photo"]["id"])
    assert (stored.read_model_number, stored.read_manufacture_date, stored.read_reason) == ("A1263", "2018-03", None)


async def test_during_the_recall_form_the_form_is_left_for_the_question(
    photo_dir, a1263_label, dispatcher, domain  # noqa: F811
) -> None:
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    events = await ActionReadLabelPhoto().run(dispatcher, photo_tracker(metadata, active_loop="recall_form"), domain)
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("unsupported_type", texts.PHOTO_CANT_OPEN),
        ("damaged", texts.PHOTO_CANT_OPEN),
        ("too_large", texts.PHOTO_CANT_OPEN),
        ("rate_limited", texts.PHOTO_TOO_MANY),
        ("unavailable", texts.PHOTO_NOT_KEPT),
    ],
)
async def test_a_refused_file_gets_one_clear_answer_and_nothing_else(error, expected, dispatcher, domain) -> None:
    events = await ActionReadLabelPhoto().run(dispatcher, photo_tracker({"photo": {"error": error}}), domain)
    assert [m["text"] for m in dispatcher.messages] == [expected]
    assert events == []


async def test_no_label_says_so_and_what_to_photograph_then_the_typed_questions(
    photo_dir, dispatcher, domain  # noqa: F811
) -> None:
    metadata = await photo_metadata(plain_picture(), sender_id=SENDER, channel="rest")
    events = await ActionReadLabelPhoto().run(dispatcher, photo_tracker(metadata), domain)
    text = said(dispatcher)
    assert text.startswith(texts.PHOTO_NO_TEXT) and texts.PHOTO_WHAT_TO_PHOTOGRAPH in text
    assert events[-1] == FollowupAction("recall_form")
    assert row(metadata["photo"]["id"]).read_reason == "no_label_text"


async def test_another_conversation_s_photo_is_never_read(photo_dir, a1263_label, dispatcher, domain) -> None:  # noqa: F811
    metadata = await photo_metadata(a1263_label, sender_id="someone-else", channel="rest")
    await ActionReadLabelPhoto().run(dispatcher, photo_tracker(metadata), domain)
    assert said(dispatcher) == texts.PHOTO_NOT_KEPT
    assert row(metadata["photo"]["id"]).read_reason is None  # not read at all


async def test_asked_for_a_photo_without_one(dispatcher, domain) -> None:
    tracker = make_tracker(intent="label_photo", text="can I send you a photo of the label?")
    assert await ActionReadLabelPhoto().run(dispatcher, tracker, domain) == []
    assert said(dispatcher) == texts.PHOTO_PLEASE_SEND


async def test_a_photo_during_the_return_is_kept_with_it_unread(photo_dir, a1263_label, dispatcher, domain) -> None:  # noqa: F811
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    events = await ActionReadLabelPhoto().run(dispatcher, photo_tracker(metadata, active_loop="return_form"), domain)
    assert events == [] and said(dispatcher) == texts.PHOTO_KEPT_WITH_RETURN
    assert row(metadata["photo"]["id"]).read_reason is None and row(metadata["photo"]["id"]).read_model_number is None


async def test_a_typed_yes_fills_the_slots_a_typed_model_and_date_fill(
    photo_dir, a1263_label, dispatcher, domain  # noqa: F811
) -> None:
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    pending = {"photo_id": metadata["photo"]["id"], "model_number": "A1263", "manufacture_date": "2018-03"}
    tracker = make_tracker(intent="affirm", text="yes", slots={"label_reading": pending}, sender_id=SENDER)
    events = await ActionConfirmLabelReading().run(dispatcher, tracker, domain)
    assert events == [
        SlotSet("label_reading", None), SlotSet("model_number", "A1263"), SlotSet("manufacture_date", "2018-03")
    ]
    assert dispatcher.messages == [] and row(metadata["photo"]["id"]).confirmed is True
    # The recall form that follows validates them as it validates typed values.
    form = ValidateRecallForm()
    assert form.validate_model_number("A1263", dispatcher, tracker, domain)["model_number"] == "A1263"
    assert form.validate_manufacture_date("2018-03", dispatcher, tracker, domain)["manufacture_date"] == "2018-03"


async def test_a_no_leaves_the_slots_and_notes_it(photo_dir, a1263_label, dispatcher, domain) -> None:  # noqa: F811
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    pending = {"photo_id": metadata["photo"]["id"], "model_number": "A1263", "manufacture_date": "2018-03"}
    tracker = make_tracker(intent="deny", text="no", slots={"label_reading": pending}, sender_id=SENDER)
    events = await ActionConfirmLabelReading().run(dispatcher, tracker, domain)
    assert events == [SlotSet("label_reading", None)]
    assert said(dispatcher) == texts.PHOTO_DENIED and row(metadata["photo"]["id"]).confirmed is False


async def test_a_refund_needs_a_photo_when_the_deployment_says_so(
    photo_dir, a1263_label, dispatcher, domain, monkeypatch  # noqa: F811
) -> None:
    from bot.core.settings import get_settings

    form = ValidateReturnForm()
    tracker = make_tracker(slots={"remedy": "refund", "requested_slot": "refund_photo"}, text="", sender_id=SENDER)
    assert "refund_photo" not in await form.required_slots([], dispatcher, tracker, domain)
    monkeypatch.setenv("REQUIRE_PHOTO_FOR_REFUND", "true")
    get_settings.cache_clear()
    assert (await form.required_slots([], dispatcher, tracker, domain))[:2] == ["remedy", "refund_photo"]
    replacement = make_tracker(slots={"remedy": "replacement"})
    assert "refund_photo" not in await form.required_slots([], dispatcher, replacement, domain)
    # A text instead of the photo: asked again, and "a replacement then" changes the remedy.
    answer = make_tracker(
        intent="inform", text="a replacement then", sender_id=SENDER,
        slots={"remedy": "refund", "requested_slot": "refund_photo"},
    )
    assert await form.extract_refund_photo(dispatcher, answer, domain) == {"refund_photo": None, "remedy": "replacement"}
    # The photo itself fills it.
    metadata = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    sent = make_tracker(
        intent="label_photo", text="", metadata=metadata, sender_id=SENDER,
        slots={"remedy": "refund", "requested_slot": "refund_photo"},
    )
    assert await form.extract_refund_photo(dispatcher, sent, domain) == {"refund_photo": metadata["photo"]["id"]}
    # One sent earlier in the conversation counts too.
    later = make_tracker(text="", sender_id=SENDER, slots={"remedy": "refund", "requested_slot": "refund_photo"})
    assert await form.extract_refund_photo(dispatcher, later, domain) == {"refund_photo": metadata["photo"]["id"]}


async def test_a_fire_photo_goes_to_the_urgent_handoff_and_so_does_one_sent_after(
    photo_dir, a1263_label, dispatcher, domain  # noqa: F811
) -> None:
    from actions.handoff import ActionEscalateFire
    from bot.core.models import Handoff

    with_report = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    tracker = make_tracker(
        intent="report_fire", text="it caught fire, see the photo", metadata=with_report, sender_id=SENDER,
        fire_signal={"matched": "caught fire", "injury": False, "damage": False},
    )
    await ActionEscalateFire().run(dispatcher, tracker, domain)
    with session_scope() as session:
        handoff = session.execute(select(Handoff).where(Handoff.conversation_id == SENDER)).scalar_one()
        handoff_id, priority = handoff.id, handoff.priority
    assert priority == "urgent" and row(with_report["photo"]["id"]).handoff_id == handoff_id
    # The conversation is paused now: a later photo reaches the agent at once, with no action run.
    after = await photo_metadata(a1263_label, sender_id=SENDER, channel="rest")
    assert row(after["photo"]["id"]).handoff_id == handoff_id
