"""Limits that protect the service, each with a clear answer to the customer.

- message length (`MAX_MESSAGE_CHARS`, 2000): a longer message is answered
  "Your message is too long (N characters); please send at most 2000." and never
  reaches NLU;
- request body size (`MAX_BODY_BYTES`, 64 KiB): 413; a message that carries a photo
  (`metadata.image`, base64) may be as large as a 10 MB picture in base64
  (`PHOTO_BODY_BYTES`, about 13.4 MiB + 64 KiB), and anything larger is refused before it is
  read; the picture is taken out of the metadata (`split_image`) before the rest is cleaned;
- message rates per sender and per client address: token buckets, in memory, or in
  Redis (shared by every Rasa server) when `RATE_LIMIT_REDIS_URL`, `REDIS_URL` or
  `LOCK_STORE_URL` is a redis:// URL.

A fire report (bot.safety.detect_fire_report) is never refused by a rate, and a
too-long fire report is passed on shortened to the part that reports the fire.

The "too long" and "too fast" answers are the catalogue's (`message_too_long`,
`message_too_fast` in bot/i18n/catalogue/), in the language of the refused message
(English when its words can't tell): the channel has no tracker at hand.

Used by bot.channels.rest_socketio (REST and socket.io).
"""

from __future__ import annotations

import logging
import os
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

logger = logging.getLogger(__name__)

#: Environment variables read here (besides settings.py's MAX_MESSAGE_CHARS).
ENV_VARS = (
    "MAX_MESSAGE_CHARS",
    "MAX_BODY_BYTES",
    "SENDER_RATE_PER_MINUTE",
    "SENDER_BURST",
    "IP_RATE_PER_MINUTE",
    "IP_BURST",
    "RATE_LIMIT_REDIS_URL",
    "REDIS_URL",
    "LOCK_STORE_URL",
    "TRUSTED_PROXIES",
    "PHOTO_BODY_BYTES",
)

MAX_METADATA_BYTES = 4096
MAX_METADATA_DEPTH = 4
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # bot.understanding.label_photo.MAX_BYTES (bot.photos.intake.MAX_PHOTO_BYTES)
#: Metadata keys only the server sets: a client's own are dropped.
SERVER_METADATA = ("origin", "photo")


@dataclass(frozen=True)
class Limits:
    """The configured limits (see the module docstring for the variables)."""

    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    sender_rate_per_minute: float = 30.0
    sender_burst: int = 10
    ip_rate_per_minute: float = 300.0
    ip_burst: int = 60
    redis_url: str | None = None
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    rest_channel: str = "open"  # REST_CHANNEL: open | token (REST_CHANNEL_TOKEN as a Bearer) | off
    rest_channel_token: str = ""
    # A body carrying a photo: a 10 MB picture in base64 (4/3) plus the rest of the message.
    photo_body_bytes: int = -(-MAX_IMAGE_BYTES // 3) * 4 + 64 * 1024


def load_limits(environ: Mapping[str, str] | None = None) -> Limits:
    """Limits from the environment (os.environ by default)."""
    env = os.environ if environ is None else environ
    redis_url = next(
        (
            env[name]
            for name in ("RATE_LIMIT_REDIS_URL", "REDIS_URL", "LOCK_STORE_URL")
            if env.get(name, "").startswith(("redis://", "rediss://", "unix://"))
        ),
        None,
    )
    proxies = tuple(p.strip() for p in env.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip())
    return Limits(
        max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "2000")),
        max_body_bytes=int(env.get("MAX_BODY_BYTES", str(64 * 1024))),
        sender_rate_per_minute=float(env.get("SENDER_RATE_PER_MINUTE", "30")),
        sender_burst=int(env.get("SENDER_BURST", "10")),
        ip_rate_per_minute=float(env.get("IP_RATE_PER_MINUTE", "300")),
        ip_burst=int(env.get("IP_BURST", "60")),
        redis_url=redis_url,
        trusted_proxies=proxies,
        rest_channel=env.get("REST_CHANNEL", "open").strip().lower() or "open",
        rest_channel_token=env.get("REST_CHANNEL_TOKEN", ""),
        photo_body_bytes=int(env.get("PHOTO_BODY_BYTES", str(Limits.photo_body_bytes))),
    )


class Refusal(Enum):
    """Why a message was refused before it reached Rasa."""

    TOO_LONG = "too_long"
    TOO_FAST = "too_fast"


#: How much of a refused message is read to tell its language: lingua's cost grows with
#: the text, and a flood of refused messages must stay cheap.
LANGUAGE_SAMPLE_CHARS = 500


def notice_language(customer_text: str, fallback: str | None = None) -> str:
    """The language to answer a refused message in: the one it is written in, else `fallback`
    (a supported code), else English."""
    from bot.i18n import DEFAULT
    from bot.i18n.detect import language_of

    fallback = fallback or DEFAULT
    try:
        return language_of(customer_text[:LANGUAGE_SAMPLE_CHARS], fallback)
    except Exception:  # noqa: BLE001 - the customer must get an answer whatever the detector does
        logger.exception("language detection failed for a refused message")
        return fallback


