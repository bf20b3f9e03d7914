"""Rasa's SQL tracker store on our database engine (bot.core.db.make_engine).

Same table (`events`), same queries and behaviour as Rasa's `SQL` type; only the
engine differs. Rasa 3.6 opens a new SQLite connection for every session (NullPool)
with `synchronous=FULL` (a disk flush per commit), and keeps PostgreSQL connections
without checking them, so the first request on each after a database restart fails
(the profile under load is in docs/DEPLOYMENT.md, Performance).

Reading and saving run in a worker thread, not on the Rasa server's event loop, so
a slow disk or database holds only the turn that waits for it. They are also cheaper
than in Rasa. Rasa counts the stored events of
the conversation with a query on every save (and, with an event broker, rebuilds the
whole stored tracker again to find what to publish). A tracker this store has read or
written knows how many of its events are stored, so a save only inserts (in one
statement) and publishes the rest. That count is exact: Rasa handles a conversation
under its lock store's lock from reading the tracker to saving it, so nothing else
writes that conversation's events meanwhile. Any other tracker is counted as Rasa
does. Reading selects only the events' JSON instead of whole ORM rows.

Fencing (several Rasa servers, bot.rasa_ext.lock_store.AtomicRedisLockStore): a turn holds a
lease with a fencing token that rises with every acquisition. The table
`recall_conversation_fences` keeps the highest token that has read or written each
conversation; the first read and every save under a lease raise it in one
conditional statement (an upsert that changes nothing when a higher token is
stored), and a save does that in the same transaction as its insert. So a turn whose
lease ran out and was taken by a later turn saves nothing once that turn has read
the conversation, and a save that came earlier is seen by that read (PostgreSQL
holds the fence row locked until the save commits). A refused turn is marked on its
lease and the lock store raises `LeaseLostError` when the turn ends (Rasa's
FailSafeTrackerStore would swallow an error raised here); events are published to
the event broker only after they are stored. Without a lease (Rasa's in-memory lock
store, one server) nothing is fenced.

endpoints.yml::

    tracker_store:
      type: bot.rasa_ext.tracker_store.RecallTrackerStore
      url: sqlite:///var/recall.db      # or postgresql://user@host/db
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import BigInteger, Column, MetaData, String, Table, insert, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import make_engine
from bot.rasa_ext.lock_store import Lease, current_lease
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

# Set on a tracker read from or written to the store: how many of its events are stored.
STORED_EVENTS = "_recall_stored_events"

#: The highest fencing token that has read or written each conversation.
FENCES = Table(
    "recall_conversation_fences",
    MetaData(),
    Column("sender_id", String(255), primary_key=True),  # as long as Rasa's events.sender_id
    Column("fence", BigInteger, nullable=False),
)


class RecallTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with pooled, checked connections (and WAL settings on SQLite)."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        extra = {} if url.startswith("sqlite") else create_engine_kwargs(url)
        self.engine = make_engine(url, **extra)
        self.sessionmaker = sessionmaker(bind=self.engine)
        _create_fences(self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's query, reading only the events' JSON (not whole ORM objects), off the event loop."""
        lease = current_lease(sender_id)
        return await asyncio.to_thread(self._read_tracker, sender_id, fetch_events_from_all_sessions, lease)

    def _read_tracker(
        self, sender_id: str, fetch_events_from_all_sessions: bool, lease: Lease | None
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            if lease is not None and not lease.lost:
                # From now on an earlier turn that still thinks it holds the lock cannot save.
                if _claim(session, sender_id, lease.fence):
                    session.commit()
                else:
                    session.rollback()
                    _refused(lease, "read")
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store (then publish) the tracker's events that are not stored yet, off the event loop.

        Under a lease (several servers) nothing is stored once a later turn has read
        or written the conversation: the lease is marked lost instead (see the module
        docstring).
        """
        lease = current_lease(tracker.sender_id)
        if lease is not None and lease.lost:
            _refused(lease, "save")
            return
        new_events = await asyncio.to_thread(self._write_new_events, tracker, lease)
        if new_events is None:
            return
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def _write_new_events(self, tracker: DialogueStateTracker, lease: Lease | None) -> list[Any] | None:
        """Insert the events not stored yet; None when a later turn holds the conversation."""
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            if lease is not None and not _claim(session, sender_id, lease.fence):
                session.rollback()
                _refused(lease, "save")
                return None
            stored = getattr(tracker, STORED_EVENTS, None)
            if stored is None:
                stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            new_events = list(itertools.islice(tracker.events, stored, None))
            if new_events:
                rows = [_event_row(sender_id, event.type_name, event.as_dict()) for event in new_events]
                session.execute(insert(self.SQLEvent.__table__), rows)
            session.commit()
        return new_events


def _create_fences(engine: Any) -> None:
    """Create the fence table if missing (two servers starting together may race to it)."""
    try:
        FENCES.create(engine, checkfirst=True)
    except SQLAlchemyError:
        if not inspect(engine).has_table(FENCES.name):
            raise


def _claim(session: Session, sender_id: str, fence: int) -> bool:
    """Record `fence` as the conversation's highest, unless a higher one is stored already.

    One upsert, so it is atomic on both databases; on PostgreSQL the row stays locked
    until the session commits, so a save's claim and insert are one step for the others.

    Returns:
        Whether `fence` is now the conversation's highest (False: a later turn took it).
    """
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"lock fencing needs PostgreSQL or SQLite, not {dialect}")
    upsert = (
        (postgresql if dialect == "postgresql" else sqlite)
        .insert(FENCES)
        .values(sender_id=sender_id, fence=fence)
    )
    upsert = upsert.on_conflict_do_update(
        index_elements=[FENCES.c.sender_id],
        set_={"fence": upsert.excluded.fence},
        where=FENCES.c.fence <= upsert.excluded.fence,
    )
    return session.execute(upsert).rowcount == 1


def _refused(lease: Lease, step: str) -> None:
    if not lease.lost:
        logger.warning(
            "conversation %s: a later turn took the lock (fencing token %s is stale); this turn's %s is refused "
            "and nothing it does is saved",
            mask_identifier(lease.conversation_id),
            lease.fence,
            step,
        )
    lease.lost = True


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
