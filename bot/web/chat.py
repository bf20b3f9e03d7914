"""The customer chat page (`/`) and the widget's history (`/chat/history`)."""

from __future__ import annotations

import re

from aiohttp import web

from bot.channels.session_secrets import proves_session
from bot.review.languages import language_of_tracker
from bot.web.common import json_error, render
from bot.web.keys import RASA, SETTINGS
from bot.web.rasa_api import SOCKETIO_CHANNEL, RasaApiError, transcript

# The widget's session ids come from crypto.randomUUID(): 122 random bits. Only ids
# of that form are served, so a guessable sender id (a phone number on Twilio, a
# Slack user id) can never be read through this endpoint.
SESSION_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", chat_page, name="chat")
    app.router.add_get("/chat/history", history, name="chat_history")


async def chat_page(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    return render(
        request,
        "chat.html",
        title="Power bank recall: check your unit",
        rasa_url=settings.rasa_public_url,
        max_chars=settings.max_message_chars,
    )


def _is_socketio_conversation(tracker: dict) -> bool:
    """Whether every message the customer sent came through the socket.io channel."""
    channels = {
        event.get("input_channel")
        for event in tracker.get("events") or []
        if isinstance(event, dict) and event.get("event") == "user"
    }
    return channels <= {SOCKETIO_CHANNEL}


async def history(request: web.Request) -> web.StreamResponse:
    """The conversation so far, for the widget after a reload: texts and choices only.

    With `language`, the conversation's language (bot.review.languages), for the
    widget's own texts; absent while the conversation has not set one.

    The widget shows the session id and the secret the socket.io channel gave it with
    the session (bot.channels.session_secrets): the id alone (seen in a screenshot, a log) reads
    nothing.
    """
    session_id = request.query.get("session_id", "").strip()
    if not SESSION_ID_RE.match(session_id):
        raise json_error(400, "session_id must be the widget's random id (a UUID)")
    if not proves_session(session_id, request.query.get("session_secret"), request.app[SETTINGS].secret_key):
        raise json_error(403, "session_secret does not match this session")
    try:
        tracker = await request.app[RASA].get_tracker(session_id)
    except RasaApiError:
        raise json_error(502, "the conversation cannot be loaded right now") from None
    if not _is_socketio_conversation(tracker):
        return web.json_response({"messages": []})
    body: dict = {"messages": messages_of(tracker)}
    language = language_of_tracker(tracker)
    if language:
        body["language"] = language
    return web.json_response(body)


def messages_of(tracker: dict) -> list[dict]:
    """The widget's history: who said what, and the choices offered."""
    messages = []
    for item in transcript(tracker):
        message = {"from": item["from"], "text": item["text"]}
        if item.get("buttons"):
            message["buttons"] = item["buttons"]
        messages.append(message)
    return messages
