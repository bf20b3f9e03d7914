"""bot.tracker_store.RecallTrackerStore: Rasa's SQL store on our engine, same table, same trackers."""

from __future__ import annotations

import json

from rasa.core.brokers.sql import SQLEventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from bot.tracker_store import RecallTrackerStore

DOMAIN = Domain.from_yaml(
    """
    version: "3.1"
    slots:
      model_number:
        type: text
        mappings: [{type: from_entity, entity: model_number}]
    """
)


async def test_saves_and_retrieves_conversations(database_url: str) -> None:
    store = RecallTrackerStore(domain=DOMAIN, host=database_url)
    tracker = DialogueStateTracker("customer-1", DOMAIN.slots)
    for event in (
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("is my A1263 recalled?", {"name": "check_recall", "confidence": 0.9}),
        SlotSet("model_number", "A1263"),
    ):
        tracker.update(event)
    await store.save(tracker)
    await store.save(tracker)  # saving again adds nothing
    again = await store.retrieve("customer-1")
    assert again is not None and again.get_slot("model_number") == "A1263"
    assert len(again.events) == len(tracker.events)
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM events WHERE sender_id = 'customer-1'")).scalar()
    assert stored == len(tracker.events)
    assert await store.retrieve("nobody") is None
    store.engine.dispose()


def test_sqlite_connections_are_pooled_with_wal_settings(tmp_path) -> None:
    store = RecallTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'rasa.db'}")
    assert isinstance(store.engine.pool, QueuePool)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    store.engine.dispose()


async def test_saves_each_event_once_whoever_read_the_tracker(database_url: str) -> None:
    """Trackers read from the store, new ones and stale copies: each event stored once."""
    store = RecallTrackerStore(domain=DOMAIN, host=database_url)
    tracker = await store.get_or_create_tracker("customer-2")  # new: saved with its first events
    tracker.update(UserUttered("hi", {"name": "greet", "confidence": 0.9}))
    await store.save(tracker)
    again = await store.retrieve("customer-2")  # a later turn reads it back
    assert again is not None and len(again.events) == len(tracker.events)
    again.update(ActionExecuted("utter_greet"))
    again.update(SlotSet("model_number", "A1263"))
    await store.save(again)
    await store.save(again)
    unknown = DialogueStateTracker.from_events("customer-2", list(again.events), DOMAIN.slots)
    unknown.update(ActionExecuted("action_listen"))  # a tracker the store has not seen: counted
    await store.save(unknown)
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT type_name, action_name, intent_name FROM events WHERE sender_id = 'customer-2' ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        ("action", "action_listen", None),
        ("user", None, "greet"),
        ("action", "utter_greet", None),
        ("slot", "model_number", None),
        ("action", "action_listen", None),
    ]
    final = await store.retrieve("customer-2")
    assert final is not None and final.get_slot("model_number") == "A1263"
    store.engine.dispose()


async def test_publishes_each_new_event_once(database_url: str, tmp_path) -> None:
    broker = SQLEventBroker(db=str(tmp_path / "broker.db"))  # Rasa's own broker, to a table
    store = RecallTrackerStore(domain=DOMAIN, host=database_url, event_broker=broker)
    tracker = await store.get_or_create_tracker("customer-3")
    tracker.update(UserUttered("hi", {"name": "greet", "confidence": 0.9}))
    await store.save(tracker)
    again = await store.retrieve("customer-3")
    again.update(ActionExecuted("utter_greet"))
    await store.save(again)
    await store.save(again)
    with broker.engine.connect() as conn:
        published = [json.loads(row[0]) for row in conn.execute(text("SELECT data FROM events ORDER BY id"))]
    assert [(e["sender_id"], e["event"], e.get("name")) for e in published] == [
        ("customer-3", "action", "action_listen"),
        ("customer-3", "user", None),
        ("customer-3", "action", "utter_greet"),
    ]
    store.engine.dispose()
