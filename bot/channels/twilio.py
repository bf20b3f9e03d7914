"""Twilio SMS and WhatsApp: `X-Twilio-Signature` required; buttons as numbered choices.

Rasa 3.6's TwilioInput checks nothing. Here the signature is checked with twilio's
RequestValidator over TWILIO_WEBHOOK_URL (the URL configured in the Twilio console,
which is what Twilio signs) and every form parameter, blank ones included (Sanic's
`request.form` drops blank values, which would break valid signatures). A bad or
missing signature, or another account's request, gets 403. Buttons become "Reply
with a number" lists; the sender's next reply "1", "2" ... is mapped back to the
button's payload. A customer's conversation is `twilio:<From>` (`twilio:+1...`,
`twilio:whatsapp:+1...`; bot.channels.conversation_ids), with the REST channel's
limits (bot.channels.gate).

A message with a picture (`NumMedia`, `MediaUrl<n>`, `MediaContentType<n>`: the first image)
has it downloaded from api.twilio.com with HTTP basic auth (the account SID and auth token),
following redirects only to Twilio's media hosts (bot.channels.media); the body is the caption.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot.channels import media, outbound
from bot.channels.conversation_ids import namespaced, recipient_for
from bot.channels.formatting import numbered_choices, split_text
from bot.channels.gate import ChannelGate
from bot.channels.memory import ExpiringMemory, OfferedChoices

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
MESSAGE_LIMIT = 1600
WHATSAPP_PREFIX = "whatsapp:"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_MEDIA = 10  # Twilio sends at most ten media per message
_MEDIA_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages/\w+/Media/\w+/?$")


def form_params(body: bytes) -> dict[str, list[str]]:
    """The form parameters of a webhook body, blank values kept (Twilio signs them)."""
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def verify_twilio_signature(
    *, auth_token: str, url: str, params: dict[str, list[str]], signature: str | None
) -> bool:
    """Check `X-Twilio-Signature` for a form POST to `url` (twilio's RequestValidator)."""
    if not auth_token or not url or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, _MultiDict(params), signature))


def first_image_url(params: dict[str, list[str]]) -> str | None:
    """The URL of the message's first image (`MediaUrl<n>` whose `MediaContentType<n>` is image/*)."""
    try:
        count = min(int(params.get("NumMedia", ["0"])[0] or 0), MAX_MEDIA)
    except ValueError:
        return None
    for index in range(count):
        content_type = params.get(f"MediaContentType{index}", [""])[0].lower()
        url = params.get(f"MediaUrl{index}", [""])[0]
        if url and content_type.startswith("image/"):
            return url
    return None


def is_own_media_url(url: str, account_sid: str) -> bool:
    """Whether `url` is a media resource of our own account (our credentials go nowhere else)."""
    try:
        match = _MEDIA_PATH.match(media.checked_url(url, media.Hosts(("api.twilio.com",))).path)
    except media.MediaError:
        return False
    return bool(match) and match["sid"] == account_sid


class _MultiDict(dict):
    """The `getall` RequestValidator uses to read every value of a parameter."""

    def getall(self, name: str) -> list[str]:
        return list(self[name])


def sender_number(twilio_number: str, recipient_id: str) -> str:
    """Our number in the recipient's channel: `whatsapp:+1...` for WhatsApp, else bare."""
    bare = twilio_number.removeprefix(WHATSAPP_PREFIX)
    return WHATSAPP_PREFIX + bare if recipient_id.startswith(WHATSAPP_PREFIX) else bare


