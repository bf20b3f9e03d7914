"""What the review pages show, as plain dicts of text (the templates escape all of it)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bot.review.filters import (
    MID_FORM_IDLE_SECONDS,
    NO_VERDICT,
    OUTCOME_LABELS,
    VERDICTS,
    ConversationPage,
    ReviewFilters,
    Sort,
)
from bot.review.languages import language_choices, language_view
from bot.review.marks import FlagView
from bot.review.masking import mask_identifier
from bot.review.models import ReviewReveal
from bot.review.summaries import conversation_key
from bot.review.training import annotate, domain_entities, domain_intents

SORT_LABELS = {
    Sort.NEWEST: "newest first",
    Sort.OLDEST: "oldest first",
    Sort.LONGEST: "longest first",
    Sort.SHORTEST: "shortest first",
}


def when(epoch: float | None) -> str:
    """An event time as `YYYY-MM-DD HH:MM` (UTC)."""
    if not epoch:
        return ""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def filter_form(filters: ReviewFilters, choices: dict[str, list[str]]) -> dict[str, Any]:
    """What the filter form (review/_filters.html) needs."""
    return {
        "filters": filters,
        "choices": choices,
        "languages": language_choices(),
        "verdicts": [*VERDICTS, NO_VERDICT],
        "outcome_labels": {o.value: label for o, label in OUTCOME_LABELS.items()},
        "chosen_outcomes": {o.value for o in filters.outcomes},
        "sort_labels": {s.value: label for s, label in SORT_LABELS.items()},
    }


def conversation_rows(page: ConversationPage, *, now: float | None = None) -> list[dict[str, Any]]:
    """The list's rows (sender ids masked; the preview was masked when summarised)."""
    now = time.time() if now is None else now
    return [
        {
            "key": r.key,
            "shown_id": mask_identifier(r.conversation_id),
            "last": when(r.last_event_at),
            "started": when(r.first_event_at),
            "channel": r.channel,
            "language": language_view(r.language),
            "messages": r.message_count,
            "user_messages": r.user_messages,
            "verdict": (r.last_verdict or "").replace("_", " "),
            "model": r.model_number or "",
            "ticket": r.ticket_opened,
            "handoff": r.handoff_reason.replace("_", " ") if r.handed_off and r.handoff_reason else "",
            "fire": r.fire_report,
            "fallbacks": r.fallback_count,
            "low": r.low_confidence_count,
            "min_confidence": "" if r.min_confidence is None else f"{r.min_confidence:.2f}",
            "open_form": (r.open_form or "").replace("_", " "),
            "left_mid_form": bool(r.open_form) and r.last_event_at < now - MID_FORM_IDLE_SECONDS,
            "reviewed": r.conversation_id in page.reviewed,
            "tags": page.tags.get(r.conversation_id, []),
            "preview": r.preview,
        }
        for r in page.rows
    ]


def flag_rows(flags: list[FlagView]) -> list[dict[str, Any]]:
    """The flagged messages, with what domain.yml lacks (`rasa data validate` would object)."""
    intents, entities = set(domain_intents()), set(domain_entities())
    return [
        {
            "missing": [f"intent {f.intent}"] * (f.intent not in intents)
            + sorted({f"entity {e['entity']}" for e in f.entities if e.get("entity") not in entities}),
            "id": f.id,
            "intent": f.intent,
            "example": annotate(f.text, f.entities),
            "predicted": (f.predicted_intent or "?")
            + (f" ({f.predicted_confidence:.2f})" if f.predicted_confidence is not None else ""),
            "by": f.flagged_by,
            "when": f.created_at.strftime("%Y-%m-%d %H:%M"),
            "key": conversation_key(f.conversation_id),
            "event_id": f.event_id,
        }
        for f in flags
    ]


def reveal_rows(reveals: list[ReviewReveal]) -> list[dict[str, Any]]:
    return [
        {
            "when": r.revealed_at.strftime("%Y-%m-%d %H:%M:%S"),
            "who": r.username,
            "role": r.role,
            "key": conversation_key(r.conversation_id),
            "shown_id": mask_identifier(r.conversation_id),
        }
        for r in reveals
    ]
