# ruff: noqa: F811  (pytest fixtures imported from test_review_builder)
"""Conversation summaries from `events`: what they say, and that they stay right as rows arrive."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.core.db import make_engine
from bot.review import summaries
from bot.review.models import ReviewCheckpoint, ReviewConversation, ReviewFallbackMessage, ReviewText
from bot.review.summaries import refresh_summaries, reset_summaries
from tests.fakes.rasa_events import EVENTS_TABLE, TrackerStore, row_for

NOW = time.time()


def summary(db: Session, conversation_id: str) -> ReviewConversation:
    db.expire_all()
    found = db.get(ReviewConversation, conversation_id)
    assert found is not None, f"no summary for {conversation_id}"
    return found


def refresh(db: Session, **options) -> int:
    rebuilt = refresh_summaries(session=db, **options)
    db.commit()
    return rebuilt


def test_a_recall_check_and_a_return(store, db):
    conversation = store.conversation("c-return", at=NOW - 3600).start().greet()
    conversation.check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
    conversation.return_form()
    store.add(conversation).flush()
    assert refresh(db) == 1
    s = summary(db, "c-return")
    assert s.channel == "socketio"
    assert (s.last_verdict, s.model_number) == ("affected", "A1263")
    assert s.ticket_opened and not s.handed_off and not s.fire_report
    assert s.user_messages == 10  # hi, the check, "I want a replacement", six answers, "yes"
    assert s.bot_messages == 10 and s.agent_messages == 0  # greeting, verdict, 6 questions, confirm, ticket
    assert s.message_count == s.user_messages + s.bot_messages
    assert s.open_form is None  # the form was completed
    assert s.min_confidence == pytest.approx(0.62) and s.low_confidence_count == 0
    assert s.preview == "is my A1263 from march 2018 recalled"  # not the greeting
    assert s.first_event_at < s.last_event_at and s.start_day == summaries.day_of(s.first_event_at)
    assert s.key == summaries.conversation_key("c-return") and len(s.key) == 20
    text = db.get(ReviewText, "c-return").text
    assert "a1263" in text and "march 2018" in text
    for secret in ("jane", "smith", "example.com", "high street", "leeds", "ls1 4ab"):
        assert secret not in text  # search text is masked too


def test_fire_human_and_fallback_escalations(store, db):
    store.add(
        store.conversation("c-fire").start().fire(),
        store.conversation("c-human").start().human(),
        store.conversation("c-fallback").start().fallback("blorp").fallback("flarp").fallback("zzz").pause(),
        store.conversation("c-agent")
        .start()
        .human()
        .agent_says("Hello, Alice here.")
        .agent_says("Anything else?"),
    ).flush()
    # Three misses in a row: the third runs action_handle_fallback, which hands over.
    refresh(db)
    fire = summary(db, "c-fire")
    assert fire.fire_report and fire.handed_off and fire.paused
    assert fire.handoff_reason == "fire"
    assert summary(db, "c-human").handoff_reason == "human_request"
    fallback = summary(db, "c-fallback")
    assert fallback.handoff_reason == "fallback"
    assert fallback.fallback_count == 3 and fallback.low_confidence_count == 3
    assert fallback.min_confidence == pytest.approx(0.45)
    texts = sorted(db.execute(select(ReviewFallbackMessage.text)).scalars())
    assert texts == ["blorp", "flarp", "zzz"]
    agent = summary(db, "c-agent")
    assert (agent.agent_messages, agent.bot_messages) == (2, 1)


def test_a_core_fallback_counts_as_a_fallback(store, db):
    conversation = store.conversation("c-core").start()
    conversation.user("what about my toaster", "check_recall", 0.4).action("action_default_fallback")
    conversation.bot("Sorry, I can't help with that.").action("action_listen")
    store.add(conversation).flush()
    refresh(db)
    s = summary(db, "c-core")
    assert s.fallback_count == 1
    assert list(db.execute(select(ReviewFallbackMessage.text)).scalars()) == ["what about my toaster"]


def test_left_mid_form_but_not_when_paused(store, db):
    store.add(
        store.conversation("c-left", at=NOW - 7200).start().return_form(stop_after="email"),
        store.conversation("c-handed", at=NOW - 7200).start().return_form(stop_after="email").human(),
    ).flush()
    refresh(db)
    assert summary(db, "c-left").open_form == "return_form"
    assert summary(db, "c-handed").open_form is None  # with a person, not abandoned


def test_refresh_is_idempotent_and_keeps_a_checkpoint(store, db, review_engine):
    store.add(*(store.conversation(f"c-{i}").start().greet() for i in range(5))).flush()
    assert refresh(db) == 5
    assert refresh(db) == 0  # nothing new: nothing rebuilt
    newest = db.execute(select(func.max(EVENTS_TABLE.c.id))).scalar()
    assert db.get(ReviewCheckpoint, "events").last_event_id == newest
    before = [tuple(r) for r in db.execute(select(ReviewConversation.__table__)).all()]
    # Rebuilding everything from scratch gives exactly the same rows.
    reset_summaries(session=db)
    db.commit()
    assert refresh(db) == 5
    after = [tuple(r) for r in db.execute(select(ReviewConversation.__table__)).all()]
    assert sorted(before) == sorted(after)

    # The checkpoint is in the database: a new process (engine) starts from it.
    with Session(
        make_engine(str(review_engine.url.render_as_string(hide_password=False))), future=True
    ) as other:
        assert refresh_summaries(session=other) == 0
        other.get_bind().dispose()


def test_summaries_follow_new_events(store, db):
    conversation = store.conversation("c-grows", at=NOW - 4000).start().greet()
    store.add(conversation).flush()
    refresh(db)
    assert summary(db, "c-grows").last_verdict is None
    first_last = summary(db, "c-grows").last_event_at

    conversation.check("A1257 made in may 2023", "A1257", "2023-05", "affected")
    store.add(conversation, store.conversation("c-new").start().fallback("hm")).flush()
    assert refresh(db) == 2
    grown = summary(db, "c-grows")
    assert (grown.last_verdict, grown.model_number) == ("affected", "A1257")
    assert grown.last_event_at > first_last and grown.user_messages == 2

    conversation.return_form(stop_after="customer_name")
    store.add(conversation).flush()
    refresh(db)
    assert summary(db, "c-grows").open_form == "return_form"
    conversation.user("cancel", "cancel", 0.99).form(None).bot("Okay, cancelled.")
    store.add(conversation).flush()
    refresh(db)
    assert summary(db, "c-grows").open_form is None
    assert db.execute(select(func.count()).select_from(ReviewConversation)).scalar() == 2


def test_a_backlog_is_worked_off_in_bounded_steps(store, db):
    store.add(*(store.conversation(f"c-{i:02d}").start().greet() for i in range(12))).flush()
    total_rows = db.execute(select(func.count()).select_from(EVENTS_TABLE)).scalar()
    calls = 0
    while refresh(db, max_events=10):
        calls += 1
        assert calls < 100
    assert calls == -(-total_rows // 10)
    assert db.execute(select(func.count()).select_from(ReviewConversation)).scalar() == 12
    assert all(summary(db, f"c-{i:02d}").user_messages == 1 for i in range(12))


def test_rows_committed_late_behind_the_checkpoint(store, db, monkeypatch):
    """PostgreSQL can commit id 7 after id 8: the overlap reads it on the next refresh."""
    monkeypatch.setitem(summaries.OVERLAP_ROWS, db.get_bind().dialect.name, 50)
    early = store.conversation("c-early").start().greet()
    late = store.conversation("c-late").start().human()
    late_rows = [row_for("c-late", e) for e in late.events]
    early_rows = [row_for("c-early", e) for e in early.events]
    with db.get_bind().begin() as connection:
        connection.execute(insert(EVENTS_TABLE), [{"id": 100 + i, **r} for i, r in enumerate(early_rows)])
    refresh(db)
    assert db.get(ReviewConversation, "c-late") is None
    with db.get_bind().begin() as connection:
        # The late transaction's ids are below the checkpoint; a newer row arrives after it.
        connection.execute(insert(EVENTS_TABLE), [{"id": 60 + i, **r} for i, r in enumerate(late_rows)])
        connection.execute(
            insert(EVENTS_TABLE),
            [
                {
                    "id": 200,
                    **row_for("c-early", {"event": "action", "name": "action_listen", "timestamp": NOW}),
                }
            ],
        )
    refresh(db)
    assert summary(db, "c-late").handoff_reason == "human_request"


def test_without_an_events_table_there_is_nothing_to_do(database_url):
    from bot.core.db import init_db

    engine = make_engine(database_url)
    init_db(engine)
    with Session(engine, future=True) as session:
        assert refresh_summaries(session=session) == 0
    engine.dispose()


def test_store_builder_row_shape(store):
    conversation = store.conversation("c").user("hello", "greet", 0.9)
    (row,) = (row_for("c", e) for e in conversation.events)
    assert (row["type_name"], row["intent_name"], row["action_name"]) == ("user", "greet", None)
    assert isinstance(TrackerStore, type)
