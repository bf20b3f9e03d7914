"""The conversation list: filters from a query string, the filtered, sorted, paged query."""

from __future__ import annotations

import datetime as dt
import enum
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from bot.i18n import DEFAULT, SUPPORTED
from bot.review.models import ReviewConversation, ReviewMark, ReviewTag, ReviewText
from bot.understanding.model_numbers import normalise_model_number

PAGE_SIZE = 50
MAX_PAGE = 100_000
# A conversation left inside a form this long is one the customer walked away from.
MID_FORM_IDLE_SECONDS = 30 * 60
MAX_QUERY_CHARS = 200
MAX_TAG_CHARS = 40
VERDICTS = ("affected", "not_affected", "unknown_model", "needs_date")
NO_VERDICT = "none"


class Outcome(str, enum.Enum):
    TICKET = "ticket"
    HANDOFF = "handoff"
    FIRE = "fire"
    FALLBACK = "fallback"
    LOW_CONFIDENCE = "low_confidence"
    LEFT_MID_FORM = "left_mid_form"


OUTCOME_LABELS = {
    Outcome.TICKET: "ticket opened",
    Outcome.HANDOFF: "handed off",
    Outcome.FIRE: "fire report",
    Outcome.FALLBACK: "fallback hit",
    Outcome.LOW_CONFIDENCE: "low-confidence messages (< 0.6)",
    Outcome.LEFT_MID_FORM: "customer left mid-form",
}


