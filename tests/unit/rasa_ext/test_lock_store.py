"""bot.rasa_ext.lock_store.AtomicRedisLockStore against the real Redis (TEST_REDIS_URL, default local db 15).

Fencing (a late writer's save refused) is tested with the tracker store in
test_tracker_store.py.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.channels.action_failures import SOMETHING_WENT_WRONG
from bot.channels.limits import Limits
from bot.channels.rest_socketio import LimitedRestInput
from bot.rasa_ext import lock_store as locks
from bot.rasa_ext.lock_store import AtomicRedisLockStore
from tests.conftest import REDIS_URL, redis_key_prefix, redis_up

pytestmark = pytest.mark.skipif(not redis_up(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def prefix() -> Iterator[str]:
    yield from redis_key_prefix("lock")


def make_store(prefix: str, **kwargs: float) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(url=REDIS_URL, key_prefix=prefix, **kwargs)


async def test_mutual_exclusion_across_two_servers(prefix: str) -> None:
    # Two store objects stand for two Rasa servers sharing one Redis.
    servers = [make_store(prefix), make_store(prefix)]
    inside = 0
    most_inside = 0
    done: list[int] = []

    async def message(number: int) -> None:
        nonlocal inside, most_inside
        async with servers[number % 2].lock("conv-1"):
            inside += 1
            most_inside = max(most_inside, inside)
            await asyncio.sleep(0.005)
            inside -= 1
            done.append(number)

    await asyncio.gather(*(message(n) for n in range(40)))
    assert most_inside == 1
    assert sorted(done) == list(range(40))
    assert servers[0].get_lock("conv-1") is None
    assert not servers[0].is_someone_waiting("conv-1")


async def test_other_conversations_are_not_blocked(prefix: str) -> None:
    store = make_store(prefix)
    async with store.lock("busy"):
        started = time.monotonic()
        async with store.lock("other"):
            pass
        assert time.monotonic() - started < 0.5


async def test_waiters_are_served_first_come_first_served(prefix: str) -> None:
    store, other = make_store(prefix), make_store(prefix)
    order: list[int] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with store.lock("fifo"):
            await release.wait()

    async def waiter(number: int) -> None:
        async with (store if number % 2 else other).lock("fifo"):
            order.append(number)
            await asyncio.sleep(0.01)

    first = asyncio.create_task(holder())
    await asyncio.sleep(0.05)
    waiters = []
    for number in range(8):
        waiters.append(asyncio.create_task(waiter(number)))
        await asyncio.sleep(0.02)  # each one queued before the next arrives
    release.set()
    await asyncio.gather(first, *waiters)
    assert order == list(range(8))


async def test_waiter_is_woken_at_release_not_at_ttl(prefix: str) -> None:
    # The holder's TTL is 10 s: only a wake-up can let the waiter in quickly.
    store = make_store(prefix, lock_ttl=10)
    got_it_at: list[float] = []
    released_at: list[float] = []

    async def holder() -> None:
        async with store.lock("wake"):
            await asyncio.sleep(0.3)
            released_at.append(time.monotonic())

    async def waiter() -> None:
        await asyncio.sleep(0.05)
        async with store.lock("wake"):
            got_it_at.append(time.monotonic())

    await asyncio.gather(holder(), waiter())
    assert got_it_at[0] - released_at[0] < 0.1


async def test_only_the_owner_releases(prefix: str) -> None:
    store = make_store(prefix)
    async with store.lock("owner"):
        holder = store.holder("owner")
        assert holder
        raw = redis.Redis.from_url(REDIS_URL)
        release = raw.register_script(__import__("bot.rasa_ext.lock_store", fromlist=["RELEASE"]).RELEASE)
        lock_key, queue, deadlines, wake = store._keys("owner")
        assert release(keys=[lock_key, queue, deadlines], args=["not-the-owner", 15000, wake]) == 0
        assert store.holder("owner") == holder
    assert store.holder("owner") is None


async def test_a_dead_holder_expires(prefix: str) -> None:
    store = make_store(prefix, lock_ttl=5)
    # A server killed with -9 while holding the lock: nobody renews or releases it.
    redis.Redis.from_url(REDIS_URL).set(store._keys("dead")[0], "killed-server", px=400)
    started = time.monotonic()
    async with store.lock("dead", lock_lifetime=5):
        waited = time.monotonic() - started
    assert 0.3 < waited < 1.5


async def test_a_live_holder_keeps_the_lock_past_its_ttl(prefix: str) -> None:
    store = make_store(prefix, lock_ttl=0.3)
    inside = 0
    overlaps = 0

    async def message(hold: float) -> None:
        nonlocal inside, overlaps
        async with store.lock("long"):
            inside += 1
            overlaps += inside > 1
            await asyncio.sleep(hold)
            inside -= 1

    await asyncio.gather(message(1.0), message(0.01))
    assert overlaps == 0


async def test_timeout_raises_lock_error_and_leaves_no_queue(prefix: str) -> None:
    store = make_store(prefix, wait_timeout=0.3)
    async with store.lock("slow"):
        with pytest.raises(LockError):
            async with store.lock("slow"):
                pass
        assert not store.is_someone_waiting("slow")


async def test_a_cancelled_waiter_does_not_block_the_next(prefix: str) -> None:
    store = make_store(prefix, lock_ttl=10)
    entered: list[str] = []

    async def wait_for(name: str) -> None:
        async with store.lock("cancel"):
            entered.append(name)

    async with store.lock("cancel"):
        gone = asyncio.create_task(wait_for("gone"))
        await asyncio.sleep(0.05)
        stays = asyncio.create_task(wait_for("stays"))
        await asyncio.sleep(0.05)
        gone.cancel()
        await asyncio.sleep(0.05)
    started = time.monotonic()
    await stays
    assert entered == ["stays"]
    assert time.monotonic() - started < 0.5
    assert gone.cancelled()


async def test_each_turn_holds_a_higher_fencing_token(prefix: str) -> None:
    servers = [make_store(prefix), make_store(prefix)]
    fences: list[int] = []
    assert locks.current_lease("fenced") is None
    for number in range(6):
        async with servers[number % 2].lock("fenced"):
            lease = locks.current_lease("fenced")
            assert lease is not None and lease.conversation_id == "fenced"
            assert locks.current_lease("another conversation") is None
            fences.append(lease.fence)
        assert locks.current_lease("fenced") is None
    assert fences == sorted(set(fences))
    assert servers[0].fence("fenced") == fences[-1]


async def test_fencing_tokens_keep_rising_when_redis_forgets_them(prefix: str) -> None:
    # Redis restarted without persistence (as bot.ops.cluster runs it): the counter is gone.
    store = make_store(prefix)
    async with store.lock("restarted"):
        before = locks.current_lease("restarted").fence
    fence_key = store._fence_key("restarted")
    redis.Redis.from_url(REDIS_URL).delete(fence_key)
    async with store.lock("restarted"):
        after = locks.current_lease("restarted").fence
    assert after > before


CLOSED_PORT = "redis://127.0.0.1:1/0"


async def test_redis_down_refuses_the_turn() -> None:
    """No per-process fallback: another server could be handling the same conversation."""
    store = AtomicRedisLockStore(url=CLOSED_PORT)
    entered = False
    with pytest.raises(locks.LockStoreUnavailableError):
        async with store.lock("offline"):
            entered = True
    assert not entered
    assert issubclass(locks.LockStoreUnavailableError, LockError)


def _rest_webhook(on_new_message: Any) -> Any:
    """The REST channel's POST handler, called without a Sanic server (one per process)."""
    blueprint = LimitedRestInput(Limits()).blueprint(on_new_message)
    return next(route.handler for route in blueprint._future_routes if route.uri == "/webhook")


