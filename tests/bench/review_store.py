"""How fast the transcript review is on a large tracker store.

Run with `python -m tests.bench.review_store [--conversations 100000] [--db PATH]`.
Fills a SQLite tracker store in /tmp with 100,000 conversations (about a million
`events` rows, written as Rasa's SQLTrackerStore writes them), builds the summaries,
then reports the median time of the list, filters, search and the transcript, both
as the query functions and as full HTTP requests to the console app. Prints figures;
the list and the transcript should open in under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.db import init_db, make_engine
from bot.core.models import ConsoleUser
from bot.review.dashboard import build_dashboard
from bot.review.filters import ReviewFilters, list_conversations
from bot.review.models import ReviewConversation
from bot.review.summaries import refresh_summaries
from bot.review.transcript import load_conversation
from bot.web.users import hash_password
from tests.fakes.rasa_events import EVENTS_TABLE, TrackerStore, create_events_table

RUNS = 5
BUDGET_MS = 300
MODELS = ["A1263", "A1257", "A1647", "A1652", "A1681", "A1689", "A1642", "A1229", "A1268", "A1388", "A9999"]
VERDICT = {m: "affected" for m in MODELS[:7]} | {
    "A1229": "not_affected",
    "A1268": "not_affected",
    "A1388": "not_affected",
    "A9999": "unknown_model",
}
CHANNELS = ["socketio"] * 6 + ["rest", "telegram", "slack", "facebook", "twilio"]
ODD = [
    "my zolo thing is warm",
    "wat do i do now",
    "is the magnetic one ok",
    "power brick question",
    "hello??",
    "it beeps",
]


def fill(engine, conversations: int, seed: int = 7) -> int:
    """Write `conversations` conversations of a realistic mix; returns the number of rows."""
    rng = random.Random(seed)
    store = TrackerStore(engine)
    start = time.time() - 90 * 86_400
    written = 0
    with engine.begin() as connection:
        for index in range(conversations):
            channel = rng.choice(CHANNELS)
            sender = f"+1555{index:07d}" if channel == "twilio" else f"{index:06d}-{rng.getrandbits(64):016x}"
            c = store.conversation(sender, at=start + index * (90 * 86_400 / conversations), channel=channel)
            c.start()
            kind = rng.random()
            model = rng.choice(MODELS)
            check = f"is my {model.lower()} from {rng.choice(['march', 'may', 'june'])} {rng.randint(2016, 2024)} recalled"
            if kind < 0.35:
                c.check(check, model, "2019-03", VERDICT[model], confidence=rng.uniform(0.5, 0.99))
            elif kind < 0.55:
                c.greet()
            elif kind < 0.70:
                c.fallback(rng.choice(ODD))
            elif kind < 0.80:
                c.fallback(rng.choice(ODD)).fallback(rng.choice(ODD))
            elif kind < 0.88:
                c.fire()
            elif kind < 0.95:
                c.human()
            else:
                c.check(check, model, "2019-03", "affected").return_form(
                    stop_after=rng.choice(["email", "street", None])
                )
            store.add(c)
            if len(store.pending) >= 50_000:
                written += store.flush(connection)
        written += store.flush(connection)
    return written


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def http_times(url: str, keys: list[str]) -> dict[str, float]:
    """Full requests to the console app (aiohttp test server), signed in as a lead."""
    import re

    from aiohttp.test_utils import TestClient, TestServer

    from bot.core.settings import load_settings
    from bot.web.app import create_app

    settings = load_settings(
        {"APP_ENV": "development", "DATABASE_URL": url, "RASA_URL": "http://127.0.0.1:9"}
    )
    client = TestClient(TestServer(create_app(settings, run_background=False)))
    await client.start_server()
    try:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
        await client.post(
            "/login", data={"username": "bench", "password": "bench-password", "csrf_token": token}
        )

        async def timed(path: str) -> float:
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = await client.get(path)
                await response.read()
                assert response.status == 200, (path, response.status)
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)

        return {
            "GET /review": await timed("/review"),
            "GET /review?page=1000": await timed("/review?page=1000"),
            "GET /review?outcome=fire&channel=telegram": await timed("/review?outcome=fire&channel=telegram"),
            "GET /review?q=zolo": await timed("/review?q=zolo"),
            "GET /review/conversations/{key}": statistics.median(
                [await timed(f"/review/conversations/{key}") for key in keys]
            ),
            "GET /review/dashboard": await timed("/review/dashboard"),
        }
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="SQLite file (default: a new one in /tmp)")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="review-bench-")) / "tracker.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    init_db(engine)
    create_events_table(engine)
    print(f"tracker store: {path}")

    with Session(engine, future=True) as session:
        existing = session.execute(select(func.count()).select_from(EVENTS_TABLE)).scalar()
    if not existing:
        started = time.perf_counter()
        rows = fill(engine, args.conversations)
        print(
            f"filled {args.conversations:,} conversations, {rows:,} events in {time.perf_counter() - started:.1f} s"
        )
    else:
        print(f"reusing {existing:,} events")

    with Session(engine, future=True) as session:
        started = time.perf_counter()
        rebuilt = refresh_summaries(session=session, max_events=None)
        session.commit()
        print(
            f"refresh_summaries (first, whole store): {rebuilt:,} conversations in {time.perf_counter() - started:.1f} s"
        )
        print(
            f"refresh_summaries (nothing new): {median_ms(lambda: refresh_summaries(session=session)):.1f} ms"
        )
        if session.get(ConsoleUser, 1) is None:
            session.add(
                ConsoleUser(
                    username="bench",
                    role="lead",
                    password_hash=hash_password("bench-password"),
                )
            )
            session.commit()

        def listing(**query: str) -> Callable[[], object]:
            filters = ReviewFilters.from_query(query)
            return lambda: list_conversations(session=session, filters=filters)

        figures = {
            "list, page 1 (newest first)": listing(),
            "list, page 1000": listing(page="1000"),
            "list, longest first": listing(sort="longest"),
            "filter: fire reports": listing(outcome="fire"),
            "filter: telegram + affected": listing(channel="telegram", verdict="affected"),
            "filter: left mid-form": listing(outcome="left_mid_form"),
            "filter: model A1257 + ticket": listing(model="A1257", outcome="ticket"),
            "filter: date range (one week)": listing(
                **{
                    "from": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 30 * 86400)),
                    "to": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 23 * 86400)),
                }
            ),
            "search: 'zolo'": listing(q="zolo"),
            "search: 'magnetic' + fallback": listing(q="magnetic", outcome="fallback"),
            "search: no match": listing(q="xylophone"),
        }
        keys = list(
            session.execute(
                select(ReviewConversation.conversation_id).order_by(func.random()).limit(5)
            ).scalars()
        )
        longest = session.execute(
            select(ReviewConversation.conversation_id)
            .order_by(ReviewConversation.message_count.desc())
            .limit(1)
        ).scalar()
        print(f"\nquery functions, median of {RUNS} runs:")
        for name, work in figures.items():
            print(f"  {name:<36} {median_ms(work):8.1f} ms")
        transcript = statistics.median(
            median_ms(lambda cid=cid: load_conversation(session=session, conversation_id=cid)) for cid in keys
        )
        print(f"  {'transcript (5 random conversations)':<36} {transcript:8.1f} ms")
        print(
            f"  {'transcript (the longest)':<36} {median_ms(lambda: load_conversation(session=session, conversation_id=longest)):8.1f} ms"
        )
        print(
            f"  {'dashboard figures':<36} {median_ms(lambda: build_dashboard(session=session, filters=ReviewFilters()), runs=3):8.1f} ms"
        )
        key_of = {
            cid: k
            for cid, k in session.execute(
                select(ReviewConversation.conversation_id, ReviewConversation.key).where(
                    ReviewConversation.conversation_id.in_(keys)
                )
            )
        }

    web = asyncio.run(http_times(url, [key_of[k] for k in keys]))
    print(f"\nHTTP requests to the console app, median of {RUNS} runs:")
    for name, ms in web.items():
        print(f"  {name:<44} {ms:8.1f} ms")
    verdict = (
        "OK" if max(web["GET /review"], web["GET /review/conversations/{key}"]) < BUDGET_MS else "OVER BUDGET"
    )
    print(f"\nlist and transcript under {BUDGET_MS} ms: {verdict}")
    engine.dispose()


if __name__ == "__main__":
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    main()
