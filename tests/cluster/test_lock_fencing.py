"""The lock store on a bad day, with two Rasa servers: Redis down, and a lease that ran out.

This module starts its own cluster whose lock store is a `redis-server` of its own on
a free port (the machine's shared Redis is never stopped), so the test can stop and
restart it:

- Redis down: every message, on either Rasa server, is answered "something went
  wrong ... try again" and nothing of it is stored (no per-process lock, which two
  servers would each hold). Once Redis is back (restarted empty) the conversations
  carry on, each message stored once, one session start each.
- A lease that ran out: this test process plays a Rasa server that stalled while
  holding a conversation's lock; a real Rasa server takes the conversation when the
  lease runs out, and the stalled turn's save is refused (its events never stand
  over the real turn's).

Heavy (two Rasa servers); run alone:
`flock /tmp/stack.lock .venv/bin/python -m pytest -q tests/cluster/test_lock_fencing.py -p no:cacheprovider`.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.channels.action_failures import SOMETHING_WENT_WRONG
from bot.ops.cluster.services import port_open
from tests.cluster.conftest import RunningCluster, running_cluster
from tests.conftest import Recorder, free_port
from tests.e2e.chat import new_sender, say, texts

pytestmark = pytest.mark.e2e

REDIS_SERVER = shutil.which("redis-server")
AFFECTED = "part of the recall"  # in the real answer to QUESTION
QUESTION = "is my A1263 from March 2018 recalled?"


@dataclass
class PrivateRedis:
    """A redis-server for this module only, without persistence (as bot.ops.cluster runs Redis)."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        assert REDIS_SERVER
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _until(lambda: port_open("127.0.0.1", self.port), "redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        _until(lambda: not port_open("127.0.0.1", self.port), "redis-server did not stop")


def _until(condition: Any, message: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.2)


@pytest.fixture(scope="module")
def own_redis_cluster(alert_receiver: Recorder) -> Iterator[tuple[RunningCluster, PrivateRedis]]:
    """The cluster of conftest.py, with its lock store (and rate limits) on a private Redis."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    redis_server = PrivateRedis(free_port())
    redis_server.start()
    try:
        with running_cluster(alert_receiver, redis_url=redis_server.url) as running:
            yield running, redis_server
    finally:
        redis_server.stop()


def _entrances(cluster: RunningCluster) -> list[SimpleNamespace]:
    """nginx, and each Rasa server directly (so that both are seen to refuse)."""
    return [SimpleNamespace(rasa_url=cluster.url)] + [
        SimpleNamespace(rasa_url=f"http://127.0.0.1:{port}") for port in cluster.config.rasa_ports
    ]


def _stored(cluster: RunningCluster, sender: str) -> list[tuple[str, dict[str, Any]]]:
    engine = create_engine(cluster.database_url, future=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT type_name, data FROM events WHERE sender_id = :sender ORDER BY id"),
                {"sender": sender},
            ).all()
    finally:
        engine.dispose()
    return [(type_name, json.loads(data)) for type_name, data in rows]


def _user_texts(cluster: RunningCluster, sender: str) -> list[str]:
    return [data.get("text") for type_name, data in _stored(cluster, sender) if type_name == "user"]


def _assert_clean_conversation(cluster: RunningCluster, sender: str, said: list[str]) -> None:
    """Each message that got a real answer stored once, in order; one session start."""
    assert _user_texts(cluster, sender) == said
    actions = Counter(
        data.get("name") for type_name, data in _stored(cluster, sender) if type_name == "action"
    )
    assert actions["action_session_start"] == 1


def test_redis_down_every_turn_is_refused_then_conversations_carry_on(
    own_redis_cluster: tuple[RunningCluster, PrivateRedis],
) -> None:
    cluster, redis_server = own_redis_cluster
    entrances = _entrances(cluster)
    senders = [new_sender(f"redis-down-{n}") for n in range(len(entrances))]
    said: dict[str, list[str]] = {sender: [] for sender in senders}

    def ask(entrance: SimpleNamespace, sender: str, label: str) -> str:
        message = f"{QUESTION} ({label})"
        reply = texts(say(entrance, sender, message))
        if AFFECTED in reply:
            said[sender].append(message)
        return reply

    for entrance, sender in zip(entrances, senders, strict=True):
        assert AFFECTED in ask(entrance, sender, "before")

    redis_server.stop()
    try:
        for entrance in entrances:  # every sender, through nginx and on each server
            for sender in senders:
                reply = ask(entrance, sender, "while Redis is down")
                assert reply == SOMETHING_WENT_WRONG, reply
    finally:
        redis_server.start()  # empty: locks, queues and fence counters are gone

    for entrance, sender in zip(entrances, senders, strict=True):
        assert AFFECTED in ask(entrance, sender, "after")
        assert AFFECTED in ask(entrances[0], sender, "and once more")
    for sender in senders:
        assert said[sender] == [f"{QUESTION} (before)", f"{QUESTION} (after)", f"{QUESTION} (and once more)"]
        _assert_clean_conversation(cluster, sender, said[sender])


async def test_a_stalled_servers_late_save_does_not_stand_over_the_real_turn(
    own_redis_cluster: tuple[RunningCluster, PrivateRedis],
) -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered

    from bot.core.settings import PROJECT_DIR
    from bot.rasa_ext.lock_store import AtomicRedisLockStore, LeaseLostError
    from bot.rasa_ext.tracker_store import RecallTrackerStore

    cluster, redis_server = own_redis_cluster
    public = SimpleNamespace(rasa_url=cluster.url)
    sender = new_sender("fenced")
    first = f"{QUESTION} (first)"
    assert AFFECTED in texts(await asyncio.to_thread(say, public, sender, first))

    # This process stands for a third Rasa server on the same Redis and database, one
    # that stalls (stops renewing) while it holds the conversation: its lease runs out.
    stalled = AtomicRedisLockStore(url=redis_server.url, lock_ttl=0.5)

    async def stopped_renewing(*_: Any) -> None:
        await asyncio.Event().wait()

    stalled._renew = stopped_renewing  # type: ignore[method-assign]
    store = RecallTrackerStore(domain=Domain.load(PROJECT_DIR / "domain.yml"), host=cluster.database_url)
    tracker_store = FailSafeTrackerStore(store)  # as Rasa's Agent wraps it
    second = f"{QUESTION} (second)"
    try:
        with pytest.raises(LeaseLostError):
            async with stalled.lock(sender):
                late = await tracker_store.get_or_create_tracker(sender)
                # Meanwhile the customer writes again; a real server takes the conversation
                # as soon as the stalled lease has run out, and answers.
                reply = await asyncio.to_thread(say, public, sender, second)
                assert AFFECTED in texts(reply)
                late.update(UserUttered("a late turn's message", {"name": "greet", "confidence": 1.0}))
                await tracker_store.save(late)
        third = f"{QUESTION} (third)"
        assert AFFECTED in texts(await asyncio.to_thread(say, public, sender, third))
        _assert_clean_conversation(cluster, sender, [first, second, third])
    finally:
        await stalled.close()
        store.engine.dispose()
