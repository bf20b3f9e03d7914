"""Label photos in the chat widget, in Debian's chromium, against the whole stack.

The attach button (reached with the keyboard), a generated label photo larger than the
widget sends (it is scaled to 2000 px in the page), the reading confirmed, a return ticket
with the photo, and the photo shown to a signed-in agent; then the widget's own refusals,
drag-and-drop and the label example. Needs the session-scoped `stack` fixture.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.test_console_pages import (
    AGENT_PASSWORD,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    api,
    bubbles,
    chat_ready,
    create_agent,
    focus_by_tab,
    open_page,
    session_id,
)
from tests.fixtures.labels.make_labels import label_photo

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

QUESTION = "I can read A1263, made March 2018 — is that right?"
TOO_BIG = "That picture is larger than 10 MB"
NOT_A_PHOTO = "I can only take photos"


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


@pytest.fixture(scope="module")
def big_label(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A label photo at 3200 px wide, as a phone takes it: the widget must scale it down."""
    with Image.open(io.BytesIO(label_photo("A1263", "PowerCore 10000", "MFD 2018.03"))) as photo:
        width, height = photo.size
        large = photo.resize((3200, round(height * 3200 / width)), Image.LANCZOS)
    path = tmp_path_factory.mktemp("photos") / "IMG_2024.jpg"
    large.save(path, "JPEG", quality=92)
    return path


def wait_for_api(page, read, timeout_s: float = 30):  # type: ignore[no-untyped-def]
    for _ in range(int(timeout_s * 2)):
        found = read()
        if found:
            return found
        page.wait_for_timeout(500)
    raise AssertionError("the console API never showed it")


def natural_width(locator) -> int:  # type: ignore[no-untyped-def]
    locator.wait_for()
    locator.scroll_into_view_if_needed()  # the console's thumbnails load lazily
    return int(locator.evaluate("img => img.complete ? img.naturalWidth : new Promise(r => img.onload = () => r(img.naturalWidth))"))


def test_a_label_photo_from_the_attach_button_to_the_ticket_and_the_agent(stack, browser, page_errors, big_label):
    customer = open_page(browser, f"{stack.console_url}/", PHONE, page_errors)
    chat_ready(customer)
    attach = customer.get_by_role("button", name="Attach a photo of the label")
    focus_by_tab(customer, attach)
    try:
        with customer.expect_file_chooser(timeout=10_000) as chooser:
            # Space: headless chromium drops Enter's file chooser once a context has been closed
            customer.keyboard.press("Space")
    except PlaywrightTimeout:  # ... and, under load, sometimes Space's: the button itself must open it
        with customer.expect_file_chooser() as chooser:
            attach.click()
    assert chooser.value.is_multiple() is False
    chooser.value.set_files(str(big_label))

    thumbnail = customer.locator(".rw-msg--customer img.rw-thumb")
    assert natural_width(thumbnail) == 2000  # scaled in the page before sending
    assert thumbnail.get_attribute("src").startswith("data:image/jpeg;base64,")
    customer.get_by_text(QUESTION).wait_for()
    customer.screenshot(path=str(SCREENSHOTS / "chat-photo-reading-360.png"))
    assert customer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    customer.get_by_role("button", name="Yes", exact=True).click()
    refund = customer.get_by_role("button", name="Refund", exact=True)
    refund.wait_for()
    assert "part of the recall" in " ".join(bubbles(customer, "bot").all_inner_texts())
    refund.click()
    box = customer.get_by_label("Your message")
    customer.get_by_text("What is your full name?").wait_for()
    box.fill("Jane Smith")
    box.press("Enter")
    customer.get_by_text("What email address should we use for the return?").wait_for()
    box.fill("jane@example.com")
    box.press("Enter")
    customer.get_by_role("button", name="Skip", exact=True).click()  # the return label's sender address
    customer.get_by_text("Email: jane@example.com").wait_for()
    customer.get_by_role("button", name="Yes, open it").click()

    conversation = session_id(customer)
    ticket = wait_for_api(customer, lambda: api(stack, f"/api/tickets?conversation_id={conversation}")["tickets"])[0]
    assert (ticket["model_number"], ticket["manufacture_date"], ticket["remedy"]) == ("A1263", "2018-03", "refund")
    [photo] = ticket["photos"]
    assert photo["read_model_number"] == "A1263"

    # The customer asks for a person; the agent sees the photo in the conversation.
    box.fill("I want to talk to a person")
    box.press("Enter")
    handoff = wait_for_api(customer, lambda: api(stack, f"/api/handoffs?conversation_id={conversation}")["handoffs"])[0]

    agent = open_page(browser, f"{stack.console_url}/agent", DESKTOP, page_errors)
    agent.get_by_label("Username").fill(create_agent(stack))
    agent.get_by_label("Password").fill(AGENT_PASSWORD)
    agent.get_by_role("button", name="Sign in").click()
    agent.wait_for_url(re.compile(r"/agent$"))
    row = agent.locator(f'tr[data-id="{handoff["id"]}"]')
    row.get_by_role("button", name=f"Claim handoff {handoff['id']}").click()
    agent.wait_for_url(re.compile(rf"/agent/handoffs/{handoff['id']}"))
    shown = agent.locator(f'#transcript img.photo-thumb[src="/photos/{photo["id"]}"]')
    assert natural_width(shown) == 2000  # the re-encoded photo the widget sent
    agent.screenshot(path=str(SCREENSHOTS / "agent-label-photo.png"), full_page=True)

    # The same photo is nobody's business without signing in.
    anonymous = browser.new_context()
    assert anonymous.request.get(f"{stack.console_url}/photos/{photo['id']}", max_redirects=0).status in (302, 303, 401, 403)
    anonymous.close()
    assert page_errors == []
    agent.context.close()
    customer.context.close()


