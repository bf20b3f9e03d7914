"""What every channel calls with the bytes of a customer's photo: check, re-encode, store.

    metadata.update(await photo_metadata(data, sender_id=sender_id, channel="telegram"))

The result is merged into the ``UserMessage`` metadata (the caption, or "", is the text):

- ``{"photo": {"id": "<random id>", "content_type": "image/jpeg"}}``: the photo was
  re-encoded (no EXIF, no GPS, nothing appended) and stored; the conversation reads the
  label from the stored bytes (actions/photos.py);
- ``{"photo": {"error": "<reason>"}}``: nothing was kept. The reason is one of
  :class:`bot.understanding.label_photo.Reason` (``not_an_image``, ``unsupported_type``,
  ``too_large``, ``damaged``), ``rate_limited`` (more photos than the sender's allowance),
  or ``unavailable`` (the store or database failed; the customer may try again).

The customer's bytes never reach the tracker: only this small dict does. Decoding and
re-encoding take up to a few hundred milliseconds of CPU on a 40-megapixel photo, so they
run in a worker thread, at most :data:`MAX_CONCURRENT` at once, and the rate is checked
before any byte is decoded.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from bot.channels.limits import MemoryBuckets, RedisBuckets, load_limits
from bot.core.db import session_scope
from bot.core.settings import get_settings
from bot.photos.records import record_photo
from bot.photos.storage import get_store
from bot.understanding.label_photo import MAX_BYTES, ImageRejectedError, Reason, sanitise_image

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = MAX_BYTES  # 10 MB, the decoded size a channel may accept
RATE_LIMITED = "rate_limited"
UNAVAILABLE = "unavailable"
#: Every reason a ``{"photo": {"error": ...}}`` may carry.
ERRORS = frozenset({Reason.NOT_AN_IMAGE, Reason.UNSUPPORTED_TYPE, Reason.TOO_LARGE, Reason.DAMAGED, RATE_LIMITED, UNAVAILABLE})
MAX_CONCURRENT = 2  # photos decoded at once per process (this machine has two cores)

_semaphores: dict[int, asyncio.Semaphore] = {}
_buckets: Any = None


def _semaphore() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    semaphore = _semaphores.get(id(loop))
    if semaphore is None:
        semaphore = _semaphores[id(loop)] = asyncio.Semaphore(MAX_CONCURRENT)
    return semaphore


def _rate_buckets() -> Any:
    global _buckets
    if _buckets is None:
        settings = get_settings()
        rate = settings.photos_per_sender_per_hour / 3600
        redis_url = load_limits().redis_url
        if redis_url:
            _buckets = RedisBuckets(redis_url, rate=rate, burst=settings.photo_burst, prefix="recall:rate:photo:")
        else:
            _buckets = MemoryBuckets(rate=rate, burst=settings.photo_burst)
    return _buckets


def reset_rate_limits() -> None:
    """Forget the photo allowances (settings changed; tests)."""
    global _buckets
    _buckets = None


async def _allowed(sender_id: str) -> bool:
    if get_settings().photos_per_sender_per_hour <= 0:
        return True
    wait = _rate_buckets().take(sender_id)
    if not isinstance(wait, float | int):
        wait = await wait
    return float(wait) <= 0


def _store(data: bytes, content_type: str, sender_id: str, channel: str) -> str:
    with session_scope() as session:
        photo = record_photo(
            session=session,
            store=get_store(),
            conversation_id=sender_id,
            channel=channel,
            data=data,
            content_type=content_type,
        )
        return photo.public_id


async def photo_metadata(data: bytes, *, sender_id: str, channel: str) -> dict[str, Any]:
    """Check, re-encode and store a customer's photo; the metadata to merge into the message.

    Never raises for a bad file or a failed store: the answer says what happened.

    Args:
        data: The bytes as the channel received them (at most MAX_PHOTO_BYTES are accepted).
        sender_id: The conversation id (the tracker's sender id).
        channel: The channel's name ("rest", "socketio", "telegram", ...).
    """
    if not await _allowed(sender_id):
        logger.info("photo refused: rate limited (%s)", channel)
        return {"photo": {"error": RATE_LIMITED}}
    if not isinstance(data, bytes | bytearray | memoryview):
        return {"photo": {"error": Reason.NOT_AN_IMAGE}}
    if len(data) > MAX_PHOTO_BYTES:
        return {"photo": {"error": Reason.TOO_LARGE}}
    started = time.perf_counter()
    async with _semaphore():
        try:
            clean, content_type = await asyncio.to_thread(sanitise_image, bytes(data))
        except ImageRejectedError as rejected:
            logger.info("photo refused on %s: %s", channel, rejected)
            return {"photo": {"error": rejected.reason}}
        except Exception:  # noqa: BLE001 - whatever the decoder does, the customer gets an answer
            logger.exception("photo not re-encoded")
            return {"photo": {"error": Reason.DAMAGED}}
    try:
        public_id = await asyncio.to_thread(_store, clean, content_type, sender_id, channel)
    except Exception:  # noqa: BLE001 - a full disk or a lost database: say so, keep serving
        logger.exception("photo not stored")
        return {"photo": {"error": UNAVAILABLE}}
    logger.info(
        "photo %s stored from %s: %s, %d bytes in, %d kept, %.0f ms",
        public_id, channel, content_type, len(data), len(clean), (time.perf_counter() - started) * 1000,
    )
    return {"photo": {"id": public_id, "content_type": content_type}}
