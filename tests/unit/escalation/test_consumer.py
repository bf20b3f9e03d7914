"""bot.escalation.consumer against the real RabbitMQ (TEST_AMQP_URL, default local guest) and a fresh database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aio_pika
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import init_db, make_engine
from bot.core.models import Handoff
from bot.core.settings import load_settings
from bot.escalation.consumer import Consumer, EventProcessor, broker_url
from bot.escalation.handoffs import HandoffRequest, Reason, open_handoff
from tests.conftest import Recorder

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


def _rabbit_up() -> bool:
    import socket

    from yarl import URL

    url = URL(AMQP_URL)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5672), timeout=1):
            return True
    except OSError:
        return False


rabbit = pytest.mark.skipif(not _rabbit_up(), reason=f"no RabbitMQ at {AMQP_URL}")


def user_event(sender: str, text: str, *, fire: bool, age: float = 10.0) -> dict[str, Any]:
    parse_data: dict[str, Any] = {
        "text": text,
        "intent": {"name": "report_fire" if fire else "check_recall", "confidence": 0.98},
        "entities": [],
    }
    if fire:
        parse_data["fire_signal"] = {"kind": "fire", "injury": False, "damage": True}
    return {
        "event": "user",
        "sender_id": sender,
        "timestamp": time.time() - age,
        "text": text,
        "parse_data": parse_data,
        "input_channel": "rest",
    }


def slot_event(sender: str, name: str, value: str) -> dict[str, Any]:
    return {"event": "slot", "sender_id": sender, "timestamp": time.time(), "name": name, "value": value}


@pytest.fixture
def factory(database_url: str) -> Iterator[Callable[[], Session]]:
    engine = make_engine(database_url)
    init_db(engine)
    yield sessionmaker(bind=engine, future=True, expire_on_commit=False)
    engine.dispose()


def handoffs(factory: Callable[[], Session], conversation_id: str) -> list[Handoff]:
    with factory() as session:
        return list(session.execute(select(Handoff).where(Handoff.conversation_id == conversation_id)).scalars())


@pytest.fixture
def processor(factory: Callable[[], Session], alert_receiver: Recorder) -> EventProcessor:
    settings = load_settings({"ALERT_WEBHOOK_URL": alert_receiver.url, "DATABASE_URL": "sqlite://"})
    return EventProcessor(session_factory=factory, settings=settings)


@dataclass
class Broker:
    exchange: str
    queue: str

    async def publish(self, *bodies: Any) -> None:
        import json

        connection = await aio_pika.connect(AMQP_URL)
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange(self.exchange, type=aio_pika.ExchangeType.FANOUT)
            for body in bodies:
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                await exchange.publish(aio_pika.Message(raw, delivery_mode=aio_pika.DeliveryMode.PERSISTENT), "")


@pytest.fixture
async def broker() -> AsyncIterator[Broker]:
    name = f"test-events-{uuid.uuid4().hex[:8]}"
    yield Broker(exchange=f"{name}-exchange", queue=f"{name}-queue")
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        with contextlib.suppress(Exception):
            await channel.queue_delete(f"{name}-queue")
        with contextlib.suppress(Exception):
            await channel.exchange_delete(f"{name}-exchange")


@contextlib.asynccontextmanager
async def running(consumer: Consumer) -> AsyncIterator[Consumer]:
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    await asyncio.wait_for(consumer.connected.wait(), 10)
    try:
        yield consumer
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def test_broker_url_from_the_endpoints_variables() -> None:
    env = {"EVENT_BROKER_HOST": "rabbit", "EVENT_BROKER_USER": "u", "EVENT_BROKER_PASSWORD": "p@ss", "EVENT_BROKER_PORT": "5673"}
    assert broker_url(env) == "amqp://u:p%40ss@rabbit:5673/"
    assert broker_url({"EVENT_BROKER_URL": "amqp://x/"}) == "amqp://x/"
    assert broker_url({}) is None


def test_a_fire_report_the_action_missed_opens_the_urgent_handoff(
    processor: EventProcessor, factory: Callable[[], Session], alert_receiver: Recorder
) -> None:
    processor.handle(slot_event("conv-a", "model_number", "A1263"))
    processor.handle(slot_event("conv-a", "recall_status", "affected"))
    before = len(alert_receiver.bodies)
    outcome = processor.handle(user_event("conv-a", "my power bank caught fire", fire=True))
    assert outcome.fire_report and outcome.created and outcome.alert_status == "sent"
    (handoff,) = handoffs(factory, "conv-a")
    assert (handoff.reason, handoff.priority, handoff.model_number) == ("fire", "urgent", "A1263")
    assert handoff.recall_status == "affected" and handoff.damage_mentioned
    assert len(alert_receiver.bodies) == before + 1
    # The same event again (redelivery) changes nothing.
    again = processor.handle(user_event("conv-a", "my power bank caught fire", fire=True))
    assert not again.created and len(handoffs(factory, "conv-a")) == 1
    assert len(alert_receiver.bodies) == before + 1


def test_other_events_do_nothing(processor: EventProcessor, factory: Callable[[], Session]) -> None:
    for event in (
        user_event("conv-b", "is my A1263 recalled?", fire=False),
        {"event": "bot", "sender_id": "conv-b", "text": "hi"},
        {"event": "user", "sender_id": None},
        {"event": "user", "sender_id": "conv-b", "parse_data": "garbage"},
        {"no": "event"},
    ):
        assert not processor.handle(event).fire_report
    assert handoffs(factory, "conv-b") == []


def test_the_action_wins_within_the_grace_period(processor: EventProcessor, factory: Callable[[], Session]) -> None:
    def action_server_meanwhile(seconds: float) -> None:
        assert 0 < seconds <= processor.grace_seconds
        with factory() as session:
            open_handoff(session, HandoffRequest(conversation_id="conv-c", reason=Reason.FIRE))
            session.commit()

    processor.sleep = action_server_meanwhile
    outcome = processor.handle(user_event("conv-c", "it exploded", fire=True, age=0.0))
    assert outcome.fire_report and not outcome.created
    assert len(handoffs(factory, "conv-c")) == 1


def test_a_flood_from_one_origin_is_recorded_and_pages_within_the_caps(
    factory: Callable[[], Session], alert_receiver: Recorder
) -> None:
    from bot.escalation.escalate import origin_for_address

    settings = load_settings(
        {"ALERT_WEBHOOK_URL": alert_receiver.url, "SECRET_KEY": "consumer-key", "DATABASE_URL": "sqlite://"}
    )
    processor = EventProcessor(session_factory=factory, settings=settings)
    origin = origin_for_address("203.0.113.7", "consumer-key")
    alert_receiver.bodies.clear()
    outcomes = []
    for n in range(10):
        event = user_event(f"flood-{n}", "my power bank caught fire", fire=True)
        event["metadata"] = {"origin": origin}
        outcomes.append(processor.handle(event))
    assert all(o.created for o in outcomes) and all(handoffs(factory, f"flood-{n}") for n in range(10))
    assert [o.alert_status for o in outcomes].count("sent") == 3
    assert len([b for b in alert_receiver.bodies if "summary" in b]) == 1
    alert_receiver.bodies.clear()


def test_old_reports_are_history(processor: EventProcessor, factory: Callable[[], Session]) -> None:
    assert processor.handle(user_event("conv-d", "it caught fire", fire=True, age=8 * 86400)).handoff_id is None
    assert handoffs(factory, "conv-d") == []


@rabbit
async def test_consumes_from_rabbitmq_and_acknowledges(
    processor: EventProcessor, factory: Callable[[], Session], broker: Broker
) -> None:
    refreshed: list[int] = []
    consumer = Consumer(
        url=AMQP_URL,
        processor=processor,
        queue=broker.queue,
        exchange=broker.exchange,
        refresh=lambda session: refreshed.append(1),
        summary_interval=0.1,
    )
    async with running(consumer):
        await broker.publish(
            slot_event("conv-e", "model_number", "A1257"),
            b"\x00 not json",
            ["not", "an", "event"],
            user_event("conv-e", "smoke came out of it", fire=True),
        )
        await until(lambda: consumer.processed + consumer.dropped == 4)
        await until(lambda: bool(refreshed))
    assert consumer.dropped == 2
    (handoff,) = handoffs(factory, "conv-e")
    assert handoff.model_number == "A1257"
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        queue = await (await connection.channel()).declare_queue(broker.queue, durable=True, passive=True)
        assert queue.declaration_result.message_count == 0  # everything acknowledged


@rabbit
async def test_catches_up_after_being_down(
    processor: EventProcessor, factory: Callable[[], Session], broker: Broker
) -> None:
    consumer = Consumer(url=AMQP_URL, processor=processor, queue=broker.queue, exchange=broker.exchange)
    async with running(consumer):
        pass  # declares the durable queue, then the consumer is down
    await broker.publish(*(user_event(f"conv-f{n}", "it caught fire", fire=True) for n in range(3)))
    later = Consumer(url=AMQP_URL, processor=processor, queue=broker.queue, exchange=broker.exchange)
    async with running(later):
        await until(lambda: later.processed == 3)
    assert all(len(handoffs(factory, f"conv-f{n}")) == 1 for n in range(3))


@rabbit
async def test_a_database_outage_is_retried_not_lost(
    processor: EventProcessor, factory: Callable[[], Session], broker: Broker
) -> None:
    outages = [OperationalError("SELECT 1", {}, Exception("database down"))] * 2

    def flaky() -> Session:
        if outages:
            raise outages.pop()
        return factory()

    processor.session_factory = flaky
    consumer = Consumer(url=AMQP_URL, processor=processor, queue=broker.queue, exchange=broker.exchange)
    async with running(consumer):
        await broker.publish(user_event("conv-g", "my charger burst into flames", fire=True))
        await until(lambda: consumer.processed == 1)
    assert consumer.failures == 2
    assert len(handoffs(factory, "conv-g")) == 1


@rabbit
async def test_rabbitmq_lost_mid_message_reconnects(processor: EventProcessor, broker: Broker) -> None:
    """A connection reset while acknowledging (RabbitMQ restarted) must not end the consumer."""
    stop = asyncio.Event()

    class Flaky(Consumer):
        sessions = 0

        async def _consume(self, connection, stop_event):  # type: ignore[no-untyped-def]
            Flaky.sessions += 1
            if Flaky.sessions == 1:
                raise ConnectionResetError(104, "Connection reset by peer")
            stop.set()

    consumer = Flaky(url=AMQP_URL, processor=processor, queue=broker.queue, exchange=broker.exchange)
    await asyncio.wait_for(consumer.run(stop), 30)
    assert Flaky.sessions == 2
