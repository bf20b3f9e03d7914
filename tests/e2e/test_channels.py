"""Messaging channels against the real Rasa server, with a fake provider API behind them.

Each channel gets the provider's own webhook payload, signed as the provider signs
it. The bot's replies must arrive at the fake provider (tests/fakes/provider.py);
a request that fails verification must get 403 and leave no trace in the tracker.
A customer's conversation is `<channel>:<provider id>` (`telegram:<chat id>`,
`twilio:whatsapp:+1...`); the provider is only ever given its own id.
"""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import yaml

from tests.e2e.chat import console_api, tracker, user_events, wait_for
from tests.fakes import payloads

pytestmark = pytest.mark.e2e

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
GREETING = DOMAIN["responses"]["utter_greet"][0]
FIRE_SAFETY = DOMAIN["responses"]["utter_fire_safety"][0]["text"]
GREETING_PAYLOADS = [button["payload"] for button in GREETING["buttons"]]
RECALL_QUESTION = "is my A1263 from March 2018 recalled?"
AFFECTED_WORDS = "is part of the recall"


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _digits(count: int) -> str:
    return "".join(random.choice("0123456789") for _ in range(count))


class Chat:
    """One customer's conversation on one channel (`sender`: the provider's id for them)."""

    name = ""
    sender = ""

    @property
    def conversation_id(self) -> str:
        return f"{self.name}:{self.sender}"

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.secrets = stack.channel_secrets
        self.fake = stack.fake_provider
        self.url = f"{stack.rasa_url}/webhooks/{self.name}/webhook"

    def send(self, text: str, *, signed: bool = True) -> int:
        raise NotImplementedError

    def sent(self) -> list[Any]:
        """The provider API calls that delivered a message to this customer."""
        raise NotImplementedError

    def replies(self) -> list[str]:
        raise NotImplementedError

    def wait_for_reply(self, words: str, timeout: float = 30) -> str:
        return wait_for(lambda: next((t for t in self.replies() if words in t), None), timeout=timeout)


class TelegramChat(Chat):
    name = "telegram"

    def __init__(self, stack: Any) -> None:
        super().__init__(stack)
        self.chat_id = int("7" + _digits(9))
        self.sender = str(self.chat_id)

    def send(self, text: str, *, signed: bool = True, secret: str | None = None) -> int:
        return self._post(payloads.telegram_message(self.chat_id, text), signed=signed, secret=secret)

    def press(self, data: str) -> int:
        return self._post(payloads.telegram_button_press(self.chat_id, data), signed=True)

    def _post(self, update: dict[str, Any], *, signed: bool, secret: str | None = None) -> int:
        token = secret or (self.secrets["TELEGRAM_SECRET_TOKEN"] if signed else None)
        return _post(self.url, json.dumps(update).encode(), payloads.telegram_headers(token))

    def sent(self) -> list[Any]:
        return [
            r for r in self.fake.requests("/sendMessage") if str((r.json or {}).get("chat_id")) == self.sender
        ]

    def replies(self) -> list[str]:
        return [r.json["text"] for r in self.sent()]


class SlackChat(Chat):
    name = "slack"

    def __init__(self, stack: Any) -> None:
        super().__init__(stack)
        self.sender = "U" + _digits(10)
        self.channel = "D" + _digits(10)

    def send(self, text: str, *, signed: bool = True, timestamp: int | None = None) -> int:
        body = json.dumps(payloads.slack_message_event(self.sender, text, channel=self.channel)).encode()
        secret = self.secrets["SLACK_SIGNING_SECRET"] if signed else None
        return _post(self.url, body, payloads.slack_headers(secret, body, timestamp=timestamp))

    def sent(self) -> list[Any]:
        # replies go to the conversation's channel; an agent's reply, to the user's DM
        to_customer = (self.channel, self.sender)
        return [
            r
            for r in self.fake.requests("/api/chat.postMessage")
            if (r.json or {}).get("channel") in to_customer
        ]

    def replies(self) -> list[str]:
        return [r.json["text"] for r in self.sent()]


class FacebookChat(Chat):
    name = "facebook"

    def __init__(self, stack: Any) -> None:
        super().__init__(stack)
        self.sender = "25" + _digits(14)

    def send(self, text: str, *, signed: bool = True) -> int:
        body = json.dumps(payloads.messenger_message(self.sender, text)).encode()
        secret = self.secrets["FACEBOOK_SECRET"] if signed else None
        return _post(self.url, body, payloads.facebook_headers(secret, body))

    def sent(self) -> list[Any]:
        return [
            r
            for r in self.fake.requests("/me/messages")
            if ((r.json or {}).get("recipient") or {}).get("id") == self.sender and "message" in r.json
        ]

    def replies(self) -> list[str]:
        found = []
        for request in self.sent():
            message = request.json["message"]
            template = (message.get("attachment") or {}).get("payload") or {}
            found.append(message.get("text") or template.get("text") or "")
        return found


