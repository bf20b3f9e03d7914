"""Reading Telegram updates and shaping replies for the Bot API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from bot.channels.telegram import TelegramIncoming, VerifiedTelegramInput, inline_keyboard, parse_update
from tests.fakes import payloads
from tests.fakes.channel_app import post, serve_channel
from tests.fakes.provider import FakeProvider


def test_a_text_message() -> None:
    update = payloads.telegram_message(4242, "is my A1263 recalled?", update_id=7)
    assert parse_update(update) == TelegramIncoming(update_id=7, chat_id="4242", text="is my A1263 recalled?")


def test_a_button_press_is_its_callback_data() -> None:
    update = payloads.telegram_button_press(4242, "/request_human", update_id=8)
    incoming = parse_update(update)
    assert incoming is not None
    assert (incoming.chat_id, incoming.text) == ("4242", "/request_human")
    assert incoming.callback_query_id == update["callback_query"]["id"]


def test_a_photo_caption_is_read_as_text() -> None:
    update = payloads.telegram_message(5, "x")
    message = update["message"]
    del message["text"]
    message["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 90, "height": 90}]
    message["caption"] = "it melted and caught fire"
    assert parse_update(update).text == "it melted and caught fire"  # type: ignore[union-attr]


def test_an_edited_message_is_read_again() -> None:
    update = payloads.telegram_message(5, "my power bank caught fire")
    update["edited_message"] = update.pop("message")
    assert parse_update(update).text == "my power bank caught fire"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 1},
        {"update_id": 2, "my_chat_member": {"chat": {"id": 1}}},
        {"update_id": 3, "message": {"message_id": 1, "chat": {"id": 1}, "sticker": {"file_id": "x"}}},
        {"update_id": 4, "message": {"message_id": 1, "chat": {"id": 1}, "text": "   "}},
        {"update_id": 5, "message": {"message_id": 1, "text": "no chat"}},
    ],
)
def test_updates_without_anything_to_answer(update: dict) -> None:
    assert parse_update(update) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", "/greet"),
        ("/start campaign-42", "/greet"),
        ("/start@recall_test_bot", "/greet"),
        ("/help me", "help me"),
        ("/status@recall_test_bot RT-000123", "status RT-000123"),
        ("/start@some_other_bot", "/start@some_other_bot"),
        ("a normal message", "a normal message"),
    ],
)
def test_commands(text: str, expected: str) -> None:
    incoming = parse_update(payloads.telegram_message(1, text), bot_username="recall_test_bot")
    assert incoming is not None and incoming.text == expected


def test_buttons_become_an_inline_keyboard_one_per_row() -> None:
    keyboard = inline_keyboard(
        [
            {"title": "Refund", "payload": '/inform{"remedy": "refund"}'},
            {"title": "Talk to a person", "payload": "/request_human"},
        ]
    )
    assert keyboard == {
        "inline_keyboard": [
            [{"text": "Refund", "callback_data": '/inform{"remedy": "refund"}'}],
            [{"text": "Talk to a person", "callback_data": "/request_human"}],
        ]
    }


def test_a_payload_too_long_for_callback_data_sends_the_title() -> None:
    keyboard = inline_keyboard([{"title": "Refund", "payload": "/inform" + "x" * 80}])
    assert keyboard["inline_keyboard"][0][0]["callback_data"] == "Refund"


# --- the webhook, served in-process -------------------------------------------------

TOKEN = "123456:unit-telegram-token"
SECRET = "unit-telegram-secret"
GREETING = {
    "text": "Hi! What can I do for you?",
    "buttons": [
        {"title": "Is my power bank recalled?", "payload": "/check_recall"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ],
}


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    with FakeProvider() as provider:
        monkeypatch.setenv("CHANNEL_API_BASE_URL", provider.base_url)
        yield provider


def _channel(webhook_url: str | None = None) -> VerifiedTelegramInput:
    return VerifiedTelegramInput.from_credentials(
        {
            "access_token": TOKEN,
            "verify": "recall_test_bot",
            "webhook_url": webhook_url,
            "secret_token": SECRET,
        }
    )


def test_the_channel_needs_a_valid_secret_token() -> None:
    for secret in (None, "", "has spaces", "x" * 257):
        with pytest.raises(Exception, match="secret_token"):
            VerifiedTelegramInput(TOKEN, "bot", None, secret)


def test_an_update_with_the_secret_reaches_the_bot_and_is_answered(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[GREETING]) as server:
            body = json.dumps(payloads.telegram_message(4242, "hello"))
            assert await post(server.webhook_url, body, payloads.telegram_headers(SECRET)) == (200, "ok")
            assert server.texts == ["hello"]
            assert server.received[0].sender_id == "telegram:4242"
            assert server.received[0].input_channel == "telegram"

    asyncio.run(scenario())
    sent = fake_api.requests(f"/bot{TOKEN}/sendMessage")
    assert len(sent) == 1
    assert sent[0].json["chat_id"] == "4242"
    assert sent[0].json["text"] == GREETING["text"]
    assert sent[0].json["reply_markup"]["inline_keyboard"][1] == [
        {"text": "Talk to a person", "callback_data": "/request_human"}
    ]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_an_update_without_the_secret_is_refused(fake_api: FakeProvider, secret: str | None) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[GREETING]) as server:
            body = json.dumps(payloads.telegram_message(4242, "hello"))
            status, _ = await post(server.webhook_url, body, payloads.telegram_headers(secret))
            assert status == 403
            assert server.received == []

    asyncio.run(scenario())
    assert fake_api.requests() == []


def test_a_button_press_is_acknowledged_and_sends_its_payload(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = json.dumps(payloads.telegram_button_press(4242, "/request_human"))
            assert (await post(server.webhook_url, body, payloads.telegram_headers(SECRET)))[0] == 200
            assert server.texts == ["/request_human"]

    asyncio.run(scenario())
    assert len(fake_api.requests("/answerCallbackQuery")) == 1


def test_a_repeated_update_is_handled_once(fake_api: FakeProvider) -> None:
    async def scenario() -> None:
        async with serve_channel(_channel()) as server:
            body = json.dumps(payloads.telegram_message(4242, "hello", update_id=99))
            for _ in range(2):
                assert (await post(server.webhook_url, body, payloads.telegram_headers(SECRET)))[0] == 200
            assert server.texts == ["hello"]

    asyncio.run(scenario())


def test_long_replies_are_split_at_telegrams_limit(fake_api: FakeProvider) -> None:
    long_text = "The recall covers many units. " * 200  # 6000 characters

    async def scenario() -> None:
        async with serve_channel(_channel(), replies=[{"text": long_text}]) as server:
            body = json.dumps(payloads.telegram_message(1, "hi"))
            await post(server.webhook_url, body, payloads.telegram_headers(SECRET))

    asyncio.run(scenario())
    texts = [r.json["text"] for r in fake_api.requests("/sendMessage")]
    assert len(texts) == 2 and all(len(t) <= 4096 for t in texts)


def test_the_webhook_is_registered_after_start_with_the_secret(fake_api: FakeProvider) -> None:
    url = "https://bot.example.com/webhooks/telegram/webhook"

    async def scenario() -> None:
        async with serve_channel(_channel(webhook_url=url)):
            await asyncio.to_thread(fake_api.wait_for, lambda r: r.path.endswith("/setWebhook"), 5)

    asyncio.run(scenario())
    registration = fake_api.requests("/setWebhook")[0].json
    assert registration["url"] == url
    assert registration["secret_token"] == SECRET
    assert "callback_query" in registration["allowed_updates"]


def test_start_up_does_not_wait_for_telegram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANNEL_API_BASE_URL", "http://127.0.0.1:9")  # nothing listens there

    async def scenario() -> None:
        channel = _channel(webhook_url="https://bot.example.com/webhooks/telegram/webhook")
        async with serve_channel(channel) as server:
            body = json.dumps(payloads.telegram_message(1, "hello"))
            assert await post(server.webhook_url, body, payloads.telegram_headers(SECRET)) == (200, "ok")
            assert server.texts == ["hello"]

    asyncio.run(scenario())


# --- conversation ids: `telegram:<chat id>`, the chat id alone to Telegram ------------


def test_an_agents_reply_goes_to_the_chat_of_the_conversation(fake_api: FakeProvider) -> None:
    # The console's POST /conversations/telegram:4242/tracker/events?output_channel=telegram:
    # Rasa calls get_output_channel() and sends to the tracker's sender id.
    output = _channel().get_output_channel()
    asyncio.run(
        output.send_response("telegram:4242", {"text": "Hello, this is Sam.", "buttons": GREETING["buttons"]})
    )
    assert [r.json["chat_id"] for r in fake_api.requests("/sendMessage")] == ["4242"]


def test_another_channels_conversation_is_never_sent_to_telegram(fake_api: FakeProvider) -> None:
    output = _channel().get_output_channel()
    asyncio.run(output.send_response("twilio:+447700900123", {"text": "Hello, this is Sam."}))
    assert fake_api.requests() == []
