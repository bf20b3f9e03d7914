"""The chat page and the agents' console in Debian's chromium, against the whole stack.

Needs the session-scoped `stack` fixture (tests/conftest.py): the real Rasa server,
action server and console. Screenshots go to tests/browser/screenshots/; the chat page
at 360 px is also copied to docs/chat-page.png.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.db import session_scope
from bot.web import users

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DOCS = Path(__file__).resolve().parents[2] / "docs"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
REPLY_TIMEOUT_MS = 45_000  # the first turns of a fresh Rasa server are slow
AGENT_PASSWORD = "browser-test-password"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page_errors() -> list[str]:
    return []


def open_page(browser, url: str, viewport: dict, errors: list[str]):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(REPLY_TIMEOUT_MS)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.goto(url)
    return page


def chat_ready(page) -> None:
    page.get_by_text("Connected", exact=True).wait_for()


def session_id(page) -> str:
    return page.evaluate("localStorage.getItem('recall-chat-session-id')")


def bubbles(page, kind: str):
    return page.locator(f".rw-msg--{kind} .rw-text")


def focus_by_tab(page, locator, limit: int = 25) -> None:
    """Press Tab until `locator` has the keyboard focus (it may sit in a shadow root)."""
    for _ in range(limit):
        if locator.evaluate("node => node.getRootNode().activeElement === node"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("the element never got the keyboard focus")


def api(stack, path: str):
    request = urllib.request.Request(
        f"{stack.console_url}{path}", headers={"Authorization": f"Bearer {stack.console_token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def create_agent(stack) -> str:
    name = f"agent-{uuid.uuid4().hex[:8]}"
    with session_scope(stack.database_url) as db_session:
        users.create_user(session=db_session, username=name, password=AGENT_PASSWORD, role="agent")
    return name


def test_recall_check_choices_and_history_at_360px(stack, browser, page_errors):
    page = open_page(browser, f"{stack.console_url}/", PHONE, page_errors)
    chat_ready(page)
    box = page.get_by_label("Your message")
    box.fill("is my A1263 from March 2018 recalled?")
    box.press("Enter")
    refund = page.get_by_role("button", name="Refund", exact=True)
    refund.wait_for()
    verdict = " ".join(bubbles(page, "bot").all_inner_texts())
    assert "is part of the recall" in verdict
    assert "A1263" in verdict
    # Nothing sticks out sideways at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SCREENSHOTS / "chat-verdict-360.png"))

    refund.click()
    page.get_by_text("What is your full name?").wait_for()
    assert bubbles(page, "customer").last.inner_text() == "Refund"  # the title, not the payload
    assert page.get_by_role("button", name="Refund", exact=True).count() == 0  # used choices go

    page.reload()
    chat_ready(page)
    page.get_by_text("What is your full name?").wait_for()
    said = bubbles(page, "customer").all_inner_texts()
    assert said == ["is my A1263 from March 2018 recalled?", "Refund"]
    assert "is part of the recall" in " ".join(bubbles(page, "bot").all_inner_texts())
    page.screenshot(path=str(SCREENSHOTS / "chat-history-360.png"), full_page=True)
    shutil.copyfile(SCREENSHOTS / "chat-verdict-360.png", DOCS / "chat-page.png")
    assert page_errors == []
    page.context.close()


def test_keyboard_only(stack, browser, page_errors):
    page = open_page(browser, f"{stack.console_url}/", PHONE, page_errors)
    chat_ready(page)
    box = page.get_by_label("Your message")
    focus_by_tab(page, box)
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    choice = page.get_by_role("button", name="Is my power bank recalled?")
    choice.wait_for()
    assert bubbles(page, "customer").last.inner_text() == "hello"
    focus_by_tab(page, choice)
    page.keyboard.press("Enter")
    page.get_by_text(re.compile("model number")).last.wait_for()
    assert bubbles(page, "customer").last.inner_text() == "Is my power bank recalled?"
    log = page.get_by_role("log", name="Conversation")
    assert log.get_attribute("aria-live") == "polite"
    page.screenshot(path=str(SCREENSHOTS / "chat-keyboard-360.png"))
    assert page_errors == []
    page.context.close()


def test_agent_takes_an_urgent_fire_report(stack, browser, page_errors):
    agent_name = create_agent(stack)
    agent = open_page(browser, f"{stack.console_url}/agent", DESKTOP, page_errors)
    agent.get_by_label("Username").fill(agent_name)
    agent.get_by_label("Password").fill(AGENT_PASSWORD)
    agent.get_by_role("button", name="Sign in").click()
    agent.wait_for_url(re.compile(r"/agent$"))

    customer = open_page(browser, f"{stack.console_url}/", PHONE, page_errors)
    chat_ready(customer)
    box = customer.get_by_label("Your message")
    box.fill("my power bank caught fire and there is smoke everywhere")
    box.press("Enter")
    customer.get_by_text(re.compile("emergency number")).first.wait_for()
    conversation = session_id(customer)

    handoffs = []

    def opened() -> bool:
        handoffs[:] = api(stack, f"/api/handoffs?conversation_id={conversation}")["handoffs"]
        return bool(handoffs)

    for _ in range(60):
        if opened():
            break
        agent.wait_for_timeout(500)
    (handoff,) = handoffs
    assert (handoff["reason"], handoff["priority"]) == ("fire", "urgent")

    # It appears in the queue without a reload.
    row = agent.locator(f'tr[data-id="{handoff["id"]}"]')
    row.wait_for()
    assert "Urgent" in row.inner_text()
    agent.screenshot(path=str(SCREENSHOTS / "agent-queue-urgent.png"))
    row.get_by_role("button", name=f"Claim handoff {handoff['id']}").click()
    agent.wait_for_url(re.compile(rf"/agent/handoffs/{handoff['id']}"))
    agent.locator("#transcript").get_by_text("caught fire and there is smoke").wait_for()

    reply = agent.get_by_label("Reply to the customer")
    reply.fill("Hi, I'm from the safety team. Is everyone safe and away from the power bank?")
    reply.press("Enter")
    person = customer.locator(".rw-msg--agent")
    person.get_by_text("Is everyone safe").wait_for()
    assert "Support team (a person)" in person.last.inner_text()
    customer.screenshot(path=str(SCREENSHOTS / "chat-agent-reply-360.png"))

    box.fill("yes, we are all outside")
    box.press("Enter")
    agent.locator("#transcript").get_by_text("we are all outside").wait_for()
    agent.screenshot(path=str(SCREENSHOTS / "agent-handoff.png"), full_page=True)

    agent.locator('input[name="injury"][value="no"]').check()
    agent.locator('input[name="damage"][value="yes"]').check()
    agent.get_by_label("Outcome note (required to close)").fill("Sofa scorched, nobody hurt.")
    agent.get_by_role("button", name="Hand back to the bot").click()
    agent.wait_for_url(re.compile(r"/agent\?notice=handed_back"))
    customer.get_by_text(re.compile("back with the virtual assistant")).wait_for()
    (after,) = api(stack, f"/api/handoffs?conversation_id={conversation}")["handoffs"]
    assert after["status"] == "returned"

    # The bot answers again.
    box.fill("is my A1257 from May 2024 recalled?")
    box.press("Enter")
    customer.get_by_text(re.compile("A1257.*part of the recall")).wait_for()
    assert page_errors == []
    agent.context.close()
    customer.context.close()