class TwilioChat(Chat):
    name = "twilio"

    def __init__(self, stack: Any, *, whatsapp: bool = False) -> None:
        super().__init__(stack)
        self.sender = ("whatsapp:" if whatsapp else "") + "+1555" + _digits(7)

    def send(self, text: str, *, signed: bool = True) -> int:
        ours = self.secrets["TWILIO_NUMBER"]
        to = f"whatsapp:{ours}" if self.sender.startswith("whatsapp:") else ours
        fields = payloads.twilio_message(self.secrets["TWILIO_ACCOUNT_SID"], self.sender, to, text)
        token = self.secrets["TWILIO_AUTH_TOKEN"] if signed else None
        headers = payloads.twilio_headers(token, self.secrets["TWILIO_WEBHOOK_URL"], fields)
        return _post(self.url, urlencode(fields).encode(), headers)

    def sent(self) -> list[Any]:
        return [r for r in self.fake.requests("/Messages.json") if (r.form or {}).get("To") == [self.sender]]

    def replies(self) -> list[str]:
        return [r.form["Body"][0] for r in self.sent()]


CHATS = {
    "telegram": TelegramChat,
    "slack": SlackChat,
    "facebook": FacebookChat,
    "sms": TwilioChat,
    "whatsapp": lambda stack: TwilioChat(stack, whatsapp=True),
}


@pytest.fixture(params=list(CHATS))
def chat(request: pytest.FixtureRequest, stack: Any) -> Chat:
    if stack.fake_provider is None:
        pytest.skip("the stack runs without the fake provider")
    return CHATS[request.param](stack)


def _handoffs(stack: Any, conversation_id: str) -> list[dict[str, Any]]:
    # Twilio ids hold a "+", which a query string would read as a space
    return console_api(stack, f"/api/handoffs?conversation_id={quote(conversation_id, safe='')}")["handoffs"]


def test_greeting_and_recall_check(chat: Chat) -> None:
    assert chat.send("hello") == 200
    chat.wait_for_reply(GREETING["text"][:60])
    assert chat.send(RECALL_QUESTION) == 200
    chat.wait_for_reply(AFFECTED_WORDS)
    # Slack answers 200 first and handles the message in the background: the tracker
    # is stored a moment after the reply went out
    assert wait_for(lambda: tracker(chat.stack, chat.conversation_id)["slots"]["recall_status"] == "affected")
    assert {e.get("input_channel") for e in user_events(chat.stack, chat.conversation_id)} == {chat.name}
    assert user_events(chat.stack, chat.sender) == []  # nothing under the provider's bare id


def test_a_fire_report_gets_the_safety_instructions_and_pauses(chat: Chat) -> None:
    assert chat.send("my power bank caught fire") == 200
    chat.wait_for_reply(FIRE_SAFETY)
    try:
        wait_for(lambda: tracker(chat.stack, chat.conversation_id)["paused"])
    except AssertionError:
        events = [
            (e.get("event"), e.get("name") or e.get("text"))
            for e in tracker(chat.stack, chat.conversation_id)["events"]
        ]
        raise AssertionError(f"not paused; events: {events}") from None
    handoff = wait_for(lambda: _handoffs(chat.stack, chat.conversation_id))[0]
    assert (handoff["reason"], handoff["priority"]) == ("fire", "urgent")


def test_an_agent_reply_reaches_the_customer_on_their_channel(chat: Chat) -> None:
    assert chat.send("it is smoking, I need a person") == 200
    wait_for(lambda: tracker(chat.stack, chat.conversation_id)["paused"])
    url = (
        # Rasa (Sanic 21.12) does not decode %2B or %3A in the path: "+" and ":" go as they are
        f"{chat.stack.rasa_url}/conversations/{quote(chat.conversation_id, safe='+:')}/tracker/events"
        f"?output_channel={chat.name}&execute_side_effects=true&token={chat.stack.rasa_token}"
    )
    body = json.dumps({"event": "bot", "text": "Hello, this is Sam from the safety team."}).encode()
    assert _post(url, body, {"Content-Type": "application/json"}) == 200
    chat.wait_for_reply("this is Sam from the safety team")


def test_an_unsigned_request_never_reaches_the_bot(chat: Chat) -> None:
    assert chat.send("my power bank caught fire", signed=False) == 403
    assert chat.send("hello", signed=False) == 403
    assert user_events(chat.stack, chat.conversation_id) == []
    assert chat.sent() == []


