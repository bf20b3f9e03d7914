"""Rasa's REST and socket.io channels with our limits (bot.channels.limits) in front.

Same names (`rest`, `socketio`), same URLs and the same replies as Rasa's own
channels; in addition each message is checked before it reaches Rasa:

- the request (body size, JSON, types of `sender`, `message`, `metadata`) is
  refused with 400/413 (REST) or ignored (socket.io) when it is not a message;
- control characters and NULs are dropped from the text, metadata is kept only
  when it is a small JSON object;
- a message over the length limit is answered with the too-long text and never
  reaches NLU;
- per-sender and per-address rates answer "please wait" (429 on REST);
- both answers are in the language of the refused message (bot.channels.limits);
- a fire report always goes through (shortened to its fire part if too long);
- when a custom action fails (action server down) or Rasa cannot handle the
  message, the customer is told to try again (bot.channels.action_failures);
- with Redis configured (bot.channels.limits), socket.io emits are shared by every Rasa
  server, so a human agent's message reaches the customer whichever server the
  console's request landed on.

credentials.yml::

    bot.channels.rest_socketio.LimitedRestInput:
    bot.channels.rest_socketio.LimitedSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import action_failures, loop_lag
from bot.channels.action_failures import something_went_wrong, watch_turn
from bot.channels.limits import (
    CONVERSATION_ID_RULE,
    SERVER_METADATA,
    Limits,
    RateLimiter,
    Refusal,
    clean_metadata,
    clean_text,
    client_address,
    fire_report_excerpt,
    load_limits,
    notice_language,
    split_image,
    too_fast_text,
    too_long_text,
    unreadable_text,
    web_conversation_id,
)
from bot.channels.locales import with_clean_locale
from bot.channels.session_secrets import proves_session, session_secret
from bot.rasa_ext import model_thread, turn_queue
from bot.rasa_ext import patches as rasa_speedups
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

# The Rasa server loads this module (credentials.yml): see bot/rasa_ext/patches.py,
# bot/rasa_ext/turn_queue.py, bot/rasa_ext/model_thread.py and bot/channels/action_failures.py.
rasa_speedups.install()
model_thread.install()
action_failures.install()
turn_queue.install()

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class RefusedError(Exception):
    """A message that does not reach Rasa: why, the status, and the text to answer."""

    def __init__(self, reason: Refusal, status: int, text: str, retry_after: float | None = None) -> None:
        super().__init__(text)
        self.reason = reason
        self.status = status
        self.text = text
        self.retry_after = retry_after


class MessageGate:
    """The checks shared by both channels."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or load_limits()
        self.rates = RateLimiter(self.limits)

    @staticmethod
    def origin_of(address: str | None) -> str | None:
        """The client's origin for the fire-report flood caps (None without an address).

        The address hashed and sealed under SECRET_KEY (bot.escalation.escalate.origin_for_address),
        never the address itself; the same on every Rasa server.
        """
        from bot.core.settings import get_settings
        from bot.escalation.escalate import origin_for_address

        return origin_for_address(address, get_settings().secret_key)

    def with_origin(self, metadata: dict[str, Any], address: str | None) -> dict[str, Any]:
        """The message metadata with the server-set `origin`, overwriting any a client sent.

        A client's own `photo` is dropped too: only bot.photos.intake sets it.
        """
        stamped = {key: value for key, value in metadata.items() if key not in SERVER_METADATA}
        origin = self.origin_of(address)
        if origin is not None:
            stamped["origin"] = origin
        return stamped

    async def admit(self, *, sender: str, text: str, address: str | None) -> str:
        """The text to hand to Rasa, or RefusedError.

        Raises:
            RefusedError: too long (200, answered) or too fast (429), unless a fire report;
                the answer is in the language of the message.
        """
        text = clean_text(text)
        max_chars = self.limits.max_message_chars
        if len(text) > max_chars:
            excerpt = fire_report_excerpt(text, max_chars)
            if excerpt is None:
                answer = too_long_text(len(text), max_chars, notice_language(text))
                raise RefusedError(Refusal.TOO_LONG, 200, answer)
            logger.warning("too-long fire report from %s passed on shortened", mask_identifier(sender))
            text = excerpt
        wait = await self.rates.check(sender=sender, address=address)
        if wait > 0:
            if fire_report_excerpt(text, max_chars) is None:
                raise RefusedError(Refusal.TOO_FAST, 429, too_fast_text(notice_language(text)), retry_after=wait)
            logger.warning("fire report from %s passed over its rate limit", mask_identifier(sender))
        return text


