"""The chat widget in the customer's language, and the locale it tells the bot.

Runs bot/web/static/widget.js in Node with a small fake DOM and socket.io
(tests/unit/web/widget_harness.js); the whole widget in chromium is tests/browser's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("widget_harness.js")
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def run_widget(**scenario) -> dict:
    done = subprocess.run(
        [str(NODE), str(HARNESS), json.dumps(scenario)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_french_browser_gets_french_texts_and_sends_its_locale_once():
    result = run_widget(language="fr-CA", send=["bonjour", "ok"])
    assert result["lang"] == "fr" and result["announced"] == ["fr"]
    assert result["texts"]["placeholder"] == "Écrivez votre message…"
    assert result["texts"]["send"] == "Envoyer"
    assert result["texts"]["attach"] == "Joindre une photo de l'étiquette"
    assert result["texts"]["status"] == "Connecté"
    assert result["texts"]["greeting"].startswith("Bonjour")
    first, second = result["emitted"]
    assert (first["message"], first["metadata"]) == ("bonjour", {"locale": "fr-CA"})
    assert "metadata" not in second  # "ok" must not bring the browser's language back


@pytest.mark.parametrize(
    ("browser", "expected"), [("es-MX", "es"), ("de-AT", "de"), ("pt-BR", "en"), ("", "en")]
)
def test_the_browser_language_is_normalised_else_english(browser, expected):
    result = run_widget(language=browser, send=["A1263"])
    assert result["lang"] == expected
    sent = result["emitted"][0].get("metadata", {})
    assert sent == ({"locale": browser} if browser else {})


def test_the_conversations_language_wins_and_a_session_under_way_sends_no_locale():
    history = {
        "messages": [{"from": "customer", "text": "Hallo"}, {"from": "bot", "text": "Hallo!"}],
        "language": "de",
    }
    result = run_widget(language="en-US", history=history, send=["ok"])
    assert result["lang"] == "de" and result["announced"][-1] == "de"
    assert (result["texts"]["send"], result["texts"]["log"]) == ("Senden", "Unterhaltung")
    assert result["texts"]["title"] == "Rückruf-Assistent"
    assert "metadata" not in result["emitted"][0]


def test_every_language_has_every_text():
    source = (Path(__file__).parents[3] / "bot" / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    check = f"""
      const src = {json.dumps(source)};
      const start = src.indexOf("var STRINGS = ");
      const end = src.indexOf("\\n  }};", start);
      const STRINGS = eval("(" + src.slice(start + 14, end + 4) + ")");
      const keys = Object.keys(STRINGS.en).sort().join();
      const bad = Object.keys(STRINGS).filter((l) => Object.keys(STRINGS[l]).sort().join() !== keys);
      process.stdout.write(JSON.stringify({{languages: Object.keys(STRINGS), bad}}));
    """
    done = subprocess.run([str(NODE), "-e", check], capture_output=True, text=True, timeout=30, check=True)
    found = json.loads(done.stdout)
    assert found == {"languages": ["en", "fr", "es", "de"], "bad": []}
