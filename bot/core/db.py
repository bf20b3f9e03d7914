"""Lazy engine and sessions for our tables (SQLAlchemy 1.4, 2.0 style)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.core.settings import get_settings

logger = logging.getLogger(__name__)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine (extra keyword arguments go to create_engine).

    SQLite, shared by Rasa, the actions and the console: WAL (readers never wait for the
    writer), a busy timeout, `synchronous=NORMAL` (the WAL setting: a commit survives a
    crash of any process; only a power cut can lose the last ones, never corrupting the
    file) and pooled connections (SQLAlchemy 1.4 opens one per session on a file
    otherwise). PostgreSQL: connections checked before use, so a restart of the server
    costs no request.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        in_memory = not path or path == ":memory:"
        if not in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("poolclass", QueuePool)
        engine = create_engine(
            url,
            future=True,
            hide_parameters=True,  # customers' names and emails stay out of error logs
            connect_args={"timeout": 30, "check_same_thread": False},
            **kwargs,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True, **kwargs)


@functools.lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (the configured database by default), created on first use."""
    return make_engine(url or get_settings().database_url)


@functools.lru_cache(maxsize=4)
def _session_factory(url: str | None = None) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session: Session = _session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _add_missing_columns(engine: Engine, metadata: Any) -> None:
    """Add nullable columns that are newer than their table (`create_all` skips existing tables)."""
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present or not column.nullable:
                continue
            kind = column.type.compile(dialect=engine.dialect)
            with engine.begin() as connection:
                connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
            logger.info("Added column %s.%s", table.name, column.name)


def init_db(engine: Engine | None = None) -> None:
    """Create the tables registered so far, and the indexes added since, if missing.

    The tables are those of every model module imported before the call (bot.core.models,
    and bot.review.models when the review package is in use): bot.ops.schema.create_tables
    imports them all and runs the migrations.
    """
    from bot.core.models import Base

    engine = engine or get_engine()
    Base.metadata.create_all(engine)
    _add_missing_columns(engine, Base.metadata)
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:  # create_all skips the indexes of tables that exist
            try:
                index.create(engine, checkfirst=True)
            except IntegrityError as error:  # rows from before a unique index break it
                logger.warning("Could not add index %s to %s (fix the rows it names): %s", index.name, table.name, error.orig)
