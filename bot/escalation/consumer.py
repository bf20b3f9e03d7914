"""Consumes Rasa's events from RabbitMQ and keeps the alerting and the review summaries current.

Rasa's pika event broker publishes every tracker event, as JSON with `sender_id`,
to the fanout exchange `rasa-exchange`, and a durable queue bound to it
(`recall_events`, named in endpoints.yml) keeps them while this consumer is down.

For each event, in order:

- a user event that is a fire report (intent `report_fire`, or the safety net's
  `fire_signal` in its parse data) -> the urgent handoff is opened if the action
  server has not opened one (after a short grace period, so the action normally
  wins), and alerted within the flood caps (bot.escalation.escalate);
- slot events -> the unit (model, date, verdict) is remembered for that handoff;
- anything -> the review summaries (bot.review, when present) are refreshed soon.

A message is acknowledged only after it was processed. When the database is down
the message goes back to the queue and is retried with growing waits; a message
that is not an event at all is logged and dropped.

Run: `python -m bot.escalation.consumer` (health on http://127.0.0.1:$EVENTS_CONSUMER_PORT/health).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import signal
import time
import types
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.core.settings import Settings, get_settings
from bot.escalation.escalate import escalate
from bot.escalation.handoffs import UnitContext
from bot.escalation.reconcile import MAX_AGE, UNIT_SLOTS, FireReport, as_report, is_covered
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

EXCHANGE = "rasa-exchange"
QUEUE = "recall_events"
DEFAULT_PORT = 5056
#: Environment variables read here (besides settings.py's).
ENV_VARS = (
    "EVENT_BROKER_URL",
    "EVENT_BROKER_HOST",
    "EVENT_BROKER_PORT",
    "EVENT_BROKER_USER",
    "EVENT_BROKER_PASSWORD",
    "EVENT_BROKER_QUEUE",
    "EVENT_BROKER_EXCHANGE",
    "EVENTS_CONSUMER_PORT",
    "EVENTS_CONSUMER_HOST",
)
#: The action server opens the handoff within a second of the report; wait this long first.
GRACE_SECONDS = 3.0
SUMMARY_INTERVAL = 2.0
LONGEST_RETRY = 30.0


def broker_url(environ: Mapping[str, str] | None = None) -> str | None:
    """amqp:// URL from EVENT_BROKER_URL, or from the EVENT_BROKER_* parts endpoints.yml uses."""
    env = os.environ if environ is None else environ
    if env.get("EVENT_BROKER_URL"):
        return env["EVENT_BROKER_URL"]
    host = env.get("EVENT_BROKER_HOST")
    if not host:
        return None
    user = quote(env.get("EVENT_BROKER_USER", "guest"), safe="")
    password = quote(env.get("EVENT_BROKER_PASSWORD", "guest"), safe="")
    return f"amqp://{user}:{password}@{host}:{env.get('EVENT_BROKER_PORT', '5672')}/"


@dataclass
class Outcome:
    """What one event did (for logs and tests)."""

    fire_report: bool = False
    handoff_id: int | None = None
    created: bool = False
    alert_status: str | None = None


