"""The console's photo endpoint, the tickets API's photos, and the photos on the agents' page.

The app, the database, the photo store and the Rasa HTTP API (a small real server, FakeRasa)
are those of tests/unit/web/test_app.py; only PHOTO_DIR is the test's own.
"""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.core.db import get_engine, init_db
from bot.core.models import PhotoView
from bot.core.settings import load_settings
from bot.photos.records import record_photo
from bot.photos.storage import store_for
from bot.understanding.label_photo import sanitise_image
from tests.unit.web.test_app import (  # noqa: F401  (fixtures)
    CONSOLE_TOKEN,
    PASSWORD,
    RASA_TOKEN,
    add_handoff,
    add_ticket,
    add_user,
    bearer,
    client,
    db,
    rasa,
    sign_in,
)


@pytest.fixture
def settings(tmp_path, rasa):  # noqa: F811
    url = f"sqlite:///{tmp_path / 'console.db'}"
    init_db(get_engine(url))
    return load_settings(
        {
            "APP_ENV": "development",
            "DATABASE_URL": url,
            "RASA_URL": rasa.url,
            "RASA_API_TOKEN": RASA_TOKEN,
            "CONSOLE_API_TOKEN": CONSOLE_TOKEN,
            "CONSOLE_URL": "http://console.test",
            "PHOTO_DIR": str(tmp_path / "photos"),
        }
    )


def add_photo(settings, conversation_id: str) -> tuple[str, bytes]:
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(picture, "JPEG", comment=b"customer's own bytes")
    clean, content_type = sanitise_image(picture.getvalue())
    with db(settings) as session:
        photo = record_photo(
            session=session, store=store_for(settings), conversation_id=conversation_id, channel="socketio",
            data=clean, content_type=content_type,
        )
        return photo.public_id, clean


def views(settings) -> int:
    with db(settings) as session:
        return session.execute(select(func.count(PhotoView.id))).scalar_one()


@pytest.mark.asyncio
async def test_leads_download_the_stored_bytes_as_an_attachment_and_it_is_logged(client, settings) -> None:  # noqa: F811
    photo_id, clean = add_photo(settings, "conv-p")
    add_user(settings, "lee", "lead")
    await sign_in(client, "lee")
    response = await client.get(f"/photos/{photo_id}")
    assert response.status == 200 and await response.read() == clean
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == f'attachment; filename="photo-{photo_id}.jpg"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert views(settings) == 1
    await client.get(f"/photos/{photo_id}")  # the agents' page fetches it again as messages arrive
    assert views(settings) == 1
    with db(settings) as session:
        view = session.execute(select(PhotoView)).scalar_one()
        assert (view.photo_id, view.conversation_id, view.username, view.role) == (photo_id, "conv-p", "lee", "lead")


@pytest.mark.asyncio
async def test_nobody_signed_out_and_no_agent_off_the_case_gets_a_photo(client, settings) -> None:  # noqa: F811
    photo_id, _ = add_photo(settings, "conv-q")
    anonymous = await client.get(f"/photos/{photo_id}", allow_redirects=False)
    assert anonymous.status == 303 and anonymous.headers["Location"].startswith("/login")
    assert (await client.get(f"/photos/{photo_id}", headers={**bearer(), "Accept": "application/json"})).status == 401
    add_user(settings, "ana", "agent")
    await sign_in(client, "ana")
    assert (await client.get(f"/photos/{photo_id}")).status == 403  # no handoff: not ana's business
    add_handoff(settings, "conv-q")  # waiting in the queue: any agent may look
    assert (await client.get(f"/photos/{photo_id}")).status == 200
    assert (await client.get("/photos/not-a-photo-id-at-all")).status == 404
    assert (await client.get("/photos/..%2F..%2Fetc%2Fpasswd")).status == 404
    assert views(settings) == 1


@pytest.mark.asyncio
async def test_the_tickets_api_lists_the_ticket_s_photos(client, settings) -> None:  # noqa: F811
    photo_id, _ = add_photo(settings, "conv-t")
    ticket_id = add_ticket(settings, "conv-t")
    body = await (await client.get("/api/tickets?conversation_id=conv-t", headers=bearer())).json()
    [ticket] = body["tickets"]
    assert ticket["id"] == ticket_id
    [photo] = ticket["photos"]
    assert photo["id"] == photo_id and photo["content_type"] == "image/jpeg"
    assert set(photo) == {
        "id", "content_type", "width", "height", "read_model_number", "read_manufacture_date", "confirmed", "created_at"
    }


@pytest.mark.asyncio
async def test_the_agent_sees_the_photo_in_the_transcript(client, settings, rasa) -> None:  # noqa: F811
    photo_id, _ = add_photo(settings, "conv-f")
    handoff_id = add_handoff(settings, "conv-f")
    rasa.trackers["conv-f"] = {
        "sender_id": "conv-f",
        "events": [
            {"event": "user", "text": "it burnt", "timestamp": time.time(), "metadata": {"photo": {"id": photo_id}}},
            {"event": "user", "text": "", "timestamp": time.time(), "metadata": {"photo": {"error": "unsupported_type"}}},
        ],
    }
    add_user(settings, "ana", "agent")
    await sign_in(client, "ana")
    html = await (await client.get(f"/agent/handoffs/{handoff_id}")).text()
    assert f'<img src="/photos/{photo_id}"' in html and "refused (unsupported type)" in html
    data = await (await client.get(f"/agent/handoffs/{handoff_id}/transcript.json")).json()
    assert [m.get("photo") for m in data["messages"]] == [{"id": photo_id}, {"error": "unsupported_type"}]
