"""The console and the chat page speak about languages.

Agents see the customer's language in the queue and on the handoff page, and may filter
the queue by it; their replies go out exactly as written; the chat history tells the
widget the conversation's language. The app, the database and the Rasa HTTP API
(FakeRasa) are those of tests/unit/web/test_app.py.
"""

from __future__ import annotations

import pytest

from bot.channels.session_secrets import session_secret
from bot.escalation.handoffs import Reason
from bot.i18n.texts import text
from bot.review.models import ReviewConversation
from bot.review.summaries import conversation_key
from tests.unit.web.test_app import (  # noqa: F401  (fixtures)
    add_handoff,
    add_user,
    client,
    csrf_of,
    db,
    rasa,
    settings,
    sign_in,
)

FRENCH_REPLY = "Bonjour ! Je m'appelle Anaïs : éloignez-vous de la batterie, s'il vous plaît."


def summarised(settings, conversation_id: str, language: str | None) -> None:  # noqa: F811
    """The review's summary of a conversation, as the background refresh writes it."""
    with db(settings) as session:
        session.add(
            ReviewConversation(
                conversation_id=conversation_id,
                key=conversation_key(conversation_id),
                first_event_at=1.0,
                last_event_at=2.0,
                start_day="1970-01-01",
                last_event_id=1,
                language=language,
            )
        )


def french_tracker(rasa, conversation_id: str) -> None:  # noqa: F811
    rasa.conversation(conversation_id, ("user", "ma batterie est chaude"), ("bot", "D'accord."))
    rasa.trackers[conversation_id]["events"].append({"event": "slot", "name": "language", "value": "fr"})


@pytest.mark.asyncio
async def test_the_queue_shows_and_filters_the_language(client, settings):  # noqa: F811
    add_user(settings, "ana", "agent")
    add_handoff(settings, "conv-fr", reason=Reason.HUMAN_REQUEST)
    add_handoff(settings, "conv-de", reason=Reason.HUMAN_REQUEST)
    add_handoff(settings, "conv-new", reason=Reason.HUMAN_REQUEST)  # not summarised yet
    add_handoff(settings, "conv-fire-es", reason=Reason.FIRE)
    summarised(settings, "conv-fr", "fr")
    summarised(settings, "conv-de", "de")
    summarised(settings, "conv-fire-es", "es")
    await sign_in(client, "ana")

    every = (await (await client.get("/agent/queue.json")).json())["handoffs"]
    languages = {h["conversation_id"]: h["language"] for h in every}
    assert languages["conv-fr"] == {"code": "fr", "short": "FR", "name": "French"}
    assert languages["conv-new"] is None

    french = (await (await client.get("/agent/queue.json?language=fr")).json())["handoffs"]
    # An urgent report is listed whatever its language: a filter never hides a fire.
    assert {h["conversation_id"] for h in french} == {"conv-fr", "conv-fire-es"}

    page = await (await client.get("/agent?language=fr")).text()
    assert 'title="Language: French"' in page and 'data-language="de"' not in page
    assert '<option value="fr" selected>French</option>' in page


@pytest.mark.asyncio
async def test_the_handoff_page_shows_the_language_and_the_reply_goes_out_as_written(
    client,  # noqa: F811
    settings,  # noqa: F811
    rasa,  # noqa: F811
):
    add_user(settings, "ana", "agent")
    french_tracker(rasa, "conv-fr")
    handoff_id = add_handoff(settings, "conv-fr", reason=Reason.HUMAN_REQUEST)
    await sign_in(client, "ana")
    token = await csrf_of(client)
    await client.post(f"/agent/handoffs/{handoff_id}/claim", data={"csrf_token": token})

    page = await (await client.get(f"/agent/handoffs/{handoff_id}")).text()
    assert '<dd id="handoff-language">French</dd>' in page
    assert "sent exactly as you write it" in page
    data = await (await client.get(f"/agent/handoffs/{handoff_id}/transcript.json")).json()
    assert data["handoff"]["language"]["code"] == "fr"

    sent = await client.post(
        f"/agent/handoffs/{handoff_id}/reply",
        json={"text": FRENCH_REPLY},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert sent.status == 200
    conversation, _, event = rasa.appended[-1]
    assert conversation == "conv-fr"
    assert event["text"] == FRENCH_REPLY  # not translated, not altered
    assert event["data"]["custom"]["data"]["agent_message"]["text"] == FRENCH_REPLY

    back = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        json={"action": "hand_back"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert back.status == 200
    told = [body for _, _, body in rasa.appended if isinstance(body, dict) and body.get("event") == "bot"]
    assert told[-1]["text"] == text("fr", "back_to_bot")
    assert told[-1]["text"].startswith("Vous êtes de nouveau avec l'assistant virtuel")


def test_the_hand_back_message_exists_in_every_language():
    from bot.i18n import SUPPORTED
    from bot.i18n.texts import catalogue

    assert all(catalogue(language).get("back_to_bot") for language in SUPPORTED)


@pytest.mark.asyncio
async def test_the_history_tells_the_widget_the_language(client, rasa, settings):  # noqa: F811
    session_id = "0b7f6a5e-8d1c-4f3a-9b2e-1c2d3e4f5a6b"
    proof = {"session_id": session_id, "session_secret": session_secret(session_id, settings.secret_key)}
    rasa.conversation(session_id, ("user", "A1263"), ("bot", "When was it made?"))
    unset = await (await client.get("/chat/history", params=proof)).json()
    assert "language" not in unset  # the widget keeps the browser's language
    french_tracker(rasa, session_id)
    french = await (await client.get("/chat/history", params=proof)).json()
    assert french["language"] == "fr"


@pytest.mark.asyncio
async def test_the_chat_page_texts_can_follow_the_widget(client):  # noqa: F811
    html = await (await client.get("/")).text()
    assert '<script src="/static/chat-page.js"></script>' in html
    for key in ("skip", "brand", "heading", "lede", "safetyLead", "safetyText"):
        assert f'data-text="{key}"' in html
    script = await (await client.get("/static/chat-page.js")).text()
    for language in ("en", "fr", "es", "de"):
        assert f"    {language}: {{" in script