@dataclass
class EventProcessor:
    """The work for one event; synchronous (runs in a worker thread)."""

    session_factory: Callable[[], Any]
    settings: Settings
    grace_seconds: float = GRACE_SECONDS
    sleep: Callable[[float], None] = time.sleep
    units: OrderedDict[str, dict[str, str]] = field(default_factory=OrderedDict)

    def handle(self, event: Mapping[str, Any]) -> Outcome:
        """Process one Rasa event.

        Raises:
            SQLAlchemyError: when the database is unavailable (the message is retried).
        """
        kind = event.get("event")
        sender = event.get("sender_id")
        if not isinstance(sender, str) or not sender:
            return Outcome()
        if kind == "slot" and event.get("name") in UNIT_SLOTS:
            self._remember(sender, str(event["name"]), event.get("value"))
            return Outcome()
        if kind == "session_started":
            self.units.pop(sender, None)
            return Outcome()
        if kind != "user":
            return Outcome()
        report = _report_from(event)
        if report is None:
            return Outcome()
        return self._ensure_handoff(report)

    def _remember(self, sender: str, name: str, value: Any) -> None:
        unit = self.units.pop(sender, {})
        if value is None:
            unit.pop(name, None)
        else:
            unit[name] = str(value)
        self.units[sender] = unit
        while len(self.units) > 10_000:
            self.units.popitem(last=False)

    def _ensure_handoff(self, report: FireReport) -> Outcome:
        reported_at = dt.datetime.fromtimestamp(report.timestamp, dt.timezone.utc).replace(tzinfo=None)
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        if reported_at < now - MAX_AGE:
            return Outcome(fire_report=True)
        wait = self.grace_seconds - (now - reported_at).total_seconds()
        if wait > 0:
            self.sleep(min(wait, self.grace_seconds))
        unit = self.units.get(report.conversation_id, {})
        session: Session = self.session_factory()
        try:
            if is_covered(session, report.conversation_id, reported_at):
                session.rollback()
                return Outcome(fire_report=True)
            unit_context = UnitContext(
                model_number=(unit.get("model_number") or "")[:32] or None,
                manufacture_date=(unit.get("manufacture_date") or "")[:10] or None,
                recall_status=(unit.get("recall_status") or "")[:20] or None,
            )
            request = report.handoff_request(unit_context, self.settings.secret_key)
            escalation = escalate(session, request, settings=self.settings)
            logger.warning(
                "fire report in conversation %s had no handoff; %s handoff %s",
                mask_identifier(report.conversation_id),
                "opened" if escalation.created else "upgraded",
                escalation.handoff.id,
            )
            return Outcome(True, escalation.handoff.id, escalation.created, escalation.alert_status)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def _report_from(event: Mapping[str, Any]) -> FireReport | None:
    """The event as reconcile's FireReport, when it is one (one definition of a fire report)."""
    parse_data = event.get("parse_data") if isinstance(event.get("parse_data"), dict) else {}
    intent = parse_data.get("intent") if isinstance(parse_data.get("intent"), dict) else {}
    row = types.SimpleNamespace(
        id=0,
        sender_id=event.get("sender_id"),
        timestamp=event.get("timestamp"),
        intent_name=intent.get("name"),
        data=json.dumps(event, default=str),
    )
    return as_report(row)


def _summary_refresher() -> Callable[[Session], Any] | None:
    try:
        from bot.review.summaries import refresh_summaries
    except ImportError:
        return None
    return lambda session: refresh_summaries(session=session, wait=False)


