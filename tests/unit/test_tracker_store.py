"""bot.tracker_store.RecallTrackerStore: Rasa's SQL store on our engine, same table, same trackers."""

from __future__ import annotations

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
