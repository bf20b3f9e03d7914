"""Talking to the real Rasa server the way channels do: REST, socket.io, the HTTP API."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
import uuid
from typing import Any


def new_sender(label: str = "e2e") -> str:
    """A fresh conversation id: a random UUIDv4, the only kind REST and socket.io take.

    `label` only says, where a test is read, whose conversation it is.
    """
    return str(uuid.uuid4())


def _request(url: str, *, data: Any = None, method: str | None = None, headers: dict | None = None, timeout: float = 60) -> Any:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method or ("POST" if body else "GET"))
    request.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        raw = response.read()
    return json.loads(raw) if raw else None


def say(stack: Any, sender: str, text: str) -> list[dict[str, Any]]:
    """One customer message over the REST channel; the bot's replies."""
    return _request(f"{stack.rasa_url}/webhooks/rest/webhook", data={"sender": sender, "message": text})


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def tracker(stack: Any, sender: str) -> dict[str, Any]:
    # The Rasa HTTP API: behind nginx it is on the internal port only (`rasa_api_url`).
    api = getattr(stack, "rasa_api_url", None) or stack.rasa_url
    return _request(f"{api}/conversations/{sender}/tracker?token={stack.rasa_token}")


def user_events(stack: Any, sender: str) -> list[dict[str, Any]]:
    """The customer's messages the bot received (the tracker's `user` events)."""
    return [e for e in tracker(stack, sender).get("events") or [] if e.get("event") == "user"]


def slots(stack: Any, sender: str) -> dict[str, Any]:
    return tracker(stack, sender)["slots"]


def console_api(stack: Any, path: str) -> Any:
    return _request(f"{stack.console_url}{path}", headers={"Authorization": f"Bearer {stack.console_token}"})


def wait_for(predicate: Any, timeout: float = 15, interval: float = 0.25) -> Any:
    """Poll until predicate() is truthy; returns its value or raises AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def handoffs(stack: Any, sender: str) -> list[dict[str, Any]]:
    return console_api(stack, f"/api/handoffs?conversation_id={urllib.parse.quote(sender)}")["handoffs"]


def tickets(stack: Any, sender: str) -> list[dict[str, Any]]:
    return console_api(stack, f"/api/tickets?conversation_id={urllib.parse.quote(sender)}")["tickets"]
