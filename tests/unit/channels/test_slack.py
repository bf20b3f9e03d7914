"""The Slack webhook: signing, freshness, replays, url_verification, buttons."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest

from bot.channels.slack import VerifiedSlackInput, button_blocks
from tests.fakes import payloads
from tests.fakes.channel_app import get, post, serve_channel
from tests.fakes.provider import FakeProvider

SECRET = "unit-slack-signing-secret"
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


def _channel() -> VerifiedSlackInput:
    return VerifiedSlackInput.from_credentials({"slack_token": "xoxb-unit", "slack_signing_secret": SECRET})


async def _until(condition, timeout: float = 5) -> None:  # type: ignore[no-untyped-def]
    # Slack messages are handled in the background, after the 200
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_a_signed_message_reaches_the_bot_and_buttons_become_blocks(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            body = json.dumps(payloads.slack_message_event("U0CUSTOMER", "I want a return")).encode()
            status, _ = await post(server.webhook_url, body, payloads.slack_headers(SECRET, body))
            assert status == 200
            await _until(lambda: len(fake_api.requests("/api/chat.postMessage")) == 1)
            assert server.texts == ["I want a return"]
            assert server.received[0].sender_id == "slack:U0CUSTOMER"

    asyncio.run(scenario())
    posted = fake_api.requests("/api/chat.postMessage")[0]
    assert posted.headers["Authorization"] == "Bearer xoxb-unit"
    assert posted.json["channel"] == "D0CUSTOMER"
    assert "as_user" not in posted.json
    assert posted.json["blocks"] == button_blocks(REMEDY["text"], REMEDY["buttons"])
    values = [element["value"] for element in posted.json["blocks"][1]["elements"]]
    assert values == [button["payload"] for button in REMEDY["buttons"]]


def test_a_button_press_sends_its_payload(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = payloads.slack_button_press("U0CUSTOMER", '/inform{"remedy": "refund"}').encode()
            headers = payloads.slack_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
            assert (await post(server.webhook_url, body, headers))[0] == 200
            await _until(lambda: len(server.received) == 1)
            assert server.texts == ['/inform{"remedy": "refund"}']

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: payloads.slack_headers(None, body),
        lambda body: payloads.slack_headers("not-the-secret", body),
        lambda body: payloads.slack_headers(SECRET, body, timestamp=int(time.time()) - 6 * 60),
        lambda body: payloads.slack_headers(SECRET, body + b" "),
    ],
    ids=["unsigned", "wrong-secret", "older-than-5-minutes", "body-changed"],
)
def test_unverified_requests_are_refused(fake_api: FakeProvider, headers) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[REMEDY]) as server:
            body = json.dumps(payloads.slack_message_event("U0CUSTOMER", "hello")).encode()
            status, _ = await post(server.webhook_url, body, headers(body))
            assert status == 403
            await asyncio.sleep(0.1)
            assert server.received == []

    asyncio.run(scenario())
    assert fake_api.requests() == []


def test_a_replayed_request_is_refused() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = json.dumps(payloads.slack_message_event("U0CUSTOMER", "hello")).encode()
            headers = payloads.slack_headers(SECRET, body)
            assert (await post(server.webhook_url, body, headers))[0] == 200
            assert (await post(server.webhook_url, body, headers))[0] == 403
            await _until(lambda: len(server.received) == 1)
            await asyncio.sleep(0.1)
            assert server.texts == ["hello"]

    asyncio.run(scenario())


def test_url_verification_answers_the_challenge_only_when_signed() -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = json.dumps(
                {"token": "t", "challenge": "3eZbrw1aBm2rZgRN", "type": "url_verification"}
            ).encode()
            assert await post(server.webhook_url, body, payloads.slack_headers(SECRET, body)) == (
                200,
                "3eZbrw1aBm2rZgRN",
            )
            status, text = await post(server.webhook_url, body, payloads.slack_headers(None, body))
            assert status == 403 and "3eZbrw1aBm2rZgRN" not in text
            assert await get(f"{server.url}/webhooks/slack/") == (200, '{"status":"ok"}')

    asyncio.run(scenario())


def test_long_texts_are_split_for_slack(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[{"text": "Stop using it now. " * 400}]) as server:
            body = json.dumps(payloads.slack_message_event("U0CUSTOMER", "hi")).encode()
            await post(server.webhook_url, body, payloads.slack_headers(SECRET, body))
            await _until(lambda: len(fake_api.requests("/api/chat.postMessage")) == 3)

    asyncio.run(scenario())
    assert all(len(r.json["text"]) <= 3000 for r in fake_api.requests("/api/chat.postMessage"))


# --- conversation ids: `slack:<user id>`, the user id alone to Slack --------------------


def test_an_agents_reply_goes_to_the_user_of_the_conversation(fake_api: FakeProvider) -> None:
    output = _channel().get_output_channel()
    asyncio.run(output.send_response("slack:U0CUSTOMER", {"text": "Hello, this is Sam."}))
    assert [r.json["channel"] for r in fake_api.requests("/api/chat.postMessage")] == ["U0CUSTOMER"]


def test_another_channels_conversation_is_never_posted_to_slack(fake_api: FakeProvider) -> None:
    asyncio.run(_channel().get_output_channel().send_response("telegram:123", {"text": "Hello"}))
    assert fake_api.requests() == []
