"""What leads write: reviewed marks, tags, notes, flagged messages, and the reveal log."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.models import ConsoleUser, utcnow
from bot.core.rasa_events import EVENT_COLUMNS, EVENTS, from_row
from bot.review.filters import clean_tag
from bot.review.models import ReviewFlag, ReviewMark, ReviewReveal, ReviewTag
from bot.review.training import MarkupError, nlu_yaml, parse_markup, valid_name

MAX_NOTES_CHARS = 4000
MAX_TAGS = 20
# A reveal shows one conversation's personal data to the lead who asked, for this long.
REVEAL_FOR = dt.timedelta(minutes=10)


class ReviewError(ValueError):
    """Something a lead asked for that cannot be done; the message says why."""


def get_mark(*, session: Session, conversation_id: str) -> ReviewMark | None:
    return session.get(ReviewMark, conversation_id)


def tags_of(*, session: Session, conversation_id: str) -> list[str]:
    return list(
        session.execute(
            select(ReviewTag.tag).where(ReviewTag.conversation_id == conversation_id).order_by(ReviewTag.tag)
        ).scalars()
    )


def parse_tags(raw: str) -> list[str]:
    """Comma-separated tags, cleaned and deduplicated."""
    tags = [clean_tag(part) for part in str(raw or "").split(",")]
    unique = list(dict.fromkeys(t for t in tags if t))
    if len(unique) > MAX_TAGS:
        raise ReviewError(f"at most {MAX_TAGS} tags per conversation")
    return unique


def save_marks(
    *,
    session: Session,
    conversation_id: str,
    user: ConsoleUser,
    reviewed: bool,
    tags: list[str],
    notes: str,
) -> ReviewMark:
    """Set a conversation's review state, its tags (replacing the old ones) and notes."""
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES_CHARS:
        raise ReviewError(f"notes may have at most {MAX_NOTES_CHARS} characters")
    now = utcnow()
    mark = session.get(ReviewMark, conversation_id)
    if mark is None:
        mark = ReviewMark(conversation_id=conversation_id, reviewed=False, notes="")
        session.add(mark)
    if reviewed and not mark.reviewed:
        mark.reviewed_by, mark.reviewed_at = user.username, now
    elif not reviewed:
        mark.reviewed_by, mark.reviewed_at = None, None
    mark.reviewed = reviewed
    mark.notes = notes
    mark.updated_by, mark.updated_at = user.username, now
    current = set(tags_of(session=session, conversation_id=conversation_id))
    wanted = set(tags)
    if current - wanted:
        session.execute(
            delete(ReviewTag)
            .where(ReviewTag.conversation_id == conversation_id, ReviewTag.tag.in_(current - wanted))
            .execution_options(synchronize_session=False)
        )
    for tag in sorted(wanted - current):
        session.add(ReviewTag(conversation_id=conversation_id, tag=tag, created_by=user.username))
    session.flush()
    return mark


# --- flagged messages ----------------------------------------------------------------


@dataclass(frozen=True)
class FlagView:
    id: int
    event_id: int
    conversation_id: str
    intent: str
    text: str
    entities: list[dict[str, Any]]
    predicted_intent: str | None
    predicted_confidence: float | None
    flagged_by: str
    created_at: dt.datetime


def _view(flag: ReviewFlag) -> FlagView:
    try:
        entities = json.loads(flag.entities or "[]")
    except ValueError:
        entities = []
    return FlagView(
        id=flag.id,
        event_id=int(flag.event_id),
        conversation_id=flag.conversation_id,
        intent=flag.intent,
        text=flag.text,
        entities=entities if isinstance(entities, list) else [],
        predicted_intent=flag.predicted_intent,
        predicted_confidence=flag.predicted_confidence,
        flagged_by=flag.flagged_by,
        created_at=flag.created_at,
    )


def flag_message(
    *, session: Session, event_id: int, intent: str, example: str, user: ConsoleUser
) -> FlagView:
    """Record the intent and entities a customer message should have had.

    Args:
        event_id: the `events` row of the customer's message.
        intent: the right intent.
        example: the message as a training example, entities marked up
            (`is my [A1263](model_number) recalled`); the lead may also remove
            personal data from it.

    Raises:
        ReviewError: for an unknown message, a bad intent name or unreadable markup.
    """
    intent = (intent or "").strip()
    if not valid_name(intent):
        raise ReviewError("the intent must be a name like check_recall (letters, digits, _ and -)")
    try:
        text, entities = parse_markup(example)
    except MarkupError as error:
        raise ReviewError(str(error)) from None
    if not text.strip():
        raise ReviewError("the example is empty")
    row = session.execute(select(*EVENT_COLUMNS).where(EVENTS.c.id == event_id)).first()
    if row is None or row.type_name != "user":
        raise ReviewError("that message is not a customer's message")
    event = from_row(row)
    now = utcnow()
    flag = session.execute(select(ReviewFlag).where(ReviewFlag.event_id == event_id)).scalar()
    if flag is None:
        flag = ReviewFlag(
            event_id=event_id,
            conversation_id=event.sender_id,
            original_text=event.text,
            predicted_intent=(event.intent or "")[:100] or None,
            predicted_confidence=event.confidence,
            created_at=now,
        )
        session.add(flag)
    flag.intent = intent
    flag.text = text
    flag.entities = json.dumps(entities, ensure_ascii=False)
    flag.flagged_by = user.username
    flag.updated_at = now
    session.flush()
    return _view(flag)


def remove_flag(*, session: Session, flag_id: int) -> str | None:
    """Delete a flag; returns its conversation id (None when there was no such flag)."""
    flag = session.get(ReviewFlag, flag_id)
    if flag is None:
        return None
    conversation_id = flag.conversation_id
    session.delete(flag)
    session.flush()
    return conversation_id


def list_flags(*, session: Session, conversation_id: str | None = None) -> list[FlagView]:
    query = select(ReviewFlag).order_by(ReviewFlag.intent, ReviewFlag.id)
    if conversation_id is not None:
        query = query.where(ReviewFlag.conversation_id == conversation_id)
    return [_view(f) for f in session.execute(query).scalars()]


def flags_as_nlu_yaml(*, session: Session) -> str:
    """Every flagged message as Rasa NLU training data, ready to add to data/."""
    return nlu_yaml((f.intent, f.text, f.entities) for f in list_flags(session=session))


# --- revealing personal data -------------------------------------------------------------


def log_reveal(*, session: Session, conversation_id: str, user: ConsoleUser) -> ReviewReveal:
    reveal = ReviewReveal(
        conversation_id=conversation_id, username=user.username, role=user.role, revealed_at=utcnow()
    )
    session.add(reveal)
    session.flush()
    return reveal


def active_reveal(
    *, session: Session, conversation_id: str, user: ConsoleUser, now: dt.datetime | None = None
) -> ReviewReveal | None:
    """This user's logged reveal of this conversation, if it is recent enough to honour."""
    since = (now or utcnow()) - REVEAL_FOR
    return session.execute(
        select(ReviewReveal)
        .where(
            ReviewReveal.conversation_id == conversation_id,
            ReviewReveal.username == user.username,
            ReviewReveal.revealed_at >= since,
        )
        .order_by(ReviewReveal.revealed_at.desc())
        .limit(1)
    ).scalar()


def reveal_log(*, session: Session, limit: int = 500) -> list[ReviewReveal]:
    return list(
        session.execute(
            select(ReviewReveal)
            .order_by(ReviewReveal.revealed_at.desc(), ReviewReveal.id.desc())
            .limit(limit)
        ).scalars()
    )
