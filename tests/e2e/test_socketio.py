"""The socket.io channel with session_persistence, as the website's chat page uses it."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

from tests.e2e.chat import slots, tracker, wait_for

pytestmark = pytest.mark.e2e


class Customer:
    """A socket.io client that speaks Rasa's socket.io protocol."""

    def __init__(self, url: str, session_id: str | None = None) -> None:
        self.url = url
        self.session_id = session_id or str(uuid.uuid4())
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.client.on("bot_uttered", self._on_bot)

    async def _on_bot(self, data):
        await self.replies.put(data)

    async def connect(self) -> None:
        confirmed = asyncio.Event()
        self.client.on("session_confirm", lambda *_: confirmed.set())
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["websocket"])
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), 10)

    async def say(self, text: str, replies: int = 1, timeout: float = 30) -> list[dict]:
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        return [await asyncio.wait_for(self.replies.get(), timeout) for _ in range(replies)]

    async def close(self) -> None:
        await self.client.disconnect()


async def test_recall_check_over_socketio(stack):
    customer = Customer(stack.rasa_url)
    await customer.connect()
    try:
        replies = await customer.say("is my A1263 from March 2018 recalled?", replies=2)
        assert "part of the recall" in replies[0]["text"]
        choices = replies[1].get("quick_replies") or replies[1].get("buttons") or []
        assert sorted(b["title"] for b in choices) == ["Refund", "Replacement"]  # the A1263's remedies
    finally:
        await customer.close()
    # socket.io sends each reply as it is made; the turn's tracker is saved after the last one
    state = wait_for(lambda: (found := slots(stack, customer.session_id))["recall_status"] and found)
    assert (state["model_number"], state["recall_status"]) == ("A1263", "affected")


async def test_conversation_survives_a_reconnect(stack):
    customer = Customer(stack.rasa_url)
    await customer.connect()
    await customer.say("is my A1257 recalled")
    await customer.close()
    again = Customer(stack.rasa_url, session_id=customer.session_id)
    await again.connect()
    try:
        replies = await again.say("made in August 2023", replies=2)
        assert "part of the recall" in replies[0]["text"]
    finally:
        await again.close()


async def test_fire_report_over_socketio_pauses_and_agent_reply_is_pushed(stack):
    from bot.web.rasa_api import RasaClient  # the console's client of the Rasa HTTP API

    customer = Customer(stack.rasa_url)
    await customer.connect()
    try:
        replies = await customer.say("there's smoke coming out of my power bank")
        assert "emergency number" in replies[0]["text"]
        assert wait_for(lambda: tracker(stack, customer.session_id)["paused"]) is True
        async with RasaClient(stack.rasa_url, stack.rasa_token) as api:
            # As the console does: on the handoff's own channel, never "latest".
            await api.send_agent_message(
                customer.session_id, "Hi, I'm Sam from the safety team. Are you safe?", "sam", channel="socketio"
            )
            pushed = await asyncio.wait_for(customer.replies.get(), 10)
            assert "Sam from the safety team" in pushed["text"]
            await api.hand_back(customer.session_id)
        while not customer.replies.empty():
            customer.replies.get_nowait()
        await asyncio.sleep(0.5)
        replies = await customer.say("is my A1263 from March 2018 recalled?", replies=2)
        assert "part of the recall" in replies[0]["text"]
    finally:
        await customer.close()
