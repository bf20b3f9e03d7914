"""Handoffs to human agents: open (idempotently), queue, claim, hand back, close."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.models import Handoff, utcnow


class Reason(str, enum.Enum):
    FIRE = "fire"
    HUMAN_REQUEST = "human_request"
    FALLBACK = "fallback"


class Priority(str, enum.Enum):
    URGENT = "urgent"
    NORMAL = "normal"


class HandoffStatus(str, enum.Enum):
    WAITING = "waiting"
    ACTIVE = "active"
    RETURNED = "returned"
    CLOSED = "closed"


OPEN_STATUSES = (HandoffStatus.WAITING.value, HandoffStatus.ACTIVE.value)


class HandoffError(ValueError):
    """A handoff operation that is not allowed in the handoff's current state."""


@dataclass(frozen=True)
class UnitContext:
    """What is known about the customer's unit when the handoff opens."""

    model_number: str | None = None
    manufacture_date: str | None = None
    recall_status: str | None = None


@dataclass(frozen=True)
class HandoffRequest:
    """Why and for whom a handoff is asked: what the action, the consumer and the reconciler know."""

    conversation_id: str
    reason: Reason
    channel: str = "unknown"
    unit: UnitContext = UnitContext()
    customer_message: str | None = None
    injury: bool = False
    damage: bool = False
    origin: str | None = None


def priority_for(reason: Reason) -> Priority:
    return Priority.URGENT if reason is Reason.FIRE else Priority.NORMAL


def open_handoff(
    session: Session,
    request: HandoffRequest,
    *,
    now: dt.datetime | None = None,
) -> tuple[Handoff, bool]:
    """Open a handoff, or return the conversation's open one (upgraded for a fire).

    Alerts and the flood caps are bot.escalation.escalate's: fire reports go through `escalate`.

    Returns:
        The handoff and whether it was created now.
    """
    existing = _open_handoff_of(session, request.conversation_id)
    if existing is None:
        handoff = build_handoff(request, now=now)
        try:
            with session.begin_nested():
                session.add(handoff)
                session.flush()
            return handoff, True
        except IntegrityError:
            # Another process opened this conversation's handoff at the same moment
            # (uq_handoffs_open_conversation): theirs is the one, upgraded if need be.
            existing = _open_handoff_of(session, request.conversation_id)
            if existing is None:
                raise
    if request.reason is Reason.FIRE and existing.reason != Reason.FIRE.value:
        existing.reason = Reason.FIRE.value
        existing.priority = Priority.URGENT.value
        existing.urgent_since = now or utcnow()  # a new urgent handoff, for the flood caps
    existing.origin = existing.origin or (request.origin or "")[:64] or None
    existing.injury_mentioned = existing.injury_mentioned or request.injury
    existing.damage_mentioned = existing.damage_mentioned or request.damage
    _fill_unit(existing, request.unit)
    session.flush()
    return existing, False


def build_handoff(request: HandoffRequest, *, now: dt.datetime | None = None) -> Handoff:
    """A new waiting handoff, not yet in any session."""
    priority = priority_for(request.reason)
    now = now or utcnow()
    handoff = Handoff(
        conversation_id=request.conversation_id,
        reason=request.reason.value,
        priority=priority.value,
        status=HandoffStatus.WAITING.value,
        channel=request.channel,
        customer_message=(request.customer_message or "")[:2000] or None,
        injury_mentioned=request.injury,
        damage_mentioned=request.damage,
        origin=(request.origin or "")[:64] or None,
        urgent_since=now if priority is Priority.URGENT else None,
        created_at=now,
    )
    _fill_unit(handoff, request.unit)
    return handoff


def _open_handoff_of(session: Session, conversation_id: str) -> Handoff | None:
    return session.execute(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN_STATUSES))
        .order_by(Handoff.id)
        .with_for_update()
    ).scalar()


def _fill_unit(handoff: Handoff, unit: UnitContext) -> None:
    handoff.model_number = unit.model_number or handoff.model_number
    handoff.manufacture_date = unit.manufacture_date or handoff.manufacture_date
    handoff.recall_status = unit.recall_status or handoff.recall_status


def list_handoffs(*, session: Session, conversation_id: str | None = None) -> list[Handoff]:
    """All handoffs, or one conversation's, oldest first."""
    query = select(Handoff).order_by(Handoff.created_at, Handoff.id)
    if conversation_id is not None:
        query = query.where(Handoff.conversation_id == conversation_id)
    return list(session.execute(query).scalars())


def queue(*, session: Session) -> list[Handoff]:
    """Open handoffs: urgent first, then the longest waiting."""
    urgent_first = case((Handoff.priority == Priority.URGENT.value, 0), else_=1)
    waiting_first = case((Handoff.status == HandoffStatus.WAITING.value, 0), else_=1)
    return list(
        session.execute(
            select(Handoff)
            .where(Handoff.status.in_(OPEN_STATUSES))
            .order_by(waiting_first, urgent_first, Handoff.created_at, Handoff.id)
        ).scalars()
    )


def get_handoff(*, session: Session, handoff_id: int) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise HandoffError(f"no handoff {handoff_id}")
    return handoff


def claim(*, session: Session, handoff_id: int, agent: str) -> Handoff:
    """An agent takes a waiting handoff (or one they already hold).

    One conditional UPDATE: of two agents claiming at once, exactly one wins (the
    database decides, not whichever request wrote last).
    """
    taken = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == HandoffStatus.WAITING.value)
        .values(status=HandoffStatus.ACTIVE.value, agent_username=agent, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    handoff = get_handoff(session=session, handoff_id=handoff_id)
    session.refresh(handoff)
    if taken == 1 or (handoff.status == HandoffStatus.ACTIVE.value and handoff.agent_username == agent):
        return handoff
    raise HandoffError(f"handoff {handoff_id} is {handoff.status}, not waiting")


def finish(
    *,
    session: Session,
    handoff_id: int,
    agent: str,
    hand_back: bool,
    note: str = "",
    injury: bool | None = None,
    damage: bool | None = None,
) -> Handoff:
    """End a handoff: back to the bot (`returned`) or `closed`, with the outcome."""
    handoff = get_handoff(session=session, handoff_id=handoff_id)
    if handoff.status not in OPEN_STATUSES:
        raise HandoffError(f"handoff {handoff_id} is already {handoff.status}")
    if handoff.reason == Reason.FIRE.value and (injury is None or damage is None):
        raise HandoffError("a fire handoff needs the outcome: injury yes/no, damage yes/no")
    handoff.status = (HandoffStatus.RETURNED if hand_back else HandoffStatus.CLOSED).value
    handoff.agent_username = handoff.agent_username or agent
    handoff.outcome_note = note.strip()[:4000] or None
    handoff.outcome_injury = injury
    handoff.outcome_damage = damage
    handoff.ended_at = utcnow()
    session.flush()
    return handoff


def waiting_seconds(handoff: Handoff, now: dt.datetime | None = None) -> int:
    return int(((now or utcnow()) - handoff.created_at).total_seconds())


def as_api_dict(handoff: Handoff) -> dict:
    """The docs/INTERFACES.md shape of a handoff."""
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "reason": handoff.reason,
        "priority": handoff.priority,
        "status": handoff.status,
        "created_at": handoff.created_at.isoformat() + "Z",
    }
