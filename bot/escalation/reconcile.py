"""The safety net for fire reports whose handoff was never written.

Inside Rasa a fire report gets the safety answer and pauses the conversation
without the action server; the urgent handoff row is written by the custom action
`action_escalate_fire`. When the action server or our tables were unavailable at
that moment, the customer is left paused with nobody told. This module reads
Rasa's tracker store table `events` (same database) and opens the missing
handoffs, with the alert.

A fire report counts as covered by a handoff with reason `fire` for the same
conversation that was still open at the report's time or opened after it (a
`human_request` handoff upgraded to fire counts too: its reason is then `fire`).
Handoffs are opened, and alerted within the flood caps, by bot.escalation.escalate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, inspect, or_, select
from sqlalchemy.orm import Session

from bot.core.models import Handoff, utcnow
from bot.core.rasa_events import EVENTS, FIRE_INTENT
from bot.core.settings import Settings, get_settings
from bot.escalation.escalate import escalate, origin_for
from bot.escalation.handoffs import HandoffRequest, Reason, UnitContext
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

# Clocks of the Rasa server and the action server may differ a little.
TOLERANCE = dt.timedelta(seconds=15)
# Reports older than this are history, not emergencies (a full scan of an old table).
MAX_AGE = dt.timedelta(days=7)
# Rows re-read behind the checkpoint: on PostgreSQL ids can commit out of order.
OVERLAP_ROWS = 200
UNIT_SLOTS = ("model_number", "manufacture_date", "recall_status")


_checkpoints: dict[str, int] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class FireReport:
    """One user event of Rasa's that is a fire report."""

    event_id: int
    conversation_id: str
    timestamp: float
    text: str
    channel: str
    injury: bool
    damage: bool
    claimed_origin: str | None = None  # the message metadata's `origin` (bot.escalation.escalate.origin_for)

    def handoff_request(self, unit: UnitContext, secret_key: str) -> HandoffRequest:
        """The fire handoff this report asks for, as the action would have opened it."""
        return HandoffRequest(
            conversation_id=self.conversation_id,
            reason=Reason.FIRE,
            channel=self.channel,
            unit=unit,
            customer_message=self.text,
            injury=self.injury,
            damage=self.damage,
            origin=origin_for(conversation_id=self.conversation_id, claimed=self.claimed_origin, secret_key=secret_key),
        )


def reset_checkpoints() -> None:
    """Forget every checkpoint: the next run scans the whole table again."""
    with _lock:
        _checkpoints.clear()