class Sort(str, enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    LONGEST = "longest"
    SHORTEST = "shortest"


class ReviewStatus(str, enum.Enum):
    REVIEWED = "reviewed"
    NOT_REVIEWED = "not_reviewed"


def clean_tag(raw: str) -> str:
    """A tag as stored: lower case, single spaces, at most 40 characters."""
    return " ".join(str(raw or "").lower().split())[:MAX_TAG_CHARS]


@dataclass(frozen=True)
class ReviewFilters:
    """What the lead asked for; every field optional. Dates are UTC days, inclusive."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: str | None = None
    language: str | None = None
    verdict: str | None = None
    model: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    review_status: ReviewStatus | None = None
    tag: str | None = None
    q: str | None = None
    sort: Sort = Sort.NEWEST
    page: int = 1
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> ReviewFilters:
        """Filters from a query string (aiohttp's MultiDict or a plain dict).

        Values that cannot be read are dropped and named in `problems`.
        """
        problems: list[str] = []

        def one(name: str) -> str:
            value = query.get(name)
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            return str(value).strip() if value is not None else ""

        def many(name: str) -> list[str]:
            if hasattr(query, "getall"):
                values = query.getall(name, [])
            else:
                value = query.get(name)
                values = value if isinstance(value, list | tuple) else ([value] if value else [])
            return [str(v).strip() for v in values if str(v).strip()]

        def day(name: str, label: str) -> dt.date | None:
            raw = one(name)
            if not raw:
                return None
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                problems.append(f"{label} must be a date like 2024-03-31")
                return None

        def choice(enum_type: type[enum.Enum], raw: str, label: str) -> Any:
            if not raw:
                return None
            try:
                return enum_type(raw)
            except ValueError:
                problems.append(f"unknown {label}: {raw[:40]}")
                return None

        verdict = one("verdict") or None
        if verdict and verdict not in (*VERDICTS, NO_VERDICT):
            problems.append(f"unknown verdict: {verdict[:40]}")
            verdict = None
        language = one("language").lower() or None
        if language and language not in SUPPORTED:
            problems.append(f"unknown language: {language[:40]}")
            language = None
        model = one("model") or None
        if model:
            try:
                model = normalise_model_number(model)
            except ValueError:
                model = model.upper()[:32]
        outcomes = tuple(
            dict.fromkeys(o for o in (choice(Outcome, r, "outcome") for r in many("outcome")) if o)
        )
        try:
            page = min(max(int(one("page") or 1), 1), MAX_PAGE)
        except ValueError:
            page = 1
        return cls(
            date_from=day("from", "“From”"),
            date_to=day("to", "“To”"),
            channel=(one("channel") or None) and one("channel")[:40],
            language=language,
            verdict=verdict,
            model=model,
            outcomes=outcomes,
            review_status=choice(ReviewStatus, one("review"), "review status"),
            tag=clean_tag(one("tag")) or None,
            q=one("q")[:MAX_QUERY_CHARS] or None,
            sort=choice(Sort, one("sort"), "sort order") or Sort.NEWEST,
            page=page,
            problems=tuple(problems),
        )

    def to_query(self, **changes: Any) -> list[tuple[str, str]]:
        """The query string of these filters (for links: paging, sorting, exports)."""
        f = replace(self, **changes) if changes else self
        pairs: list[tuple[str, str]] = []
        if f.date_from:
            pairs.append(("from", f.date_from.isoformat()))
        if f.date_to:
            pairs.append(("to", f.date_to.isoformat()))
        for name in ("channel", "language", "verdict", "model", "tag", "q"):
            value = getattr(f, name)
            if value:
                pairs.append((name, value))
        pairs.extend(("outcome", o.value) for o in f.outcomes)
        if f.review_status:
            pairs.append(("review", f.review_status.value))
        if f.sort is not Sort.NEWEST:
            pairs.append(("sort", f.sort.value))
        if f.page > 1:
            pairs.append(("page", str(f.page)))
        return pairs

    @property
    def active(self) -> bool:
        return bool(self.to_query(page=1, sort=Sort.NEWEST))


def _epoch(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions(filters: ReviewFilters, *, now: float | None = None) -> list[ColumnElement]:
    """The WHERE conditions on `review_conversations` for these filters."""
    c = ReviewConversation
    now = time.time() if now is None else now
    where: list[ColumnElement] = []
    if filters.date_from:
        where.append(c.last_event_at >= _epoch(filters.date_from))
    if filters.date_to:
        where.append(c.first_event_at < _epoch(filters.date_to + dt.timedelta(days=1)))
    if filters.channel:
        where.append(c.channel == filters.channel)
    if filters.language == DEFAULT:  # summaries from before the language was kept are English
        where.append(or_(c.language == DEFAULT, c.language.is_(None)))
    elif filters.language:
        where.append(c.language == filters.language)
    if filters.verdict == NO_VERDICT:
        where.append(c.last_verdict.is_(None))
    elif filters.verdict:
        where.append(c.last_verdict == filters.verdict)
    if filters.model:
        where.append(c.model_number == filters.model)
    for outcome in filters.outcomes:
        where.append(_outcome(outcome, now))
    if filters.review_status is not None:
        reviewed = exists().where(
            ReviewMark.conversation_id == c.conversation_id, ReviewMark.reviewed.is_(True)
        )
        where.append(reviewed if filters.review_status is ReviewStatus.REVIEWED else ~reviewed)
    if filters.tag:
        where.append(
            exists().where(ReviewTag.conversation_id == c.conversation_id, ReviewTag.tag == filters.tag)
        )
    if filters.q:
        matching = select(ReviewText.conversation_id).where(
            ReviewText.text.like(_like_pattern(filters.q), escape="\\")
        )
        where.append(or_(c.conversation_id.in_(matching), c.conversation_id == filters.q))
    return where


def _outcome(outcome: Outcome, now: float) -> ColumnElement:
    c = ReviewConversation
    if outcome is Outcome.TICKET:
        return c.ticket_opened.is_(True)
    if outcome is Outcome.HANDOFF:
        return c.handed_off.is_(True)
    if outcome is Outcome.FIRE:
        return c.fire_report.is_(True)
    if outcome is Outcome.FALLBACK:
        return c.fallback_count > 0
    if outcome is Outcome.LOW_CONFIDENCE:
        return c.low_confidence_count > 0
    return and_(c.open_form.is_not(None), c.last_event_at < now - MID_FORM_IDLE_SECONDS)


def _ordered(query: Select, sort: Sort) -> Select:
    c = ReviewConversation
    if sort is Sort.OLDEST:
        return query.order_by(c.last_event_at.asc(), c.conversation_id.asc())
    if sort is Sort.LONGEST:
        return query.order_by(c.message_count.desc(), c.last_event_at.desc(), c.conversation_id.desc())
    if sort is Sort.SHORTEST:
        return query.order_by(c.message_count.asc(), c.last_event_at.desc(), c.conversation_id.desc())
    return query.order_by(c.last_event_at.desc(), c.conversation_id.desc())


def filtered_query(filters: ReviewFilters, *, now: float | None = None) -> Select:
    """All matching summaries, sorted (no paging): for exports."""
    return _ordered(select(ReviewConversation).where(*conditions(filters, now=now)), filters.sort)


@dataclass
class ConversationPage:
    rows: list[ReviewConversation]
    total: int
    page: int
    pages: int
    reviewed: set[str]
    tags: dict[str, list[str]]


def list_conversations(
    *, session: Session, filters: ReviewFilters, now: float | None = None, page_size: int = PAGE_SIZE
) -> ConversationPage:
    """One page of the filtered, sorted conversations, with the total and their marks."""
    where = conditions(filters, now=now)
    total = session.execute(select(func.count()).select_from(ReviewConversation).where(*where)).scalar() or 0
    pages = max(math.ceil(total / page_size), 1)
    page = min(filters.page, pages)
    query = _ordered(select(ReviewConversation).where(*where), filters.sort)
    rows = list(session.execute(query.limit(page_size).offset((page - 1) * page_size)).scalars())
    ids = [r.conversation_id for r in rows]
    reviewed: set[str] = set()
    tags: dict[str, list[str]] = {}
    if ids:
        reviewed = set(
            session.execute(
                select(ReviewMark.conversation_id).where(
                    ReviewMark.conversation_id.in_(ids), ReviewMark.reviewed.is_(True)
                )
            ).scalars()
        )
        for conversation_id, tag in session.execute(
            select(ReviewTag.conversation_id, ReviewTag.tag)
            .where(ReviewTag.conversation_id.in_(ids))
            .order_by(ReviewTag.tag)
        ):
            tags.setdefault(conversation_id, []).append(tag)
    return ConversationPage(rows=rows, total=total, page=page, pages=pages, reviewed=reviewed, tags=tags)


def filter_choices(*, session: Session) -> dict[str, list[str]]:
    """The channels, models and tags that occur, for the filter form's menus."""
    c = ReviewConversation
    return {
        "channels": list(session.execute(select(c.channel).distinct().order_by(c.channel)).scalars()),
        "models": [
            m
            for m in session.execute(
                select(c.model_number).where(c.model_number.is_not(None)).distinct().order_by(c.model_number)
            ).scalars()
        ],
        "tags": list(session.execute(select(ReviewTag.tag).distinct().order_by(ReviewTag.tag)).scalars()),
    }