class Consumer:
    """The RabbitMQ side: connect (and reconnect), consume in order, ack after processing."""

    def __init__(
        self,
        *,
        url: str,
        processor: EventProcessor,
        queue: str = QUEUE,
        exchange: str = EXCHANGE,
        refresh: Callable[[Session], Any] | None = None,
        summary_interval: float = SUMMARY_INTERVAL,
    ) -> None:
        self.url = url
        self.processor = processor
        self.queue_name = queue
        self.exchange_name = exchange
        self.refresh = refresh
        self.summary_interval = summary_interval
        self.connected = asyncio.Event()
        self.processed = 0
        self.dropped = 0
        self.failures = 0
        self._dirty = False

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; reconnects when RabbitMQ goes away."""
        import aio_pika

        summaries = asyncio.create_task(self._summaries(stop)) if self.refresh else None
        wait = 1.0
        try:
            while not stop.is_set():
                try:
                    connection = await aio_pika.connect_robust(self.url, timeout=10)
                except (OSError, aio_pika.exceptions.AMQPError, asyncio.TimeoutError) as error:
                    logger.error("RabbitMQ unreachable (%s); retrying in %.0f s", error, wait)
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(stop.wait(), wait)
                    wait = min(wait * 2, LONGEST_RETRY)
                    continue
                wait = 1.0
                try:
                    await self._consume(connection, stop)
                except (OSError, aio_pika.exceptions.AMQPError, aio_pika.exceptions.ChannelInvalidStateError) as error:
                    # RabbitMQ went away mid-message (e.g. while acking): what was not
                    # acked is delivered again, so connect again and carry on.
                    logger.error("RabbitMQ connection lost (%s); reconnecting", error)
                finally:
                    self.connected.clear()
                    with contextlib.suppress(Exception):
                        await connection.close()
        finally:
            if summaries is not None:
                summaries.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await summaries

    async def _consume(self, connection: Any, stop: asyncio.Event) -> None:
        import aio_pika

        channel = await connection.channel()
        await channel.set_qos(prefetch_count=20)
        # The same declarations as Rasa's broker (a mismatch would be refused).
        exchange = await channel.declare_exchange(self.exchange_name, type=aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue(self.queue_name, durable=True)
        await queue.bind(exchange, "")
        self.connected.set()
        logger.info("consuming %s from %s", self.queue_name, self.exchange_name)
        async with queue.iterator() as messages:
            stopping = asyncio.create_task(stop.wait())
            try:
                while not stop.is_set():
                    nxt = asyncio.create_task(messages.__anext__())
                    done, _ = await asyncio.wait({nxt, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    if nxt not in done:
                        nxt.cancel()
                        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                            await nxt
                        break
                    await self._process(nxt.result(), stop)
            finally:
                stopping.cancel()

    async def _process(self, message: Any, stop: asyncio.Event) -> None:
        try:
            event = json.loads(message.body)
            if not isinstance(event, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            logger.error("dropped a message that is not a Rasa event: %s", error)
            self.dropped += 1
            await message.reject(requeue=False)
            return
        delay = 0.5
        while True:
            try:
                outcome = await asyncio.to_thread(self.processor.handle, event)
                break
            except (SQLAlchemyError, OSError) as error:
                # Database down: keep the message (unacked, in order) and try again.
                self.failures += 1
                if stop.is_set():
                    await message.nack(requeue=True)
                    return
                logger.error(
                    "event for %s not processed yet (%s); retrying", mask_identifier(str(event.get("sender_id"))), error
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, LONGEST_RETRY)
        await message.ack()
        self.processed += 1
        self._dirty = True
        if outcome.created:
            logger.info("opened urgent handoff %s, alert %s", outcome.handoff_id, outcome.alert_status)

    async def _summaries(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), self.summary_interval)
            if not self._dirty or self.refresh is None:
                continue
            self._dirty = False
            try:
                await asyncio.to_thread(self._refresh_once)
            except Exception:  # noqa: BLE001 - summaries are a convenience; keep consuming
                logger.exception("review summaries not refreshed")
                self._dirty = True

    def _refresh_once(self) -> None:
        assert self.refresh is not None
        session: Session = self.processor.session_factory()
        try:
            self.refresh(session)
            session.commit()
        finally:
            session.close()


async def _serve_health(consumer: Consumer, port: int) -> Any:
    from aiohttp import web

    async def health(_: web.Request) -> web.Response:
        body = {"connected": consumer.connected.is_set(), "processed": consumer.processed, "dropped": consumer.dropped}
        return web.json_response(body, status=200 if consumer.connected.is_set() else 503)

    app = web.Application()
    app.router.add_get("/health", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, os.environ.get("EVENTS_CONSUMER_HOST", "127.0.0.1"), port)
    await site.start()
    return runner


async def main_async(args: argparse.Namespace) -> int:
    from bot.core.db import _session_factory

    settings = get_settings()
    settings.check_secure()
    url = args.url or broker_url()
    if not url:
        logger.error("set EVENT_BROKER_URL or EVENT_BROKER_HOST (see docs/DEPLOYMENT.md)")
        return 2
    processor = EventProcessor(session_factory=_session_factory(settings.database_url), settings=settings)
    consumer = Consumer(
        url=url, processor=processor, queue=args.queue, exchange=args.exchange, refresh=_summary_refresher()
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runner = await _serve_health(consumer, args.port)
    try:
        await consumer.run(stop)
    finally:
        await runner.cleanup()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.escalation.consumer", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="amqp:// URL (default: EVENT_BROKER_URL or EVENT_BROKER_HOST...)")
    parser.add_argument("--queue", default=os.environ.get("EVENT_BROKER_QUEUE") or QUEUE)
    parser.add_argument("--exchange", default=os.environ.get("EVENT_BROKER_EXCHANGE") or EXCHANGE)
    parser.add_argument("--port", type=int, default=int(os.environ.get("EVENTS_CONSUMER_PORT", DEFAULT_PORT)))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
