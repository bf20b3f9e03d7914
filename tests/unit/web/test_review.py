"""The review pages through aiohttp's test client: who may see what, CSRF, escaping, reveals."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.core.db import get_engine, init_db, session_scope
from bot.core.models import ConsoleUser
from bot.core.settings import load_settings
from bot.escalation import handoffs
from bot.escalation.handoffs import HandoffRequest, Reason
from bot.recall import tickets
from bot.recall.tickets import Remedy, ReturnRequest
from bot.review.models import ReviewReveal
from bot.review.summaries import conversation_key
from bot.web import users
from bot.web.app import create_app
from tests.fakes.rasa_events import TrackerStore, create_events_table

PASSWORD = "correct password"
SCRIPT = "<script>alert('x')</script>"
NOW = time.time()
KEY = conversation_key("c-return")


@pytest.fixture
def settings(database_url):
    engine = get_engine(database_url)
    init_db(engine)
    create_events_table(engine)
    store = TrackerStore(engine)
    c = store.conversation
    store.add(
        c("c-return", at=NOW - 5000)
        .start()
        .check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
        .return_form(),
        c("c-script", at=NOW - 4000).start().fallback(SCRIPT),
        c("telegram:c-fire", at=NOW - 3000, channel="telegram").start().fire(),
    ).flush()
    with session_scope(database_url) as session:
        for name, role in (("agnes", "agent"), ("lena", "lead"), ("adam", "admin")):
            # Few hash iterations: sign-ins in these tests need not be slow.
            session.add(
                ConsoleUser(
                    username=name, role=role, password_hash=users.hash_password(PASSWORD)
                )
            )
        tickets.open_ticket(
            session=session,
            request=ReturnRequest(
                conversation_id="c-return",
                channel="socketio",
                model_number="A1263",
                manufacture_date="2018-03",
                verdict="affected",
                remedy=Remedy.REPLACEMENT,
                customer_name="Jane Smith",
                email="jane.smith@example.com",
                street="12 High Street",
                city="Leeds",
                postcode="LS1 4AB",
                country="United Kingdom",
            ),
        )
        handoffs.open_handoff(
            session, HandoffRequest(conversation_id="telegram:c-fire", reason=Reason.FIRE, channel="telegram")
        )
    yield load_settings(
        {
            "APP_ENV": "development",
            "DATABASE_URL": database_url,
            "RASA_URL": "http://127.0.0.1:9",
            "CONSOLE_URL": "http://console.test",
        }
    )
    get_engine(database_url).dispose()


@pytest_asyncio.fixture
async def client(settings):
    client = TestClient(TestServer(create_app(settings, run_background=False)))
    await client.start_server()
    yield client
    await client.close()


async def sign_in(client: TestClient, username: str) -> str:
    """Signs in and returns the session's CSRF token."""
    client.session.cookie_jar.clear()
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/agent"},
        allow_redirects=False,
    )
    assert response.status == 303
    page = await client.get("/agent")
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', await page.text()).group(1)


PAGES = [
    "/review",
    "/review?verdict=affected&outcome=ticket",
    "/review/dashboard",
    "/review/flags",
    "/review/flags.yml",
    "/review/export.csv",
    "/review/export.jsonl",
    f"/review/conversations/{KEY}",
    f"/review/conversations/{KEY}/story.yml",
]
POSTS = [
    (f"/review/conversations/{KEY}/marks", {"reviewed": "yes", "tags": "x", "notes": ""}),
    (f"/review/conversations/{KEY}/reveal", {}),
    (f"/review/conversations/{KEY}/flags", {"event_id": "1", "intent": "greet", "example": "hi"}),
]


@pytest.mark.asyncio
async def test_without_a_session_pages_send_you_to_sign_in(client):
    for path in [*PAGES, "/review/reveals"]:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/login?next=/review"), path
    for path, data in POSTS:
        response = await client.post(path, data=data, allow_redirects=False)
        assert response.status == 303, path


@pytest.mark.asyncio
async def test_agents_may_not_review(client):
    csrf = await sign_in(client, "agnes")
    for path in [*PAGES, "/review/reveals"]:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 403, path
    for path, data in POSTS:
        response = await client.post(path, data={**data, "csrf_token": csrf}, allow_redirects=False)
        assert response.status == 403, path


