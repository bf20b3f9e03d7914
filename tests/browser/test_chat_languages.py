"""The chat page and widget in a French browser, in Debian's chromium, against the whole stack.

Needs the session-scoped `stack` fixture (tests/conftest.py) and a trained model.
"""

from __future__ import annotations

import pytest

from tests.browser.test_console_pages import (  # noqa: F401  (fixtures)
    PHONE,
    REPLY_TIMEOUT_MS,
    browser,
    page_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_french_browser_gets_the_page_and_widget_in_french(stack, browser, page_errors):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(REPLY_TIMEOUT_MS)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(f"{stack.console_url}/")
    page.get_by_text("Connecté", exact=True).wait_for()
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Votre batterie externe fait-elle partie du rappel\u00a0?"
    box = page.get_by_label("Votre message")
    assert box.get_attribute("placeholder") == "Écrivez votre message…"
    assert page.get_by_role("button", name="Envoyer").is_visible()
    assert page.get_by_role("button", name="Joindre une photo de l'étiquette").is_visible()
    # "A1263" alone says no language: the browser's (metadata.locale, first message) decides.
    box.fill("A1263")
    box.press("Enter")
    page.locator(".rw-msg--bot .rw-text").nth(1).wait_for()
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page_errors == []
    context.close()