async def message_metadata(
    gate: MessageGate, raw: Any, *, sender: str, channel: str, address: str | None
) -> dict[str, Any]:
    """The metadata handed to Rasa: cleaned, the origin sealed, a picture stored as `photo`.

    The base64 picture never reaches the tracker: bot.photos.intake re-encodes and stores
    it, and the message carries `{"photo": {"id", "content_type"}}` or `{"photo": {"error"}}`.
    The widget's `locale` (the browser's language, first message only) stays as a short
    language tag (bot.channels.locales).
    """
    rest, image = split_image(raw)
    metadata = gate.with_origin(with_clean_locale(clean_metadata(rest)), address)
    if image is None:
        return metadata
    if image.error:
        metadata["photo"] = {"error": image.error}
        return metadata
    from bot.photos.intake import photo_metadata

    metadata.update(await photo_metadata(image.data, sender_id=sender, channel=channel))
    return metadata


def _limits_from(credentials: dict[str, Any] | None) -> Limits:
    return load_limits()


def _rest_access_refused(request: Request, limits: Limits) -> HTTPResponse | None:
    """REST_CHANNEL: `off` (404), `token` (a Bearer REST_CHANNEL_TOKEN, else 401) or `open`."""
    if limits.rest_channel == "off":
        return response.json({"error": "the REST channel is switched off here"}, status=404)
    if limits.rest_channel == "token":
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        expected = limits.rest_channel_token
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return response.json({"error": "the REST channel needs its token (Authorization: Bearer ...)"}, status=401)
    return None


