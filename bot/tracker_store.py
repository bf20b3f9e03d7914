"""Rasa's SQL tracker store on our database engine (bot.db.make_engine).

Same table (`events`), same queries and behaviour as Rasa's `SQL` type; only the
engine differs. Rasa 3.6 opens a new SQLite connection for every session (NullPool)
with `synchronous=FULL` (a disk flush per commit), and keeps PostgreSQL connections
without checking them, so the first request on each after a database restart fails.
Measured under load (tests/bench/load.py, py-spy), the tracker store was 30 % of the
Rasa server's CPU.

Reading and saving are also cheaper than in Rasa. Rasa counts the stored events of
the conversation with a query on every save (and, with an event broker, rebuilds the
whole stored tracker again to find what to publish). A tracker this store has read or
written knows how many of its events are stored, so a save only inserts (in one
statement) and publishes the rest. That count is exact: Rasa handles a conversation
under its lock store's lock from reading the tracker to saving it, so nothing else
writes that conversation's events meanwhile. Any other tracker is counted as Rasa
does. Reading selects only the events' JSON instead of whole ORM rows.

endpoints.yml::

    tracker_store:
      type: bot.tracker_store.RecallTrackerStore
      url: sqlite:///var/recall.db      # or postgresql://user@host/db
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import insert
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine

# Set on a tracker read from or written to the store: how many of its events are stored.
STORED_EVENTS = "_recall_stored_events"


class RecallTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with pooled, checked connections (and WAL settings on SQLite)."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        extra = {} if url.startswith("sqlite") else create_engine_kwargs(url)
        self.engine = make_engine(url, **extra)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's query, reading only the events' JSON (not whole ORM objects)."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store (and publish) the tracker's events that are not stored yet."""
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        new_events = list(itertools.islice(tracker.events, stored, None))
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
        if new_events:
            rows = [_event_row(tracker.sender_id, event.type_name, event.as_dict()) for event in new_events]
            with self.session_scope() as session:
                session.execute(insert(self.SQLEvent.__table__), rows)
                session.commit()
        setattr(tracker, STORED_EVENTS, len(tracker.events))


def _event_row(sender_id: str, type_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The `events` row Rasa's SQL store writes for an event."""
    return {
        "sender_id": sender_id,
        "type_name": type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
