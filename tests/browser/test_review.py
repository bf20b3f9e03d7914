"""The transcript review in Debian's chromium, against the console app alone.

The console (`python -m bot.web`) runs on a temporary SQLite file that holds Rasa's
`events` table, filled by the review's tracker-store builder, so no Rasa server is
needed. Screenshots go to tests/browser/screenshots/review-*.png.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.db import init_db, make_engine, session_scope
from bot.core.models import ConsoleUser
from bot.recall import tickets
from bot.recall.tickets import Remedy, ReturnRequest
from bot.review.summaries import conversation_key
from bot.web.users import hash_password
from tests.conftest import free_port
from tests.fakes.rasa_events import TrackerStore, create_events_table

pytestmark = [pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "review-browser-password"
SCRIPT = "<script>alert('x')</script> is my powerbank ok"


def fill(url: str) -> None:
    engine = make_engine(url)
    init_db(engine)
    create_events_table(engine)
    store = TrackerStore(engine)
    now = time.time()
    c = store.conversation
    store.add(
        c("c-return", at=now - 3 * 86400)
        .start()
        .greet()
        .check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
        .return_form(),
        c("c-notaff", at=now - 2 * 86400, channel="telegram")
        .start()
        .check("A1229 bought 2021", "A1229", "2021-01", "not_affected"),
        c("c-fire", at=now - 86400).start().fire("my powerbank is smoking and melted the desk"),
        c("c-script", at=now - 7200).start().fallback(SCRIPT).fallback("wot about teh zolo"),
        c("c-left", at=now - 5400)
        .start()
        .check("A1257 may 2023", "A1257", "2023-05", "affected")
        .return_form(stop_after="street"),
    )
    for i in range(60):  # enough for a second page
        store.add(c(f"c-bulk-{i:02d}", at=now - 40 * 86400 + i * 3600).start().greet())
    store.flush()
    with session_scope(url) as session:
        for name, role in (("lena", "lead"), ("adam", "admin")):
            session.add(
                ConsoleUser(username=name, role=role, password_hash=hash_password(PASSWORD))
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
    engine.dispose()


@pytest.fixture(scope="module")
def console(tmp_path_factory) -> Iterator[str]:
    """The console app alone, on a free port, with a filled tracker store."""
    var_dir = tmp_path_factory.mktemp("review-console")
    url = f"sqlite:///{var_dir / 'recall.db'}"
    fill(url)
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "RECALL_VAR_DIR": str(var_dir),
        "DATABASE_URL": url,
        "CONSOLE_PORT": str(port),
        "CONSOLE_URL": f"http://127.0.0.1:{port}",
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ALERT_WEBHOOK_URL": "",
        "SMTP_URL": "",
        "PYTHONPATH": str(PROJECT),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    log = (var_dir / "console.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "bot.web"], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError((var_dir / "console.log").read_text()) from None
                time.sleep(0.5)
        else:
            raise RuntimeError("the console did not start")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


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
def lead(browser, console):
    """A signed-in lead's page; fails the test on script errors, CSP reports and dialogs."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(f"{console}/review")
    page.wait_for_url(re.compile(r"/login\?next=/review"))
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/review$"))
    page.problems = problems
    yield page
    assert problems == []
    context.close()


def rows(page):
    return page.locator("table.review-list tbody tr[data-key]")


def test_sign_in_list_filter_and_search(lead, console):
    page = lead
    assert page.get_by_role("heading", name="Conversations").is_visible()
    assert "65 conversations" in page.locator("#result-count").inner_text()
    assert rows(page).count() == 50
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert rows(page).count() == 15
    page.goto(f"{console}/review")
    page.get_by_label("fire report").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"outcome=fire"))
    assert rows(page).count() == 1
    assert rows(page).first.get_attribute("data-key") == conversation_key("c-fire")
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Verdict").select_option("affected")
    page.get_by_label("Customer said").fill("MARCH 2018")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"q=MARCH"))
    assert [rows(page).nth(i).get_attribute("data-key") for i in range(rows(page).count())] == [
        conversation_key("c-return")
    ]
    page.goto(f"{console}/review?outcome=left_mid_form")
    assert rows(page).count() == 1 and rows(page).first.get_attribute("data-key") == conversation_key(
        "c-left"
    )
    page.goto(f"{console}/review")
    page.screenshot(path=str(SCREENSHOTS / "review-list.png"), full_page=False)


