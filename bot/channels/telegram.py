"""Telegram: webhook updates checked against the secret token, replies by the Bot API.

Rasa 3.6's TelegramInput fails every update ("Event loop is closed": its aiogram
session belongs to a loop that `asyncio.run` closed) and calls setWebhook while the
server is being built. This channel parses the Update JSON itself, answers through
a small aiohttp client and registers the webhook in the background after start-up.
Telegram sends the `secret_token` given to setWebhook in the
`X-Telegram-Bot-Api-Secret-Token` header of every update; anything else gets 403.
A chat's conversation is `telegram:<chat id>` (bot.channels.conversation_ids), with the
REST channel's limits (bot.channels.gate).

A photo (the largest size Telegram offers that fits MAX_PHOTO_BYTES), or a document whose
mime type is an image, is fetched with getFile and downloaded from
`api.telegram.org/file/bot<token>/<file_path>` (bot.channels.media); its caption is the text.

The `/start` message carries the app's language (`from.language_code`, e.g. "fr") as
`metadata.locale` (bot.channels.locales): the NLU uses it only when the words cannot tell.
Later messages do not carry it, so a customer's own language is never overridden.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import media, outbound
from bot.channels.conversation_ids import namespaced, recipient_for
from bot.channels.formatting import Button, button_payload, button_title, split_text
from bot.channels.gate import ChannelGate
from bot.channels.locales import LOCALE_KEY, clean_locale
from bot.channels.memory import ExpiringMemory

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
START_PAYLOAD = "/greet"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_REGISTER_DELAYS = (0, 2, 5, 15, 60)  # seconds before each setWebhook attempt


@dataclass(frozen=True)
class TelegramFile:
    """A picture in a message: the `file_id` to ask getFile for, and its size if Telegram said."""

    file_id: str
    file_size: int | None = None


@dataclass(frozen=True)
class TelegramIncoming:
    """What the bot needs from one Update."""

    update_id: int | None
    chat_id: str
    text: str | None
    callback_query_id: str | None = None
    photo: TelegramFile | None = None
    locale: str | None = None  # the app's language, on `/start` only


def message_picture(message: dict[str, Any]) -> TelegramFile | None:
    """The picture of a message: the largest photo size that fits, or an image document.

    Telegram lists a photo in several sizes, smallest first; a size without `file_size` is
    taken as fitting (getFile answers with the real size before anything is downloaded).
    """
    sizes = [size for size in message.get("photo") or [] if isinstance(size, dict) and size.get("file_id")]
    fitting = [size for size in sizes if _size(size) is None or _size(size) <= media.MAX_PHOTO_BYTES]
    if fitting:
        best = max(fitting, key=lambda size: (_size(size) or 0, size.get("width", 0) * size.get("height", 0)))
        return TelegramFile(str(best["file_id"]), _size(best))
    if sizes:  # every size too large: the smallest, refused as too large when fetched
        smallest = min(sizes, key=lambda size: _size(size) or 0)
        return TelegramFile(str(smallest["file_id"]), _size(smallest))
    document = message.get("document")
    if (
        isinstance(document, dict)
        and document.get("file_id")
        and str(document.get("mime_type") or "").lower().startswith("image/")
    ):
        return TelegramFile(str(document["file_id"]), _size(document))
    return None


def _size(item: dict[str, Any]) -> int | None:
    size = item.get("file_size")
    return size if isinstance(size, int) and not isinstance(size, bool) else None


def parse_update(update: dict[str, Any], bot_username: str | None = None) -> TelegramIncoming | None:
    """Read a Telegram Update: a text message, a photo (with its caption), or a button press.

    `/start` (sent when a customer opens the bot) becomes the greeting; other commands
    lose their slash and `@botname`, so they reach the NLU as words rather than as
    Rasa intent shortcuts.

    Returns:
        None for updates the bot does not answer (stickers, joins, channel posts ...).
    """
    update_id = update.get("update_id")
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = ((query.get("message") or {}).get("chat") or {}).get("id")
        chat_id = chat if chat is not None else (query.get("from") or {}).get("id")
        if chat_id is None:
            return None
        data = query.get("data")
        return TelegramIncoming(
            update_id=update_id,
            chat_id=str(chat_id),
            text=data if isinstance(data, str) and data else None,
            callback_query_id=str(query.get("id")) if query.get("id") is not None else None,
        )
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict):
        return None
    chat_id = (message.get("chat") or {}).get("id")
    text = message.get("text") or message.get("caption")
    text = text if isinstance(text, str) and text.strip() else None
    # an edited caption is read again; its photo is not taken twice
    photo = message_picture(message) if "message" in update else None
    if chat_id is None or (text is None and photo is None):
        return None
    said = _command_as_text(text, bot_username) if text is not None else None
    sender = message.get("from")
    language_code = sender.get("language_code") if isinstance(sender, dict) else None
    return TelegramIncoming(
        update_id=update_id,
        chat_id=str(chat_id),
        text=said,
        photo=photo,
        locale=clean_locale(language_code) if said == START_PAYLOAD else None,
    )


def _command_as_text(text: str, bot_username: str | None) -> str:
    if not text.startswith("/"):
        return text
    command, _, rest = text[1:].partition(" ")
    name, _, addressee = command.partition("@")
    if addressee and bot_username and addressee.casefold() != bot_username.lstrip("@").casefold():
        return text  # a command for another bot in a group
    if name.casefold() == "start":
        return START_PAYLOAD
    return f"{name} {rest}".strip()


def is_valid_secret(expected: str, received: str | None) -> bool:
    """Whether the secret-token header matches, compared in constant time."""
    return (
        bool(expected)
        and received is not None
        and hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))
    )


class TelegramBotApi:
    """A minimal Telegram Bot API client: JSON in, `result` out, failures logged."""

    def __init__(self, access_token: str) -> None:
        self._token = access_token

    async def call(self, method: str, payload: dict[str, Any]) -> Any:
        """Call a Bot API method; its `result`, or None when the call failed."""
        url = f"{outbound.telegram_api_base()}/bot{self._token}/{method}"
        timeout = aiohttp.ClientTimeout(total=outbound.REQUEST_TIMEOUT_SECONDS)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(url, json=payload) as reply:
                    body = await reply.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            # the URL holds the bot token: never log it
            logger.error("Telegram %s failed: %s", method, type(error).__name__)
            return None
        if not isinstance(body, dict) or not body.get("ok"):
            description = body.get("description") if isinstance(body, dict) else body
            logger.error("Telegram %s refused: %s", method, description)
            return None
        return body.get("result")

    async def download_file(self, picture: TelegramFile) -> bytes:
        """A file's bytes: getFile, then the file from the Bot API's file host.

        Raises:
            media.MediaError: getFile failed, or the download (bot.channels.media.download).
        """
        if picture.file_size is not None and picture.file_size > media.MAX_PHOTO_BYTES:
            raise media.MediaTooLargeError()
        found = await self.call("getFile", {"file_id": picture.file_id})
        file_path = found.get("file_path") if isinstance(found, dict) else None
        if not isinstance(file_path, str) or not file_path or ".." in file_path.split("/"):
            raise media.MediaError("getFile gave no file_path")
        size = _size(found)
        if size is not None and size > media.MAX_PHOTO_BYTES:
            raise media.MediaTooLargeError()
        url = f"{outbound.telegram_api_base()}/file/bot{self._token}/{file_path.lstrip('/')}"
        return await media.download(url, media.TELEGRAM)


class TelegramOutput(OutputChannel):
    """Sends the bot's messages to the chat of a `telegram:<chat id>` conversation."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api: TelegramBotApi) -> None:
        self.api = api

    async def _send(self, method: str, recipient_id: str, payload: dict[str, Any]) -> None:
        chat_id = recipient_for(self.name(), recipient_id)
        if chat_id is not None:
            await self.api.call(method, {**payload, "chat_id": chat_id})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MESSAGE_LIMIT):
            await self._send("sendMessage", recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        *first, last = split_text(text, MESSAGE_LIMIT) or [""]
        for part in first:
            await self._send("sendMessage", recipient_id, {"text": part})
        await self._send(
            "sendMessage", recipient_id, {"text": last or "…", "reply_markup": inline_keyboard(buttons)}
        )

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send("sendPhoto", recipient_id, {"photo": image})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A custom response is a Bot API call: `{"method": "sendMessage", ...}` (to this chat)."""
        payload = dict(json_message)
        method = str(payload.pop("method", "sendMessage"))
        await self._send(method, recipient_id, payload)


def inline_keyboard(buttons: Sequence[Button]) -> dict[str, Any]:
    """Buttons as an inline keyboard, one per row (the titles are long)."""
    rows = []
    for button in buttons:
        data = button_payload(button)
        if len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            # Telegram refuses longer callback data; the title reads well to the NLU
            logger.warning("Button payload longer than 64 bytes, sending its title instead")
            data = button_title(button).encode("utf-8")[:CALLBACK_DATA_LIMIT].decode("utf-8", "ignore")
        rows.append([{"text": button_title(button), "callback_data": data}])
    return {"inline_keyboard": rows}


class VerifiedTelegramInput(TelegramInput):
    """Telegram webhook at `/webhooks/telegram/webhook`, secret token required."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> VerifiedTelegramInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            access_token=credentials.get("access_token"),
            verify=credentials.get("verify"),
            webhook_url=credentials.get("webhook_url"),
            secret_token=credentials.get("secret_token"),
        )

    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        secret_token: str | None = None,
        debug_mode: bool = False,
    ) -> None:
        super().__init__(access_token, verify, webhook_url or None, debug_mode)
        if not access_token:
            raise RasaException("The telegram channel needs `access_token` (TELEGRAM_ACCESS_TOKEN).")
        if not secret_token or not _SECRET_TOKEN.match(secret_token):
            raise RasaException(
                "The telegram channel needs `secret_token` (TELEGRAM_SECRET_TOKEN): 1-256 "
                "characters from A-Z, a-z, 0-9, _ and -."
            )
        self.secret_token = secret_token
        self.api = TelegramBotApi(access_token)
        self._seen_updates: ExpiringMemory[bool] = ExpiringMemory(ttl=3600)
        self.gate = ChannelGate()
        self._registration: asyncio.Task | None = None

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.api)

    async def register_webhook(self) -> bool:
        """Tell Telegram where to send updates, and the secret token to send with them."""
        result = await self.api.call(
            "setWebhook",
            {"url": self.webhook_url, "secret_token": self.secret_token, "allowed_updates": ALLOWED_UPDATES},
        )
        return bool(result)

    async def _register_in_background(self) -> None:
        for delay in _REGISTER_DELAYS:
            await asyncio.sleep(delay)
            if await self.register_webhook():
                logger.info("Telegram webhook registered")
                return
        logger.error("Could not register the Telegram webhook; see docs/CHANNELS.md to do it by hand")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("verified_telegram_webhook", __name__)

        @telegram_webhook.listener("after_server_start")
        async def start_registration(*_: Any) -> None:
            if self.webhook_url:
                self._registration = asyncio.create_task(self._register_in_background())

        @telegram_webhook.listener("before_server_stop")
        async def stop_registration(*_: Any) -> None:
            if self._registration and not self._registration.done():
                self._registration.cancel()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not is_valid_secret(self.secret_token, request.headers.get(SECRET_HEADER)):
                logger.warning("Refused a Telegram update without the right secret token")
                return response.text("forbidden", status=HTTPStatus.FORBIDDEN)
            update = request.json
            incoming = parse_update(update, self.verify) if isinstance(update, dict) else None
            if incoming is None or (
                incoming.update_id is not None and self._seen_updates.seen(incoming.update_id)
            ):
                return response.text("ok")
            if incoming.callback_query_id:
                await self.api.call("answerCallbackQuery", {"callback_query_id": incoming.callback_query_id})
            if incoming.text or incoming.photo:
                await self._handle(incoming, on_new_message)
            return response.text("ok")

        return telegram_webhook

    async def _handle(
        self, incoming: TelegramIncoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        conversation_id = namespaced(self.name(), incoming.chat_id)
        output = self.get_output_channel()
        text = await self.gate.admit(conversation_id=conversation_id, text=incoming.text or "", output=output)
        if text is None:
            return
        metadata: dict[str, Any] = {}
        if incoming.locale:
            metadata[LOCALE_KEY] = incoming.locale
        if incoming.photo is not None:
            picture = incoming.photo
            photo = await media.photo_metadata_for(
                lambda: self.api.download_file(picture),
                conversation_id=conversation_id,
                channel=self.name(),
                output=output,
            )
            if photo is None and not text.strip():
                return
            metadata.update(photo or {})
        update_id = incoming.update_id
        message = UserMessage(
            text,
            output,
            conversation_id,
            input_channel=self.name(),
            message_id=f"telegram-{update_id}" if update_id is not None else None,
            metadata=metadata or None,
        )
        try:
            await on_new_message(message)
        except Exception:
            # Telegram repeats an update not answered 2xx: a failing turn must not bring
            # the same message back again and again
            logger.exception("Telegram message could not be handled")
