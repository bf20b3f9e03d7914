"""Rows of Rasa's tracker store table `events`, read without Rasa.

`SQLTrackerStore.save` writes one row per event: `type_name` is the event type,
`intent_name` the user event's intent, `action_name` the event's `name` (an
action's, a slot's or a form's) and `data` the event's `as_dict()` as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

#: Rasa's tracker store table, read without Rasa.
EVENTS = table(
    "events",
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("intent_name"),
    column("action_name"),
    column("data"),
)

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_default_fallback"})
#: The intent of a fire report: the one definition (NLU component, policy, reconciler, review, evaluation).
FIRE_INTENT = "report_fire"
LOW_CONFIDENCE = 0.6
# Steps the stories and the transcript leave out: Rasa adds them to every turn.
HOUSEKEEPING_ACTIONS = frozenset({"action_listen", "action_session_start"})
# Which action ran just before the conversation was paused says why it was handed over.
HANDOFF_ACTIONS = {
    "action_escalate_fire": "fire",
    "action_request_human": "human_request",
    "action_handle_fallback": "fallback",
}


class Event:
    """One `events` row; its JSON is parsed on first use (action rows rarely need it)."""

    __slots__ = ("id", "kind", "sender_id", "intent_name", "name", "_raw", "_data", "_timestamp")

    def __init__(
        self,
        *,
        id: int,  # noqa: A002 - the column's name
        kind: str,
        sender_id: str = "",
        timestamp: float | None = None,
        intent_name: str | None = None,
        name: str | None = None,
        data: str | dict | None = None,
    ) -> None:
        self.id = int(id)
        self.kind = kind
        self.sender_id = sender_id
        self.intent_name = intent_name
        self.name = name
        self._timestamp = timestamp
        if isinstance(data, dict):
            self._raw, self._data = None, data
        else:
            self._raw, self._data = data, None

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            try:
                parsed = json.loads(self._raw or "{}")
            except ValueError:
                parsed = {}
            self._data = parsed if isinstance(parsed, dict) else {}
        return self._data

    @property
    def timestamp(self) -> float | None:
        value = self._timestamp if self._timestamp is not None else self.data.get("timestamp")
        try:
            return float(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    # --- user events ---------------------------------------------------------

    @property
    def text(self) -> str:
        value = self.data.get("text")
        return str(value) if value is not None else ""

    @property
    def parse_data(self) -> dict[str, Any]:
        value = self.data.get("parse_data")
        return value if isinstance(value, dict) else {}

    @property
    def intent(self) -> str | None:
        intent = self.parse_data.get("intent")
        name = intent.get("name") if isinstance(intent, dict) else None
        return str(name) if name else self.intent_name

    @property
    def confidence(self) -> float | None:
        intent = self.parse_data.get("intent")
        value = intent.get("confidence") if isinstance(intent, dict) else None
        try:
            return float(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def entities(self) -> list[dict[str, Any]]:
        value = self.parse_data.get("entities")
        return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []

    @property
    def ranking(self) -> list[tuple[str, float]]:
        value = self.parse_data.get("intent_ranking")
        ranked: list[tuple[str, float]] = []
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict) and item.get("name"):
                try:
                    ranked.append((str(item["name"]), float(item.get("confidence") or 0.0)))
                except (TypeError, ValueError):
                    continue
        return ranked

    @property
    def channel(self) -> str | None:
        value = self.data.get("input_channel")
        return str(value)[:40] if value else None

    @property
    def photo(self) -> dict[str, str]:
        """The photo the message came with (bot.photos.intake): {"id"} or {"error"}, else {}."""
        metadata = self.data.get("metadata")
        photo = metadata.get("photo") if isinstance(metadata, dict) else None
        if not isinstance(photo, dict):
            return {}
        return {k: str(photo[k])[:32] for k in ("id", "error") if isinstance(photo.get(k), str)}

    @property
    def is_payload(self) -> bool:
        """A button press or a typed `/intent`: the text is a payload, not the customer's words."""
        return self.text.startswith("/")

    @property
    def is_fire_report(self) -> bool:
        return self.intent == FIRE_INTENT or bool(self.parse_data.get("fire_signal"))

    # --- bot, slot and form events ---------------------------------------------

    @property
    def agent(self) -> str | None:
        """The human agent who wrote a bot event, if a person wrote it."""
        metadata = self.data.get("metadata")
        agent = metadata.get("agent") if isinstance(metadata, dict) else None
        return str(agent) if agent else None

    @property
    def buttons(self) -> list[dict[str, str]]:
        inner = self.data.get("data")
        inner = inner if isinstance(inner, dict) else {}
        found = inner.get("buttons") or inner.get("quick_replies") or []
        return [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in found
            if isinstance(b, dict)
        ]

    @property
    def event_name(self) -> str | None:
        """The `name` of an action, slot or form event."""
        value = self.name if self.name is not None else self.data.get("name")
        return str(value) if value is not None else None

    @property
    def value(self) -> Any:
        return self.data.get("value")


def from_row(row: Any) -> Event:
    return Event(
        id=row.id,
        kind=row.type_name,
        sender_id=row.sender_id,
        timestamp=row.timestamp,
        intent_name=row.intent_name,
        name=row.action_name,
        data=row.data,
    )


EVENT_COLUMNS = (
    EVENTS.c.id,
    EVENTS.c.sender_id,
    EVENTS.c.type_name,
    EVENTS.c.timestamp,
    EVENTS.c.intent_name,
    EVENTS.c.action_name,
    EVENTS.c.data,
)


def conversation_events(*, session: Session, conversation_id: str) -> list[Event]:
    """One conversation's events, oldest first."""
    rows = session.execute(
        select(*EVENT_COLUMNS).where(EVENTS.c.sender_id == conversation_id).order_by(EVENTS.c.id)
    )
    return [from_row(row) for row in rows]


def events_of(*, session: Session, conversation_ids: Iterable[str]) -> Iterator[tuple[str, list[Event]]]:
    """The events of several conversations, grouped by conversation, each oldest first."""
    ids = list(conversation_ids)
    if not ids:
        return
    rows = session.execute(
        select(*EVENT_COLUMNS).where(EVENTS.c.sender_id.in_(ids)).order_by(EVENTS.c.sender_id, EVENTS.c.id)
    )
    current: str | None = None
    batch: list[Event] = []
    for row in rows:
        if row.sender_id != current:
            if current is not None:
                yield current, batch
            current, batch = row.sender_id, []
        batch.append(from_row(row))
    if current is not None:
        yield current, batch
