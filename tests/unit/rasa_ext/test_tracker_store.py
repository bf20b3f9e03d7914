"""bot.rasa_ext.tracker_store.RecallTrackerStore: Rasa's SQL store on our engine, same table, same trackers.

The fencing tests (a turn whose lock lease ran out and was taken by another turn
saves nothing) use bot.rasa_ext.lock_store.AtomicRedisLockStore on the real Redis
(TEST_REDIS_URL, default local db 15), each with its own key prefix.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from bot.channels.action_failures import SOMETHING_WENT_WRONG
from bot.rasa_ext import lock_store as locks
from bot.rasa_ext.lock_store import AtomicRedisLockStore
from bot.rasa_ext.tracker_store import RecallTrackerStore
from tests.conftest import REDIS_URL, redis_key_prefix, redis_up

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
            text(
                "SELECT type_name, action_name, intent_name FROM events WHERE sender_id = 'customer-2' ORDER BY id"
            )
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


# -- fencing: a turn that lost its lock lease does not save ----------------------





needs_redis = pytest.mark.skipif(not redis_up(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def prefix() -> Iterator[str]:
    yield from redis_key_prefix("fence")


def _servers(prefix: str) -> tuple[AtomicRedisLockStore, AtomicRedisLockStore]:
    """A server that stalls (its lease runs out after 0.3 s) and a healthy one."""
    stalled = AtomicRedisLockStore(url=REDIS_URL, key_prefix=prefix, lock_ttl=0.3)

    async def stopped_renewing(*_: Any) -> None:  # a GC pause, a starved CPU, a frozen VM
        await asyncio.Event().wait()

    stalled._renew = stopped_renewing  # type: ignore[method-assign]
    return stalled, AtomicRedisLockStore(url=REDIS_URL, key_prefix=prefix)


def _stores(database_url: str) -> tuple[RecallTrackerStore, FailSafeTrackerStore]:
    store = RecallTrackerStore(domain=DOMAIN, host=database_url)
    return store, FailSafeTrackerStore(store)  # Rasa's Agent wraps its tracker store in this


def _say(tracker: DialogueStateTracker, text: str, model: str) -> None:
    tracker.update(UserUttered(text, {"name": "check_recall", "confidence": 0.9}))
    tracker.update(SlotSet("model_number", model))
    tracker.update(ActionExecuted("action_listen"))


async def _turn(
    lock_store: AtomicRedisLockStore, tracker_store: Any, sender: str, text: str, model: str
) -> None:
    """What Rasa's Agent.handle_message does: lock, read, update, save."""
    async with lock_store.lock(sender):
        tracker = await tracker_store.get_or_create_tracker(sender)
        _say(tracker, text, model)
        await tracker_store.save(tracker)


