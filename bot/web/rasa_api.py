"""A small async client of the Rasa HTTP API (what the console needs for handoffs).

The token goes in the `?token=` query parameter: Rasa 3.6 refuses it in an
`Authorization` header. Every call has a timeout and raises `RasaApiError` with a
sentence an agent can act on.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

DEFAULT_TIMEOUT_SECONDS = 10.0
HAND_BACK_EVENTS = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
SOCKETIO_CHANNEL = "socketio"
NO_OUTPUT_CHANNEL = "collector"  # no input channel has this name: Rasa sends nothing


class RasaApiError(RuntimeError):
    """The Rasa server could not be reached or refused the request."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RasaClient:
    """Client of one Rasa server's HTTP API.

    Use it as an async context manager, or call `close()` when done; a client
    made without a session opens its own on first use.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> RasaClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    def _url(self, conversation_id: str, suffix: str) -> str:
        # Rasa's server does not decode %2B/%3A in the path: phone-number ids
        # (`+1555...`, `whatsapp:+1...`) must keep `+` and `:` as they are.
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='+:@')}/{suffix}"

    async def _request(self, method: str, url: str, *, params: dict[str, str], json: Any = None) -> Any:
        query = {**params, "token": self._token}
        try:
            async with self._http().request(
                method, url, params=query, json=json, timeout=self._timeout
            ) as response:
                if response.status >= 400:
                    detail = (await response.text())[:300]
                    raise RasaApiError(
                        f"the Rasa server answered {response.status} to {method} "
                        f"{url.replace(self.base_url, '')}: {detail}",
                        status=response.status,
                    )
                return await response.json(content_type=None)
        except asyncio.TimeoutError as error:
            raise RasaApiError(f"the Rasa server at {self.base_url} did not answer in time") from error
        except aiohttp.ClientError as error:
            raise RasaApiError(f"the Rasa server at {self.base_url} cannot be reached: {error}") from error
        except ValueError as error:  # a body that is not JSON
            raise RasaApiError(f"the Rasa server sent a reply that is not JSON: {error}") from error

    async def get_tracker(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's tracker with all its events (`include_events=ALL`)."""
        tracker = await self._request(
            "GET", self._url(conversation_id, "tracker"), params={"include_events": "ALL"}
        )
        if not isinstance(tracker, dict):
            raise RasaApiError("the Rasa server sent a tracker that is not a JSON object")
        return tracker

    async def append_events(
        self,
        conversation_id: str,
        events: list[dict[str, Any]] | dict[str, Any],
        *,
        channel: str | None = None,
    ) -> dict[str, Any]:
        """Append events; bot messages among them are sent on `channel`, the handoff's own.

        Never `output_channel=latest`: a message must go to the channel the handoff was
        opened on, not to whichever channel last wrote to that id. Without a channel
        nothing is sent (Rasa's collector).
        """
        return await self._request(
            "POST",
            self._url(conversation_id, "tracker/events"),
            params={"output_channel": channel or NO_OUTPUT_CHANNEL, "execute_side_effects": "true"},
            json=events,
        )

    async def send_bot_message(
        self,
        conversation_id: str,
        text: str,
        *,
        metadata: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        channel: str | None = None,
    ) -> dict[str, Any]:
        """Send a message as the assistant on `channel` (socket.io and messaging customers)."""
        event: dict[str, Any] = {"event": "bot", "text": text, "metadata": metadata or {}}
        if data:
            event["data"] = data
        return await self.append_events(conversation_id, event, channel=channel)

    async def send_agent_message(
        self, conversation_id: str, text: str, agent: str, *, channel: str | None = None
    ) -> dict[str, Any]:
        """Send a human agent's message (marked with `metadata.agent`).

        Rasa's socket.io output sends only the text of a bot message, so for a
        socket.io conversation (`channel="socketio"`) the event also carries a
        `custom` part: Rasa emits it right after the text as a second
        `bot_uttered` `{"agent_message": {"agent", "text"}}`, which the chat widget
        uses to mark the message as from a person. Other channels get text only
        (their `send_custom_json` would fail or show raw JSON).
        """
        data = None
        if channel == SOCKETIO_CHANNEL:
            data = {"custom": {"data": {"agent_message": {"agent": agent, "text": text}}}}
        return await self.send_bot_message(
            conversation_id, text, metadata={"agent": agent}, data=data, channel=channel
        )

    async def pause(self, conversation_id: str) -> dict[str, Any]:
        """Stop the bot answering on its own."""
        return await self.append_events(conversation_id, {"event": "pause"})

    async def hand_back(self, conversation_id: str) -> dict[str, Any]:
        """Resume the bot (a bare resume leaves rules misfiring, hence `action_listen`)."""
        return await self.append_events(conversation_id, list(HAND_BACK_EVENTS))


def latest_input_channel(tracker: dict[str, Any]) -> str | None:
    """The channel of the conversation's last user message (`latest_input_channel`)."""
    channel = tracker.get("latest_input_channel")
    if channel:
        return str(channel)
    for event in reversed(tracker.get("events") or []):
        if isinstance(event, dict) and event.get("event") == "user" and event.get("input_channel"):
            return str(event["input_channel"])
    return None


def is_paused(tracker: dict[str, Any]) -> bool:
    """Whether the bot is paused: the last pause/resume event was a pause."""
    for event in reversed(tracker.get("events") or []):
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "pause":
            return True
        if kind == "resume":
            return False
    return bool(tracker.get("paused"))


def photo_of(event: dict[str, Any]) -> dict[str, str]:
    """The photo a user event came with (bot.photos.intake): {"id"} or {"error"}, else {}."""
    metadata = event.get("metadata")
    photo = metadata.get("photo") if isinstance(metadata, dict) else None
    if not isinstance(photo, dict):
        return {}
    return {k: str(photo[k])[:32] for k in ("id", "error") if isinstance(photo.get(k), str)}


def transcript(tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """The customer's and the bot's messages, in order; a person's messages marked.

    Each item: `{"from": "customer" | "bot" | "agent", "text", "timestamp"}`, plus
    `"agent"` (the agent's username) for a person's message, `"buttons"`
    (`[{"title", "payload"}]`) when the bot offered choices, and `"photo"` (`{"id"}`, or
    `{"error"}` for a refused file) when the customer sent a picture.
    """
    messages: list[dict[str, Any]] = []
    offered: dict[str, str] = {}  # payload -> title of the choices last offered
    for event in tracker.get("events") or []:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        text = event.get("text")
        if kind == "user":
            if text is None:
                continue
            said: dict[str, Any] = {
                "from": "customer",
                "text": str(text),
                "timestamp": event.get("timestamp"),
            }
            if str(text) in offered:  # a clicked choice reads as its title
                said["text"] = offered[str(text)]
                said["payload"] = str(text)
            photo = photo_of(event)
            if photo:
                said["photo"] = photo
            messages.append(said)
        elif kind == "bot":
            metadata = event.get("metadata") or {}
            data = event.get("data") or {}
            buttons = data.get("buttons") or data.get("quick_replies") or []
            if not text and not buttons:
                continue
            item: dict[str, Any] = {
                "from": "bot",
                "text": str(text or ""),
                "timestamp": event.get("timestamp"),
            }
            agent = metadata.get("agent") if isinstance(metadata, dict) else None
            if agent:
                item["from"] = "agent"
                item["agent"] = str(agent)
            choices = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in buttons
                if isinstance(b, dict)
            ]
            if choices:
                item["buttons"] = choices
                offered = {c["payload"]: c["title"] for c in choices}
            messages.append(item)
    return messages
