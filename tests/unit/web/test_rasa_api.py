"""The Rasa HTTP API client against a small real aiohttp server."""

from __future__ import annotations

import asyncio
import socket

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.web.rasa_api import RasaApiError, RasaClient, is_paused, latest_input_channel, transcript


@pytest_asyncio.fixture
async def server():
    seen: list[dict] = []

    async def tracker(request: web.Request) -> web.Response:
        seen.append({"path": request.path, "query": dict(request.query), "headers": dict(request.headers)})
        if request.match_info["id"] == "slow":
            await asyncio.sleep(2)
        if request.match_info["id"] == "broken":
            return web.Response(status=500, text="ConversationError")
        if request.match_info["id"] == "text":
            return web.Response(text="not json")
        return web.json_response({"sender_id": request.match_info["id"], "events": []})

    async def events(request: web.Request) -> web.Response:
        seen.append({"path": request.path, "query": dict(request.query), "body": await request.json()})
        return web.json_response({"events": []})

    app = web.Application()
    app.router.add_get("/conversations/{id}/tracker", tracker)
    app.router.add_post("/conversations/{id}/tracker/events", events)
    test_server = TestServer(app)
    await test_server.start_server()
    test_server.seen = seen
    yield test_server
    await test_server.close()


def base(server) -> str:
    return str(server.make_url("")).rstrip("/")


@pytest.mark.asyncio
async def test_the_token_goes_in_the_query(server):
    async with RasaClient(base(server), "secret") as client:
        tracker = await client.get_tracker("a/b c")
    assert tracker["sender_id"] == "a/b c"
    (call,) = server.seen
    assert call["query"]["token"] == "secret"
    assert call["query"]["include_events"] == "ALL"
    assert "Authorization" not in call["headers"]
    assert call["path"] == "/conversations/a/b c/tracker"


@pytest.mark.asyncio
async def test_events_for_handoffs(server):
    async with RasaClient(base(server), "secret") as client:
        await client.pause("c1")
        await client.send_agent_message("c1", "Hello", "ana")
        await client.send_agent_message("c1", "Hi", "ana", channel="socketio")
        await client.hand_back("c1")
    bodies = [call["body"] for call in server.seen]
    channels = [call["query"].pop("output_channel") for call in server.seen]
    assert channels == ["collector", "collector", "socketio", "collector"]  # never "latest"
    assert bodies[0] == {"event": "pause"}
    assert bodies[1] == {"event": "bot", "text": "Hello", "metadata": {"agent": "ana"}}
    assert bodies[2]["data"] == {"custom": {"data": {"agent_message": {"agent": "ana", "text": "Hi"}}}}
    assert bodies[3] == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    for call in server.seen:
        assert call["query"] == {
            "execute_side_effects": "true",
            "token": "secret",
        }


@pytest.mark.asyncio
async def test_errors_are_clear(server):
    async with RasaClient(base(server), "secret", timeout=0.5) as client:
        with pytest.raises(RasaApiError, match="answered 500") as error:
            await client.get_tracker("broken")
        assert error.value.status == 500
        with pytest.raises(RasaApiError, match="not JSON"):
            await client.get_tracker("text")
        with pytest.raises(RasaApiError, match="did not answer in time"):
            await client.get_tracker("slow")


@pytest.mark.asyncio
async def test_an_unreachable_server_is_a_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with RasaClient(f"http://127.0.0.1:{port}", "secret", timeout=2) as client:
        with pytest.raises(RasaApiError, match="cannot be reached"):
            await client.pause("c1")


def test_transcript_keeps_messages_only_and_marks_people():
    tracker = {
        "latest_input_channel": "socketio",
        "events": [
            {"event": "action", "name": "action_session_start"},
            {"event": "user", "text": "hi", "timestamp": 1.0, "input_channel": "socketio"},
            {
                "event": "bot",
                "text": "Hello",
                "data": {"quick_replies": [{"title": "Yes", "payload": "/affirm"}]},
            },
            {"event": "user", "text": "/affirm"},
            {"event": "pause"},
            {"event": "bot", "text": "I'm Ana", "metadata": {"agent": "ana"}},
            {"event": "bot", "text": None, "data": {}},
            {"event": "user", "text": None},
            "garbage",
        ],
    }
    assert transcript(tracker) == [
        {"from": "customer", "text": "hi", "timestamp": 1.0},
        {
            "from": "bot",
            "text": "Hello",
            "timestamp": None,
            "buttons": [{"title": "Yes", "payload": "/affirm"}],
        },
        {"from": "customer", "text": "Yes", "timestamp": None, "payload": "/affirm"},
        {"from": "agent", "text": "I'm Ana", "timestamp": None, "agent": "ana"},
    ]
    assert is_paused(tracker)
    assert latest_input_channel(tracker) == "socketio"
    assert latest_input_channel({"events": [{"event": "user", "input_channel": "slack"}]}) == "slack"
    assert not is_paused({"events": [{"event": "pause"}, {"event": "resume"}]})
