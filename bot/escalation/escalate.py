"""Escalation to people: open the handoff, then page within the flood caps.

Every report gets its handoff, urgent for a fire, in the agents' queue. What is capped
is paging. A new urgent handoff gets its own alert only while

- its origin opened fewer than URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR paging urgent
  handoffs in the last hour (the origin is a keyed hash of the web client's address,
  set by the Rasa-side gate, or of the messaging conversation: `origin_for`),
- fewer than URGENT_HANDOFFS_PER_MINUTE paging urgent handoffs opened in the last
  minute, and
- fewer than ALERTS_PER_MINUTE alerts were posted in the last minute.

Otherwise it is `held`: in the queue like any other, and counted in one summary alert
("N more fire reports held ...") posted at most once per ALERT_SUMMARY_MINUTES by
whichever of `escalate` and the console's background worker comes first; the rows it
counts are marked `summarised`, so no process posts them again.

Everything is counted in the database under one lock (an advisory lock on PostgreSQL,
the write lock on SQLite), so the caps hold across every action server, events
consumer and console. Only a fire report the database could not take is counted in
the process (`alert_unrecorded`).
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import hmac
import ipaddress
import logging
import math
import threading
import time
from dataclasses import dataclass

from sqlalchemy import false, func, select, text, update
from sqlalchemy.orm import Session

from bot.core.models import Handoff, utcnow
from bot.core.settings import Settings, get_settings
from bot.escalation import alerts
from bot.escalation.alerts import AlertStatus
from bot.escalation.handoffs import HandoffRequest, HandoffStatus, Priority, build_handoff, open_handoff
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
LOCK_KEY = 7_301_451_846  # pg_advisory_xact_lock: one lock for every paging decision
NOT_PAGING = (AlertStatus.HELD.value, AlertStatus.SUMMARISED.value)
DECIDED = (AlertStatus.SENT.value, *NOT_PAGING)
ADDRESS_ORIGIN = "ip-"
CONVERSATION_ORIGIN = "cv-"


@dataclass(frozen=True)
class Escalation:
    """What `escalate` did."""

    handoff: Handoff
    created: bool
    alert_status: str

    @property
    def held(self) -> bool:
        return self.alert_status in NOT_PAGING


# -- origins ------------------------------------------------------------------------


def _mac(secret_key: str, purpose: str, value: str, size: int) -> str:
    return hmac.new(secret_key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:size]


def origin_for_address(address: str | None, secret_key: str) -> str | None:
    """The origin of a web client: a sealed keyed hash of its address, never the address.

    An IPv6 client counts as its /64 network (one subscriber's share of addresses).
    """
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address.strip())
        key = str(ipaddress.ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else str(parsed)
    except ValueError:
        key = address.strip().lower()
    digest = _mac(secret_key, "origin", key, 24)
    return f"{ADDRESS_ORIGIN}{digest}.{_mac(secret_key, 'origin-seal', digest, 16)}"


def origin_for(*, conversation_id: str, claimed: object, secret_key: str) -> str:
    """The origin to count a report against.

    `claimed` is the message metadata's `origin`: taken only when the gate sealed it
    under SECRET_KEY (a client can't make one up); otherwise, and on messaging
    channels, the conversation is the origin.
    """
    if isinstance(claimed, str) and claimed.startswith(ADDRESS_ORIGIN) and "." in claimed:
        digest, seal = claimed[len(ADDRESS_ORIGIN) :].split(".", 1)
        if hmac.compare_digest(seal, _mac(secret_key, "origin-seal", digest, 16)):
            return claimed
    return CONVERSATION_ORIGIN + _mac(secret_key, "conversation", conversation_id, 24)


# -- escalating ---------------------------------------------------------------------


def escalate(
    session: Session,
    request: HandoffRequest,
    *,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> Escalation:
    """Open (or upgrade) the conversation's handoff and, when urgent, alert within the caps.

    Commits the session, so agents see the handoff before any webhook is called.

    Raises:
        SQLAlchemyError: when the database is unavailable.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    _serialise(session)
    handoff, created = open_handoff(session, request, now=now)
    status = handoff.alert_status
    if handoff.priority != Priority.URGENT.value or status in DECIDED:
        session.commit()
        return Escalation(handoff, created, status)
    if not settings.alert_webhook_url:
        handoff.alert_status = AlertStatus.NOT_CONFIGURED.value
        session.commit()
        return Escalation(handoff, created, handoff.alert_status)
    retry = status == AlertStatus.FAILED.value  # admitted before: only the alert rate applies
    if (retry or _within_handoff_caps(session, handoff, settings, now)) and _may_post(session, settings, now):
        _post(session, handoff, settings, now)
    elif not retry:
        handoff.alert_status = AlertStatus.HELD.value
        session.commit()
        logger.warning(
            "urgent handoff %s (conversation %s) held from paging by the flood caps",
            handoff.id,
            mask_identifier(request.conversation_id),
        )
        send_held_summary(session=session, settings=settings, now=now)
    session.commit()
    return Escalation(handoff, created, handoff.alert_status)


def retry_alert(
    *, session: Session, handoff: Handoff, settings: Settings, now: dt.datetime | None = None
) -> AlertStatus:
    """Post again a failed alert of a waiting urgent handoff, within ALERTS_PER_MINUTE.

    Returns:
        The handoff's alert status now (still `failed` when the rate said wait).
    """
    now = now or utcnow()
    _serialise(session)
    session.refresh(handoff)  # another console may have retried it meanwhile
    if handoff.alert_status != AlertStatus.FAILED.value or handoff.status != HandoffStatus.WAITING.value:
        session.commit()
        return AlertStatus(handoff.alert_status)
    if not settings.alert_webhook_url:
        handoff.alert_status = AlertStatus.NOT_CONFIGURED.value
    elif _may_post(session, settings, now):
        _post(session, handoff, settings, now)
    session.commit()
    return AlertStatus(handoff.alert_status)


def send_held_summary(
    *, session: Session, settings: Settings | None = None, now: dt.datetime | None = None
) -> int:
    """One alert for the held handoffs still waiting, at most once per ALERT_SUMMARY_MINUTES.

    Returns:
        How many held handoffs the summary counted (0 when none was posted).
    """
    settings = settings or get_settings()
    now = now or utcnow()
    pending = select(Handoff.id).where(
        Handoff.alert_status == AlertStatus.HELD.value, Handoff.status == HandoffStatus.WAITING.value
    )
    if not settings.alert_webhook_url or session.execute(pending.limit(1)).first() is None:
        return 0  # the usual case, without taking the lock
    _serialise(session)
    last = session.execute(
        select(func.max(Handoff.alerted_at)).where(Handoff.alert_status.in_(NOT_PAGING))
    ).scalar()
    recent = last is not None and last > now - dt.timedelta(minutes=settings.alert_summary_minutes)
    held = [] if recent else list(session.execute(select(Handoff).where(Handoff.id.in_(pending))).scalars())
    for handoff in held:
        handoff.alerted_at = now  # this window's summary is taken, whatever the webhook says
    session.commit()
    if not held:
        return 0
    oldest = min(h.urgent_since or h.created_at for h in held)
    payload = alerts.summary_payload(
        held=len(held),
        minutes=max(1, math.ceil((now - oldest) / MINUTE)),
        origins=len({h.origin for h in held}),
        console_url=settings.console_url,
    )
    if alerts.send_summary_alert(payload, webhook_url=settings.alert_webhook_url) is not AlertStatus.SENT:
        return 0  # still held: the next window's summary counts them
    for handoff in held:
        handoff.alert_status = AlertStatus.SUMMARISED.value
    session.commit()
    return len(held)


def _serialise(session: Session) -> None:
    """Take the lock the caps are counted and decided under (until the next commit)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif dialect == "sqlite":  # an UPDATE of no row still takes the database's write lock
        session.execute(
            update(Handoff)
            .where(false())
            .values(status=Handoff.status)
            .execution_options(synchronize_session=False)
        )


def _within_handoff_caps(session: Session, handoff: Handoff, settings: Settings, now: dt.datetime) -> bool:
    paging = select(func.count(Handoff.id)).where(
        Handoff.id != handoff.id,
        Handoff.priority == Priority.URGENT.value,
        Handoff.alert_status.not_in(NOT_PAGING),
    )
    if (
        session.execute(paging.where(Handoff.urgent_since >= now - MINUTE)).scalar_one()
        >= settings.urgent_handoffs_per_minute
    ):
        return False
    if handoff.origin is None:
        return True
    mine = paging.where(Handoff.origin == handoff.origin, Handoff.urgent_since >= now - HOUR)
    return session.execute(mine).scalar_one() < settings.urgent_handoffs_per_origin_per_hour


def _may_post(session: Session, settings: Settings, now: dt.datetime) -> bool:
    """Whether fewer than ALERTS_PER_MINUTE alerts went out in the last minute (summaries count)."""
    recent = Handoff.alerted_at >= now - MINUTE
    own = select(func.count(Handoff.id)).where(recent, Handoff.alert_status.not_in(NOT_PAGING))
    summaries = select(func.count(func.distinct(Handoff.alerted_at))).where(
        recent, Handoff.alert_status.in_(NOT_PAGING)
    )
    return (
        session.execute(own).scalar_one() + session.execute(summaries).scalar_one()
        < settings.alerts_per_minute
    )


def _post(session: Session, handoff: Handoff, settings: Settings, now: dt.datetime) -> None:
    handoff.alerted_at = now  # counted from now on, whatever the webhook answers
    session.commit()
    status = alerts.send_handoff_alert(
        handoff, webhook_url=settings.alert_webhook_url, console_url=settings.console_url
    )
    handoff.alert_status = status.value


# -- the database is down -----------------------------------------------------------

_unrecorded_lock = threading.Lock()
_unrecorded_posts: collections.deque[float] = collections.deque()
_unrecorded_skipped = 0


def alert_unrecorded(
    request: HandoffRequest,
    *,
    settings: Settings | None = None,
) -> AlertStatus:
    """Alert for a fire report the database could not take: nobody may hear of it otherwise.

    Counted in this process (the database is down): at most ALERTS_PER_MINUTE; the ones
    over it are logged and counted in the next alert that goes out.
    """
    global _unrecorded_skipped
    settings = settings or get_settings()
    if not settings.alert_webhook_url:
        return AlertStatus.NOT_CONFIGURED
    with _unrecorded_lock:
        clock = time.monotonic()
        while _unrecorded_posts and _unrecorded_posts[0] <= clock - 60:
            _unrecorded_posts.popleft()
        if len(_unrecorded_posts) >= settings.alerts_per_minute:
            _unrecorded_skipped += 1
            logger.error(
                "unrecorded fire report in conversation %s not alerted (flood cap): %r",
                mask_identifier(request.conversation_id),
                (request.customer_message or "")[:200],
            )
            return AlertStatus.HELD
        _unrecorded_posts.append(clock)
        skipped, _unrecorded_skipped = _unrecorded_skipped, 0
    handoff = build_handoff(request)
    note = (
        f"{skipped} more unrecorded fire reports were held by the flood cap (see the action server's log)."
        if skipped
        else ""
    )
    return alerts.send_handoff_alert(
        handoff,
        webhook_url=settings.alert_webhook_url,
        console_url=settings.console_url,
        recorded=False,
        note=note,
    )