async def _say(handler: Any, sender: str, message: str) -> list[dict[str, Any]]:
    request = SimpleNamespace(
        headers={}, body=json.dumps({"sender": sender, "message": message}).encode(), stream=None, args={}, ip="127.0.0.1"
    )
    reply = await handler(request)
    assert reply.status == 200
    return json.loads(reply.body)


async def test_redis_down_the_customer_is_told_to_try_again() -> None:
    store = AtomicRedisLockStore(url=CLOSED_PORT)
    handled: list[str] = []

    async def handle_message(message: UserMessage) -> None:  # Rasa's Agent.handle_message
        async with store.lock(message.sender_id):
            handled.append(message.text)
            await message.output_channel.send_text_message(message.sender_id, "a real answer")

    sender = str(uuid.uuid4())
    said = await _say(_rest_webhook(handle_message), sender, "is my A1263 recalled?")
    assert [m["text"] for m in said] == [SOMETHING_WENT_WRONG]
    assert handled == []


def test_rasa_builds_it_from_endpoints_yml(prefix: str) -> None:
    config = EndpointConfig(
        url=REDIS_URL, type="bot.rasa_ext.lock_store.AtomicRedisLockStore", lock_ttl="7", key_prefix=prefix
    )
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.lock_ttl == 7
    assert store.key_prefix == prefix


def test_rasa_style_host_configuration() -> None:
    store = AtomicRedisLockStore(EndpointConfig(url="redis.internal", type="x", port="6380", db="2", password="pw"))
    assert store._kwargs == {"host": "redis.internal", "port": 6380, "db": 2, "password": "pw"}
