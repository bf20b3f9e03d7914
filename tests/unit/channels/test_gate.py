"""The messaging channels have the REST and socket.io limits: length, rate, same answers.

A refused message is answered on the customer's own channel, the provider still gets
its 2xx (they retry anything else), and the message never reaches the bot. A fire
report always goes through.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bot.channels.facebook import VerifiedFacebookInput
from bot.channels.limits import ENV_VARS, too_fast_text, too_long_text
from bot.channels.slack import VerifiedSlackInput
from bot.channels.telegram import VerifiedTelegramInput
from bot.channels.twilio import VerifiedTwilioInput
from tests.fakes import payloads
from tests.fakes.channel_app import post, serve_channel
from tests.fakes.provider import FakeProvider

TELEGRAM_SECRET = "unit-telegram-secret"
TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "unit-twilio-auth-token"
TWILIO_URL = "https://bot.example.com/webhooks/twilio/webhook"
OUR_NUMBER = "+15550001111"
FACEBOOK_SECRET = "unit-facebook-app-secret"
SLACK_SECRET = "unit-slack-signing-secret"
FIRE = "my power bank caught fire and the sofa is burning"


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    for name in ENV_VARS:  # the default limits: 2000 characters, bursts of 10 per sender
        monkeypatch.delenv(name, raising=False)
    with FakeProvider() as provider:
        monkeypatch.setenv("CHANNEL_API_BASE_URL", provider.base_url)
        yield provider


def _telegram() -> VerifiedTelegramInput:
    return VerifiedTelegramInput("123456:unit-telegram-token", "recall_test_bot", None, TELEGRAM_SECRET)


async def _telegram_send(server, chat_id: int, text: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    body = json.dumps(payloads.telegram_message(chat_id, text))
    return await post(server.webhook_url, body, payloads.telegram_headers(TELEGRAM_SECRET))


def _twilio() -> VerifiedTwilioInput:
    return VerifiedTwilioInput(TWILIO_SID, TWILIO_TOKEN, OUR_NUMBER, webhook_url=TWILIO_URL)


async def _twilio_send(server, sender: str, body: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    fields = payloads.twilio_message(TWILIO_SID, sender, OUR_NUMBER, body)
    return await post(
        server.webhook_url, urlencode(fields), payloads.twilio_headers(TWILIO_TOKEN, TWILIO_URL, fields)
    )


def test_31_rapid_telegram_messages_get_the_too_fast_answer_once(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_telegram()) as server:
            for number in range(31):
                assert await _telegram_send(server, 123, f"message {number}") == (200, "ok")
            assert 10 <= len(server.received) <= 12
            assert {m.sender_id for m in server.received} == {"telegram:123"}
            # another customer is not slowed down
            assert (await _telegram_send(server, 456, "hello"))[0] == 200
            assert server.received[-1].sender_id == "telegram:456"

    asyncio.run(scenario())
    answers = [r.json for r in fake_api.requests("/sendMessage")]
    # answered once, not 20 times: each answer is a message the customer gets
    assert answers == [{"chat_id": "123", "text": too_fast_text()}]


def test_a_fire_report_passes_over_the_rate(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_telegram()) as server:
            for number in range(15):
                await _telegram_send(server, 123, f"message {number}")
            assert (await _telegram_send(server, 123, FIRE))[0] == 200
            assert server.texts[-1] == FIRE

    asyncio.run(scenario())


def test_a_5000_character_whatsapp_message_gets_the_too_long_answer(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_twilio()) as server:
            status, twiml = await _twilio_send(server, "whatsapp:+447700900123", "x" * 5000)
            assert status == 200 and twiml.startswith("<?xml")
            assert server.received == []

    asyncio.run(scenario())
    sent = fake_api.requests("/Messages.json")
    assert [(r.form["To"], r.form["Body"]) for r in sent] == [
        (["whatsapp:+447700900123"], [too_long_text(5000, 2000)])
    ]


def test_a_too_long_fire_report_passes_shortened(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_twilio()) as server:
            await _twilio_send(server, "+447700900123", "blah " * 600 + FIRE + " blah" * 400)
            assert len(server.received) == 1
            assert FIRE in server.texts[0] and len(server.texts[0]) <= 2000  # type: ignore[arg-type]
            assert server.received[0].sender_id == "twilio:+447700900123"

    asyncio.run(scenario())


def test_control_characters_never_reach_the_bot(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_twilio()) as server:
            await _twilio_send(server, "+447700900123", "is my A1263\x00\x07 recalled?")
            assert server.texts == ["is my A1263 recalled?"]

    asyncio.run(scenario())


def test_a_too_long_messenger_message_is_answered_on_messenger(fake_api: FakeProvider) -> None:
    channel = VerifiedFacebookInput("unit-verify-token", FACEBOOK_SECRET, "unit-page-token")

    async def scenario() -> None:
        async with serve_channel(channel) as server:
            body = json.dumps(payloads.messenger_message("psid-1", "y" * 2500)).encode()
            assert await post(server.webhook_url, body, payloads.facebook_headers(FACEBOOK_SECRET, body)) == (
                200,
                "EVENT_RECEIVED",
            )
            assert server.received == []

    asyncio.run(scenario())
    sent = fake_api.requests("/me/messages")
    assert [(r.json["recipient"], r.json["message"]["text"]) for r in sent] == [
        ({"id": "psid-1"}, too_long_text(2500, 2000))
    ]


def test_rapid_slack_messages_get_the_too_fast_answer(fake_api: FakeProvider) -> None:
    channel = VerifiedSlackInput.from_credentials(
        {"slack_token": "xoxb-unit", "slack_signing_secret": SLACK_SECRET}
    )

    async def scenario() -> None:
        async with serve_channel(channel) as server:
            for number in range(15):
                body = json.dumps(payloads.slack_message_event("U0CUSTOMER", f"message {number}")).encode()
                assert (await post(server.webhook_url, body, payloads.slack_headers(SLACK_SECRET, body)))[
                    0
                ] == 200
            deadline = time.monotonic() + 5
            while not fake_api.requests("/api/chat.postMessage") and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)
            assert 10 <= len(server.received) <= 12
            assert {m.sender_id for m in server.received} == {"slack:U0CUSTOMER"}

    asyncio.run(scenario())
    posted = fake_api.requests("/api/chat.postMessage")
    assert [(r.json["channel"], r.json["text"]) for r in posted] == [("D0CUSTOMER", too_fast_text())]


# What customers in each language write, and a fire report in each.
FRENCH = "Bonjour, est-ce que ma batterie externe est concernée par le rappel ?"
SPANISH = "Hola, quisiera saber si mi batería externa está afectada por la retirada."
GERMAN = "Guten Tag, ich möchte wissen, ob meine Powerbank vom Rückruf betroffen ist."
FIRE_FR = "ma batterie externe a pris feu et le canapé brûle"


def test_rapid_french_messages_get_the_too_fast_answer_in_french_once(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_telegram()) as server:
            for number in range(31):
                # The flood switches language halfway: still one answer per quiet period.
                await _telegram_send(server, 123, FRENCH if number < 20 else GERMAN)
            assert 10 <= len(server.received) <= 12
            # A fire report in French still goes through over the rate.
            assert (await _telegram_send(server, 123, FIRE_FR))[0] == 200
            assert server.texts[-1] == FIRE_FR

    asyncio.run(scenario())
    answers = [r.json for r in fake_api.requests("/sendMessage")]
    assert answers == [{"chat_id": "123", "text": too_fast_text("fr")}]


@pytest.mark.parametrize(("language", "written"), [("es", SPANISH), ("de", GERMAN), ("fr", FRENCH)])
def test_a_too_long_whatsapp_message_gets_the_answer_in_its_language(
    fake_api: FakeProvider, language: str, written: str
) -> None:
    text = " ".join([written] * 40)

    async def scenario() -> None:
        async with serve_channel(_twilio()) as server:
            status, _ = await _twilio_send(server, "whatsapp:+447700900123", text)
            assert status == 200 and server.received == []

    asyncio.run(scenario())
    sent = fake_api.requests("/Messages.json")
    assert [r.form["Body"] for r in sent] == [[too_long_text(len(text), 2000, language)]]
    assert too_long_text(len(text), 2000, language) != too_long_text(len(text), 2000)


def test_a_too_long_french_fire_report_passes_shortened(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_twilio()) as server:
            await _twilio_send(server, "+447700900123", " ".join([FRENCH] * 30 + [FIRE_FR] + [FRENCH] * 10))
            assert len(server.received) == 1
            assert FIRE_FR in server.texts[0] and len(server.texts[0]) <= 2000  # type: ignore[arg-type]

    asyncio.run(scenario())
    assert fake_api.requests("/Messages.json") == []  # no "too long" answer


def test_a_too_long_german_messenger_message_is_answered_in_german(fake_api: FakeProvider) -> None:
    channel = VerifiedFacebookInput("unit-verify-token", FACEBOOK_SECRET, "unit-page-token")
    text = " ".join([GERMAN] * 40)

    async def scenario() -> None:
        async with serve_channel(channel) as server:
            body = json.dumps(payloads.messenger_message("psid-1", text)).encode()
            assert (await post(server.webhook_url, body, payloads.facebook_headers(FACEBOOK_SECRET, body)))[0] == 200
            assert server.received == []

    asyncio.run(scenario())
    sent = fake_api.requests("/me/messages")
    assert [r.json["message"]["text"] for r in sent] == [too_long_text(len(text), 2000, "de")]