async def read_body_within(request: Request, max_bytes: int) -> bytes | None:
    """The body of a streamed request, or None as soon as it is known to exceed `max_bytes`.

    A declared Content-Length over the limit is refused before a byte is read; an
    undeclared (chunked) body is read only up to the limit.
    """
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return None
    if request.stream is None:  # not a streamed route: Sanic has read it already
        body = request.body or b""
        return body if len(body) <= max_bytes else None
    chunks: list[bytes] = []
    size = 0
    while (chunk := await request.stream.read()) is not None:
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class LimitedRestInput(RestInput):
    """`POST /webhooks/rest/webhook` with limits."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(_limits_from(credentials))

    def __init__(self, limits: Limits | None = None) -> None:
        self.gate = MessageGate(limits)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.listener("after_server_start")
        async def watch_loop(*_: Any) -> None:
            loop_lag.start()

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> Any:
            limits = self.gate.limits
            refused = _rest_access_refused(request, limits)
            if refused is not None:
                return refused
            # A body that declares its length may be as large as a photo's (anything larger
            # is refused unread); over the message limit, only a message carrying a picture is
            # taken. An undeclared (chunked) body stays within the message limit.
            declared = request.headers.get("Content-Length", "")
            allowed = limits.max_body_bytes
            if declared.isdigit() and int(declared) <= limits.photo_body_bytes:
                allowed = max(allowed, limits.photo_body_bytes)
            body = await read_body_within(request, allowed)
            if body is None:
                return response.json({"error": f"request body over {allowed} bytes"}, status=413)
            large = len(body) > limits.max_body_bytes
            try:
                payload = await asyncio.to_thread(json.loads, body) if large else json.loads(body)
            except (ValueError, UnicodeDecodeError, RecursionError):
                return response.json({"error": "the body must be JSON"}, status=400)
            if not isinstance(payload, dict):
                return response.json({"error": "the body must be a JSON object"}, status=400)
            if large and not (isinstance(payload.get("metadata"), dict) and "image" in payload["metadata"]):
                return response.json({"error": f"request body over {limits.max_body_bytes} bytes"}, status=413)
            sender = web_conversation_id(payload.get("sender"))
            if sender is None:
                return response.json({"error": CONVERSATION_ID_RULE}, status=400)
            message = payload.get("message")
            if not isinstance(message, str):
                return response.json({"error": "`message` must be a string"}, status=400)
            address = client_address(request.ip, request.headers, limits.trusted_proxies)
            try:
                text = await self.gate.admit(sender=sender, text=message, address=address)
            except RefusedError as refused:
                headers = {"Retry-After": str(max(1, round(refused.retry_after)))} if refused.retry_after else {}
                return response.json(
                    [{"recipient_id": sender, "text": refused.text}], status=refused.status, headers=headers
                )
            metadata = await message_metadata(
                self.gate, payload.get("metadata"), sender=sender, channel=self.name(), address=address
            )
            if request.args.get("stream", "").lower() == "true":
                return response.stream(
                    self.stream_response(on_new_message, text, sender, self.name(), metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            with watch_turn() as turn:
                try:
                    await on_new_message(
                        UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                    )
                    failed = turn.needs_notice
                except asyncio.CancelledError:
                    logger.error("rest message from %s timed out", sender)
                    failed = True
                except Exception:
                    logger.exception("rest message from %s failed", sender)
                    failed = True
            if failed:
                collector.messages.append({"recipient_id": sender, "text": something_went_wrong(text)})
            return response.json(collector.messages)

        return webhook


def _guard_engineio(sio: AsyncServer) -> None:
    """Answer 400, not 500, to a polling POST without a session id.

    python-engineio 4.8 raises a TypeError (a 500) building its log message for it.
    Must run before the blueprint attaches the handler to the app.
    """
    original = sio.eio.handle_request

    @functools.wraps(original)
    async def handle_request(request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.method == "POST" and not request.args.get("sid"):
            return response.json({"error": "a socket.io POST needs a session id (sid)"}, status=400)
        return await original(request, *args, **kwargs)

    sio.eio.handle_request = handle_request


def _client_manager(limits: Limits) -> Any:
    """With several Rasa servers, emits go through Redis to whichever server holds the socket.

    An agent's message (POST .../tracker/events?output_channel=latest) may arrive at
    any Rasa server; the customer's socket is open on one of them.
    """
    if not limits.redis_url:
        return None
    from socketio import AsyncRedisManager

    return AsyncRedisManager(limits.redis_url, channel="recall-socketio")


def session_from_jwt(token: Any, key: str, algorithm: str) -> str | None:
    """The conversation a signed socket.io token grants, or None.

    The token (`Bearer <jwt>` or the bare JWT, signed by the host site) must carry an
    expiry (`exp`) and the UUIDv4 `session_id` it was issued for: a token that never
    expires, or that is good for any conversation, is refused.
    """
    if not isinstance(token, str):
        return None
    try:
        claims = jwt.decode(
            token.removeprefix("Bearer ").strip(), key, algorithms=[algorithm], options={"require": ["exp"]}
        )
    except jwt.PyJWTError as error:
        logger.info("socket.io token refused: %s", type(error).__name__)
        return None
    return web_conversation_id(claims.get("session_id"))


class LimitedSocketIOInput(SocketIOInput):
    """`/socket.io` with limits (same events and options as Rasa's channel)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        channel.gate = MessageGate(_limits_from(credentials))
        return channel

    gate: MessageGate | None = None

    def _gate(self) -> MessageGate:
        if self.gate is None:
            self.gate = MessageGate()
        return self.gate

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        gate = self._gate()
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            # A message may carry a photo (metadata.image, base64): up to its size.
            max_http_buffer_size=max(gate.limits.max_body_bytes, gate.limits.photo_body_bytes),
            client_manager=_client_manager(gate.limits),
        )
        _guard_engineio(sio)
        # Rasa's blueprint name, made unique when a second socket.io channel is served on another path.
        name = "socketio_webhook" if self.socketio_path == "/socket.io" else f"socketio_webhook_{uuid.uuid4().hex[:8]}"
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, name, __name__)
        self.sio = sio
        addresses: dict[str, str | None] = {}
        confirmed: dict[str, str] = {}  # socket -> the session confirmed to it
        granted_sessions: dict[str, str] = {}  # socket -> the session its JWT was issued for

        @socketio_webhook.listener("main_process_start")
        async def admit_photos(app: Any, _loop: Any) -> None:
            # A websocket message may carry a photo too (Sanic's default is 1 MiB); read by
            # Sanic when it builds the server, after this listener.
            needed = max(gate.limits.max_body_bytes, gate.limits.photo_body_bytes) + 1024
            app.config.WEBSOCKET_MAX_SIZE = max(int(app.config.WEBSOCKET_MAX_SIZE), needed)

        async def say(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                granted = session_from_jwt(token, self.jwt_key, self.jwt_algorithm)
                if granted is None:
                    return False
                granted_sessions[sid] = granted
            request = environ.get("sanic.request")
            peer = getattr(request, "ip", None) if request is not None else None
            headers = request.headers if request is not None else {}
            addresses[sid] = client_address(peer, headers, gate.limits.trusted_proxies)
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            addresses.pop(sid, None)
            confirmed.pop(sid, None)
            granted_sessions.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            # Only an unguessable id is taken; anything else gets a fresh conversation.
            data = data if isinstance(data, dict) else {}
            session_id = web_conversation_id(data.get("session_id")) or str(uuid.uuid4())
            if sid in granted_sessions:
                # A signed token names its conversation: that one and no other.
                session_id = granted_sessions[sid]
            held_elsewhere = any(s != sid and held == session_id for s, held in confirmed.items())
            if held_elsewhere and sid not in granted_sessions and not proves_session(session_id, data.get("session_secret")):
                # Another live socket holds it and this one can't prove it is the same browser.
                logger.warning("session_request for a session held by another socket refused")
                session_id = str(uuid.uuid4())
            previous = confirmed.get(sid)
            if previous and previous != session_id and self.session_persistence:
                sio.leave_room(sid, previous, namespace=self.namespace)
            confirmed[sid] = session_id
            if self.session_persistence:
                sio.enter_room(sid, session_id, namespace=self.namespace)  # synchronous in python-socketio 5.9
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            secret = {"session_id": session_id, "session_secret": session_secret(session_id)}
            await sio.emit("session_secret", secret, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                await say(sid, unreadable_text(data))
                return
            if self.session_persistence:
                # A socket sends only as the session confirmed to it, never as another.
                sender = confirmed.get(sid)
                if sender is None or web_conversation_id(data.get("session_id")) != sender:
                    logger.debug("socket.io message for a session not confirmed to this socket ignored")
                    await say(sid, unreadable_text(data))
                    return
            else:
                sender = sid
            message = data.get("message", "")
            if not isinstance(message, str):
                await say(sid, unreadable_text(data))
                return
            try:
                text = await gate.admit(sender=sender, text=message, address=addresses.get(sid))
            except RefusedError as refused:
                await say(sid, refused.text)
                return
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata[: gate.limits.photo_body_bytes])
                except (ValueError, RecursionError):
                    metadata = None
            metadata = await message_metadata(
                gate, metadata, sender=sender, channel=self.name(), address=addresses.get(sid)
            )
            output = SocketIOOutput(sio, self.bot_message_evt)
            with watch_turn() as turn:
                try:
                    await on_new_message(
                        UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata)
                    )
                    failed = turn.needs_notice
                except Exception:
                    logger.exception("socket.io message from %s failed", sender)
                    failed = True
            if failed:
                await say(sid, something_went_wrong(text))

        return socketio_webhook