def _stored(store: RecallTrackerStore, sender: str) -> list[tuple[str, str | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": sender},
        ).all()
    return [(type_name, json.loads(data).get("text")) for type_name, data in rows]


def _user_texts(store: RecallTrackerStore, sender: str) -> list[str | None]:
    return [said for type_name, said in _stored(store, sender) if type_name == "user"]


@needs_redis
@pytest.mark.parametrize("late_reads", ["before the next turn", "after the next turn"])
async def test_a_late_writer_does_not_save_over_the_next_turn(
    database_url: str, prefix: str, late_reads: str
) -> None:
    store, tracker_store = _stores(database_url)
    stalled, healthy = _servers(prefix)
    sender = f"late-{uuid.uuid4().hex[:6]}"
    await _turn(healthy, tracker_store, sender, "hello", "A1000")
    go = asyncio.Event()

    async def next_turn() -> None:  # the same conversation on the other server
        await go.wait()
        await _turn(healthy, tracker_store, sender, "next message", "NEXT")

    other = asyncio.create_task(next_turn())  # created outside the late turn's context
    with pytest.raises(locks.LeaseLostError):
        async with stalled.lock(sender):
            if late_reads == "before the next turn":
                late = await tracker_store.get_or_create_tracker(sender)
            go.set()
            await other  # it waits until the stalled lease runs out, then takes its turn
            if late_reads == "after the next turn":
                late = await tracker_store.get_or_create_tracker(sender)
            _say(late, "late message", "LATE")
            await tracker_store.save(late)
    assert _user_texts(store, sender) == ["hello", "next message"]
    final = await store.retrieve(sender)
    assert final is not None and final.get_slot("model_number") == "NEXT"
    assert len(final.events) == len(_stored(store, sender))
    await _turn(healthy, tracker_store, sender, "and then", "A1001")  # the conversation goes on
    assert _user_texts(store, sender) == ["hello", "next message", "and then"]
    store.engine.dispose()


@needs_redis
async def test_a_late_writer_is_refused_while_the_next_turn_runs(database_url: str, prefix: str) -> None:
    store, tracker_store = _stores(database_url)
    stalled, healthy = _servers(prefix)
    sender = f"overlap-{uuid.uuid4().hex[:6]}"
    await _turn(healthy, tracker_store, sender, "hello", "A1000")
    go, next_has_read, late_has_saved = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def next_turn() -> None:
        await go.wait()
        async with healthy.lock(sender):
            tracker = await tracker_store.get_or_create_tracker(sender)
            next_has_read.set()
            await late_has_saved.wait()
            _say(tracker, "next message", "NEXT")
            await tracker_store.save(tracker)

    other = asyncio.create_task(next_turn())
    with pytest.raises(locks.LeaseLostError):
        async with stalled.lock(sender):
            late = await tracker_store.get_or_create_tracker(sender)
            _say(late, "late message", "LATE")
            go.set()
            await next_has_read.wait()
            await tracker_store.save(late)  # between the next turn's read and its save
            late_has_saved.set()
            await other
    assert _user_texts(store, sender) == ["hello", "next message"]
    final = await store.retrieve(sender)
    assert final is not None and final.get_slot("model_number") == "NEXT"
    assert len(final.events) == len(_stored(store, sender))
    store.engine.dispose()


@needs_redis
async def test_the_late_turn_gets_the_try_again_notice(database_url: str, prefix: str) -> None:
    from tests.unit.rasa_ext.test_lock_store import _rest_webhook
    from tests.unit.rasa_ext.test_lock_store import _say as post

    store, tracker_store = _stores(database_url)
    stalled, healthy = _servers(prefix)
    sender = str(uuid.uuid4())
    go = asyncio.Event()

    async def next_turn() -> None:
        await go.wait()
        await _turn(healthy, tracker_store, sender, "next message", "NEXT")

    async def handle_message(message: Any) -> None:  # Rasa's Agent.handle_message on the stalled server
        async with stalled.lock(message.sender_id):
            tracker = await tracker_store.get_or_create_tracker(message.sender_id)
            _say(tracker, message.text, "LATE")
            await message.output_channel.send_text_message(message.sender_id, "a late answer")
            go.set()
            await other
            await tracker_store.save(tracker)

    other = asyncio.create_task(next_turn())
    said = await post(_rest_webhook(handle_message), sender, "late message")
    assert [m["text"] for m in said] == ["a late answer", SOMETHING_WENT_WRONG]
    assert _user_texts(store, sender) == ["next message"]
    store.engine.dispose()


@needs_redis
async def test_a_slow_turn_nobody_overtook_still_saves(database_url: str, prefix: str) -> None:
    store, tracker_store = _stores(database_url)
    stalled, _ = _servers(prefix)
    sender = f"slow-{uuid.uuid4().hex[:6]}"
    async with stalled.lock(sender):
        tracker = await tracker_store.get_or_create_tracker(sender)
        _say(tracker, "slow but alone", "A1263")
        await asyncio.sleep(0.5)  # the lease ran out, but no other turn started
        await tracker_store.save(tracker)
    assert _user_texts(store, sender) == ["slow but alone"]
    store.engine.dispose()


@needs_redis
async def test_turns_still_save_after_redis_forgets_the_fences(database_url: str, prefix: str) -> None:
    store, tracker_store = _stores(database_url)
    _, healthy = _servers(prefix)
    sender = f"restart-{uuid.uuid4().hex[:6]}"
    await _turn(healthy, tracker_store, sender, "before", "A1000")
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(prefix + "*"):  # Redis restarted without persistence
        client.delete(key)
    await _turn(healthy, tracker_store, sender, "after", "A1001")
    assert _user_texts(store, sender) == ["before", "after"]
    store.engine.dispose()
