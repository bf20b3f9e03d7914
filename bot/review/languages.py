"""The conversation's language as agents and leads see it: from its events, as a badge.

The language is the latest value of the `language` slot (set by our NLU component,
bot/i18n) in the conversation's events; a restart or a new session resets the slots
(Rasa sets the carried-over ones again right after), and a conversation that never set
it (None here) speaks English. The one reading of it for the review (Rasa's `events` rows), the
console (the tracker from Rasa's HTTP API) and the chat widget's history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.rasa_events import Event
from bot.i18n import LANGUAGE_SLOT, NAMES, SUPPORTED, normalise, or_default
from bot.review.models import ReviewConversation

#: Language names in English, for the console (bot.i18n.NAMES are the languages' own names).
ENGLISH_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German"}
# Events that reset every slot.
RESETS = frozenset({"restart", "session_started"})
_KINDS = frozenset({"slot", *RESETS})


def language_of(events: Iterable[Mapping[str, Any]]) -> str | None:
    """The conversation's language (an ISO code from bot.i18n.SUPPORTED), None while unset.

    Args:
        events: the conversation's events as Rasa's dicts (`{"event": "slot", "name",
            "value"}`), oldest first: a tracker's `events`, or `events` rows' `data`.
    """
    language: str | None = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == LANGUAGE_SLOT:
            language = normalise(event.get("value"))
        elif kind in RESETS:
            language = None
    return language


def language_of_rows(events: Iterable[Event]) -> str | None:
    """`language_of` for `events` rows (bot.core.rasa_events), parsing only the rows it needs."""
    return language_of(event.data for event in events if event.kind in _KINDS)


def language_of_tracker(tracker: Mapping[str, Any]) -> str | None:
    """`language_of` for a tracker from Rasa's HTTP API."""
    events = tracker.get("events") or []
    return language_of(e for e in events if isinstance(e, Mapping))


def language_view(code: object) -> dict[str, str]:
    """What a page shows: `{"code": "fr", "short": "FR", "name": "French"}` (unset: English)."""
    language = or_default(code)
    name = ENGLISH_NAMES.get(language) or NAMES.get(language, language)
    return {"code": language, "short": language.upper(), "name": name}


def language_choices() -> list[dict[str, str]]:
    """Every configured language, for the filters' menus."""
    return [language_view(code) for code in SUPPORTED]


def summary_languages(*, session: Session, conversation_ids: Iterable[str]) -> dict[str, str]:
    """The language of each conversation the review has summarised (others are left out)."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids:
        return {}
    c = ReviewConversation
    rows = session.execute(select(c.conversation_id, c.language).where(c.conversation_id.in_(ids)))
    return {conversation_id: or_default(language) for conversation_id, language in rows}