def test_transcript_tagging_and_reveal(lead, console):
    page = lead
    page.locator(f'tr[data-key="{conversation_key("c-return")}"] a').click()
    page.wait_for_url(re.compile(r"/review/conversations/"))
    transcript = page.locator("#transcript")
    first = transcript.locator(".tr-customer").filter(has_text="is my A1263 from march 2018 recalled")
    assert "check_recall" in first.inner_text() and "0.93" in first.inner_text()
    assert "model_number = A1263" in first.inner_text()
    assert transcript.locator(".tr-slot").filter(has_text="recall_status").count() == 1
    assert "Jane" not in page.locator("main").inner_text()
    assert "RT-000001" in page.locator(".ticket-detail").inner_text()

    page.get_by_label("Reviewed").check()
    page.get_by_label("Tags (comma-separated)").fill("good flow, Returns")
    page.get_by_label("Notes").fill("Clear verdict, smooth return.")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Saved.").wait_for()
    assert page.get_by_label("Tags (comma-separated)").input_value() == "good flow, returns"

    page.get_by_role("button", name="Reveal personal data").click()
    page.locator("#revealed-banner").wait_for()
    assert "Jane Smith" in page.locator(".ticket-detail").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "review-transcript.png"), full_page=False)

    page.goto(f"{console}/review")
    page.get_by_label("Tag").select_option("returns")
    page.get_by_label("Review status").select_option("reviewed")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"tag=returns"))
    assert rows(page).count() == 1
    assert "reviewed" in rows(page).first.inner_text()


def test_flag_a_message_and_export_the_training_data(lead, console):
    page = lead
    page.goto(f"{console}/review/conversations/{conversation_key('c-script')}")
    message = page.locator(".tr-customer").filter(has_text="wot about teh zolo")
    assert "nlu_fallback" in message.inner_text() and "fallback" in message.inner_text()
    message.locator("summary").click()
    message.get_by_label("Intent it should have had").fill("check_recall")
    message.get_by_label(re.compile("Training example")).fill("wot about teh [zolo](model_number)")
    message.get_by_role("button", name="Flag message").click()
    page.get_by_text("The message is flagged").wait_for()
    flagged = page.locator(".tr-customer").filter(has_text="wot about teh zolo")
    assert "should be check_recall" in flagged.inner_text()

    page.get_by_role("link", name="Flagged messages").click()
    assert "wot about teh [zolo](model_number)" in page.locator("table").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download as Rasa NLU training data")).click()
    download = download_info.value
    assert download.suggested_filename == "nlu-review.yml"
    text = Path(download.path()).read_text()
    assert (
        text
        == 'version: "3.1"\nnlu:\n- intent: check_recall\n  examples: |\n    - wot about teh [zolo](model_number)\n'
    )

    page.goto(f"{console}/review?outcome=fallback")
    with page.expect_download() as csv_info:
        page.get_by_role("link", name="CSV").click()
    exported = Path(csv_info.value.path()).read_text()
    assert exported.count("\n") == 2 and "c-script" in exported


def test_a_script_in_a_message_is_only_text(lead, console):
    page = lead
    for path in ("/review", f"/review/conversations/{conversation_key('c-script')}", "/review/dashboard"):
        page.goto(f"{console}{path}")
        assert page.get_by_text("<script>alert('x')</script>", exact=False).first.is_visible(), path
        assert page.evaluate("document.querySelectorAll('main script').length") == 0, path
    assert page.problems == []  # no alert dialog, no script error


def test_the_dashboard(lead, console):
    page = lead
    page.get_by_role("link", name="Dashboard").first.click()
    page.wait_for_url(re.compile(r"/review/dashboard"))
    charts = page.locator(".chart-card svg")
    assert charts.count() == 5
    for index in range(5):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20
    # Bars are drawn in colour: presentation attributes survive the CSP.
    fill = page.evaluate("getComputedStyle(document.querySelector('.chart-card svg rect')).fill")
    assert fill not in ("", "rgb(0, 0, 0)")
    assert "wot about teh zolo" in page.locator("#fallback-table").inner_text()
    assert page.locator("#share-without-human").inner_text().endswith("%")
    page.screenshot(path=str(SCREENSHOTS / "review-dashboard.png"), full_page=True)
