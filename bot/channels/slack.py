"""Slack: signed and fresh requests only; replies through slack_sdk, buttons as blocks.

Rasa's SlackInput checks the signing secret and the 5-minute window but answers a
failure with 400, and echoes the url_verification challenge as a JSON string. Here a
request middleware runs first: a bad, missing or stale signature, or a replay of a
request already seen, gets 403; a signed url_verification gets its challenge back in
plain text. Everything else is Rasa's SlackInput, except that a conversation is
`slack:<user id>` (bot.channels.conversation_ids) and has the REST channel's limits
(bot.channels.gate).

A message event with an image among its `files` (`subtype: file_share`, text or not) has
the first image's `url_private` downloaded with the bot token, from files.slack.com only
(bot.channels.media; the app needs the `files:read` scope). The download runs after
Slack has been answered, with the rest of the turn; the message text is the caption.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError

from bot.channels import media, outbound
from bot.channels.conversation_ids import namespaced, recipient_for
from bot.channels.formatting import button_payload, button_title, numbered_choices, shorten, split_text
from bot.channels.gate import ChannelGate
from bot.channels.memory import ExpiringMemory

logger = logging.getLogger(__name__)

MAX_AGE_SECONDS = 5 * 60
MESSAGE_LIMIT = 3000  # a section block's text
BUTTON_TITLE_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
MAX_BUTTONS = 25


def verify_slack_signature(
    *,
    signing_secret: str,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    now: float | None = None,
) -> bool:
    """Check Slack's `v0` signature of a request and that it was made in the last 5 minutes.

    Args:
        signing_secret: the app's signing secret.
        timestamp: the `X-Slack-Request-Timestamp` header.
        body: the raw request body.
        signature: the `X-Slack-Signature` header (`v0=<hex>`).
        now: the current Unix time (for tests).
    """
    if not signing_secret or not timestamp or not signature:
        return False
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent_at) > MAX_AGE_SECONDS:
        return False
    base = f"v0:{timestamp}:".encode() + body
    expected = "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("utf-8"), signature.encode("utf-8"))


def first_image_url(event: Any) -> str | None:
    """The `url_private` of a message event's first image file, if any."""
    if not isinstance(event, dict):
        return None
    for file in event.get("files") or []:
        if not isinstance(file, dict):
            continue
        url = file.get("url_private_download") or file.get("url_private")
        if str(file.get("mimetype") or "").lower().startswith("image/") and isinstance(url, str) and url:
            return url
    return None


class SlackOutput(SlackBot):
    """Posts the bot's messages with chat.postMessage (as the app's bot user)."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
    ) -> None:
        OutputChannel.__init__(self)
        self.slack_channel = slack_channel
        self.thread_id = thread_id
        self.proxy = proxy
        self.client = outbound.slack_client(token, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        # `channel` is the Slack channel of the message, else the conversation id
        to = recipient_for(self.name(), channel)
        if to is None:
            return
        kwargs.pop("as_user", None)  # classic apps only; Slack apps post as their bot
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=to, **kwargs)
        except SlackApiError as error:
            logger.error("Slack chat.postMessage refused: %s", error.response.get("error"))
        except Exception as error:  # network: the turn must still be stored
            logger.error("Slack chat.postMessage failed: %s", type(error).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MESSAGE_LIMIT):
            await self._post_message(self.slack_channel or recipient_id, text=part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        if len(buttons) > MAX_BUTTONS:
            await self.send_text_message(recipient_id, numbered_choices(text, buttons))
            return
        *first, last = split_text(text, MESSAGE_LIMIT) or [" "]
        for part in first:
            await self._post_message(self.slack_channel or recipient_id, text=part)
        await self._post_message(
            self.slack_channel or recipient_id, text=last, blocks=button_blocks(last, buttons)
        )


def button_blocks(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A section with the text and an actions block with one button per choice."""
    return [
        {"type": "section", "text": {"type": "plain_text", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"choice_{number}",
                    "text": {"type": "plain_text", "text": shorten(button_title(button), BUTTON_TITLE_LIMIT)},
                    "value": button_payload(button)[:BUTTON_VALUE_LIMIT],
                }
                for number, button in enumerate(buttons, 1)
            ],
        },
    ]


