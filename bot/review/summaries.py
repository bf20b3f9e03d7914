"""Conversation summaries from Rasa's `events`, kept current by `refresh_summaries`.

A summary is a pure function of one conversation's events, so a refresh rebuilds
the summaries of every conversation that has new rows (delete and insert in one
transaction): running it twice, or over rows already seen, changes nothing. The
last `events.id` folded in is stored in `review_checkpoints`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.models import utcnow
from bot.core.rasa_events import (
    EVENTS,
    FALLBACK_ACTIONS,
    FALLBACK_INTENT,
    HANDOFF_ACTIONS,
    LOW_CONFIDENCE,
    Event,
    events_of,
)
from bot.review.languages import language_of_rows
from bot.review.masking import NOT_AN_ANSWER, Masker, masker_for
from bot.review.models import (
    ReviewCheckpoint,
    ReviewConversation,
    ReviewFallbackMessage,
    ReviewText,
)

logger = logging.getLogger(__name__)

CHECKPOINT = "events"
# On PostgreSQL ids can commit out of order: rows just behind the checkpoint are read again.
OVERLAP_ROWS = {"postgresql": 200}
CHUNK_CONVERSATIONS = 400
PREVIEW_CHARS = 160
FALLBACK_TEXT_CHARS = 500
# The list previews the first message that says what the customer wanted.
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"})
# Work per call, so the console's background loop (the fire-report safety net) never
# stalls for long while a large store is read for the first time.
DEFAULT_MAX_EVENTS = 20_000

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_has_events: set[str] = set()


def conversation_key(conversation_id: str) -> str:
    """The stable, opaque handle of a conversation in URLs."""
    return hashlib.sha256(conversation_id.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def day_of(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%d")


@dataclass
class Summary:
    """What one conversation's events add up to."""

    conversation_id: str
    row: dict[str, Any]
    text: str
    fallbacks: list[dict[str, Any]] = field(default_factory=list)


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def pii_slot_values(events: Iterable[Event]) -> list[tuple[str, Any]]:
    return [(e.event_name or "", e.value) for e in events if e.kind == "slot"]


def summarise(conversation_id: str, events: list[Event]) -> Summary | None:
    """The summary of one conversation (events oldest first); None without events."""
    if not events:
        return None
    masker = masker_for(pii_slot_values(events))
    times = [t for t in (e.timestamp for e in events) if t is not None]
    first, last = (min(times), max(times)) if times else (0.0, 0.0)
    row: dict[str, Any] = {
        "conversation_id": conversation_id,
        "key": conversation_key(conversation_id),
        "first_event_at": first,
        "last_event_at": last,
        "start_day": day_of(first),
        "last_event_id": events[-1].id,
        "channel": "unknown",
        "language": language_of_rows(events),
        "user_messages": 0,
        "bot_messages": 0,
        "agent_messages": 0,
        "last_verdict": None,
        "model_number": None,
        "ticket_opened": False,
        "handed_off": False,
        "handoff_reason": None,
        "fire_report": False,
        "fallback_count": 0,
        "low_confidence_count": 0,
        "min_confidence": None,
        "preview": "",
    }
    texts: list[str] = []
    fallbacks: list[dict[str, Any]] = []
    active_form: str | None = None
    requested: str | None = None
    paused = False
    last_action: str | None = None
    last_user: Event | None = None
    counted_fallback: set[int] = set()

    def add_fallback(event: Event, shown: str) -> None:
        if event.id in counted_fallback:
            return
        counted_fallback.add(event.id)
        row["fallback_count"] += 1
        if shown.strip() and not event.is_payload:
            fallbacks.append(
                {
                    "conversation_id": conversation_id,
                    "event_id": event.id,
                    "timestamp": event.timestamp or last,
                    "text": _normalise(shown)[:FALLBACK_TEXT_CHARS],
                }
            )

    shown_text: dict[int, str] = {}
    preview_is_small_talk = False
    for event in events:
        kind = event.kind
        if kind == "user":
            row["user_messages"] += 1
            row["channel"] = event.channel or row["channel"]
            intent = event.intent
            shown = shown_for(event, masker, active_form=active_form, requested=requested)
            shown_text[event.id] = shown
            if not event.is_payload and event.text:
                texts.append(_normalise(shown))
                if not row["preview"] or (preview_is_small_talk and intent not in SMALL_TALK):
                    row["preview"] = shown[:PREVIEW_CHARS]
                    preview_is_small_talk = intent in SMALL_TALK
                confidence = event.confidence
                if confidence is not None:
                    low = row["min_confidence"]
                    row["min_confidence"] = confidence if low is None else min(low, confidence)
                    if confidence < LOW_CONFIDENCE:
                        row["low_confidence_count"] += 1
            if event.is_fire_report:
                row["fire_report"] = True
            if intent == FALLBACK_INTENT:
                add_fallback(event, shown)
            last_user = event
        elif kind == "bot":
            if event.agent:
                row["agent_messages"] += 1
            elif event.text or event.buttons:
                row["bot_messages"] += 1
        elif kind == "slot":
            name, value = event.event_name, event.value
            if name == "recall_status":
                row["last_verdict"] = str(value)[:20] if value else row["last_verdict"]
            elif name == "model_number" and value:
                row["model_number"] = str(value)[:32]
            elif name == "ticket_id" and value:
                row["ticket_opened"] = True
            elif name == "requested_slot":
                requested = str(value) if value else None
        elif kind in ("active_loop", "form"):
            active_form = event.event_name
            if active_form is None:
                requested = None
        elif kind == "action":
            name = event.event_name
            if name in FALLBACK_ACTIONS and last_user is not None:
                add_fallback(last_user, shown_text.get(last_user.id, ""))
            if name and name != "action_listen":
                last_action = name
        elif kind == "pause":
            paused = True
            reason = _handoff_reason(last_action, last_user)
            if not row["handed_off"] or reason == "fire":
                row["handoff_reason"] = reason
            row["handed_off"] = True
        elif kind == "resume":
            paused = False
        elif kind in ("restart", "session_started"):
            active_form, requested, paused = None, None, False
    row["message_count"] = row["user_messages"] + row["bot_messages"] + row["agent_messages"]
    row["open_form"] = active_form[:60] if active_form and not paused else None
    row["paused"] = paused
    return Summary(conversation_id=conversation_id, row=row, text="\n".join(texts), fallbacks=fallbacks)


