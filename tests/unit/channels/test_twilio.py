"""The Twilio webhook (SMS and WhatsApp): signatures, numbered choices, limits."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bot.channels.twilio import VerifiedTwilioInput, sender_number
from tests.fakes import payloads
from tests.fakes.channel_app import post, serve_channel
from tests.fakes.provider import FakeProvider

SID = "AC" + "1" * 32
TOKEN = "unit-twilio-auth-token"
PUBLIC_URL = "https://bot.example.com/webhooks/twilio/webhook"
OUR_NUMBER = "+15550001111"
REMEDY = {
    "text": "Would you like a refund or a replacement?",
    "buttons": [
        {"title": "Refund", "payload": '/inform{"remedy": "refund"}'},
        {"title": "Replacement", "payload": '/inform{"remedy": "replacement"}'},
    ],
}


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    with FakeProvider() as provider:
        monkeypatch.setenv("CHANNEL_API_BASE_URL", provider.base_url)
        yield provider


def _channel(number: str = OUR_NUMBER) -> VerifiedTwilioInput:
    return VerifiedTwilioInput.from_credentials(
        {"account_sid": SID, "auth_token": TOKEN, "twilio_number": number, "webhook_url": PUBLIC_URL}
    )


async def _text(server, sender: str, body: str, *, token: str | None = TOKEN, account: str = SID):  # type: ignore[no-untyped-def]
    fields = payloads.twilio_message(account, sender, OUR_NUMBER, body)
    return await post(
        server.webhook_url, urlencode(fields), payloads.twilio_headers(token, PUBLIC_URL, fields)
    )


def test_the_channel_needs_the_public_webhook_url() -> None:
    with pytest.raises(Exception, match="webhook_url"):
        VerifiedTwilioInput.from_credentials(
            {"account_sid": SID, "auth_token": TOKEN, "twilio_number": OUR_NUMBER}
        )


@pytest.mark.parametrize(
    ("ours", "recipient", "expected"),
    [
        ("+15550001111", "+15550002222", "+15550001111"),
        ("+15550001111", "whatsapp:+15550002222", "whatsapp:+15550001111"),
        ("whatsapp:+15550001111", "whatsapp:+15550002222", "whatsapp:+15550001111"),
        ("whatsapp:+15550001111", "+15550002222", "+15550001111"),
    ],
)
def test_replies_come_from_our_number_on_the_customers_channel(
    ours: str, recipient: str, expected: str
) -> None:
    assert sender_number(ours, recipient) == expected


def test_a_signed_sms_reaches_the_bot_and_buttons_become_numbered_choices(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            status, text = await _text(server, "+15550002222", "I'd like to return it")
            assert status == 200 and text.startswith("<?xml")
            assert (await _text(server, "+15550002222", "2"))[0] == 200
            assert server.texts == ["I'd like to return it", '/inform{"remedy": "replacement"}']
            assert server.received[0].sender_id == "twilio:+15550002222"

    asyncio.run(scenario())
    sent = fake_api.requests(f"/2010-04-01/Accounts/{SID}/Messages.json")
    assert len(sent) == 2
    assert sent[0].form["To"] == ["+15550002222"]
    assert sent[0].form["From"] == [OUR_NUMBER]
    assert sent[0].form["Body"] == [
        "Would you like a refund or a replacement?\n\nReply with a number:\n1. Refund\n2. Replacement"
    ]
    assert sent[0].headers["Authorization"].startswith("Basic ")


def test_whatsapp_messages_are_answered_on_whatsapp(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[{"text": "Hello!"}]) as server:
            assert (await _text(server, "whatsapp:+447700900123", "hi"))[0] == 200
            assert server.received[0].sender_id == "twilio:whatsapp:+447700900123"

    asyncio.run(scenario())
    sent = fake_api.requests("/Messages.json")[0]
    assert (sent.form["To"], sent.form["From"]) == (["whatsapp:+447700900123"], ["whatsapp:" + OUR_NUMBER])


def test_a_number_without_an_offer_is_plain_text() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            await _text(server, "+15550002222", "2")
            assert server.texts == ["2"]

    asyncio.run(scenario())


@pytest.mark.parametrize(("token", "account"), [(None, SID), ("wrong-token", SID), (TOKEN, "AC" + "9" * 32)])
def test_unverified_requests_are_refused(fake_api: FakeProvider, token: str | None, account: str) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            status, _ = await _text(server, "+15550002222", "hello", token=token, account=account)
            assert status == 403
            assert server.received == []

    asyncio.run(scenario())
    assert fake_api.requests() == []


def test_a_redelivered_message_is_handled_once() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            fields = payloads.twilio_message(SID, "+15550002222", OUR_NUMBER, "hello")
            headers = payloads.twilio_headers(TOKEN, PUBLIC_URL, fields)
            for _ in range(2):
                assert (await post(server.webhook_url, urlencode(fields), headers))[0] == 200
            assert server.texts == ["hello"]

    asyncio.run(scenario())


def test_long_texts_are_split_at_1600_characters(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[{"text": "Do not charge it again. " * 100}]) as server:
            await _text(server, "+15550002222", "hi")

    asyncio.run(scenario())
    bodies = [r.form["Body"][0] for r in fake_api.requests("/Messages.json")]
    assert len(bodies) == 2 and all(len(b) <= 1600 for b in bodies)


# --- conversation ids: `twilio:<From>`, the number alone to Twilio ---------------------


def test_an_agents_reply_goes_to_the_number_of_the_conversation(fake_api: FakeProvider) -> None:
    # The console's POST /conversations/twilio:whatsapp:+44.../tracker/events?output_channel=twilio
    output = _channel().get_output_channel()
    asyncio.run(output.send_response("twilio:whatsapp:+447700900123", {"text": "Hello, this is Sam."}))
    sent = fake_api.requests("/Messages.json")
    assert [(r.form["To"], r.form["From"]) for r in sent] == [
        (["whatsapp:+447700900123"], ["whatsapp:" + OUR_NUMBER])
    ]


def test_choices_offered_by_an_agent_are_picked_by_number(fake_api: FakeProvider) -> None:
    channel = _channel()

    async def scenario() -> None:
        async with serve_channel(channel) as server:
            await channel.get_output_channel().send_response("twilio:+15550002222", REMEDY)
            await _text(server, "+15550002222", "1")
            assert server.texts == ['/inform{"remedy": "refund"}']

    asyncio.run(scenario())


def test_another_channels_conversation_is_never_texted(fake_api: FakeProvider) -> None:
    asyncio.run(_channel().get_output_channel().send_response("telegram:123", {"text": "Hello"}))
    assert fake_api.requests() == []