def unreadable_text(data: Any) -> str:
    """The answer to a chat message the server can't take (not an object, no text, not this
    socket's conversation): in the language of its words, else of its `metadata.locale` (the
    browser's), else English. The catalogue's `message_unreadable`."""
    from bot.i18n import DEFAULT, normalise
    from bot.i18n.texts import text

    language = DEFAULT
    if isinstance(data, dict):
        message, metadata = data.get("message"), data.get("metadata")
        locale = normalise(metadata.get("locale")) if isinstance(metadata, dict) else None
        language = notice_language(message if isinstance(message, str) else "", fallback=locale)
    return text(language, "message_unreadable")


def too_long_text(length: int, max_chars: int, language: str = "en") -> str:
    """The answer to a message over the length limit, in `language`."""
    from bot.i18n.texts import text

    return text(language, "message_too_long", length=length, max_chars=max_chars)


def too_fast_text(language: str = "en") -> str:
    """The answer to a message over the rate ("please wait a few seconds"), in `language`."""
    from bot.i18n.texts import text

    return text(language, "message_too_fast")


# -- cleaning what customers send -------------------------------------------------

_KEEP = {"\n", "\t"}


def clean_text(text: str) -> str:
    """Drop control characters, NULs and lone surrogates (PostgreSQL and UTF-8 refuse them)."""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cs"))


_UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
CONVERSATION_ID_RULE = (
    "the conversation id (`sender`, `session_id`) must be a random UUID, version 4, "
    "e.g. 0b5e7c1e-3f6a-4d2b-9c8e-2a1f5d7e9b3c"
)


def web_conversation_id(value: Any) -> str | None:
    """A conversation id a web client may use: a random UUIDv4 (lower case), else None.

    REST and socket.io clients choose their own id; only an unguessable one is taken,
    so no client can write into (or read) a conversation it did not start, messaging
    customers' included (those are keyed by phone numbers and chat ids).
    """
    if not isinstance(value, str) or not _UUID4.fullmatch(value.strip().lower()):
        return None
    return value.strip().lower()


@dataclass(frozen=True)
class ImageUpload:
    """A picture a web client sent in `metadata.image`: its bytes, or why it can't be used."""

    data: bytes = b""
    error: str | None = None  # a bot.understanding.label_photo.Reason value


