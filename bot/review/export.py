"""Filtered conversation lists as CSV or JSON Lines (the console and `bot.ops.cli review export`)."""

from __future__ import annotations

import csv
import enum
import json
import time
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import or_default
from bot.review.filters import MID_FORM_IDLE_SECONDS, ReviewFilters, filtered_query
from bot.review.masking import mask_identifier
from bot.review.models import ReviewConversation, ReviewMark, ReviewTag
from bot.review.summaries import refresh_summaries

BATCH = 1000
FIELDS = (
    "conversation_id",
    "key",
    "started_at",
    "last_event_at",
    "channel",
    "language",
    "user_messages",
    "bot_messages",
    "agent_messages",
    "verdict",
    "model_number",
    "ticket_opened",
    "handed_off",
    "handoff_reason",
    "fire_report",
    "fallback_count",
    "low_confidence_count",
    "min_confidence",
    "left_mid_form",
    "reviewed",
    "tags",
    "first_message",
)


class ExportFormat(str, enum.Enum):
    CSV = "csv"
    JSONL = "jsonl"


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def export_rows(
    *, session: Session, filters: ReviewFilters, now: float | None = None
) -> Iterator[dict[str, Any]]:
    """The matching conversations (every page, in the list's order), personal data masked."""
    now = time.time() if now is None else now
    # Leads' marks are few next to the summaries: read once, not per batch.
    reviewed = set(
        session.execute(select(ReviewMark.conversation_id).where(ReviewMark.reviewed.is_(True))).scalars()
    )
    tags: dict[str, list[str]] = {}
    for conversation_id, tag in session.execute(
        select(ReviewTag.conversation_id, ReviewTag.tag).order_by(ReviewTag.tag)
    ):
        tags.setdefault(conversation_id, []).append(tag)
    query = filtered_query(filters, now=now).with_only_columns(*ReviewConversation.__table__.c)
    # Plain Core rows, streamed: no ORM objects for a hundred thousand summaries.
    result = session.connection().execute(query.execution_options(stream_results=True))
    for rows in result.partitions(BATCH):
        for row in rows:
            yield {
                "conversation_id": mask_identifier(row.conversation_id),
                "key": row.key,
                "started_at": _iso(row.first_event_at),
                "last_event_at": _iso(row.last_event_at),
                "channel": row.channel,
                "language": or_default(row.language),
                "user_messages": row.user_messages,
                "bot_messages": row.bot_messages,
                "agent_messages": row.agent_messages,
                "verdict": row.last_verdict,
                "model_number": row.model_number,
                "ticket_opened": bool(row.ticket_opened),
                "handed_off": bool(row.handed_off),
                "handoff_reason": row.handoff_reason,
                "fire_report": bool(row.fire_report),
                "fallback_count": row.fallback_count,
                "low_confidence_count": row.low_confidence_count,
                "min_confidence": None if row.min_confidence is None else round(row.min_confidence, 4),
                "left_mid_form": bool(row.open_form) and row.last_event_at < now - MID_FORM_IDLE_SECONDS,
                "reviewed": row.conversation_id in reviewed,
                "tags": tags.get(row.conversation_id, []),
                "first_message": row.preview,
            }


# A spreadsheet runs a cell that starts like a formula: customer text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a quote."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list):
            value = ";".join(value)
        elif value is None:
            value = ""
        cells[name] = spreadsheet_safe(value)
    return cells


def export_conversations(
    *,
    session: Session,
    filters: ReviewFilters,
    fmt: ExportFormat | str,
    out: TextIO,
    refresh: bool = True,
) -> int:
    """Write the filtered conversation list to `out` as CSV (with a header) or JSON Lines.

    Personal data stays masked: sender ids that are phone numbers or emails, and the
    first message. The CLI passes `ReviewFilters.from_query({...})`.

    Args:
        session: a session on the database with Rasa's `events` and our tables.
        filters: which conversations, in which order (the page number is ignored).
        fmt: `csv` or `jsonl`.
        out: a text stream (open CSV files with `newline=""`).
        refresh: fold new tracker events into the summaries first.

    Returns:
        The number of conversations written.
    """
    fmt = ExportFormat(fmt)
    if refresh:
        refresh_summaries(session=session, max_events=None)
    count = 0
    writer = (
        csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n") if fmt is ExportFormat.CSV else None
    )
    if writer is not None:
        writer.writeheader()
    for row in export_rows(session=session, filters=filters):
        if writer is not None:
            writer.writerow(_csv_row(row))
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
