"""Reading a stored photo's label, for the conversation (actions/photos.py calls this in a thread)."""

from __future__ import annotations

import logging

from bot.core.db import session_scope
from bot.photos.records import get_photo, record_confirmation, record_reading
from bot.photos.storage import PhotoStoreError, get_store
from bot.understanding.label_photo import LabelReading, Reason, read_label

logger = logging.getLogger(__name__)


def read_stored_photo(*, public_id: str, conversation_id: str) -> LabelReading | None:
    """Read the label on a photo of this conversation; None when there is no such photo.

    Blocking (about a second of OCR): call it in a worker thread. Only photos of the same
    conversation are read, whatever id a client puts in its metadata.
    """
    with session_scope() as session:
        photo = get_photo(session=session, public_id=public_id, conversation_id=conversation_id)
        key = photo.storage_key if photo is not None else None
    if key is None:
        return None
    try:
        data = get_store().get(key)
    except PhotoStoreError:
        logger.error("photo %s has a row but no file", public_id)
        return None
    reading = read_label(data)
    try:
        with session_scope() as session:
            record_reading(
                session=session,
                public_id=public_id,
                model_number=reading.model_number,
                manufacture_date=(reading.manufacture_date or "")[:10] or None,
                reason=reading.reason,
            )
    except Exception:  # noqa: BLE001 - the reading stands even when it can't be noted on the row
        logger.exception("reading of photo %s not recorded", public_id)
    return reading


def confirm_reading(*, public_id: str, confirmed: bool) -> None:
    """Note the customer's yes or no on the photo's row (best effort)."""
    try:
        with session_scope() as session:
            record_confirmation(session=session, public_id=public_id, confirmed=confirmed)
    except Exception:  # noqa: BLE001 - a note, not the conversation
        logger.exception("confirmation of photo %s not recorded", public_id)


__all__ = ["Reason", "confirm_reading", "read_stored_photo"]