def split_image(metadata: Any) -> tuple[Any, ImageUpload | None]:
    """The metadata without `image`, and the picture decoded from it (None when there is none).

    `{"image": {"content_type": "image/jpeg", "data": "<base64>"}}`; a `data:` URL is taken
    too. The declared type is ignored (the bytes are sniffed later); base64 longer than a
    10 MB picture is refused without decoding it.
    """
    import base64
    import binascii

    if not isinstance(metadata, dict) or "image" not in metadata:
        return metadata, None
    rest = {key: value for key, value in metadata.items() if key != "image"}
    image = metadata["image"]
    data = image.get("data") if isinstance(image, dict) else None
    if not isinstance(data, str) or not data:
        return rest, ImageUpload(error="not_an_image")
    if data.startswith("data:"):
        data = data.partition(",")[2]
    if len(data) > -(-MAX_IMAGE_BYTES // 3) * 4 + 4:
        return rest, ImageUpload(error="too_large")
    try:
        decoded = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return rest, ImageUpload(error="not_an_image")
    if len(decoded) > MAX_IMAGE_BYTES:
        return rest, ImageUpload(error="too_large")
    return rest, ImageUpload(data=decoded)


def clean_metadata(value: Any) -> dict[str, Any]:
    """Metadata a client may attach: a small JSON object of plain values, else nothing."""
    import json

    if not isinstance(value, dict):
        return {}

    def walk(node: Any, depth: int) -> Any:
        if depth > MAX_METADATA_DEPTH:
            raise ValueError("too deep")
        if isinstance(node, str):
            return clean_text(node)
        if isinstance(node, bool | int | float) or node is None:
            return node
        if isinstance(node, list):
            return [walk(v, depth + 1) for v in node]
        if isinstance(node, dict):
            return {clean_text(str(k)): walk(v, depth + 1) for k, v in node.items()}
        raise ValueError("not JSON")

    try:
        cleaned = walk(value, 0)
        if len(json.dumps(cleaned, allow_nan=False)) > MAX_METADATA_BYTES:
            return {}
    except (ValueError, RecursionError):
        return {}
    return cleaned


# -- fire reports -------------------------------------------------------------------


#: How much of an over-long message is searched for a fire report: the detector costs
#: about 8 ms a kilobyte, and a flood of huge messages must not stall the server.
FIRE_SCAN_FACTOR = 4


def fire_report_excerpt(text: str, max_chars: int) -> str | None:
    """If `text` reports a fire, the part of it (at most max_chars) that does, else None.

    Only the first FIRE_SCAN_FACTOR * max_chars characters are searched.
    """
    from bot.understanding.fire import detect_fire_report

    text = text[: max_chars * FIRE_SCAN_FACTOR]
    try:
        signal = detect_fire_report(text)
    except Exception:  # noqa: BLE001 - the safety net must never make a limit fail open or shut
        logger.exception("fire-report detection failed inside a limit")
        return None
    if signal is None:
        return None
    if len(text) <= max_chars:
        return text
    half = max(0, (max_chars - (signal.end - signal.start)) // 2)
    start = max(0, signal.start - half)
    return text[start : start + max_chars]


# -- token buckets --------------------------------------------------------------------


class MemoryBuckets:
    """Token buckets in this process: `rate` tokens a second, at most `burst`, per key."""

    def __init__(self, *, rate: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, now: float | None = None) -> float:
        """Take one token; 0.0 if allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        tokens, stamp = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate if self.rate > 0 else 60.0
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


# KEYS: bucket. ARGV: rate per second, burst. Returns the wait in ms (0 = allowed).
BUCKET_SCRIPT = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
"""


class RedisBuckets:
    """The same buckets in Redis, shared by every Rasa server; memory when Redis is down."""

    def __init__(self, url: str, *, rate: float, burst: int, prefix: str) -> None:
        self.url = url
        self.rate = rate
        self.burst = burst
        self.prefix = prefix
        self.fallback = MemoryBuckets(rate=rate, burst=burst)
        self._clients: dict[int, Any] = {}
        self._last_error = 0.0

    def _script(self) -> Any:
        import asyncio

        import redis.asyncio as aioredis

        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is None or entry[0] is not loop:
            client = aioredis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
            entry = (loop, client.register_script(BUCKET_SCRIPT))
            self._clients[id(loop)] = entry
        return entry[1]

    async def take(self, key: str) -> float:
        """Take one token; 0.0 if allowed, else the seconds until one is available."""
        import redis

        try:
            wait_ms = await self._script()(keys=[self.prefix + key], args=[self.rate, self.burst])
            return int(wait_ms) / 1000
        except (redis.RedisError, OSError) as error:
            if time.monotonic() - self._last_error > 30:
                self._last_error = time.monotonic()
                logger.error("rate limits: Redis unreachable (%s); counting in this process", error)
            return self.fallback.take(key)


class RateLimiter:
    """Per-sender and per-address message rates."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        sender_rate = limits.sender_rate_per_minute / 60
        ip_rate = limits.ip_rate_per_minute / 60
        if limits.redis_url:
            self.senders: Any = RedisBuckets(
                limits.redis_url, rate=sender_rate, burst=limits.sender_burst, prefix="recall:rate:sender:"
            )
            self.addresses: Any = RedisBuckets(
                limits.redis_url, rate=ip_rate, burst=limits.ip_burst, prefix="recall:rate:ip:"
            )
        else:
            self.senders = MemoryBuckets(rate=sender_rate, burst=limits.sender_burst)
            self.addresses = MemoryBuckets(rate=ip_rate, burst=limits.ip_burst)

    async def _take(self, buckets: Any, key: str) -> float:
        result = buckets.take(key)
        if not isinstance(result, float | int):
            result = await result
        return float(result)

    async def check(self, *, sender: str, address: str | None) -> float:
        """0.0 if the message may go on, else the seconds to wait (Retry-After)."""
        if self.limits.sender_rate_per_minute <= 0 and self.limits.ip_rate_per_minute <= 0:
            return 0.0
        wait = 0.0
        if address and self.limits.ip_rate_per_minute > 0:
            wait = await self._take(self.addresses, address)
        if self.limits.sender_rate_per_minute > 0:
            wait = max(wait, await self._take(self.senders, sender))
        return wait


def _trusted(peer: str | None, trusted: tuple[str, ...]) -> bool:
    """Whether `peer` is one of the trusted proxies (addresses or networks like 10.0.0.0/8)."""
    import ipaddress

    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(peer: str | None, headers: Mapping[str, str], trusted: tuple[str, ...]) -> str | None:
    """The customer's address: X-Real-IP / X-Forwarded-For only when the peer is our proxy.

    X-Real-IP is set by our proxy. In X-Forwarded-For each proxy appends the address it
    got the request from, and the client may send any entries of its own first, so the
    list is read from the right: the first entry that is not one of our proxies.
    """
    if not _trusted(peer, trusted):
        return peer
    real = (headers.get("x-real-ip") or "").strip()
    if _plausible(real):
        return real
    hops = [hop.strip() for hop in (headers.get("x-forwarded-for") or "").split(",")]
    for hop in reversed(hops):
        if not _plausible(hop):
            break
        if not _trusted(hop, trusted):
            return hop
    return peer


def _plausible(address: str) -> bool:
    return bool(address) and len(address) <= 64 and address.isprintable()
