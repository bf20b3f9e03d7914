"""Label photos against the real servers: REST and socket.io, confirmed, on the ticket, to the agent.

The photos are real generated labels (tests/fixtures/labels/make_labels.py) read by the real
OCR in the real action server.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import urllib.error
import urllib.request

import pytest
from PIL import Image
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.models import Photo
from tests.e2e.chat import _request, new_sender, say, slots, texts, tickets, tracker, wait_for
from tests.e2e.test_socketio import Customer
from tests.fixtures.labels.make_labels import label_photo

pytestmark = pytest.mark.e2e

QUESTION = "I can read A1263, made March 2018 — is that right?"


@pytest.fixture(scope="module")
def label() -> bytes:
    return label_photo("A1263", "PowerCore 10000", "MFD 2018.03")


def image_metadata(data: bytes, content_type: str = "image/jpeg") -> dict:
    return {"image": {"content_type": content_type, "data": base64.b64encode(data).decode()}}


def send_photo(stack, sender: str, data: bytes, text: str = "") -> list[dict]:
    return _request(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data={"sender": sender, "message": text, "metadata": image_metadata(data)},
    )


def photo_ids(stack, sender: str) -> list[str]:
    events = [e for e in tracker(stack, sender)["events"] if e.get("event") == "user"]
    return [e["metadata"]["photo"]["id"] for e in events if (e.get("metadata") or {}).get("photo", {}).get("id")]


def test_a_label_photo_over_rest_is_read_confirmed_and_kept_with_the_ticket(stack, label):
    sender = new_sender("photo-rest")
    [question] = send_photo(stack, sender, label)
    assert question["text"] == QUESTION
    yes, no = question["buttons"]
    assert (yes["title"], no["title"]) == ("Yes", "No")
    reply = texts(say(stack, sender, yes["payload"]))  # the button: as if typed
    assert "part of the recall" in reply
    state = slots(stack, sender)
    assert (state["model_number"], state["manufacture_date"], state["recall_status"]) == ("A1263", "2018-03", "affected")
    for text in ('/request_return{"remedy": "refund"}', "Jane Smith", "jane@example.com", "skip", "yes"):
        say(stack, sender, text)
    [ticket] = tickets(stack, sender)
    [photo_id] = photo_ids(stack, sender)
    [photo] = ticket["photos"]
    assert (photo["id"], photo["read_model_number"], photo["read_manufacture_date"]) == (photo_id, "A1263", "2018-03")
    # The picture never reaches the tracker: only its id does.
    events = tracker(stack, sender)["events"]
    assert base64.b64encode(label).decode()[1000:1200] not in json.dumps(events)
    assert all("image" not in (e.get("metadata") or {}) for e in events if e.get("event") == "user")


async def test_a_label_photo_over_socketio_and_a_typed_yes(stack, label):
    customer = Customer(stack.rasa_url)
    await customer.connect()
    try:
        await customer.client.emit(
            "user_uttered", {"message": "", "session_id": customer.session_id, "metadata": image_metadata(label)}
        )
        question = await asyncio.wait_for(customer.replies.get(), 60)
        assert question["text"] == QUESTION
        replies = await customer.say("yes", replies=2)
        assert "part of the recall" in replies[0]["text"]
    finally:
        await customer.close()
    # The turn's events are saved when it ends, which may be just after its last reply.
    state = wait_for(lambda: (s := slots(stack, customer.session_id))["recall_status"] and s)
    assert (state["model_number"], state["manufacture_date"], state["recall_status"]) == ("A1263", "2018-03", "affected")
    [photo_id] = photo_ids(stack, customer.session_id)
    with session_scope(stack.database_url) as session:
        row = session.execute(select(Photo).where(Photo.public_id == photo_id)).scalar_one()
        assert (row.channel, row.confirmed) == ("socketio", True)


def test_a_no_gets_the_typed_questions(stack, label):
    sender = new_sender("photo-no")
    send_photo(stack, sender, label)
    reply = texts(say(stack, sender, "no"))
    assert "by hand" in reply and "model number" in reply
    assert slots(stack, sender)["model_number"] is None


def test_a_photo_with_no_label_says_what_to_photograph_then_asks(stack):
    sender = new_sender("photo-blank")
    blank = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 140, 160)).save(blank, "JPEG")
    reply = texts(send_photo(stack, sender, blank.getvalue()))
    assert "couldn't find any writing" in reply and 'starts with "Model"' in reply
    assert "What is the model number" in reply


def test_a_hostile_file_gets_one_clear_answer(stack):
    sender = new_sender("photo-gif")
    replies = send_photo(stack, sender, b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 30)
    assert [r["text"] for r in replies] == [
        "I can't open that picture. Please send a photo of the label as a JPEG, PNG, WebP or HEIC image, under 10 MB."
    ]


def test_a_body_bigger_than_a_photo_is_refused_before_it_is_read(stack):
    sender = new_sender("photo-huge")
    huge = {"sender": sender, "message": "", "metadata": {"image": {"data": "A" * (15 * 1024 * 1024)}}}
    with pytest.raises(urllib.error.HTTPError) as refused:
        _request(f"{stack.rasa_url}/webhooks/rest/webhook", data=huge)
    assert refused.value.code == 413
    big_text = {"sender": sender, "message": "x", "metadata": {"note": "y" * 200_000}}
    with pytest.raises(urllib.error.HTTPError) as refused:
        _request(f"{stack.rasa_url}/webhooks/rest/webhook", data=big_text)
    assert refused.value.code == 413  # over the message limit without a picture


def test_a_fire_photo_goes_to_the_urgent_handoff_at_once(stack, label):
    sender = new_sender("photo-fire")
    reply = texts(send_photo(stack, sender, label, text="it caught fire last night, this is what's left"))
    assert "emergency number" in reply
    [photo_id] = photo_ids(stack, sender)

    def attached() -> bool:
        with session_scope(stack.database_url) as session:
            row = session.execute(select(Photo).where(Photo.public_id == photo_id)).scalar_one()
            return row.handoff_id is not None

    wait_for(attached)
    later = send_photo(stack, sender, label)  # a photo after the report: straight to the handoff
    assert later == []
    second = [p for p in photo_ids(stack, sender) if p != photo_id][0]
    with session_scope(stack.database_url) as session:
        rows = {r.public_id: r.handoff_id for r in session.execute(select(Photo).where(Photo.conversation_id == sender)).scalars()}
    assert rows[second] == rows[photo_id] is not None


def test_a_signed_in_lead_downloads_the_ticket_s_photo(stack, label):
    from bot.web import users

    sender = new_sender("photo-lead")
    send_photo(stack, sender, label)
    [photo_id] = photo_ids(stack, sender)
    with session_scope(stack.database_url) as session:
        lead = users.create_user(session=session, username=f"lead-{sender[:8]}", password="a long password", role="lead")
        _, token = users.start_session(session=session, user=lead)
    request = urllib.request.Request(f"{stack.console_url}/photos/{photo_id}", headers={"Cookie": f"console_session={token}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body, headers = response.read(), response.headers
    assert body.startswith(b"\xff\xd8\xff") and body != label  # the re-encoded bytes, not the customer's
    assert headers["Content-Disposition"].startswith("attachment;") and headers["X-Content-Type-Options"] == "nosniff"
    anonymous = urllib.request.Request(f"{stack.console_url}/photos/{photo_id}", headers={"Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=10)  # noqa: S310
    assert refused.value.code == 401
