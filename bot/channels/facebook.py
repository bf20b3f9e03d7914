"""Facebook Messenger: `X-Hub-Signature-256` required; replies through the Send API.

Rasa 3.6's FacebookInput reads only the older SHA-1 `X-Hub-Signature`, answers 200
to a bad signature and handles only the first event of a batch. Here a request
without a valid HMAC-SHA256 of the raw body (keyed with the app secret) gets 403,
and every messaging event of a batch is handled. Buttons become a button template
(up to 3, titles up to 20 characters), else quick replies; titles too long for
either are sent as numbered choices with quick replies "1", "2", ... . A customer's
conversation is `facebook:<PSID>` (bot.channels.conversation_ids), with the REST
channel's limits (bot.channels.gate).

An image attachment (`attachments[].type == "image"`, not a sticker) is downloaded from its
`payload.url`, on Facebook's CDN hosts only (fbcdn.net, fbsbx.com; bot.channels.media).
Messenger sends no caption: such a message's text is empty.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fbmessenger import MessengerClient
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput, MessengerBot
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import media, outbound
from bot.channels.conversation_ids import namespaced, recipient_for
from bot.channels.formatting import button_payload, button_title, numbered_choices, split_text
from bot.channels.gate import ChannelGate
from bot.channels.memory import ExpiringMemory, OfferedChoices

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"
MESSAGE_LIMIT = 2000
TEMPLATE_TEXT_LIMIT = 640
TITLE_LIMIT = 20
MAX_TEMPLATE_BUTTONS = 3
MAX_QUICK_REPLIES = 13


def verify_hub_signature(*, app_secret: str, body: bytes, header: str | None) -> bool:
    """Check `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("utf-8"), header.strip().encode("utf-8"))


@dataclass(frozen=True)
class MessengerIncoming:
    """One customer message from a webhook batch."""

    sender_id: str
    text: str
    message_id: str | None
    typed: bool  # typed by the customer (not a button press)
    image_url: str | None = None


def parse_messaging_events(payload: Any) -> list[MessengerIncoming]:
    """The customer messages and button presses in a Messenger webhook payload.

    Echoes of the page's own messages, delivery and read receipts, stickers and
    attachments other than images are left out.
    """
    if not isinstance(payload, dict) or payload.get("object") != "page":
        return []
    found = []
    for entry in payload.get("entry") or []:
        for event in (entry or {}).get("messaging") or []:
            incoming = _parse_event(event)
            if incoming:
                found.append(incoming)
    return found


def _parse_event(event: dict[str, Any]) -> MessengerIncoming | None:
    sender = str((event.get("sender") or {}).get("id") or "")
    message, postback = event.get("message"), event.get("postback")
    if not sender:
        return None
    if isinstance(message, dict) and not message.get("is_echo"):
        quick_reply = (message.get("quick_reply") or {}).get("payload")
        if quick_reply:
            return MessengerIncoming(sender, str(quick_reply), message.get("mid"), typed=False)
        text = message.get("text") if isinstance(message.get("text"), str) else ""
        image_url = _first_image_url(message)
        if text.strip() or image_url:
            return MessengerIncoming(sender, text, message.get("mid"), typed=True, image_url=image_url)
    if isinstance(postback, dict):
        chosen = postback.get("payload") or postback.get("title")
        if chosen:
            return MessengerIncoming(sender, str(chosen), postback.get("mid"), typed=False)
    return None


def _first_image_url(message: dict[str, Any]) -> str | None:
    """The URL of the message's first image attachment (a sticker is an image too: not taken)."""
    for attachment in message.get("attachments") or []:
        if not isinstance(attachment, dict) or attachment.get("type") != "image":
            continue
        payload = attachment.get("payload") or {}
        url = payload.get("url") if isinstance(payload, dict) else None
        if isinstance(url, str) and url and not payload.get("sticker_id"):
            return url
    return None


class FacebookOutput(MessengerBot):
    """Sends the bot's messages with the Send API (fbmessenger, off the event loop)."""

    def __init__(self, messenger_client: MessengerClient, choices: OfferedChoices) -> None:
        super().__init__(messenger_client)
        self.choices = choices

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        psid = recipient_for(self.name(), recipient_id)
        if psid is None:
            return
        try:
            reply = await asyncio.to_thread(
                self.messenger_client.send,
                message,
                psid,
                "RESPONSE",
                timeout=outbound.REQUEST_TIMEOUT_SECONDS,
            )
        except Exception as error:  # network: the turn must still be stored
            logger.error("Messenger Send API failed: %s", type(error).__name__)
            return
        if isinstance(reply, dict) and reply.get("error"):
            logger.error("Messenger Send API refused: %s", reply["error"].get("message"))

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        psid = recipient_for(self.name(), recipient_id)
        if psid is not None:
            await super().send_action(psid, sender_action)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MESSAGE_LIMIT):
            await self._send(recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        titles_fit = all(len(button_title(b)) <= TITLE_LIMIT for b in buttons)
        if titles_fit and len(buttons) <= MAX_TEMPLATE_BUTTONS and len(text.strip()) <= TEMPLATE_TEXT_LIMIT:
            template_buttons = [
                {"type": "postback", "title": button_title(b), "payload": button_payload(b)} for b in buttons
            ]
            await self._send(
                recipient_id,
                {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "button",
                            "text": text.strip(),
                            "buttons": template_buttons,
                        },
                    }
                },
            )
        elif titles_fit and len(buttons) <= MAX_QUICK_REPLIES:
            await self._send_with_quick_replies(
                recipient_id, text, [(button_title(b), button_payload(b)) for b in buttons]
            )
        else:
            self.choices.offer(recipient_id, buttons)
            replies = [(str(number), button_payload(b)) for number, b in enumerate(buttons, 1)]
            await self._send_with_quick_replies(
                recipient_id, numbered_choices(text, buttons), replies[:MAX_QUICK_REPLIES]
            )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def _send_with_quick_replies(
        self, recipient_id: str, text: str, replies: Iterable[tuple[str, str]]
    ) -> None:
        *first, last = split_text(text, MESSAGE_LIMIT) or ["…"]
        for part in first:
            await self._send(recipient_id, {"text": part})
        quick_replies = [
            {"content_type": "text", "title": title, "payload": payload} for title, payload in replies
        ]
        await self._send(recipient_id, {"text": last, "quick_replies": quick_replies})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(
            recipient_id, {"attachment": {"type": "image", "payload": {"url": image, "is_reusable": True}}}
        )

    async def send_elements(
        self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any
    ) -> None:
        elements = list(elements)
        for element in elements:
            self._add_postback_info(element.get("buttons") or [])
        await self._send(
            recipient_id,
            {
                "attachment": {
                    "type": "template",
                    "payload": {"template_type": "generic", "elements": elements},
                }
            },
        )

    async def send_custom_json(self, recipient_id: str, json_message: Any, **kwargs: Any) -> None:
        """A custom response is a Send API `message` object."""
        await self._send(recipient_id, json_message)


class VerifiedFacebookInput(FacebookInput):
    """Messenger webhook at `/webhooks/facebook/webhook`, SHA-256 signature required."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> VerifiedFacebookInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("verify"),
            credentials.get("secret"),
            credentials.get("page-access-token"),
            graph_api_version=str(credentials.get("graph_api_version") or outbound.GRAPH_API_VERSION),
        )

    def __init__(
        self,
        fb_verify: str | None,
        fb_secret: str | None,
        fb_access_token: str | None,
        graph_api_version: str = outbound.GRAPH_API_VERSION,
    ) -> None:
        if not (fb_verify and fb_secret and fb_access_token):
            raise RasaException(
                "The facebook channel needs `verify`, `secret` and `page-access-token` "
                "(FACEBOOK_VERIFY, FACEBOOK_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN)."
            )
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_api_version = graph_api_version.lstrip("v")
        self.choices = OfferedChoices()
        self._seen_messages: ExpiringMemory[bool] = ExpiringMemory(ttl=3600)
        self.gate = ChannelGate()
        self._client: MessengerClient | None = None

    def get_output_channel(self) -> FacebookOutput:
        if self._client is None:  # one client (and HTTP session) for the process
            self._client = outbound.messenger_client(self.fb_access_token, api_version=self.graph_api_version)
        return FacebookOutput(self._client, self.choices)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        fb_webhook = Blueprint("verified_facebook_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode("utf-8"), self.fb_verify.encode("utf-8")
            ):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("Refused a Messenger webhook verification with the wrong verify token")
            return response.text("forbidden", status=HTTPStatus.FORBIDDEN)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not verify_hub_signature(
                app_secret=self.fb_secret, body=request.body, header=request.headers.get(SIGNATURE_HEADER)
            ):
                logger.warning("Refused a Messenger webhook without a valid X-Hub-Signature-256")
                return response.text("forbidden", status=HTTPStatus.FORBIDDEN)
            for incoming in parse_messaging_events(request.json):
                if incoming.message_id and self._seen_messages.seen(incoming.message_id):
                    continue
                await self._handle(incoming, on_new_message)
            return response.text("EVENT_RECEIVED")

        return fb_webhook

    async def _handle(
        self, incoming: MessengerIncoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        conversation_id = namespaced(self.name(), incoming.sender_id)
        output = self.get_output_channel()
        text = await self.gate.admit(conversation_id=conversation_id, text=incoming.text, output=output)
        if text is None:
            return
        metadata: dict[str, Any] = {}
        if incoming.image_url:
            url = incoming.image_url
            photo = await media.photo_metadata_for(
                lambda: media.download(url, media.FACEBOOK),
                conversation_id=conversation_id,
                channel=self.name(),
                output=output,
            )
            if photo is None and not text.strip():
                return
            metadata.update(photo or {})
        if incoming.typed and text.strip():
            text = self.choices.resolve(conversation_id, text)
        elif not incoming.typed:
            self.choices.forget(conversation_id)
        message = UserMessage(
            text,
            output,
            conversation_id,
            input_channel=self.name(),
            message_id=incoming.message_id,
            metadata=metadata or None,
        )
        try:
            await on_new_message(message)
        except Exception:
            # Messenger redelivers a batch that is not answered 200
            logger.exception("Messenger message could not be handled")
