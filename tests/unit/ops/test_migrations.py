"""bot.ops.migrations: stored messaging conversations move to `<channel>:<id>`."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.core.db import make_engine
from bot.core.models import Handoff, Ticket, TranscriptView
from bot.ops import migrations as conversation_migration
from bot.ops.migrations import namespace_conversation_ids
from bot.ops.schema import create_tables
from bot.rasa_ext.tracker_store import RecallTrackerStore
from bot.review.models import ReviewConversation, ReviewFlag, ReviewMark, ReviewTag, ReviewText
from bot.review.summaries import conversation_key

DOMAIN = Domain.from_yaml('version: "3.1"\nintents: [greet]')
WEB = str(uuid.uuid4())

# sender id, the channel of its messages -> the id it must have afterwards
CONVERSATIONS = {
    ("123", "telegram"): "telegram:123",
    ("+447700900123", "twilio"): "twilio:+447700900123",
    ("whatsapp:+447700900124", "twilio"): "twilio:whatsapp:+447700900124",
    ("2500000000000001", "facebook"): "facebook:2500000000000001",
    ("U0CUSTOMER", "slack"): "slack:U0CUSTOMER",
    ("telegram:777", "telegram"): "telegram:777",  # already moved
    (WEB, "socketio"): WEB,
    ("alice", "rest"): "alice",  # an old REST conversation: not ours to guess
}


async def _store_conversations(database_url: str) -> None:
    store = RecallTrackerStore(domain=DOMAIN, host=database_url)
    for sender, channel in CONVERSATIONS:
        tracker = DialogueStateTracker(sender, DOMAIN.slots)
        for event in (
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered("hello", {"name": "greet", "confidence": 0.9}, input_channel=channel),
            BotUttered("Hi!"),
        ):
            tracker.update(event)
        await store.save(tracker)
    store.engine.dispose()


def _add_our_rows(engine: Engine, *, clash: bool = True) -> None:
    now = dt.datetime(2025, 1, 1)
    tickets = [("123", "telegram"), ("U0CUSTOMER", "slack"), (WEB, "socketio")]
    if clash:  # a ticket for the same unit under the new id already
        tickets.append(("slack:U0CUSTOMER", "slack"))
    with Session(engine) as session:
        for conversation_id, channel in tickets:
            session.add(
                Ticket(
                    conversation_id=conversation_id,
                    channel=channel,
                    model_number="A1263",
                    verdict="affected",
                    remedy="refund",
                    customer_name="Dana",
                    email="dana@example.com",
                )
            )
        # a handoff whose conversation's events are gone: its own channel column tells
        session.add(
            Handoff(
                conversation_id="+447700900199",
                reason="fire",
                priority="urgent",
                status="closed",
                channel="twilio",
            )
        )
        session.add(
            Handoff(
                conversation_id="123", reason="fire", priority="urgent", status="waiting", channel="telegram"
            )
        )
        session.add(
            Handoff(
                conversation_id=WEB,
                reason="fallback",
                priority="normal",
                status="waiting",
                channel="socketio",
            )
        )
        session.add(
            TranscriptView(handoff_id=1, conversation_id="+447700900199", username="sam", role="agent")
        )
        session.add(
            ReviewConversation(
                conversation_id="123",
                key="k123",
                first_event_at=1.0,
                last_event_at=2.0,
                start_day="2025-01-01",
                last_event_id=5,
                channel="telegram",
            )
        )
        session.add(ReviewText(conversation_id="123", text="hello"))
        session.add(ReviewMark(conversation_id="123", reviewed=True, notes="ok", updated_at=now))
        session.add(ReviewTag(conversation_id="123", tag="fire"))
        session.add(
            ReviewFlag(
                event_id=4,
                conversation_id="2500000000000001",
                original_text="hello",
                text="hello",
                intent="greet",
                flagged_by="lee",
            )
        )
        session.commit()


def _snapshot(engine: Engine) -> dict[str, list[tuple]]:
    tables = [
        "events",
        "return_tickets",
        "handoffs",
        "transcript_views",
        "review_conversations",
        "review_texts",
        "review_marks",
        "review_tags",
        "review_flags",
        "review_fallback_messages",
        "review_reveals",
    ]
    with engine.connect() as connection:
        return {
            t: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {t}")).all()), key=repr)
            for t in tables
        }


@pytest.fixture
def engine(database_url: str) -> Engine:
    engine = make_engine(database_url)
    create_tables(engine)  # runs the migration once on nothing
    yield engine
    engine.dispose()


async def test_messaging_conversations_are_namespaced_everywhere(database_url: str, engine: Engine) -> None:
    await _store_conversations(database_url)
    _add_our_rows(engine)

    renames = namespace_conversation_ids(engine)

    expected = {old: new for (old, _), new in CONVERSATIONS.items() if old != new}
    assert renames == {**expected, "+447700900199": "twilio:+447700900199"}
    with engine.connect() as connection:
        senders = set(connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars())
    assert senders == set(CONVERSATIONS.values())
    with Session(engine) as session:
        assert sorted(session.execute(select(Ticket.conversation_id)).scalars()) == sorted(
            # the Slack customer had a ticket for the same unit under both ids: the old one stays
            ["telegram:123", "U0CUSTOMER", "slack:U0CUSTOMER", WEB]
        )
        assert sorted(session.execute(select(Handoff.conversation_id)).scalars()) == sorted(
            ["twilio:+447700900199", "telegram:123", WEB]
        )
        assert session.execute(select(TranscriptView.conversation_id)).scalar_one() == "twilio:+447700900199"
        for model in (ReviewConversation, ReviewText, ReviewMark, ReviewTag):
            assert session.execute(select(model.conversation_id)).scalar_one() == "telegram:123"
        assert session.execute(select(ReviewFlag.conversation_id)).scalar_one() == "facebook:2500000000000001"
        # the review's links (a hash of the id) lead to it
        assert session.execute(select(ReviewConversation.key)).scalar_one() == conversation_key(
            "telegram:123"
        )

    # the conversation reads back whole under its new id
    store = RecallTrackerStore(domain=DOMAIN, host=database_url)
    tracker = await store.retrieve("twilio:whatsapp:+447700900124")
    assert tracker is not None and tracker.latest_message.text == "hello"
    assert await store.retrieve("whatsapp:+447700900124") is None
    store.engine.dispose()


async def test_running_it_again_changes_nothing(database_url: str, engine: Engine) -> None:
    await _store_conversations(database_url)
    _add_our_rows(engine, clash=False)
    create_tables(engine)  # create_tables runs it
    once = _snapshot(engine)
    assert {row[1] for row in once["events"]} == set(CONVERSATIONS.values())
    assert namespace_conversation_ids(engine) == {}
    create_tables(engine)
    assert _snapshot(engine) == once


async def test_a_row_that_clashes_stays_and_later_runs_leave_it(database_url: str, engine: Engine) -> None:
    await _store_conversations(database_url)
    _add_our_rows(engine)
    namespace_conversation_ids(engine)
    once = _snapshot(engine)
    with Session(engine) as session:
        assert "U0CUSTOMER" in session.execute(select(Ticket.conversation_id)).scalars().all()
    # it is found again (and logged again) but nothing changes
    assert namespace_conversation_ids(engine) == {"U0CUSTOMER": "slack:U0CUSTOMER"}
    assert _snapshot(engine) == once


async def test_it_is_one_transaction(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _store_conversations(database_url)
    _add_our_rows(engine)
    before = _snapshot(engine)
    rename = conversation_migration._rename_in

    def fail_on_handoffs(connection, table, renames):  # type: ignore[no-untyped-def]
        if table == "handoffs":
            raise RuntimeError("disk full")
        rename(connection, table, renames)

    monkeypatch.setattr(conversation_migration, "_rename_in", fail_on_handoffs)
    with pytest.raises(RuntimeError):
        namespace_conversation_ids(engine)
    assert _snapshot(engine) == before


def test_without_rasas_events_table_our_tables_still_move(engine: Engine) -> None:
    assert not inspect(engine).has_table("events")
    _add_our_rows(engine)
    renames = namespace_conversation_ids(engine)
    assert renames["123"] == "telegram:123" and renames["+447700900199"] == "twilio:+447700900199"
    assert WEB not in renames
    assert not inspect(engine).has_table("events")
