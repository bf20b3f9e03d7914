"""Fixtures shared by every test: databases (SQLite and PostgreSQL) and the real stack."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import init_db, make_engine
from bot.recall.catalogue import import_catalogue
from tests.fakes.rasa_events import TrackerStore, create_events_table
from tests.stack import (
    ROOM_ABOVE_PAGING_CAPS,
    ROOM_FOR_SCRIPTED_CUSTOMERS,
    Mailbox,
    Recorder,
    RunningStack,
    free_port,
    recording_webhook,
    running_stack,
    seed_database,
)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")

# The tests run as development (as `make run` does); settings default to production.
os.environ.setdefault("APP_ENV", "development")


def _postgres_database(base_url: str) -> str:
    """A fresh database on the PostgreSQL server, for one test."""
    admin = make_engine(base_url)
    name = f"recall_test_{uuid.uuid4().hex[:10]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres_database(base_url: str, url: str) -> None:
    admin = make_engine(base_url)
    name = url.rsplit("/", 1)[1]
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


DATABASE_KINDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = _postgres_database(POSTGRES_URL)
    try:
        yield url
    finally:
        _drop_postgres_database(POSTGRES_URL, url)


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on a fresh database with our tables and the sample catalogue."""
    engine = make_engine(database_url)
    init_db(engine)
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    with factory() as db_session:
        import_catalogue(db_session)
        db_session.commit()
        yield db_session
    engine.dispose()


@pytest.fixture(scope="session")
def alert_receiver() -> Iterator[Recorder]:
    with recording_webhook() as recorder:
        yield recorder


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    """A real local SMTP server (aiosmtpd) that keeps every message it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Keep(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield Mailbox(url=f"smtp://127.0.0.1:{port}", messages=received)
    controller.stop()


@pytest.fixture(scope="session")
def stack(alert_receiver: Recorder, smtp_server: Mailbox) -> Iterator[RunningStack]:
    """Trains if needed, then starts all three processes with a temporary database."""
    from bot.ops.model_build import ensure_model

    model, _ = ensure_model()
    with running_stack(
        model,
        label="e2e",
        settings_env={"RASA_API_TOKEN": "e2e-rasa-token", "CONSOLE_API_TOKEN": "e2e-console-token", "SECRET_KEY": "e2e-secret"},
        env={**ROOM_FOR_SCRIPTED_CUSTOMERS, **ROOM_ABOVE_PAGING_CAPS},
        alerts=alert_receiver,
        mailbox=smtp_server,
        channels=True,
        timeout=240,
    ) as running:
        yield running


@pytest.fixture
def app_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Points the application's settings (and so the actions) at a fresh database."""
    from bot.core import db
    from bot.core.settings import get_settings

    def clear() -> None:
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        db._session_factory.cache_clear()

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    clear()
    seed_database(database_url)
    yield database_url
    db.get_engine(database_url).dispose()
    clear()


# --- a database with Rasa's `events` table, filled by tests/fakes/rasa_events.py ------------


@pytest.fixture
def review_engine(database_url: str):
    """A fresh database (SQLite, and PostgreSQL when configured) with our tables and `events`."""
    engine = make_engine(database_url)
    init_db(engine)
    create_events_table(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(review_engine: Engine) -> TrackerStore:
    return TrackerStore(review_engine)


@pytest.fixture
def db(review_engine: Engine):
    with Session(review_engine, future=True) as session:
        yield session


# --- the real Redis (TEST_REDIS_URL, default local db 15) ---------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_key_prefix(label: str) -> Iterator[str]:
    """A key prefix of a test's own (for a fixture to yield from); its keys are deleted after."""
    import redis

    prefix = f"test-{label}-{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(prefix + "*"))
    if keys:
        client.delete(*keys)