def is_form_answer(event: Event, *, active_form: str | None, requested: str | None) -> bool:
    return bool(active_form and requested and event.intent not in NOT_AN_ANSWER and not event.is_payload)


def shown_for(event: Event, masker: Masker, *, active_form: str | None, requested: str | None) -> str:
    """A customer message as lists and transcripts show it (masked unless revealed)."""
    if is_form_answer(event, active_form=active_form, requested=requested):
        return masker.answer(requested, event.text)
    return masker.text(event.text)


def _handoff_reason(last_action: str | None, last_user: Event | None) -> str:
    if last_user is not None and last_user.is_fire_report:
        return "fire"
    return HANDOFF_ACTIONS.get(last_action or "", "other")


# --- refresh ------------------------------------------------------------------------


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def events_table_exists(session: Session) -> bool:
    """Whether Rasa has created its `events` table in this database yet."""
    bind = session.get_bind()
    key = str(bind.url)
    if key not in _has_events:
        if not inspect(bind).has_table("events"):
            return False
        _has_events.add(key)
    return True


def _checkpoint(session: Session) -> ReviewCheckpoint:
    """The checkpoint row, locked against other processes' refreshes (PostgreSQL)."""
    query = select(ReviewCheckpoint).where(ReviewCheckpoint.name == CHECKPOINT).with_for_update()
    found = session.execute(query).scalar()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.add(ReviewCheckpoint(name=CHECKPOINT, last_event_id=0))
    except IntegrityError:  # another process created it at the same moment
        pass
    return session.execute(query).scalar_one()


def refresh_summaries(
    *, session: Session, max_events: int | None = DEFAULT_MAX_EVENTS, wait: bool = True
) -> int:
    """Fold the `events` rows after the checkpoint into the summaries.

    Cheap when nothing is new (two small queries). Safe to run again over the same
    rows, from several threads (one at a time per database) and processes (the
    checkpoint row is locked on PostgreSQL). The caller commits.

    Args:
        session: a session on the database that holds Rasa's `events` table.
        max_events: at most this many new rows per call (None: all of them); a long
            backlog is worked off over several calls.
        wait: False to return at once when another thread is refreshing.

    Returns:
        The number of conversations whose summary was rebuilt.
    """
    if not events_table_exists(session):
        return 0
    lock = _lock(str(session.get_bind().url))
    if not lock.acquire(blocking=wait):
        return 0
    try:
        return _refresh(session, max_events)
    finally:
        lock.release()


def _refresh(session: Session, max_events: int | None) -> int:
    checkpoint = _checkpoint(session)
    done = int(checkpoint.last_event_id or 0)
    newest = session.execute(select(func.max(EVENTS.c.id))).scalar() or 0
    if newest <= done:
        return 0
    upper = newest
    if max_events:
        upper = (
            session.execute(
                select(EVENTS.c.id)
                .where(EVENTS.c.id > done)
                .order_by(EVENTS.c.id)
                .offset(max_events - 1)
                .limit(1)
            ).scalar()
            or newest
        )
    overlap = OVERLAP_ROWS.get(session.get_bind().dialect.name, 0)
    start = max(done - overlap, 0)
    senders = list(
        session.execute(
            select(EVENTS.c.sender_id).where(EVENTS.c.id > start, EVENTS.c.id <= upper).distinct()
        ).scalars()
    )
    for index in range(0, len(senders), CHUNK_CONVERSATIONS):
        rebuild(session=session, conversation_ids=senders[index : index + CHUNK_CONVERSATIONS])
    checkpoint.last_event_id = upper
    checkpoint.updated_at = utcnow()
    session.flush()
    logger.debug("review summaries: %d conversations rebuilt up to event %d", len(senders), upper)
    return len(senders)


def rebuild(*, session: Session, conversation_ids: list[str]) -> None:
    """Rebuild these conversations' summaries from all of their events."""
    summaries = [
        s
        for s in (
            summarise(cid, events)
            for cid, events in events_of(session=session, conversation_ids=conversation_ids)
        )
        if s
    ]
    for model in (ReviewConversation, ReviewText, ReviewFallbackMessage):
        session.execute(
            delete(model)
            .where(model.conversation_id.in_(conversation_ids))
            .execution_options(synchronize_session=False)
        )
    if summaries:
        session.execute(insert(ReviewConversation), [s.row for s in summaries])
        session.execute(
            insert(ReviewText), [{"conversation_id": s.conversation_id, "text": s.text} for s in summaries]
        )
        fallbacks = [f for s in summaries for f in s.fallbacks]
        if fallbacks:
            session.execute(insert(ReviewFallbackMessage), fallbacks)


def reset_summaries(*, session: Session) -> None:
    """Forget every summary and the checkpoint: the next refresh reads `events` from the start."""
    for model in (ReviewConversation, ReviewText, ReviewFallbackMessage, ReviewCheckpoint):
        session.execute(delete(model).execution_options(synchronize_session=False))
