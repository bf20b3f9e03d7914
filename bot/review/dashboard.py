"""The recall's trends for the dashboard: figures from the summaries and our tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.core.models import Handoff, Ticket
from bot.review.filters import ReviewFilters, conditions
from bot.review.models import ReviewConversation, ReviewFallbackMessage

TOP_FALLBACKS = 20
MAX_FILLED_DAYS = 400


@dataclass
class Dashboard:
    total: int = 0
    without_human: int = 0
    per_day: list[tuple[str, int, int]] = field(default_factory=list)  # day, all, without a human
    verdicts: list[tuple[str, int]] = field(default_factory=list)
    escalations: list[tuple[str, int]] = field(default_factory=list)
    tickets: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    remedies: list[str] = field(default_factory=list)
    fallbacks: list[tuple[str, int]] = field(default_factory=list)

    @property
    def escalation_total(self) -> int:
        return sum(n for _, n in self.escalations)

    @property
    def ticket_total(self) -> int:
        return sum(sum(parts.values()) for _, parts in self.tickets)

    @property
    def share_without_human(self) -> float:
        return 100.0 * self.without_human / self.total if self.total else 0.0


def _day_bounds(filters: ReviewFilters) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = dt.datetime.combine(filters.date_from, dt.time()) if filters.date_from else None
    end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time()) if filters.date_to else None
    return start, end


def _filled(rows: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Days without conversations shown as zero (an empty day is news too)."""
    if len(rows) < 2:
        return rows
    first, last = dt.date.fromisoformat(rows[0][0]), dt.date.fromisoformat(rows[-1][0])
    if (last - first).days > MAX_FILLED_DAYS:
        return rows
    known = {day: (n, w) for day, n, w in rows}
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [(d.isoformat(), *known.get(d.isoformat(), (0, 0))) for d in days]


def build_dashboard(*, session: Session, filters: ReviewFilters, now: float | None = None) -> Dashboard:
    """The dashboard's figures for the conversations matching `filters`.

    Escalations and tickets come from our `handoffs` and `return_tickets` tables
    (the date range and channel apply to when and where they were opened).
    """
    c = ReviewConversation
    where = conditions(filters, now=now)
    board = Dashboard()
    no_human = func.sum(case((c.handed_off.is_(True), 0), else_=1))
    per_day = session.execute(
        select(c.start_day, func.count(), no_human).where(*where).group_by(c.start_day).order_by(c.start_day)
    ).all()
    board.per_day = _filled([(day, int(n), int(w or 0)) for day, n, w in per_day])
    board.total = sum(n for _, n, _ in board.per_day)
    board.without_human = sum(w for _, _, w in board.per_day)
    board.verdicts = [
        ((verdict or "no verdict").replace("_", " "), int(n))
        for verdict, n in session.execute(
            select(c.last_verdict, func.count())
            .where(*where)
            .group_by(c.last_verdict)
            .order_by(func.count().desc())
        )
    ]
    start, end = _day_bounds(filters)
    handoffs = select(Handoff.reason, func.count()).group_by(Handoff.reason).order_by(func.count().desc())
    tickets = select(Ticket.model_number, Ticket.remedy, func.count()).group_by(
        Ticket.model_number, Ticket.remedy
    )
    if start:
        handoffs = handoffs.where(Handoff.created_at >= start)
        tickets = tickets.where(Ticket.created_at >= start)
    if end:
        handoffs = handoffs.where(Handoff.created_at < end)
        tickets = tickets.where(Ticket.created_at < end)
    if filters.channel:
        handoffs = handoffs.where(Handoff.channel == filters.channel)
        tickets = tickets.where(Ticket.channel == filters.channel)
    board.escalations = [(reason.replace("_", " "), int(n)) for reason, n in session.execute(handoffs)]
    by_model: dict[str, dict[str, int]] = {}
    for model, remedy, n in session.execute(tickets):
        by_model.setdefault(model, {})[remedy] = int(n)
    board.tickets = sorted(by_model.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    board.remedies = sorted({r for parts in by_model.values() for r in parts})
    fallbacks = select(ReviewFallbackMessage.text, func.count()).group_by(ReviewFallbackMessage.text)
    if where:
        fallbacks = fallbacks.where(
            ReviewFallbackMessage.conversation_id.in_(select(c.conversation_id).where(*where))
        )
    board.fallbacks = [
        (text, int(n))
        for text, n in session.execute(
            fallbacks.order_by(func.count().desc(), ReviewFallbackMessage.text).limit(TOP_FALLBACKS)
        )
    ]
    return board
