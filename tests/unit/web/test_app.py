"""The console app through aiohttp's test client, on a temporary SQLite database.

Nothing in bot/ is mocked. The Rasa HTTP API is a small real aiohttp server
(`FakeRasa`) that serves trackers and records the events the console appends.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.channels.session_secrets import session_secret
from bot.core.db import get_engine, init_db, session_scope
from bot.core.models import Handoff
from bot.core.settings import load_settings
from bot.escalation import handoffs
from bot.escalation.handoffs import HandoffRequest, Reason, UnitContext
from bot.recall import tickets
from bot.recall.tickets import Remedy, ReturnRequest
from bot.web import background, users
from bot.web.app import create_app

RASA_TOKEN = "rasa-test-token"
PASSWORD = "correct password"
CONSOLE_TOKEN = "console-test-token"
SCRIPT = "<script>alert('x')</script>"


class FakeRasa:
    """Serves `GET /conversations/{id}/tracker`, records `POST .../tracker/events`."""

    def __init__(self) -> None:
        self.trackers: dict[str, dict] = {}
        self.appended: list[tuple[str, dict, object]] = []  # (conversation, query, body)
        self.fail = False
        self.app = web.Application()
        self.app.router.add_get("/conversations/{id}/tracker", self.get_tracker)
        self.app.router.add_post("/conversations/{id}/tracker/events", self.append)

    def _check(self, request: web.Request) -> None:
        if self.fail:
            raise web.HTTPInternalServerError(text="boom")
        if request.query.get("token") != RASA_TOKEN:
            raise web.HTTPUnauthorized(text="bad token")

    async def get_tracker(self, request: web.Request) -> web.Response:
        self._check(request)
        conversation_id = request.match_info["id"]
        tracker = self.trackers.get(conversation_id, {"sender_id": conversation_id, "events": []})
        return web.json_response(tracker)

    async def append(self, request: web.Request) -> web.Response:
        self._check(request)
        body = await request.json()
        self.appended.append((request.match_info["id"], dict(request.query), body))
        return web.json_response({"sender_id": request.match_info["id"], "events": []})

    def conversation(self, conversation_id: str, *turns: tuple[str, str], channel: str = "socketio") -> None:
        events: list[dict] = []
        for who, text in turns:
            if who == "user":
                events.append(
                    {"event": "user", "text": text, "timestamp": time.time(), "input_channel": channel}
                )
            else:
                events.append(
                    {"event": "bot", "text": text, "timestamp": time.time(), "data": {}, "metadata": {}}
                )
        self.trackers[conversation_id] = {"sender_id": conversation_id, "events": events}


@pytest_asyncio.fixture
async def rasa():
    fake = FakeRasa()
    server = TestServer(fake.app)
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


@pytest.fixture
def settings(tmp_path, rasa):
    url = f"sqlite:///{tmp_path / 'console.db'}"
    init_db(get_engine(url))
    return load_settings(
        {
            "APP_ENV": "development",
            "DATABASE_URL": url,
            "RASA_URL": rasa.url,
            "RASA_PUBLIC_URL": "https://rasa.example.test",
            "RASA_API_TOKEN": RASA_TOKEN,
            "CONSOLE_API_TOKEN": CONSOLE_TOKEN,
            "CONSOLE_URL": "http://console.test",
        }
    )


@pytest_asyncio.fixture
async def client(settings):
    client = TestClient(TestServer(create_app(settings, run_background=False)))
    await client.start_server()
    yield client
    await client.close()


def db(settings):
    return session_scope(settings.database_url)


def add_user(settings, username, role, password=PASSWORD):
    with db(settings) as session:
        users.create_user(session=session, username=username, password=password, role=role)


def add_handoff(settings, conversation_id, reason=Reason.FIRE, channel="socketio", **extra):
    with db(settings) as session:
        handoff, _ = handoffs.open_handoff(
            session,
            HandoffRequest(
                conversation_id=conversation_id,
                reason=reason,
                channel=channel,
                unit=UnitContext(model_number="A1263", recall_status="affected"),
                customer_message="it caught fire",
                **extra,
            ),
        )
        return handoff.id


def get_handoff(settings, handoff_id):
    with db(settings) as session:
        return session.get(Handoff, handoff_id)


async def sign_in(client, username, password=PASSWORD):
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/agent"},
        allow_redirects=False,
    )
    return response


async def csrf_of(client, path="/agent"):
    page = await client.get(path)
    assert page.status == 200
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', await page.text()).group(1)


def bearer(token=CONSOLE_TOKEN):
    return {"Authorization": f"Bearer {token}"}


def add_ticket(settings, conversation_id="conv-1"):
    with db(settings) as session:
        ticket, _ = tickets.open_ticket(
            session=session,
            request=ReturnRequest(
                conversation_id=conversation_id,
                channel="socketio",
                model_number="A1263",
                manufacture_date="2018-03",
                verdict="affected",
                remedy=Remedy.REFUND,
                customer_name="Ana Example",
                email="ana@example.com",
            ),
        )
        return ticket.public_id


# ---- JSON API ------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers", [{}, bearer("wrong"), {"Authorization": CONSOLE_TOKEN}, {"Authorization": "Basic x"}]
)
async def test_api_refuses_without_the_right_token(client, headers):
    for path in ("/api/tickets?conversation_id=c", "/api/handoffs?conversation_id=c"):
        response = await client.get(path, headers=headers)
        assert response.status == 401
        assert "error" in await response.json()
    response = await client.post(
        "/api/tickets/RT-000001/status", json={"status": "label_sent"}, headers=headers
    )
    assert response.status == 401


@pytest.mark.asyncio
async def test_api_tickets_contract_shape(client, settings):
    public_id = add_ticket(settings, "conv-1")
    add_ticket(settings, "conv-2")
    response = await client.get("/api/tickets?conversation_id=conv-1", headers=bearer())
    assert response.status == 200
    body = await response.json()
    assert list(body) == ["tickets"]
    (ticket,) = body["tickets"]
    assert set(ticket) == {
        "id",
        "conversation_id",
        "model_number",
        "manufacture_date",
        "remedy",
        "status",
        "email",
        "created_at",
        "photos",  # added by issue 17 (docs/INTERFACES.md): the label photos, [] when none
    }
    assert ticket["id"] == public_id and ticket["photos"] == []
    assert ticket["status"] == "open"
    empty = await client.get("/api/tickets?conversation_id=nobody", headers=bearer())
    assert await empty.json() == {"tickets": []}


@pytest.mark.asyncio
async def test_api_handoffs_contract_shape(client, settings):
    add_handoff(settings, "conv-9", reason=Reason.FIRE)
    response = await client.get("/api/handoffs?conversation_id=conv-9", headers=bearer())
    assert response.status == 200
    (handoff,) = (await response.json())["handoffs"]
    assert set(handoff) == {"id", "conversation_id", "reason", "priority", "status", "created_at"}
    assert handoff["reason"] == "fire"
    assert handoff["priority"] == "urgent"
    assert handoff["created_at"].endswith("Z")


@pytest.mark.asyncio
async def test_api_ticket_status_moves_and_refuses(client, settings):
    public_id = add_ticket(settings)
    moved = await client.post(
        f"/api/tickets/{public_id}/status", json={"status": "label_sent"}, headers=bearer()
    )
    assert moved.status == 200
    assert (await moved.json())["ticket"]["status"] == "label_sent"
    refused = await client.post(
        f"/api/tickets/{public_id}/status", json={"status": "refunded"}, headers=bearer()
    )
    assert refused.status == 409
    assert "label_sent" in (await refused.json())["error"]
    missing = await client.post("/api/tickets/RT-999999/status", json={"status": "closed"}, headers=bearer())
    assert missing.status == 404


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"status": "exploded"}', b'{"status": ["open"]}', b"{}", b"\xff\xfe", b"[" * 5_000 + b"]" * 5_000],
)
async def test_api_malformed_input_is_a_400(client, settings, body):
    public_id = add_ticket(settings)
    response = await client.post(
        f"/api/tickets/{public_id}/status",
        data=body,
        headers={**bearer(), "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert "error" in await response.json()


@pytest.mark.asyncio
async def test_api_needs_a_conversation_id(client):
    for path in (
        "/api/tickets",
        "/api/handoffs",
        "/api/tickets?conversation_id=",
        f"/api/handoffs?conversation_id={'x' * 300}",
    ):
        response = await client.get(path, headers=bearer())
        assert response.status == 400, path
        assert "conversation_id" in (await response.json())["error"]


@pytest.mark.asyncio
async def test_api_health_and_unknown_paths(client):
    health = await client.get("/api/health")
    assert health.status == 200
    assert (await health.json())["status"] == "ok"
    missing = await client.get("/api/nothing", headers=bearer())
    assert missing.status == 404
    assert await missing.json() == {"error": "not found"}


@pytest.mark.asyncio
async def test_request_size_is_limited(client, settings):
    public_id = add_ticket(settings)
    response = await client.post(
        f"/api/tickets/{public_id}/status",
        data=b'{"status": "' + b"x" * 200_000 + b'"}',
        headers={**bearer(), "Content-Type": "application/json"},
    )
    assert response.status == 413
    assert "error" in await response.json()


# ---- sign-in, roles, CSRF ------------------------------------------------------------


@pytest.mark.asyncio
async def test_console_pages_need_a_session(client):
    for path in ("/agent", "/review", "/agent/handoffs/1"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"].startswith("/login?next=")
    queue = await client.get("/agent/queue.json")
    assert queue.status == 401


@pytest.mark.asyncio
async def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(client, settings):
    add_user(settings, "ana", "agent")
    wrong = await sign_in(client, "ana", "wrong password")
    assert wrong.status == 401
    assert "Wrong username or password" in await wrong.text()
    response = await sign_in(client, "ana")
    assert response.status == 303
    assert response.headers["Location"] == "/agent"
    cookie = next(v for v in response.headers.getall("Set-Cookie") if v.startswith("console_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert (await client.get("/agent")).status == 200
    token = await csrf_of(client)
    out = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
    assert out.status == 303
    assert (await client.get("/agent", allow_redirects=False)).status == 303


@pytest.mark.asyncio
async def test_sign_in_without_its_csrf_token_is_refused(client, settings):
    add_user(settings, "ana", "agent")
    response = await client.post(
        "/login", data={"username": "ana", "password": "correct password"}, allow_redirects=False
    )
    assert response.status == 403


@pytest.mark.asyncio
async def test_sign_in_is_throttled_after_repeated_failures(client, settings):
    add_user(settings, "ana", "agent")
    for _ in range(5):
        assert (await sign_in(client, "ana", "wrong password")).status == 401
    assert (await sign_in(client, "ana")).status == 429


@pytest.mark.asyncio
async def test_next_never_leaves_the_site(client, settings):
    add_user(settings, "ana", "agent")
    page = await client.get("/login?next=//evil.example/x")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    response = await client.post(
        "/login",
        data={
            "username": "ana",
            "password": "correct password",
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/agent"


@pytest.mark.asyncio
async def test_review_is_for_leads_and_admins(client, settings):
    add_user(settings, "ana", "agent")
    add_user(settings, "lea", "lead")
    await sign_in(client, "ana")
    refused = await client.get("/review")
    assert refused.status == 403
    assert (await client.get("/agent")).status == 200
    client.session.cookie_jar.clear()
    await sign_in(client, "lea")
    allowed = await client.get("/review")
    assert allowed.status == 200
    assert allowed.content_type == "text/html"


@pytest.mark.asyncio
async def test_state_changes_need_the_csrf_token(client, settings, rasa):
    add_user(settings, "ana", "agent")
    handoff_id = add_handoff(settings, "conv-csrf")
    await sign_in(client, "ana")
    no_token = await client.post(f"/agent/handoffs/{handoff_id}/claim", allow_redirects=False)
    assert no_token.status == 403
    wrong = await client.post(
        f"/agent/handoffs/{handoff_id}/claim", data={"csrf_token": "forged"}, allow_redirects=False
    )
    assert wrong.status == 403
    wrong_header = await client.post(
        f"/agent/handoffs/{handoff_id}/reply", json={"text": "hi"}, headers={"X-CSRF-Token": "forged"}
    )
    assert wrong_header.status == 403
    logout = await client.post("/logout", allow_redirects=False)
    assert logout.status == 403
    assert get_handoff(settings, handoff_id).status == "waiting"
    assert rasa.appended == []


# ---- the agents' console ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_queue_lists_urgent_first_with_flags(client, settings):
    add_user(settings, "ana", "agent")
    normal = add_handoff(settings, "conv-a", reason=Reason.HUMAN_REQUEST)
    urgent = add_handoff(settings, "conv-b", reason=Reason.FIRE, injury=True)
    await sign_in(client, "ana")
    response = await client.get("/agent/queue.json")
    items = (await response.json())["handoffs"]
    assert [i["id"] for i in items] == [urgent, normal]
    assert items[0]["priority"] == "urgent"
    assert items[0]["injury"] is True and items[0]["damage"] is False
    assert items[0]["model_number"] == "A1263"
    assert items[0]["recall_status"] == "affected"
    assert items[0]["waiting_seconds"] >= 0
    page = await (await client.get("/agent")).text()
    assert page.index(f'data-id="{urgent}"') < page.index(f'data-id="{normal}"')


@pytest.mark.asyncio
async def test_customer_text_is_escaped_in_the_transcript(client, settings, rasa):
    add_user(settings, "ana", "agent")
    handoff_id = add_handoff(settings, "conv-xss")
    rasa.conversation("conv-xss", ("user", SCRIPT), ("bot", "This is urgent, so safety first."))
    await sign_in(client, "ana")
    html = await (await client.get(f"/agent/handoffs/{handoff_id}")).text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert SCRIPT not in html
    data = await (await client.get(f"/agent/handoffs/{handoff_id}/transcript.json")).json()
    assert data["messages"][0] == {
        "from": "customer",
        "text": SCRIPT,
        "timestamp": data["messages"][0]["timestamp"],
    }


@pytest.mark.asyncio
async def test_claim_reply_and_hand_back(client, settings, rasa):
    add_user(settings, "ana", "agent")
    handoff_id = add_handoff(settings, "conv-1")
    rasa.conversation("conv-1", ("user", "smoke is coming out of it"), ("bot", "Safety first."))
    await sign_in(client, "ana")
    token = await csrf_of(client)

    claimed = await client.post(
        f"/agent/handoffs/{handoff_id}/claim", data={"csrf_token": token}, allow_redirects=False
    )
    assert claimed.status == 303
    assert claimed.headers["Location"] == f"/agent/handoffs/{handoff_id}?notice=claimed"
    assert get_handoff(settings, handoff_id).status == "active"
    assert get_handoff(settings, handoff_id).agent_username == "ana"
    conversation, query, body = rasa.appended[-1]
    assert conversation == "conv-1"
    assert body == {"event": "pause"}
    assert query["output_channel"] == "collector" and query["execute_side_effects"] == "true"  # nothing to send

    replied = await client.post(
        f"/agent/handoffs/{handoff_id}/reply",
        json={"text": "Hi, I'm Ana from the safety team. Is everyone safe?"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert replied.status == 200
    _, query, body = rasa.appended[-1]
    assert body["event"] == "bot"
    assert body["text"].startswith("Hi, I'm Ana")
    assert body["metadata"] == {"agent": "ana"}
    assert body["data"]["custom"]["data"]["agent_message"]["agent"] == "ana"
    # The handoff's own channel, never "latest" (whichever channel last wrote to that id).
    assert query["output_channel"] == "socketio" and query["execute_side_effects"] == "true"

    refused = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        data={"csrf_token": token, "action": "hand_back"},
        allow_redirects=False,
    )
    assert refused.headers["Location"].endswith("notice=needs_outcome")
    assert get_handoff(settings, handoff_id).status == "active"

    count = len(rasa.appended)
    back = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        data={
            "csrf_token": token,
            "action": "hand_back",
            "injury": "no",
            "damage": "yes",
            "note": "sofa scorched",
        },
        allow_redirects=False,
    )
    assert back.headers["Location"] == "/agent?notice=handed_back"
    message, resume = (body for _, _, body in rasa.appended[count:])
    assert message["event"] == "bot" and message["text"].startswith("You're back with the virtual assistant")
    assert resume == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    handoff = get_handoff(settings, handoff_id)
    assert handoff.status == "returned"
    assert handoff.outcome_injury is False and handoff.outcome_damage is True
    assert handoff.outcome_note == "sofa scorched"


@pytest.mark.asyncio
async def test_close_needs_a_note_and_resumes_the_bot(client, settings, rasa):
    add_user(settings, "ana", "agent")
    handoff_id = add_handoff(settings, "conv-2", reason=Reason.HUMAN_REQUEST, channel="telegram")
    await sign_in(client, "ana")
    token = await csrf_of(client)
    await client.post(f"/agent/handoffs/{handoff_id}/claim", data={"csrf_token": token})
    await client.post(f"/agent/handoffs/{handoff_id}/reply", data={"csrf_token": token, "text": "Hello!"})
    _, _, body = rasa.appended[-1]
    assert "data" not in body  # other channels get the text only
    no_note = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        json={"action": "close"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert no_note.status == 400
    assert "note" in (await no_note.json())["error"]
    closed = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        json={"action": "close", "note": "Customer wanted the refund address."},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert closed.status == 200
    assert rasa.appended[-1][2] == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    assert get_handoff(settings, handoff_id).status == "closed"


@pytest.mark.asyncio
async def test_only_the_claiming_agent_replies_and_a_taken_handoff_cannot_be_claimed(client, settings, rasa):
    add_user(settings, "ana", "agent")
    add_user(settings, "bob", "agent")
    handoff_id = add_handoff(settings, "conv-3")
    with db(settings) as session:
        handoffs.claim(session=session, handoff_id=handoff_id, agent="bob")
    await sign_in(client, "ana")
    token = await csrf_of(client)
    taken = await client.post(
        f"/agent/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": token, "Accept": "application/json"}
    )
    assert taken.status == 409
    reply = await client.post(
        f"/agent/handoffs/{handoff_id}/reply",
        json={"text": "hello"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert reply.status == 409
    assert rasa.appended == []
    missing = await client.get("/agent/handoffs/999")
    assert missing.status == 404


@pytest.mark.asyncio
async def test_rasa_down_is_an_error_the_agent_sees(client, settings, rasa):
    add_user(settings, "ana", "agent")
    handoff_id = add_handoff(settings, "conv-4")
    await sign_in(client, "ana")
    token = await csrf_of(client)
    await client.post(f"/agent/handoffs/{handoff_id}/claim", data={"csrf_token": token})
    rasa.fail = True
    reply = await client.post(
        f"/agent/handoffs/{handoff_id}/reply",
        json={"text": "hello"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert reply.status == 502
    back = await client.post(
        f"/agent/handoffs/{handoff_id}/finish",
        data={"csrf_token": token, "injury": "no", "damage": "no"},
        allow_redirects=False,
    )
    assert back.headers["Location"].endswith("notice=rasa_down")
    assert get_handoff(settings, handoff_id).status == "active"  # not ended while the bot is still paused
    page = await client.get(f"/agent/handoffs/{handoff_id}")
    assert page.status == 200
    assert "The transcript cannot be loaded" in await page.text()


# ---- the customer chat page -------------------------------------------------------------


@pytest.mark.asyncio
async def test_chat_page_uses_no_outside_hosts(client):
    response = await client.get("/")
    assert response.status == 200
    html = await response.text()
    assert 'data-rasa-url="https://rasa.example.test"' in html
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith(("/", "#")), src
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "connect-src 'self' https://rasa.example.test wss://rasa.example.test" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    widget = await client.get("/static/widget.js")
    assert widget.status == 200
    vendor = await client.get("/static/vendor/socket.io.min.js")
    assert vendor.status == 200


@pytest.mark.asyncio
async def test_console_pages_refuse_frames(client, settings):
    add_user(settings, "ana", "agent")
    await sign_in(client, "ana")
    response = await client.get("/agent")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.asyncio
async def test_chat_history_returns_texts_only(client, rasa, settings):
    session_id = str(uuid.uuid4())
    rasa.trackers[session_id] = {
        "sender_id": session_id,
        "events": [
            {"event": "action", "name": "action_session_start"},
            {
                "event": "bot",
                "text": "Pick one",
                "data": {"buttons": [{"title": "Refund", "payload": "/inform"}]},
                "metadata": {},
            },
            {
                "event": "user",
                "text": "/inform",
                "input_channel": "socketio",
                "parse_data": {"intent": {"name": "inform"}},
            },
            {"event": "slot", "name": "email", "value": "ana@example.com"},
            {"event": "user", "text": SCRIPT, "input_channel": "socketio"},
            {"event": "bot", "text": "I'm Ana.", "metadata": {"agent": "ana"}},
        ],
    }
    proof = {"session_id": session_id, "session_secret": session_secret(session_id, settings.secret_key)}
    response = await client.get("/chat/history", params=proof)
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert await response.json() == {
        "messages": [
            {"from": "bot", "text": "Pick one", "buttons": [{"title": "Refund", "payload": "/inform"}]},
            {"from": "customer", "text": "Refund"},
            {"from": "customer", "text": SCRIPT},
            {"from": "agent", "text": "I'm Ana."},
        ]
    }


@pytest.mark.asyncio
async def test_chat_history_serves_only_widget_conversations(client, rasa, settings):
    for bad in ("", "abc", "+15551234567", str(uuid.uuid4()).upper(), "../../x"):
        response = await client.get("/chat/history", params={"session_id": bad})
        assert response.status == 400, bad
    session_id = str(uuid.uuid4())
    rasa.conversation(session_id, ("user", "hello"), channel="twilio")
    proof = {"session_id": session_id, "session_secret": session_secret(session_id, settings.secret_key)}
    response = await client.get("/chat/history", params=proof)
    assert await response.json() == {"messages": []}
    rasa.fail = True
    response = await client.get("/chat/history", params=proof)
    assert response.status == 502


@pytest.mark.asyncio
async def test_chat_history_needs_the_session_secret(client, rasa, settings):
    # Attack: someone who saw a customer's session id (a screenshot, a log) reads the transcript.
    session_id = str(uuid.uuid4())
    rasa.conversation(session_id, ("user", "my address is 1 High Street"), channel="socketio")
    for shown in ({}, {"session_secret": ""}, {"session_secret": "0" * 32},
                  {"session_secret": session_secret(str(uuid.uuid4()), settings.secret_key)}):
        response = await client.get("/chat/history", params={"session_id": session_id, **shown})
        assert response.status == 403, shown
        assert "High Street" not in await response.text()


# ---- the background safety net -----------------------------------------------------------


def test_background_tick_retries_failed_alerts(settings):
    handoff_id = add_handoff(settings, "conv-alert")
    with db(settings) as session:
        session.get(Handoff, handoff_id).alert_status = "failed"
    state = background.RetryState()
    background.tick(settings, state)  # no webhook configured: "not_configured", not retried again
    assert get_handoff(settings, handoff_id).alert_status == "not_configured"
    assert state.next_try == {}


def test_retry_waits_longer_after_each_failure(settings):
    import datetime as dt

    state = background.RetryState()
    now = dt.datetime(2024, 1, 1)
    state.failed(1, now)
    assert state.next_try[1] == now + dt.timedelta(seconds=2)
    state.failed(1, now)
    assert state.next_try[1] == now + dt.timedelta(seconds=4)
    for _ in range(20):
        state.failed(1, now)
    assert state.next_try[1] == now + background.LONGEST_RETRY
    assert not state.due(1, now)
    assert state.due(2, now)


@pytest.mark.asyncio
async def test_background_loop_runs_with_the_app(settings):
    app = create_app(settings)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        from bot.web.keys import BACKGROUND

        task = app[BACKGROUND]
        assert not task.done()
    finally:
        await client.close()
    assert task.cancelled() or task.done()
    with db(settings) as session:
        assert session.execute(select(Handoff)).scalars().all() == []


@pytest.mark.asyncio
async def test_agents_read_only_the_queue_and_their_own_handoffs(client, settings, rasa):
    """Issue 14: an agent cannot read another agent's customer; ended ones are masked; every view is logged."""
    from sqlalchemy import select

    from bot.core.models import TranscriptView

    add_user(settings, "ana", "agent")
    add_user(settings, "bob", "agent")
    add_user(settings, "lea", "lead")
    waiting = add_handoff(settings, "conv-open")
    bobs = add_handoff(settings, "conv-bob")
    with db(settings) as session:
        handoffs.claim(session=session, handoff_id=bobs, agent="bob")
    rasa.conversation("conv-bob", ("user", "I'm Jane Roe, jane.roe@example.com, 12 High Street"))
    rasa.conversation("conv-open", ("user", "my A1263 is smoking"))
    await sign_in(client, "ana")
    assert (await client.get(f"/agent/handoffs/{waiting}/transcript.json")).status == 200
    assert (await client.get(f"/agent/handoffs/{bobs}/transcript.json")).status == 403
    assert (await client.get(f"/agent/handoffs/{bobs}")).status == 403

    with db(settings) as session:
        handoffs.finish(session=session, handoff_id=bobs, agent="bob", hand_back=False, injury=False, damage=False)
    await client.post("/logout", data={"csrf_token": await csrf_of(client)})
    await sign_in(client, "bob")
    ended = await (await client.get(f"/agent/handoffs/{bobs}/transcript.json")).json()
    assert "jane.roe@example.com" not in ended["messages"][0]["text"]
    await client.post("/logout", data={"csrf_token": await csrf_of(client)})
    await sign_in(client, "lea")
    lead_view = await (await client.get(f"/agent/handoffs/{bobs}/transcript.json")).json()
    assert "jane.roe@example.com" in lead_view["messages"][0]["text"]
    with db(settings) as session:
        views = session.execute(select(TranscriptView.username, TranscriptView.handoff_id, TranscriptView.masked)).all()
    assert ("ana", waiting, False) in views and ("bob", bobs, True) in views and ("lea", bobs, False) in views
    assert ("ana", bobs, False) not in views  # refused, so never shown


@pytest.mark.asyncio
async def test_hsts_only_when_served_over_https(settings):
    import dataclasses

    plain = TestClient(TestServer(create_app(settings, run_background=False)))
    secure = TestClient(TestServer(create_app(dataclasses.replace(settings, console_url="https://console.example"),
                                              run_background=False)))
    for client in (plain, secure):
        await client.start_server()
    try:
        assert "Strict-Transport-Security" not in (await plain.get("/")).headers
        assert (await secure.get("/")).headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        await plain.close()
        await secure.close()