def reconcile_fire_reports(
    *,
    session: Session,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> list[Handoff]:
    """Open the urgent handoff (and alert, within the flood caps) for every uncovered fire report.

    The first call for a database scans all of `events`; later calls only the rows
    after the last id seen (with a small overlap). Commits the session after each
    handoff, so agents see it before the alert webhook is called.

    Args:
        session: a session on the database that holds Rasa's `events` table.
        now: the current time (naive UTC), for tests.
        settings: where alerts go; the process settings by default.

    Returns:
        The handoffs opened (or upgraded to fire) by this call.
    """
    now = now or utcnow()
    bind = session.get_bind()
    key = str(bind.url)
    if not inspect(bind).has_table("events"):
        return []
    with _lock:
        checkpoint = _checkpoints.get(key)
    last_id = session.execute(select(func.max(EVENTS.c.id))).scalar() or 0
    start = -1 if checkpoint is None else max(checkpoint - OVERLAP_ROWS, -1)
    reports = _latest_reports(session, after_id=start, up_to_id=last_id)
    opened: list[Handoff] = []
    settings = settings or get_settings()
    for report in reports:
        reported_at = _naive_utc(report.timestamp)
        if reported_at < now - MAX_AGE:
            continue
        if is_covered(session, report.conversation_id, reported_at):
            continue
        request = report.handoff_request(_unit_before(session, report), settings.secret_key)
        escalation = escalate(session, request, settings=settings)
        logger.warning(
            "fire report in conversation %s had no handoff; %s handoff %s",
            mask_identifier(report.conversation_id),
            "opened" if escalation.created else "upgraded",
            escalation.handoff.id,
        )
        opened.append(escalation.handoff)
    with _lock:
        _checkpoints[key] = max(last_id, checkpoint or 0)
    return opened


def _latest_reports(session: Session, *, after_id: int, up_to_id: int) -> list[FireReport]:
    """Each conversation's latest fire report among the rows in (after_id, up_to_id]."""
    rows = session.execute(
        select(EVENTS.c.id, EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.intent_name, EVENTS.c.data)
        .where(
            EVENTS.c.type_name == "user",
            EVENTS.c.id > after_id,
            EVENTS.c.id <= up_to_id,
            or_(EVENTS.c.intent_name == FIRE_INTENT, EVENTS.c.data.like('%"fire_signal"%')),
        )
        .order_by(EVENTS.c.id)
    ).all()
    latest: dict[str, FireReport] = {}
    for row in rows:
        report = as_report(row)
        if report is not None:
            latest[report.conversation_id] = report
    return list(latest.values())


def as_report(row: Any) -> FireReport | None:
    """A Rasa `user` event row (id, sender_id, timestamp, intent_name, data) as a FireReport, if it is one."""
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    parse_data = data.get("parse_data") if isinstance(data.get("parse_data"), dict) else {}
    signal = parse_data.get("fire_signal")
    if row.intent_name != FIRE_INTENT and not signal:
        return None
    if _is_a_name_or_address(str(data.get("text") or ""), signal):
        return None  # "Hannah Sparks" answering the name question: the bot carried on
    timestamp = row.timestamp if row.timestamp is not None else data.get("timestamp")
    try:
        timestamp = float(timestamp)
    except (TypeError, ValueError):
        timestamp = utcnow().replace(tzinfo=dt.timezone.utc).timestamp()
    injury, damage = _flags(signal)
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    claimed = metadata.get("origin")
    return FireReport(
        event_id=int(row.id),
        conversation_id=str(row.sender_id),
        timestamp=timestamp,
        text=str(data.get("text") or parse_data.get("text") or ""),
        channel=str(data.get("input_channel") or "unknown")[:40],
        injury=injury,
        damage=damage,
        claimed_origin=claimed if isinstance(claimed, str) else None,
    )


def _is_a_name_or_address(text: str, signal: Any) -> bool:
    """A name or an address the fire policy lets pass: its fire word, or the classifier's
    fire intent alone, is plainly part of it ("Hannah Sparks", "Seamus Gallagher", "12 Flame Street")."""
    from bot.understanding.form_answers import reads_as_detail

    matched = signal.get("matched") if isinstance(signal, dict) else None
    return reads_as_detail("customer_name", text, matched) or reads_as_detail("street", text, matched)


def _flags(signal: Any) -> tuple[bool, bool]:
    """Injury and property-damage flags from the NLU's `fire_signal`."""
    if not isinstance(signal, dict):
        return False, False

    def flag(*names: str) -> bool:
        return any(bool(signal.get(name)) for name in names)

    return (
        flag("injury", "injury_mentioned", "injured"),
        flag("damage", "damage_mentioned", "property_damage"),
    )


def _naive_utc(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)


def is_covered(session: Session, conversation_id: str, reported_at: dt.datetime) -> bool:
    """Whether a fire handoff of the conversation was open at the report's time, or opened after it."""
    since = reported_at - TOLERANCE
    return (
        session.execute(
            select(Handoff.id)
            .where(
                Handoff.conversation_id == conversation_id,
                Handoff.reason == Reason.FIRE.value,
                or_(
                    Handoff.created_at >= since,
                    Handoff.ended_at.is_(None),
                    Handoff.ended_at >= since,
                ),
            )
            .limit(1)
        ).scalar()
        is not None
    )


def _unit_before(session: Session, report: FireReport) -> UnitContext:
    """The unit slots set in the conversation before the report (Rasa `slot` events)."""
    rows = session.execute(
        select(EVENTS.c.action_name, EVENTS.c.data)
        .where(
            EVENTS.c.sender_id == report.conversation_id,
            EVENTS.c.type_name == "slot",
            EVENTS.c.action_name.in_(UNIT_SLOTS),
            EVENTS.c.id < report.event_id,
        )
        .order_by(EVENTS.c.id)
    ).all()
    values: dict[str, str | None] = {}
    for name, raw in rows:
        try:
            value = json.loads(raw or "{}").get("value")
        except (ValueError, AttributeError):
            continue
        values[name] = str(value) if value is not None else None
    return UnitContext(
        model_number=(values.get("model_number") or "")[:32] or None,
        manufacture_date=(values.get("manufacture_date") or "")[:10] or None,
        recall_status=(values.get("recall_status") or "")[:20] or None,
    )