def test_the_rest_channel_cannot_write_into_a_messaging_conversation(chat: Chat) -> None:
    rest = f"{chat.stack.rasa_url}/webhooks/rest/webhook"
    for sender in (chat.conversation_id, chat.sender):
        body = json.dumps({"sender": sender, "message": "my power bank caught fire"}).encode()
        assert _post(rest, body, {"Content-Type": "application/json"}) == 400
    assert user_events(chat.stack, chat.conversation_id) == []


def test_a_too_long_message_is_answered_and_never_reaches_the_bot(chat: Chat) -> None:
    assert chat.send("is my A1263 recalled?" * 120) == 200
    chat.wait_for_reply("Your message is too long (2520 characters)")
    assert user_events(chat.stack, chat.conversation_id) == []


def test_telegram_wrong_secret_token(stack: Any) -> None:
    chat = TelegramChat(stack)
    assert chat.send("hello", secret="not-the-secret") == 403
    assert user_events(stack, chat.conversation_id) == []


def test_slack_stale_request_is_refused(stack: Any) -> None:
    chat = SlackChat(stack)
    assert chat.send("hello", timestamp=int(time.time()) - 10 * 60) == 403
    assert user_events(stack, chat.conversation_id) == []


def test_a_replayed_request_is_handled_once(stack: Any) -> None:
    """Attack: capture a genuine signed request and send the very same bytes again."""
    slack = SlackChat(stack)
    body = json.dumps(payloads.slack_message_event(slack.sender, "hello", channel=slack.channel)).encode()
    headers = payloads.slack_headers(slack.secrets["SLACK_SIGNING_SECRET"], body)
    assert _post(slack.url, body, headers) == 200
    assert _post(slack.url, body, headers) == 403  # the same signature twice
    slack.wait_for_reply(GREETING["text"][:60])

    twilio = TwilioChat(stack)
    ours = twilio.secrets["TWILIO_NUMBER"]
    fields = payloads.twilio_message(twilio.secrets["TWILIO_ACCOUNT_SID"], twilio.sender, ours, "hello")
    headers = payloads.twilio_headers(twilio.secrets["TWILIO_AUTH_TOKEN"], twilio.secrets["TWILIO_WEBHOOK_URL"], fields)
    for _ in range(2):  # Twilio itself retries a delivery: answered, handled once
        assert _post(twilio.url, urlencode(fields).encode(), headers) == 200
    twilio.wait_for_reply(GREETING["text"][:60])
    time.sleep(1)
    for chat in (slack, twilio):
        assert [e["text"] for e in user_events(stack, chat.conversation_id)] == ["hello"], chat.name


def test_telegram_start_and_buttons(stack: Any) -> None:
    chat = TelegramChat(stack)
    assert chat.send("/start") == 200
    chat.wait_for_reply(GREETING["text"][:60])
    keyboard = chat.sent()[-1].json["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == GREETING_PAYLOADS
    assert chat.press("/check_recall") == 200
    chat.wait_for_reply("model number")
    assert stack.fake_provider.requests("/answerCallbackQuery")


def test_telegram_webhook_is_registered_with_the_secret(stack: Any) -> None:
    registration = stack.fake_provider.wait_for(lambda r: r.path.endswith("/setWebhook"), timeout=30)
    assert registration.json["secret_token"] == stack.channel_secrets["TELEGRAM_SECRET_TOKEN"]
    assert registration.json["url"] == stack.channel_secrets["TELEGRAM_WEBHOOK_URL"]


def test_slack_buttons_are_blocks(stack: Any) -> None:
    chat = SlackChat(stack)
    assert chat.send("hi") == 200
    chat.wait_for_reply(GREETING["text"][:60])
    blocks = chat.sent()[-1].json["blocks"]
    assert [element["value"] for element in blocks[1]["elements"]] == GREETING_PAYLOADS


def test_facebook_buttons_are_numbered_quick_replies(stack: Any) -> None:
    chat = FacebookChat(stack)
    assert chat.send("hi") == 200
    chat.wait_for_reply(GREETING["text"][:60])
    quick_replies = chat.sent()[-1].json["message"]["quick_replies"]
    assert [q["payload"] for q in quick_replies] == GREETING_PAYLOADS


@pytest.mark.parametrize("whatsapp", [False, True], ids=["sms", "whatsapp"])
def test_twilio_numbered_reply_presses_the_button(stack: Any, whatsapp: bool) -> None:
    chat = TwilioChat(stack, whatsapp=whatsapp)
    assert chat.send("hi") == 200
    greeting = chat.wait_for_reply(GREETING["text"][:60])
    assert greeting.endswith(
        "1. Is my power bank recalled?\n2. Something is burning or smoking\n3. Talk to a person"
    )
    assert chat.send("1") == 200
    chat.wait_for_reply("model number")
    assert user_events(stack, chat.conversation_id)[-1]["parse_data"]["intent"]["name"] == "check_recall"
