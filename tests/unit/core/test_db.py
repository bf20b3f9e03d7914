"""bot.core.db.init_db on a database from before an index was added: the index is added, data kept."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import inspect, text

from bot.core.db import init_db, make_engine

INDEX = "uq_handoffs_open_conversation"
INSERT = (
    "INSERT INTO handoffs (conversation_id, reason, priority, status, channel, injury_mentioned,"
    " damage_mentioned, alert_status, created_at) VALUES (:c, 'fire', 'urgent', :s, 'rest', false, false,"
    " 'sent', CURRENT_TIMESTAMP)"
)


def _older_database(database_url: str, handoffs: list[tuple[str, str]]):
    engine = make_engine(database_url)
    init_db(engine)
    with engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {INDEX}"))
        for conversation, status in handoffs:
            conn.execute(text(INSERT), {"c": conversation, "s": status})
    assert INDEX not in {i["name"] for i in inspect(engine).get_indexes("handoffs")}
    return engine


def test_a_missing_index_is_added_and_the_rows_kept(database_url: str) -> None:
    engine = _older_database(database_url, [("c1", "waiting"), ("c1", "closed"), ("c2", "active")])
    init_db(engine)
    assert INDEX in {i["name"] for i in inspect(engine).get_indexes("handoffs")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM handoffs")).scalar() == 3
    init_db(engine)  # and again: nothing to do
    engine.dispose()


def test_rows_that_break_a_new_unique_index_are_reported_not_fatal(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = _older_database(database_url, [("c1", "waiting"), ("c1", "active")])
    with caplog.at_level(logging.WARNING, logger="bot.core.db"):
        init_db(engine)  # the service still starts
    assert f"Could not add index {INDEX} to handoffs" in caplog.text
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM handoffs")).scalar() == 2
    engine.dispose()


def test_columns_newer_than_their_table_are_added(database_url: str) -> None:
    """A database from before `needs_check`/`address_as_written` gets them, rows kept."""
    engine = make_engine(database_url)
    init_db(engine)
    with engine.begin() as conn:
        for column in ("needs_check", "address_as_written"):
            conn.execute(text(f"ALTER TABLE return_tickets DROP COLUMN {column}"))
    assert "needs_check" not in {c["name"] for c in inspect(engine).get_columns("return_tickets")}
    init_db(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("return_tickets")}
    assert {"needs_check", "address_as_written"} <= columns
    init_db(engine)  # and again: nothing to do
    engine.dispose()
