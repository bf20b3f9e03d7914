"""The ``photos`` rows: record a stored photo, read it back, attach it to the case, delete it.

Every function takes the caller's session (one transaction with whatever else it writes);
files are written before their row and deleted after its deletion commits, so a row never
points at nothing and a crash leaves at worst an orphan file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import secrets
from dataclasses import dataclass

from PIL import Image
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from bot.core.models import Handoff, Photo, Ticket, utcnow
from bot.photos.storage import PhotoStore, new_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredPhoto:
    """What the conversation knows of a photo: its public id and the stored type."""

    public_id: str
    content_type: str


def new_public_id() -> str:
    """A random, unguessable id (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def record_photo(
    *,
    session: Session,
    store: PhotoStore,
    conversation_id: str,
    channel: str,
    data: bytes,
    content_type: str,
) -> Photo:
    """Store re-encoded bytes (from ``sanitise_image``) under a random key and add their row.

    The photo joins the conversation's latest ticket and its open handoff, if there are any.
    """
    with Image.open(io.BytesIO(data)) as image:  # our own re-encoded bytes: the header only
        width, height = image.size
    key = new_key(content_type)
    store.put(key, data, content_type)
    # A photo sent after the ticket was opened, or while a person has the conversation
    # (after a fire report the bot is silent), goes straight to them.
    ticket_id = session.execute(
        select(Ticket.id).where(Ticket.conversation_id == conversation_id).order_by(Ticket.id.desc()).limit(1)
    ).scalar()
    handoff_id = session.execute(
        select(Handoff.id)
        .where(Handoff.conversation_id == conversation_id, Handoff.status.in_(("waiting", "active")))
        .limit(1)
    ).scalar()
    photo = Photo(
        ticket_id=ticket_id,
        handoff_id=handoff_id,
        public_id=new_public_id(),
        conversation_id=conversation_id,
        channel=(channel or "unknown")[:40],
        storage_key=key,
        content_type=content_type,
        size_bytes=len(data),
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    session.add(photo)
    session.flush()
    return photo


def get_photo(*, session: Session, public_id: str, conversation_id: str | None = None) -> Photo | None:
    """The photo with this public id (and of this conversation, when given), else None."""
    if not isinstance(public_id, str) or not public_id or len(public_id) > 32:
        return None
    query = select(Photo).where(Photo.public_id == public_id)
    if conversation_id is not None:
        query = query.where(Photo.conversation_id == conversation_id)
    return session.execute(query).scalar()


def conversation_photos(*, session: Session, conversation_id: str) -> list[Photo]:
    """The conversation's photos, oldest first."""
    return list(
        session.execute(
            select(Photo).where(Photo.conversation_id == conversation_id).order_by(Photo.created_at, Photo.id)
        ).scalars()
    )


def ticket_photos(*, session: Session, ticket_ids: list[int]) -> dict[int, list[Photo]]:
    """Photos attached to each of these tickets (ticket id -> photos, oldest first)."""
    found: dict[int, list[Photo]] = {ticket_id: [] for ticket_id in ticket_ids}
    if not ticket_ids:
        return found
    rows = session.execute(
        select(Photo).where(Photo.ticket_id.in_(ticket_ids)).order_by(Photo.created_at, Photo.id)
    ).scalars()
    for photo in rows:
        found[photo.ticket_id].append(photo)
    return found


def record_reading(
    *,
    session: Session,
    public_id: str,
    model_number: str | None,
    manufacture_date: str | None,
    reason: str | None,
) -> None:
    """Keep what the label reading found on the photo's row."""
    session.execute(
        update(Photo)
        .where(Photo.public_id == public_id)
        .values(read_model_number=model_number, read_manufacture_date=manufacture_date, read_reason=reason)
    )


def record_confirmation(*, session: Session, public_id: str, confirmed: bool) -> None:
    """Whether the customer said the reading was right."""
    session.execute(update(Photo).where(Photo.public_id == public_id).values(confirmed=confirmed))


def attach_to_ticket(*, session: Session, ticket: Ticket) -> int:
    """Attach the conversation's photos that belong to no ticket yet to `ticket`; how many.

    Photos of a fire (attached to a handoff) are attached too: they show the unit.
    """
    result = session.execute(
        update(Photo)
        .where(Photo.conversation_id == ticket.conversation_id, Photo.ticket_id.is_(None))
        .values(ticket_id=ticket.id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def attach_to_handoff(*, session: Session, conversation_id: str, handoff_id: int, since: dt.datetime | None = None) -> int:
    """Attach the conversation's photos not yet on a handoff (sent after `since`) to it; how many."""
    query = update(Photo).where(Photo.conversation_id == conversation_id, Photo.handoff_id.is_(None))
    if since is not None:
        query = query.where(Photo.created_at >= since)
    result = session.execute(query.values(handoff_id=handoff_id).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def has_photo(*, session: Session, conversation_id: str) -> bool:
    """Whether the conversation has at least one stored photo."""
    return session.execute(select(Photo.id).where(Photo.conversation_id == conversation_id).limit(1)).first() is not None


def delete_conversation_photos(*, session: Session, store: PhotoStore, conversation_id: str) -> int:
    """Delete every photo of a conversation, rows and files (the conversation is being erased)."""
    photos = conversation_photos(session=session, conversation_id=conversation_id)
    return _delete(session=session, store=store, photos=photos)


def purge_photos(*, session: Session, store: PhotoStore, older_than: dt.datetime, keep_open_cases: bool = True) -> int:
    """Delete photos taken before `older_than` (the retention period); how many.

    With `keep_open_cases`, photos of a ticket that is not closed yet are kept: an agent
    may still need them for the return.
    """
    query = select(Photo).where(Photo.created_at < older_than)
    if keep_open_cases:
        open_tickets = select(Ticket.id).where(Ticket.status != "closed")
        query = query.where(or_(Photo.ticket_id.is_(None), Photo.ticket_id.not_in(open_tickets)))
    photos = list(session.execute(query.order_by(Photo.id).limit(1000)).scalars())
    return _delete(session=session, store=store, photos=photos)


def retention_cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime | None:
    """The creation time before which photos are purged, or None when they are kept (0 days)."""
    if days <= 0:
        return None
    return (now or utcnow()) - dt.timedelta(days=days)


def _delete(*, session: Session, store: PhotoStore, photos: list[Photo]) -> int:
    keys = [photo.storage_key for photo in photos]
    for photo in photos:
        session.delete(photo)
    session.flush()

    # The files go once the rows' deletion is committed: a rollback keeps both, a failed
    # file delete leaves an orphan file (logged), never a row without its file.
    pending = list(keys)

    def remove_files(_session: Session) -> None:
        while pending:
            key = pending.pop()
            try:
                store.delete(key)
            except Exception:  # noqa: BLE001 - one stuck file must not keep the others
                logger.exception("photo file %s not deleted", key)

    def keep_files(_session: Session) -> None:
        pending.clear()

    if keys:
        event.listen(session, "after_commit", remove_files)
        event.listen(session, "after_rollback", keep_files)
    return len(keys)