@pytest.mark.asyncio
@pytest.mark.parametrize("username", ["lena", "adam"])
async def test_leads_and_admins_may(client, username):
    await sign_in(client, username)
    for path in PAGES:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-store"
    log = await client.get("/review/reveals", allow_redirects=False)
    assert log.status == (200 if username == "adam" else 403)


@pytest.mark.asyncio
async def test_state_changes_need_the_csrf_token(client, settings):
    csrf = await sign_in(client, "lena")
    for path, data in POSTS:
        refused = await client.post(path, data=data, allow_redirects=False)
        assert refused.status == 403, path
        wrong = await client.post(path, data={**data, "csrf_token": "nope"}, allow_redirects=False)
        assert wrong.status == 403, path
    with session_scope(settings.database_url) as session:
        assert session.execute(select(func.count()).select_from(ReviewReveal)).scalar() == 0
    accepted = await client.post(POSTS[0][0], data={**POSTS[0][1], "csrf_token": csrf}, allow_redirects=False)
    assert accepted.status == 303


@pytest.mark.asyncio
async def test_a_script_typed_by_a_customer_is_shown_as_text(client):
    await sign_in(client, "lena")
    pages = ["/review", f"/review/conversations/{conversation_key('c-script')}", "/review/dashboard"]
    for path in pages:
        html = await (await client.get(path)).text()
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(" in html, path


@pytest.mark.asyncio
async def test_the_list_filters_and_refreshes_on_each_request(client, settings):
    await sign_in(client, "lena")
    html = await (await client.get("/review?outcome=fire")).text()
    assert conversation_key("telegram:c-fire") in html and KEY not in html
    assert re.search(r"<strong>1</strong> conversation match", html)
    TrackerStore(get_engine(settings.database_url)).add(
        TrackerStore(get_engine(settings.database_url)).conversation("c-new", at=NOW).start().fire("smoke!!")
    ).flush()
    html = await (await client.get("/review?outcome=fire")).text()
    assert conversation_key("c-new") in html
    assert "Jane" not in await (await client.get("/review")).text()


@pytest.mark.asyncio
async def test_transcript_shows_nlu_slots_actions_handoff_and_ticket(client):
    await sign_in(client, "lena")
    html = await (await client.get(f"/review/conversations/{KEY}")).text()
    assert "check_recall" in html and "0.93" in html  # intent and confidence
    assert "model_number = A1263" in html  # an entity
    assert "recall_status" in html and "affected" in html  # a slot as it changed
    assert "action_check_recall" in html  # an action
    assert "RT-000001" in html and "j***@example.com" in html  # the ticket, masked
    assert "Jane" not in html and "High Street" not in html
    fire = await (await client.get(f"/review/conversations/{conversation_key('telegram:c-fire')}")).text()
    assert "bot paused" in fire and "urgent" in fire
    missing = await client.get("/review/conversations/nobody-knows-this")
    assert missing.status == 404
    by_id = await client.get("/review/conversations/c-return")  # the sender id works too
    assert by_id.status == 200


@pytest.mark.asyncio
async def test_revealing_personal_data_is_logged(client, settings):
    csrf = await sign_in(client, "lena")
    page = f"/review/conversations/{KEY}"
    not_yet = await (await client.get(f"{page}?show=personal")).text()
    assert "Jane" not in not_yet and "Reveal the personal data again" in not_yet
    response = await client.post(f"{page}/reveal", data={"csrf_token": csrf}, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == f"{page}?show=personal"
    revealed = await (await client.get(response.headers["Location"])).text()
    assert "Jane Smith" in revealed and "jane.smith@example.com" in revealed and "12 High Street" in revealed
    assert "Jane" not in await (await client.get(page)).text()  # masked again without asking
    with session_scope(settings.database_url) as session:
        (entry,) = session.execute(select(ReviewReveal)).scalars()
        assert (entry.conversation_id, entry.username, entry.role) == ("c-return", "lena", "lead")
    await sign_in(client, "adam")
    log = await (await client.get("/review/reveals")).text()
    assert "lena" in log and KEY in log


@pytest.mark.asyncio
async def test_mark_tag_and_filter(client):
    csrf = await sign_in(client, "lena")
    response = await client.post(
        f"/review/conversations/{KEY}/marks",
        data={"csrf_token": csrf, "reviewed": "yes", "tags": "Good flow, returns", "notes": "<b>nice</b>"},
        allow_redirects=False,
    )
    assert response.status == 303
    page = await (await client.get(response.headers["Location"])).text()
    assert "Saved." in page and "good flow, returns" in page and "&lt;b&gt;nice&lt;/b&gt;" in page
    tagged = await (await client.get("/review?tag=returns&review=reviewed")).text()
    assert KEY in tagged and conversation_key("telegram:c-fire") not in tagged
    too_long = await client.post(
        f"/review/conversations/{KEY}/marks",
        data={"csrf_token": csrf, "notes": "x" * 5000},
        allow_redirects=False,
    )
    assert too_long.status == 400 and "at most 4000" in await too_long.text()


@pytest.mark.asyncio
async def test_flag_a_message_and_export_it(client, settings):
    csrf = await sign_in(client, "lena")
    key = conversation_key("c-script")
    html = await (await client.get(f"/review/conversations/{key}")).text()
    event_id = re.search(r'name="event_id" value="(\d+)"', html).group(1)
    bad = await client.post(
        f"/review/conversations/{key}/flags",
        data={"csrf_token": csrf, "event_id": event_id, "intent": "check_recall", "example": "[x](bad name)"},
        allow_redirects=False,
    )
    assert bad.status == 400
    text = await bad.text()
    assert "not a valid entity name" in text and "[x](bad name)" in text  # the lead's input is kept
    good = await client.post(
        f"/review/conversations/{key}/flags",
        data={
            "csrf_token": csrf,
            "event_id": event_id,
            "intent": "out_of_scope",
            "example": "alert [x](model_number)",
        },
        allow_redirects=False,
    )
    assert good.status == 303
    exported = await client.get("/review/flags.yml")
    assert exported.headers["Content-Disposition"].startswith("attachment;")
    assert (
        await exported.text()
        == 'version: "3.1"\nnlu:\n- intent: out_of_scope\n  examples: |\n    - alert [x](model_number)\n'
    )
    listed = await (await client.get("/review/flags")).text()
    assert "not in domain.yml" not in listed
    flag_id = re.search(r'action="/review/flags/(\d+)/delete"', listed).group(1)
    await client.post(
        f"/review/conversations/{key}/flags",
        data={"csrf_token": csrf, "event_id": event_id, "intent": "ask_zolo", "example": "[x](gadget)"},
    )
    listed = await (await client.get("/review/flags")).text()
    assert "intent ask_zolo not in domain.yml" in listed and "entity gadget not in domain.yml" in listed
    removed = await client.post(
        f"/review/flags/{flag_id}/delete", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert removed.status == 303
    assert "- intent" not in await (await client.get("/review/flags.yml")).text()


@pytest.mark.asyncio
async def test_list_exports_keep_the_filters(client):
    await sign_in(client, "lena")
    response = await client.get("/review/export.csv?channel=telegram")
    assert response.status == 200 and response.content_type == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="conversations-')
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert [r["conversation_id"] for r in rows] == ["telegram:c-fire"]
    jsonl = await (await client.get("/review/export.jsonl?outcome=ticket")).text()
    assert jsonl.count("\n") == 1 and '"c-return"' in jsonl
    story = await client.get(f"/review/conversations/{KEY}/story.yml")
    assert (await story.text()).startswith('version: "3.1"\nstories:\n')


@pytest.mark.asyncio
async def test_dashboard_draws_its_charts(client):
    await sign_in(client, "lena")
    html = await (await client.get("/review/dashboard")).text()
    assert html.count("<svg") == 5
    assert "Conversations per day" in html and "fire" in html
    assert 'id="share-without-human">67%' in html  # 2 of 3 conversations needed no person
    assert "A1263" in html and "replacement" in html  # tickets by model and remedy
    assert "style=" not in html.split("<main", 1)[1]  # the CSP forbids inline styles
    telegram = await (await client.get("/review/dashboard?channel=telegram")).text()
    assert 'id="share-without-human">0%' in telegram
