"""The Messenger webhook: X-Hub-Signature-256, batches, buttons and limits."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from bot.channels.facebook import VerifiedFacebookInput, parse_messaging_events
from tests.fakes import payloads
from tests.fakes.channel_app import get, post, serve_channel
from tests.fakes.provider import FakeProvider

SECRET = "unit-facebook-app-secret"
VERIFY = "unit-verify-token"
GREETING = {
    "text": "Hi! What can I do for you?",
    "buttons": [
        {"title": "Is my power bank recalled?", "payload": "/check_recall"},
        {"title": "Something is burning or smoking", "payload": "/report_fire"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ],
}
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


def _channel() -> VerifiedFacebookInput:
    return VerifiedFacebookInput.from_credentials(
        {"verify": VERIFY, "secret": SECRET, "page-access-token": "unit-page-token"}
    )


async def _send(server, payload: dict) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    body = json.dumps(payload).encode()
    return await post(server.webhook_url, body, payloads.facebook_headers(SECRET, body))


def test_parse_skips_echoes_receipts_and_other_objects() -> None:
    batch = payloads.messenger_message("p1", "hello")
    batch["entry"][0]["messaging"] += [
        {
            "sender": {"id": "page"},
            "recipient": {"id": "p1"},
            "message": {"mid": "m", "text": "x", "is_echo": True},
        },
        {"sender": {"id": "p1"}, "recipient": {"id": "page"}, "read": {"watermark": 1}},
        {"sender": {"id": "p1"}, "recipient": {"id": "page"}, "message": {"mid": "m2", "attachments": []}},
    ]
    batch["entry"].append(payloads.messenger_postback("p2", "Talk to a person", "/request_human")["entry"][0])
    found = parse_messaging_events(batch)
    assert [(m.sender_id, m.text, m.typed) for m in found] == [
        ("p1", "hello", True),
        ("p2", "/request_human", False),
    ]
    assert parse_messaging_events({**batch, "object": "instagram"}) == []


def test_a_signed_batch_reaches_the_bot_and_replies_use_the_send_api(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            assert await _send(server, payloads.messenger_message("psid-1", "I want to return it")) == (
                200,
                "EVENT_RECEIVED",
            )
            assert server.texts == ["I want to return it"]
            assert server.received[0].sender_id == "facebook:psid-1"

    asyncio.run(scenario())
    sent = fake_api.requests("/me/messages")
    assert len(sent) == 1
    assert sent[0].path == "/v25.0/me/messages"
    assert sent[0].query["access_token"] == ["unit-page-token"]
    assert sent[0].json["recipient"] == {"id": "psid-1"}
    template = sent[0].json["message"]["attachment"]["payload"]
    assert template["template_type"] == "button"
    assert template["buttons"][0] == {
        "type": "postback",
        "title": "Refund",
        "payload": '/inform{"remedy": "refund"}',
    }


def test_titles_too_long_for_messenger_become_numbered_quick_replies(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[GREETING]) as server:
            await _send(server, payloads.messenger_message("psid-2", "hi"))
            # a typed number picks the offered choice
            await _send(server, payloads.messenger_message("psid-2", "3"))
            assert server.texts == ["hi", "/request_human"]

    asyncio.run(scenario())
    message = fake_api.requests("/me/messages")[0].json["message"]
    assert message["text"].endswith(
        "1. Is my power bank recalled?\n2. Something is burning or smoking\n3. Talk to a person"
    )
    assert [(q["title"], q["payload"]) for q in message["quick_replies"]] == [
        ("1", "/check_recall"),
        ("2", "/report_fire"),
        ("3", "/request_human"),
    ]


def test_quick_replies_and_postbacks_send_their_payloads() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            await _send(server, payloads.messenger_quick_reply("p", "Refund", '/inform{"remedy": "refund"}'))
            await _send(server, payloads.messenger_postback("p", "Talk to a person", "/request_human"))
            assert server.texts == ['/inform{"remedy": "refund"}', "/request_human"]

    asyncio.run(scenario())


@pytest.mark.parametrize("secret", [None, "not-the-app-secret"])
def test_unsigned_or_badly_signed_posts_are_refused(fake_api: FakeProvider, secret: str | None) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            body = json.dumps(payloads.messenger_message("psid-1", "hello")).encode()
            status, _ = await post(server.webhook_url, body, payloads.facebook_headers(secret, body))
            assert status == 403
            assert server.received == []

    asyncio.run(scenario())
    assert fake_api.requests() == []


def test_the_legacy_sha1_signature_alone_is_refused() -> None:
    import hashlib
    import hmac

    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = json.dumps(payloads.messenger_message("psid-1", "hello")).encode()
            sha1 = "sha1=" + hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
            status, _ = await post(
                server.webhook_url, body, {"Content-Type": "application/json", "X-Hub-Signature": sha1}
            )
            assert status == 403 and server.received == []

    asyncio.run(scenario())


def test_webhook_verification_needs_the_verify_token() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            ok = f"{server.webhook_url}?hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444"
            assert await get(ok) == (200, "1158201444")
            bad = f"{server.webhook_url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444"
            assert (await get(bad))[0] == 403

    asyncio.run(scenario())


def test_a_redelivered_message_is_handled_once() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            payload = payloads.messenger_message("p", "hello")
            await _send(server, payload)
            await _send(server, payload)
            assert server.texts == ["hello"]

    asyncio.run(scenario())


def test_long_texts_are_split_at_2000_characters(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[{"text": "Keep away from it. " * 150}]) as server:
            await _send(server, payloads.messenger_message("p", "hi"))

    asyncio.run(scenario())
    texts = [r.json["message"]["text"] for r in fake_api.requests("/me/messages")]
    assert len(texts) == 2 and all(len(t) <= 2000 for t in texts)


# --- conversation ids: `facebook:<psid>`, the PSID alone to the Send API ---------------


def test_an_agents_reply_goes_to_the_psid_of_the_conversation(fake_api: FakeProvider) -> None:
    output = _channel().get_output_channel()
    asyncio.run(output.send_response("facebook:psid-9", {"text": "Hello, this is Sam."}))
    assert [r.json["recipient"] for r in fake_api.requests("/me/messages")] == [{"id": "psid-9"}]


def test_numbered_choices_are_remembered_under_the_conversation_id(fake_api: FakeProvider) -> None:
    channel = _channel()

    async def scenario() -> None:
        async with serve_channel(channel) as server:
            await channel.get_output_channel().send_response("facebook:psid-3", GREETING)
            await _send(server, payloads.messenger_message("psid-3", "2"))
            assert server.texts == ["/report_fire"]

    asyncio.run(scenario())


def test_another_channels_conversation_is_never_sent_to_messenger(fake_api: FakeProvider) -> None:
    asyncio.run(_channel().get_output_channel().send_response("telegram:123", {"text": "Hello"}))
    assert fake_api.requests() == []
