"""The cluster through nginx: conversations, fire reports, and a Rasa server killed mid-load.

Customers come from different loopback addresses (127.0.0.x) so that nginx's
consistent hash spreads them over both Rasa servers.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
import socketio
from sqlalchemy import create_engine, text

from tests.e2e.chat import handoffs, new_sender, say, texts, tracker, wait_for
from tests.e2e.test_fire_escalation import assert_safety_answer

pytestmark = pytest.mark.e2e


def via_nginx(cluster: Any) -> SimpleNamespace:
    """What tests/e2e/chat.py needs, pointed at nginx: the public port, and the internal
    one for the Rasa HTTP API (the public port answers 404 there)."""
    return SimpleNamespace(
        rasa_url=cluster.url, rasa_api_url=cluster.config.rasa_api_url, console_url=cluster.url,
        rasa_token=cluster.rasa_token, console_token=cluster.console_token,
    )


def test_the_rasa_http_api_is_not_on_the_public_port(cluster: Any) -> None:
    """Issue 14: conversations and their tokens are served on nginx's internal port only."""
    import urllib.error
    import urllib.request

    sender = new_sender("cluster-api")
    say(via_nginx(cluster), sender, "hello")
    public = f"{cluster.url}/conversations/{sender}/tracker?token={cluster.rasa_token}"
    try:
        urllib.request.urlopen(public, timeout=10)
        raise AssertionError("the Rasa HTTP API answered on the public port")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    assert tracker(via_nginx(cluster), sender)["sender_id"] == sender  # the internal port serves it


def test_recall_check_through_nginx(cluster: Any) -> None:
    public = via_nginx(cluster)
    sender = new_sender("cluster")
    reply = texts(say(public, sender, "is my A1263 from March 2018 recalled?"))
    assert "part of the recall" in reply and "stop using" in reply
    assert tracker(public, sender)["slots"]["recall_status"] == "affected"


def test_fire_report_through_nginx_opens_the_urgent_handoff(cluster: Any) -> None:
    public = via_nginx(cluster)
    sender = new_sender("cluster-fire")
    assert_safety_answer(texts(say(public, sender, "my power bank caught fire last night")))
    handoff = wait_for(lambda: handoffs(public, sender), timeout=20)[0]
    assert (handoff["reason"], handoff["priority"]) == ("fire", "urgent")
    wait_for(lambda: any(b.get("handoff", {}).get("conversation_id") == sender for b in cluster.alerts.bodies))


async def test_fire_report_over_socketio_through_nginx(cluster: Any) -> None:
    public = via_nginx(cluster)
    session_id = new_sender("cluster-sio")
    replies: asyncio.Queue[Any] = asyncio.Queue()
    client = socketio.AsyncClient()
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    await client.connect(cluster.url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.sleep(0.3)
        await client.emit("user_uttered", {"session_id": session_id, "message": "smoke is coming out of my power bank"})
        first = await asyncio.wait_for(replies.get(), 30)
        assert first.get("text")
    finally:
        await client.disconnect()
    handoff = await asyncio.to_thread(wait_for, lambda: handoffs(public, session_id), 20)
    assert handoff[0]["priority"] == "urgent"


async def test_an_agent_message_reaches_a_socket_on_the_other_server(cluster: Any) -> None:
    # The customer's socket is on Rasa server 1; the console's request lands on server 2.
    one, two = cluster.config.rasa_ports
    session_id = new_sender("cluster-agent")
    replies: asyncio.Queue[Any] = asyncio.Queue()
    client = socketio.AsyncClient()
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    await client.connect(f"http://127.0.0.1:{one}", socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.sleep(0.3)
        await client.emit("user_uttered", {"session_id": session_id, "message": "hello"})
        await asyncio.wait_for(replies.get(), 30)
        while not replies.empty():
            replies.get_nowait()
        async with aiohttp.ClientSession() as http:
            url = (
                f"http://127.0.0.1:{two}/conversations/{session_id}/tracker/events"
                f"?output_channel=latest&execute_side_effects=true&token={cluster.rasa_token}"
            )
            async with http.post(url, json={"event": "bot", "text": "Hello, this is Sam from support."}) as reply:
                assert reply.status == 200
        pushed = await asyncio.wait_for(replies.get(), 15)
        assert pushed["text"] == "Hello, this is Sam from support."
    finally:
        await client.disconnect()


@dataclass
class Load:
    sent: int = 0
    replied: dict[str, list[str]] = field(default_factory=dict)
    failed: Counter = field(default_factory=Counter)
    replied_after_kill: int = 0


async def _customer(url: str, address: str, sender: str, load: Load, stop: asyncio.Event, killed: asyncio.Event) -> None:
    connector = aiohttp.TCPConnector(local_addr=(address, 0), force_close=True)
    timeout = aiohttp.ClientTimeout(total=90)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        number = 0
        while not stop.is_set():
            number += 1
            message = f"is my A1263 from March 2018 recalled? ref {sender} {number}"
            load.sent += 1
            try:
                async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}) as reply:
                    body = await reply.text()
                    if reply.status == 200 and isinstance(json.loads(body), list):
                        load.replied.setdefault(sender, []).append(message)
                        load.replied_after_kill += killed.is_set()
                    else:
                        load.failed[reply.status] += 1
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                load.failed[type(error).__name__] += 1
            await asyncio.sleep(0.2)


async def test_killing_a_rasa_server_mid_load_loses_nothing_replied(cluster: Any) -> None:
    load = Load()
    stop, killed = asyncio.Event(), asyncio.Event()
    senders = {f"127.0.0.{10 + n}": new_sender(f"kill{n}") for n in range(12)}
    tasks = [
        asyncio.create_task(_customer(cluster.url, address, sender, load, stop, killed))
        for address, sender in senders.items()
    ]
    await asyncio.sleep(6)
    before = sum(len(v) for v in load.replied.values())
    victim = cluster.stack.services["rasa-1"]
    victim.kill()  # SIGKILL to its process group: kill -9
    killed.set()
    await asyncio.sleep(20)
    stop.set()
    await asyncio.gather(*tasks)
    replied = sum(len(v) for v in load.replied.values())
    print(
        f"\nsent {load.sent}, replied {replied} ({before} before the kill, {load.replied_after_kill} after),"
        f" failed {dict(load.failed)}"
    )
    assert not victim.running()
    assert cluster.stack.services["rasa-2"].running()
    assert load.replied_after_kill >= len(senders)  # the other server keeps serving
    # Every customer got answers after the kill, whichever server they had been on.
    after = {sender for sender, messages in load.replied.items() if messages}
    assert after == set(senders.values())

    engine = create_engine(cluster.database_url, future=True)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id = ANY(:ids)"),
            {"ids": list(senders.values())},
        ).all()
    engine.dispose()
    stored = Counter((sender, json.loads(data).get("text")) for sender, data in rows)
    for sender, messages in load.replied.items():
        for message in messages:
            assert stored[(sender, message)] == 1, f"{message!r} stored {stored[(sender, message)]} times"