def _drop(page, name: str, mime: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """Drop a file onto the conversation, as a drag from the desktop does."""
    transfer = page.evaluate_handle(
        """([name, mime, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: mime}));
            return transfer;
        }""",
        [name, mime, base64.b64encode(data).decode()],
    )
    panel = page.locator(".rw-panel")
    panel.dispatch_event("dragenter", {"dataTransfer": transfer})
    assert page.locator(".rw-drop-note").is_visible()
    panel.dispatch_event("dragover", {"dataTransfer": transfer})
    panel.dispatch_event("drop", {"dataTransfer": transfer})


def test_drop_refusals_and_the_label_example(stack, browser, page_errors):
    page = open_page(browser, f"{stack.console_url}/", DESKTOP, page_errors)
    chat_ready(page)
    sent = page.locator(".rw-msg--photo")

    # Refused in the page, before anything is sent: not a photo, and over 10 MB.
    _drop(page, "funny.gif", "image/gif", b"GIF89a" + b"\x00" * 64)
    page.get_by_text(re.compile(NOT_A_PHOTO)).wait_for()
    _drop(page, "IMG_0001.heic", "", b"\x00\x00\x00\x18ftypheic" + b"\x00" * (10 * 1024 * 1024 + 100))
    page.get_by_text(re.compile(TOO_BIG)).wait_for()
    assert sent.count() == 0

    # A small PNG dropped: kept at its size, sent as JPEG, and answered.
    small = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 140, 160)).save(small, "PNG")
    _drop(page, "blank.png", "image/png", small.getvalue())
    assert natural_width(sent.locator("img.rw-thumb")) == 640
    page.get_by_text(re.compile("couldn't find any writing")).wait_for()

    # The label example: from the help link, and from a bot message carrying the flag.
    examples = page.locator("img.rw-example-image")
    before = examples.count()  # the bot may have shown it with "couldn't find any writing"
    page.get_by_role("button", name="What should I photograph?").click()
    assert natural_width(examples.last) > 0
    assert "Model: A1263" in examples.last.get_attribute("alt")
    page.evaluate("RecallChat.widget.onBotMessage({show_label_example: true})")
    page.evaluate("RecallChat.widget.onBotMessage({custom: {show_label_example: true}})")
    page.evaluate("RecallChat.widget.onBotMessage({text: 'no flag here'})")
    assert examples.count() == before + 3
    page.screenshot(path=str(SCREENSHOTS / "chat-label-example.png"))
    assert page_errors == []
    page.context.close()


def test_the_camera_on_a_phone(stack, browser, page_errors):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(f"{stack.console_url}/")
    chat_ready(page)
    camera = page.get_by_role("button", name="Take a photo of the label")
    assert camera.is_visible()
    capture = page.locator('input[type="file"][capture="environment"]')
    assert capture.get_attribute("accept") == "image/jpeg,image/png,image/webp,image/heic"
    with page.expect_file_chooser() as chooser:
        camera.click()
    assert chooser.value.element.get_attribute("capture") == "environment"
    assert page_errors == []
    context.close()