class VerifiedSlackInput(SlackInput):
    """Slack Events API and interactivity at `/webhooks/slack/webhook`."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.slack_token:
            self.raise_missing_credentials_exception()
        self._recent_signatures: ExpiringMemory[bool] = ExpiringMemory(ttl=2 * MAX_AGE_SECONDS)
        self.gate = ChannelGate()

    @staticmethod
    def _is_user_message(slack_event: dict[str, Any]) -> bool:
        """Rasa's test, and also a customer's picture sent without text."""
        event = slack_event.get("event")
        if SlackInput._is_user_message(slack_event):
            return True
        return (
            isinstance(event, dict)
            and event.get("type") == "message"
            and not event.get("bot_id")
            and bool(event.get("user"))
            and first_image_url(event) is not None
        )

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        return verify_slack_signature(
            signing_secret=self.slack_signing_secret,
            timestamp=request.headers.get("X-Slack-Request-Timestamp"),
            body=request.body,
            signature=request.headers.get("X-Slack-Signature"),
        )

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)

    def _get_conversation_id(
        self, sender_id: str | None, channel_id: str | None, thread_id: str | None
    ) -> str | None:
        conversation_id = super()._get_conversation_id(sender_id, channel_id, thread_id)
        return namespaced(self.name(), conversation_id) if conversation_id else conversation_id

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict[str, Any] | None,
    ) -> Any:
        """Rasa's, after the limits: a refused message is answered here and goes no further.

        A picture is downloaded in the background turn (Slack wants its answer within 3 s).
        """
        if sender_id and not self._is_ignored_retry(request):
            found = metadata or {}
            thread_id = found.get("thread_id") if self.use_threads else None
            output = self.get_output_channel(found.get("out_channel"), thread_id)
            admitted = await self.gate.admit(conversation_id=sender_id, text=text or "", output=output)
            if admitted is None:
                return response.text("")
            text = admitted
            image_url = first_image_url(_json_event(request))
            if image_url:
                on_new_message = self._with_photo(on_new_message, image_url, output)
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def _with_photo(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        url: str,
        output: OutputChannel,
    ) -> Callable[[UserMessage], Awaitable[Any]]:
        token = self.slack_token

        async def handle(message: UserMessage) -> Any:
            photo = await media.photo_metadata_for(
                lambda: media.download(url, media.SLACK, headers={"Authorization": f"Bearer {token}"}),
                conversation_id=message.sender_id,
                channel=self.name(),
                output=output,
            )
            if photo is None and not (message.text or "").strip():
                return None
            message.metadata = {**(message.metadata or {}), **(photo or {})}
            return await on_new_message(message)

        return handle

    def _is_ignored_retry(self, request: Request) -> bool:
        """A retry that Rasa's process_message answers without handling the message again."""
        retry_count = request.headers.get(self.retry_num_header)
        return bool(retry_count) and request.headers.get(self.retry_reason_header) in self.errors_ignore_retry

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = super().blueprint(on_new_message)

        @slack_webhook.middleware("request")
        async def verify(request: Request) -> HTTPResponse | None:
            if not request.path.rstrip("/").endswith("/webhook"):
                return None
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Refused a Slack request without a valid, fresh signature")
                return response.text("forbidden", status=HTTPStatus.FORBIDDEN)
            if self._recent_signatures.seen(request.headers.get("X-Slack-Signature")):
                logger.warning("Refused a replayed Slack request")
                return response.text("forbidden", status=HTTPStatus.FORBIDDEN)
            challenge = _url_verification_challenge(request)
            if challenge is not None:
                return response.text(challenge)
            return None

        return slack_webhook


def _json_event(request: Request) -> Any:
    """The Events API `event` of a JSON request (None for interactions)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    payload = request.json
    return payload.get("event") if isinstance(payload, dict) else None


def _url_verification_challenge(request: Request) -> str | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        return None
    if isinstance(payload, dict) and payload.get("type") == "url_verification":
        return str(payload.get("challenge", ""))
    return None