class TwilioOutput(OutputChannel):
    """Sends the bot's messages as SMS or WhatsApp messages (Messages API).

    Buttons are offered as numbered choices, remembered under the conversation id.
    """

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, client: Client, twilio_number: str, choices: OfferedChoices) -> None:
        self.client = client
        self.twilio_number = twilio_number
        self.choices = choices

    async def _create(self, recipient_id: str, **fields: Any) -> None:
        to = recipient_for(self.name(), recipient_id)
        if to is None:
            return
        try:
            await asyncio.wait_for(
                self.client.messages.create_async(
                    to=to, from_=sender_number(self.twilio_number, to), **fields
                ),
                timeout=outbound.REQUEST_TIMEOUT_SECONDS,
            )
        except TwilioException as error:
            logger.error("Twilio refused a message: %s", getattr(error, "msg", type(error).__name__))
        except Exception as error:  # network: the turn must still be stored
            logger.error("Twilio message failed: %s", type(error).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MESSAGE_LIMIT):
            await self._create(recipient_id, body=part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.choices.offer(recipient_id, buttons)
        await self.send_text_message(recipient_id, numbered_choices(text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._create(recipient_id, media_url=[image])

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A custom response holds Messages API fields (`body`, `media_url`, ...)."""
        await self._create(
            recipient_id, **{k: v for k, v in json_message.items() if k not in ("to", "from_")}
        )


class VerifiedTwilioInput(TwilioInput):
    """Twilio Messaging webhook at `/webhooks/twilio/webhook`, signature required."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> VerifiedTwilioInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url"),
        )

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        debug_mode: bool = False,
        *,
        webhook_url: str | None = None,
    ) -> None:
        if not (account_sid and auth_token and twilio_number and webhook_url):
            raise RasaException(
                "The twilio channel needs `account_sid`, `auth_token`, `twilio_number` and "
                "`webhook_url` (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER, "
                "TWILIO_WEBHOOK_URL)."
            )
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.webhook_url = webhook_url
        self.choices = OfferedChoices()
        self._seen_messages: ExpiringMemory[bool] = ExpiringMemory(ttl=3600)
        self.gate = ChannelGate()
        self._client: Client | None = None

    def get_output_channel(self) -> TwilioOutput:
        if self._client is None:
            self._client = outbound.twilio_client(self.account_sid, self.auth_token)
        return TwilioOutput(self._client, self.twilio_number, self.choices)

    async def download_media(self, url: str) -> bytes:
        """A media file of this account, fetched with HTTP basic auth (SID and auth token).

        Raises:
            media.MediaError: not our account's media URL, or the download failed.
        """
        if not is_own_media_url(url, self.account_sid):
            raise media.MediaError("not this account's media URL")
        return await media.download(url, media.TWILIO, auth=aiohttp.BasicAuth(self.account_sid, self.auth_token))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("verified_twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            params = form_params(request.body)
            if (
                not verify_twilio_signature(
                    auth_token=self.auth_token,
                    url=self.webhook_url,
                    params=params,
                    signature=request.headers.get(SIGNATURE_HEADER),
                )
                or params.get("AccountSid", [""])[0] != self.account_sid
            ):
                logger.warning("Refused a Twilio request without a valid X-Twilio-Signature")
                return response.text("forbidden", status=HTTPStatus.FORBIDDEN)
            sender = params.get("From", [""])[0]
            body = params.get("Body", [""])[0].replace("¡", "@")  # some carriers mangle @
            message_sid = params.get("MessageSid", [""])[0] or None
            image_url = first_image_url(params)
            if (
                sender
                and (body.strip() or image_url)
                and not (message_sid and self._seen_messages.seen(message_sid))
            ):
                await self._handle(
                    namespaced(self.name(), sender), body, message_sid, on_new_message, image_url=image_url
                )
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return twilio_webhook

    async def _handle(
        self,
        conversation_id: str,
        body: str,
        message_sid: str | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        *,
        image_url: str | None = None,
    ) -> None:
        output = self.get_output_channel()
        text = await self.gate.admit(conversation_id=conversation_id, text=body, output=output)
        if text is None:
            return
        metadata: dict[str, Any] = {}
        if image_url:
            photo = await media.photo_metadata_for(
                lambda: self.download_media(image_url),
                conversation_id=conversation_id,
                channel=self.name(),
                output=output,
            )
            if photo is None and not text.strip():
                return
            metadata.update(photo or {})
        message = UserMessage(
            self.choices.resolve(conversation_id, text) if text.strip() else text,
            output,
            conversation_id,
            input_channel=self.name(),
            message_id=message_sid,
            metadata=metadata or None,
        )
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("Twilio message could not be handled")
