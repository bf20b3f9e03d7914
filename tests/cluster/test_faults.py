"""Bad days for the cluster: PostgreSQL and RabbitMQ restarted under load.

Customers keep talking through nginx while a service goes away and comes back.
While it is down every answer is clean (a JSON reply, "something went wrong" at
worst, or a 5xx from nginx; never a hang); afterwards the service recovers by
itself, every customer gets real answers again, nothing that got a reply is stored
twice, and the events consumer has caught up: the review summaries count every
stored message of every customer.

Customers talk far longer than people do (a message every 0.3 s for 30 s), which
also checks that a long conversation still reaches the action servers through nginx.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from bot.channels.action_failures import SOMETHING_WENT_WRONG
from tests.e2e.chat import new_sender, wait_for

pytestmark = pytest.mark.e2e

CUSTOMERS = 8
AFFECTED = "part of the recall"


@pytest.fixture(autouse=True)
def whole_cluster(cluster: Any) -> None:
    """Every process up (test_cluster.py kills a Rasa server)."""
    dead = tuple(name for name, service in cluster.stack.services.items() if not service.running())
    if dead:
        cluster.stack.start(dead, timeout=300)


@dataclass
class Traffic:
    """What the customers saw, by phase (before, down, after)."""

    phase: str = "before"
    answered: Counter = field(default_factory=Counter)  # (phase, "real" | "went_wrong" | "other")
    refused: Counter = field(default_factory=Counter)  # (phase, status or error)
    stored_expected: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0


async def _customer(url: str, address: str, sender: str, traffic: Traffic, stop: asyncio.Event) -> None:
    connector = aiohttp.TCPConnector(local_addr=(address, 0), force_close=True)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=90)) as http:
        number = 0
        while not stop.is_set():
            number += 1
            message = f"is my A1263 from March 2018 recalled? ref {sender} {number}"
            phase = traffic.phase
            started = time.monotonic()
            try:
                async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}) as reply:
                    body = await reply.text()
                    status = reply.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                traffic.refused[(phase, type(error).__name__)] += 1
                await asyncio.sleep(0.3)
                continue
            finally:
                traffic.slowest = max(traffic.slowest, time.monotonic() - started)
            if status != 200:
                traffic.refused[(phase, status)] += 1
            else:
                said = " ".join(m.get("text", "") for m in json.loads(body))
                kind = "real" if AFFECTED in said else "went_wrong" if SOMETHING_WENT_WRONG in said else "other"
                traffic.answered[(phase, kind)] += 1
                # While PostgreSQL is down Rasa answers from its in-memory fallback store
                # (FailSafeTrackerStore): those turns never reach the events table. Every
                # turn sent and answered wholly outside the outage must.
                if kind == "real" and phase == traffic.phase and phase in ("before", "after"):
                    traffic.stored_expected.setdefault(sender, []).append(message)
            await asyncio.sleep(0.3)


async def _under_load(cluster: Any, outage: Any, label: str) -> Traffic:
    traffic = Traffic()
    stop = asyncio.Event()
    senders = {f"127.0.1.{10 + n}": new_sender(f"{label}{n}") for n in range(CUSTOMERS)}
    tasks = [asyncio.create_task(_customer(cluster.url, a, s, traffic, stop)) for a, s in senders.items()]
    await asyncio.sleep(5)
    traffic.phase = "down"
    await asyncio.to_thread(outage)
    traffic.phase = "recovering"
    await asyncio.sleep(10)
    traffic.phase = "after"
    await asyncio.sleep(15)
    stop.set()
    await asyncio.gather(*tasks)
    print(f"\n{label}: answered {dict(traffic.answered)}, refused {dict(traffic.refused)}, slowest {traffic.slowest:.1f} s")
    return traffic


def _assert_recovered(cluster: Any, traffic: Traffic) -> None:
    assert traffic.answered[("before", "real")] > 0
    # after the outage everybody is answered properly again, without anything restarted
    assert traffic.answered[("after", "real")] >= CUSTOMERS
    assert not any(phase == "after" for phase, _ in traffic.refused)
    assert traffic.answered[("after", "went_wrong")] == 0 and traffic.answered[("after", "other")] == 0
    assert traffic.slowest < 60  # clean errors, no request left hanging
    for name, service in cluster.stack.services.items():
        assert service.running(), f"{name} died"
    # every message that got a real reply is stored exactly once...
    engine = create_engine(cluster.database_url, future=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id = ANY(:ids)"),
                {"ids": list(traffic.stored_expected)},
            ).all()
        stored = Counter((sender, json.loads(data).get("text")) for sender, data in rows)
        for sender, messages in traffic.stored_expected.items():
            for message in messages:
                assert stored[(sender, message)] == 1, f"{message!r} stored {stored[(sender, message)]} times"
        users = Counter(sender for sender, _ in rows)

        # ...and the events consumer caught up: the summaries count every stored message.
        def caught_up() -> bool:
            with engine.connect() as conn:
                counted = dict(
                    conn.execute(
                        text("SELECT conversation_id, user_messages FROM review_conversations WHERE conversation_id = ANY(:ids)"),
                        {"ids": list(users)},
                    ).all()
                )
            return counted == dict(users)

        wait_for(caught_up, timeout=60, interval=1)
    finally:
        engine.dispose()


def _postgres_version() -> str:
    return sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]


PG_CTLCLUSTER = shutil.which("pg_ctlcluster")
PG_ISREADY = shutil.which("pg_isready")
RABBITMQCTL = shutil.which("rabbitmqctl")


def restart_postgres() -> None:
    """PostgreSQL stopped (fast: open connections are cut), down for 5 s, started again."""
    ctl = [str(PG_CTLCLUSTER), "--skip-systemctl-redirect", _postgres_version(), "main"]
    subprocess.run([*ctl, "stop", "-m", "fast"], check=True, timeout=60)
    time.sleep(5)
    subprocess.run([*ctl, "start"], check=True, timeout=60)
    for _ in range(30):
        if subprocess.run([str(PG_ISREADY), "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
            return
        time.sleep(1)
    raise AssertionError("PostgreSQL did not come back")


def restart_rabbitmq() -> None:
    """RabbitMQ's application stopped (connections closed, port shut), down for 5 s, started."""
    subprocess.run([str(RABBITMQCTL), "stop_app"], check=True, timeout=120, capture_output=True)
    time.sleep(5)
    subprocess.run([str(RABBITMQCTL), "start_app"], check=True, timeout=120, capture_output=True)


@pytest.mark.skipif(not (PG_CTLCLUSTER and PG_ISREADY), reason="PostgreSQL is not managed by pg_ctlcluster here")
async def test_postgres_restart_under_load(cluster: Any) -> None:
    traffic = await _under_load(cluster, restart_postgres, "pg")
    _assert_recovered(cluster, traffic)


@pytest.mark.skipif(not RABBITMQCTL, reason="RabbitMQ is not managed by rabbitmqctl here")
async def test_rabbitmq_restart_under_load(cluster: Any) -> None:
    traffic = await _under_load(cluster, restart_rabbitmq, "mq")
    # The broker is not on the customers' path: nobody notices.
    assert not any(kind != "real" for _, kind in traffic.answered)
    _assert_recovered(cluster, traffic)
    assert wait_for(cluster.stack.services["consumer"].is_ready, timeout=60, interval=1)
