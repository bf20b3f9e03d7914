"""The customer's locale reaches the NLU as `metadata.locale`: short, clean, first message only."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.channels.limits import Limits
from bot.channels.locales import MAX_LOCALE_CHARS, clean_locale, with_clean_locale
from bot.channels.rest_socketio import MessageGate, message_metadata
from bot.channels.telegram import parse_update
from tests.fakes import payloads
from tests.fakes.channel_app import post, serve_channel
from tests.unit.channels.test_telegram import SECRET, _channel, fake_api  # noqa: F401 - a fixture


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("fr-CA", "fr-CA"),
        ("es_419", "es_419"),
        ("de", "de"),
        (" pt-BR ", "pt-BR"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("", None),
        ("x" * 40, None),
        ("fr-CA; DROP TABLE", None),
        ("<script>", None),
        (["fr"], None),
        ({"lang": "fr"}, None),
        (7, None),
        (None, None),
    ],
)
def test_only_a_language_tag_is_kept(given, kept):
    assert clean_locale(given) == kept


def test_a_longer_tag_is_not_kept():
    tag = "abc-" + "-".join(["abcdefgh"] * 4)  # of the tag's form, but 39 characters
    assert len(tag) > MAX_LOCALE_CHARS and clean_locale(tag) is None


def test_other_metadata_is_left_alone():
    assert with_clean_locale({"a": 1}) == {"a": 1}
    assert with_clean_locale({"a": 1, "locale": "fr-CA"}) == {"a": 1, "locale": "fr-CA"}
    assert with_clean_locale({"a": 1, "locale": "x" * 500}) == {"a": 1}


def test_the_web_channels_pass_the_locale_on():
    gate = MessageGate(Limits())

    async def metadata(raw):
        return await message_metadata(gate, raw, sender="s", channel="socketio", address=None)

    assert asyncio.run(metadata({"locale": "fr-CA"}))["locale"] == "fr-CA"
    assert "locale" not in asyncio.run(metadata({"locale": "fr-CA" * 20}))
    assert "locale" not in asyncio.run(metadata({"locale": {"nested": "fr"}}))
    assert "locale" not in asyncio.run(metadata(None))


def _start(text: str, language_code: str | None) -> dict:
    update = payloads.telegram_message(4242, text)
    if language_code is None:
        del update["message"]["from"]["language_code"]
    else:
        update["message"]["from"]["language_code"] = language_code
    return update


def test_telegram_sends_the_apps_language_with_start_only():
    assert parse_update(_start("/start", "fr")).locale == "fr"  # type: ignore[union-attr]
    assert parse_update(_start("/start@recall_test_bot", "de"), "recall_test_bot").locale == "de"  # type: ignore[union-attr]
    assert parse_update(_start("/start", None)).locale is None  # type: ignore[union-attr]
    assert parse_update(_start("/start", "not a tag!")).locale is None  # type: ignore[union-attr]
    assert parse_update(_start("ok", "fr")).locale is None  # type: ignore[union-attr]
    assert parse_update(_start("ma batterie a pris feu", "en")).locale is None  # type: ignore[union-attr]


def test_the_telegram_start_message_carries_the_locale(fake_api):  # noqa: F811
    async def scenario():
        async with serve_channel(_channel()) as server:
            for text in ("/start", "bonjour"):
                body = json.dumps(_start(text, "fr"))
                assert (await post(server.webhook_url, body, payloads.telegram_headers(SECRET)))[0] == 200
            return server.received

    first, second = asyncio.run(scenario())
    assert (first.text, first.metadata) == ("/greet", {"locale": "fr"})
    assert second.text == "bonjour" and not (second.metadata or {}).get("locale")
