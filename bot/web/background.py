"""Every 2 s: record fire reports that have no handoff, retry failed urgent alerts, and
post the summary of the alerts held by the flood caps (bot.escalation.escalate). Every
5 s: the confirmation-email outbox. Every hour, with PHOTO_RETENTION_DAYS set: customers'
photos past their retention (bot.photos.records.purge_photos)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.db import session_scope
from bot.core.models import Handoff, utcnow
from bot.core.settings import Settings
from bot.escalation import escalate as escalation
from bot.escalation.handoffs import HandoffStatus, Priority
from bot.escalation.reconcile import reconcile_fire_reports
from bot.recall.outbox import send_due
from bot.review.summaries import refresh_summaries
from bot.web.keys import BACKGROUND, SETTINGS

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 2.0
FIRST_RETRY = dt.timedelta(seconds=2)
LONGEST_RETRY = dt.timedelta(minutes=5)


@dataclass
class RetryState:
    """When each failed alert may be tried again (doubling waits, at most 5 minutes)."""

    next_try: dict[int, dt.datetime] = field(default_factory=dict)
    wait: dict[int, dt.timedelta] = field(default_factory=dict)
    last_error: str | None = None

    def due(self, handoff_id: int, now: dt.datetime) -> bool:
        return self.next_try.get(handoff_id, now) <= now

    def failed(self, handoff_id: int, now: dt.datetime) -> None:
        wait = min(self.wait.get(handoff_id, FIRST_RETRY / 2) * 2, LONGEST_RETRY)
        self.wait[handoff_id] = wait
        self.next_try[handoff_id] = now + wait

    def forget(self, handoff_id: int) -> None:
        self.next_try.pop(handoff_id, None)
        self.wait.pop(handoff_id, None)


def retry_failed_alerts(
    *, session: Session, settings: Settings, state: RetryState, now: dt.datetime | None = None
) -> list[Handoff]:
    """Send again the alerts that failed for urgent handoffs still waiting for an agent.

    Returns:
        The handoffs whose alert was tried now.
    """
    now = now or utcnow()
    failed = list(
        session.execute(
            select(Handoff).where(
                Handoff.alert_status == "failed",
                Handoff.priority == Priority.URGENT.value,
                Handoff.status == HandoffStatus.WAITING.value,
            )
        ).scalars()
    )
    for stale in set(state.next_try) - {h.id for h in failed}:
        state.forget(stale)
    tried = []
    for handoff in failed:
        if not state.due(handoff.id, now):
            continue
        # Within ALERTS_PER_MINUTE; over it the alert stays failed and waits its turn.
        escalation.retry_alert(session=session, handoff=handoff, settings=settings, now=now)
        if handoff.alert_status == "failed":
            state.failed(handoff.id, now)
        else:
            state.forget(handoff.id)
        tried.append(handoff)
    return tried


def tick(settings: Settings, state: RetryState) -> None:
    """One round of the safety net (blocking: runs in a worker thread)."""
    with session_scope(settings.database_url) as session:
        reconcile_fire_reports(session=session, settings=settings)
    with session_scope(settings.database_url) as session:
        retry_failed_alerts(session=session, settings=settings, state=state)
    with session_scope(settings.database_url) as session:
        escalation.send_held_summary(session=session, settings=settings)
    with session_scope(settings.database_url) as session:
        refresh_summaries(session=session)  # the review list's summaries; after the safety net


async def _loop(settings: Settings) -> None:
    state = RetryState()
    while True:
        try:
            await asyncio.to_thread(tick, settings, state)
            state.last_error = None
        except Exception as error:  # noqa: BLE001 - the loop must survive a database outage
            message = f"{type(error).__name__}: {error}"
            if message != state.last_error:  # once per distinct failure, not every 2 s
                logger.exception("fire-report safety net failed")
                state.last_error = message
        await asyncio.sleep(INTERVAL_SECONDS)


EMAIL_INTERVAL_SECONDS = 5.0


def send_confirmation_emails(settings: Settings) -> int:
    """One round of the email outbox (blocking: runs in a worker thread); returns how many were sent."""
    with session_scope(settings.database_url) as session:
        return send_due(session=session, settings=settings)


async def _email_loop(settings: Settings) -> None:
    """The outbox on a task of its own: a slow SMTP server never delays the fire-report safety net."""
    last_error = None
    while True:
        try:
            await asyncio.to_thread(send_confirmation_emails, settings)
            last_error = None
        except Exception as error:  # noqa: BLE001 - the loop must survive a database outage
            message = f"{type(error).__name__}: {error}"
            if message != last_error:
                logger.exception("email outbox round failed")
                last_error = message
        await asyncio.sleep(EMAIL_INTERVAL_SECONDS)


PHOTO_RETENTION_INTERVAL_SECONDS = 3600.0


def purge_old_photos(settings: Settings, now: dt.datetime | None = None) -> int:
    """Delete the photos past PHOTO_RETENTION_DAYS (blocking: runs in a worker thread); how many."""
    from bot.photos.records import purge_photos, retention_cutoff
    from bot.photos.storage import store_for

    cutoff = retention_cutoff(settings.photo_retention_days, now)
    if cutoff is None:
        return 0
    with session_scope(settings.database_url) as session:
        return purge_photos(session=session, store=store_for(settings), older_than=cutoff)


async def _photo_retention_loop(settings: Settings) -> None:
    while True:
        try:
            purged = await asyncio.to_thread(purge_old_photos, settings)
            if purged:
                logger.info("%d photos past their retention deleted", purged)
        except Exception:  # noqa: BLE001 - the loop must survive a database outage
            logger.exception("photo retention round failed")
        await asyncio.sleep(PHOTO_RETENTION_INTERVAL_SECONDS)


async def _stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def safety_net(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: start the loop with the app, stop it with the app."""
    task = asyncio.create_task(_loop(app[SETTINGS]), name="fire-report-safety-net")
    emails = asyncio.create_task(_email_loop(app[SETTINGS]), name="email-outbox")
    photos = None
    if app[SETTINGS].photo_retention_days > 0:
        photos = asyncio.create_task(_photo_retention_loop(app[SETTINGS]), name="photo-retention")
    app[BACKGROUND] = task
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await _stop(emails)
    if photos is not None:
        await _stop(photos)
