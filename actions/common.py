"""Helpers shared by the actions (no Action subclasses here)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.core.settings import get_settings
from bot.escalation.escalate import origin_for

logger = logging.getLogger(__name__)


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def likely_intent(tracker: Tracker) -> str | None:
    """The latest intent; when the NLU fell back, the best-ranked real one.

    "Dunno, where would that be?" falls between `dont_know` and `ask_where_date`: to a
    form's question, either means the customer needs help finding it.
    """
    intent = latest_intent(tracker)
    if intent != "nlu_fallback":
        return intent
    ranked = [r.get("name") for r in tracker.latest_message.get("intent_ranking") or []]
    return next((name for name in ranked if name and name != "nlu_fallback"), intent)


def unit_details(tracker: Tracker) -> dict[str, Any]:
    """What the NLU component found in the latest message (models, dates, problems)."""
    return tracker.latest_message.get("unit_details") or {"models": [], "dates": []}


def fire_signal(tracker: Tracker) -> dict[str, Any]:
    return tracker.latest_message.get("fire_signal") or {}


def channel(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "unknown"


def origin(tracker: Tracker) -> str:
    """Whom the latest message came from, for the flood caps (bot.escalation.escalate.origin_for).

    The web channels' gate seals the client's address into the metadata; anything else
    (a messaging channel, an origin a client made up) counts as its conversation.
    """
    metadata = tracker.latest_message.get("metadata")
    claimed = metadata.get("origin") if isinstance(metadata, dict) else None
    return origin_for(
        conversation_id=tracker.sender_id, claimed=claimed, secret_key=get_settings().secret_key
    )


def asked_for_a_return(tracker: Tracker) -> bool:
    """Whether the customer asked for a refund or replacement since the last verdict.

    "I'd like my money back for my A1263, made March 2019": the check comes first, and
    then the return goes ahead without asking again whether they want one.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_check_recall":
            return False
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == "request_return":
                return True
    return False


def previous_slot_value(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


def buttons(choices: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in choices]


def reset(*names: str) -> list[SlotSet]:
    return [SlotSet(name, None) for name in names]


def database_unavailable(error: Exception) -> None:
    logger.error("database unavailable in an action: %s", error)
