"""Every 2 s: record fire reports that have no handoff, and retry failed urgent alerts."""

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

from bot import alerts
from bot.db import session_scope
from bot.handoffs import HandoffStatus, Priority
from bot.models import Handoff, utcnow
from bot.reconcile import reconcile_fire_reports
from bot.review.summaries import refresh_summaries
from bot.settings import Settings
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
        handoff.alert_status = alerts.send_handoff_alert(
            handoff, webhook_url=settings.alert_webhook_url, console_url=settings.console_url
        )
        session.commit()
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


async def safety_net(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: start the loop with the app, stop it with the app."""
    task = asyncio.create_task(_loop(app[SETTINGS]), name="fire-report-safety-net")
    app[BACKGROUND] = task
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
