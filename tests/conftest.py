"""Fixtures shared by every test: databases (SQLite and PostgreSQL) and the real stack."""

from __future__ import annotations

import http.server
import json
import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import init_db, make_engine
from bot.recall.catalogue import import_catalogue
from tests.fakes.rasa_events import TrackerStore, create_events_table

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")

# The tests run as development (as `make run` does); settings default to production.
os.environ.setdefault("APP_ENV", "development")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@dataclass
class Recorder:
    """A local HTTP server that records the JSON bodies POSTed to it (alert webhooks)."""

    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    event: threading.Event = field(default_factory=threading.Event)


@pytest.fixture(scope="session")
def alert_receiver() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                recorder.bodies.append(json.loads(body))
            except ValueError:
                recorder.bodies.append({"raw": body.decode(errors="replace")})
            recorder.event.set()
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield recorder
    server.shutdown()
    server.server_close()


@dataclass
class Mailbox:
    url: str
    messages: list[Any]


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


CHANNEL_SECRETS = {
    "TELEGRAM_ACCESS_TOKEN": "123456:test-telegram-token",
    "TELEGRAM_VERIFY": "recall_test_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "test-telegram-secret",
    "SLACK_TOKEN": "xoxb-test-slack-token",
    "SLACK_SIGNING_SECRET": "test-slack-signing-secret",
    "FACEBOOK_VERIFY": "test-facebook-verify",
    "FACEBOOK_SECRET": "test-facebook-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-facebook-page-token",
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_NUMBER": "+15550001111",
    "TWILIO_WEBHOOK_URL": "https://bot.example.com/webhooks/twilio/webhook",
}


@dataclass
class RunningStack:
    """The real action server, Rasa server and console, on free ports."""

    rasa_url: str
    console_url: str
    action_url: str
    database_url: str
    rasa_token: str
    console_token: str
    env: dict[str, str]
    var_dir: Path
    stack: Any
    fake_provider: Any = None
    channel_secrets: dict[str, str] = field(default_factory=dict)
    alerts: Recorder | None = None
    mailbox: Mailbox | None = None

    def stop_service(self, name: str) -> None:
        self.stack.services[name].stop()

    def start_service(self, name: str) -> None:
        self.stack.start((name,))


@pytest.fixture(scope="session")
def stack(alert_receiver: Recorder, smtp_server: Mailbox) -> Iterator[RunningStack]:
    """Trains if needed, then starts all three processes with a temporary database."""
    from bot.core.db import session_scope
    from bot.core.settings import load_settings
    from bot.ops.launcher import build_stack
    from bot.ops.model_build import ensure_model

    model, _ = ensure_model()
    var_dir = Path(tempfile.mkdtemp(prefix="recall-e2e-"))
    provider = None
    try:
        from tests.fakes.provider import FakeProvider

        provider = FakeProvider()
        provider_url = provider.start()
    except ImportError:
        provider_url = ""
    rasa_port, action_port, console_port = free_port(), free_port(), free_port()
    environ = {
        "APP_ENV": "development",
        "RECALL_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'recall.db'}",
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "CONSOLE_PORT": str(console_port),
        "RASA_API_TOKEN": "e2e-rasa-token",
        "CONSOLE_API_TOKEN": "e2e-console-token",
        "SECRET_KEY": "e2e-secret",
        "ALERT_WEBHOOK_URL": alert_receiver.url,
        "SMTP_URL": smtp_server.url,
    }
    extra = {
        "ALERT_WEBHOOK_URL": alert_receiver.url,
        "SMTP_URL": smtp_server.url,
        "RECALL_VAR_DIR": str(var_dir),
        # Every test customer comes from 127.0.0.1, and scripted customers answer a form
        # far faster than people: the default rates (tests/unit/channels/test_limits.py) would make
        # the tests depend on each other. The limiter stays on, with room.
        "IP_RATE_PER_MINUTE": "0",
        "SENDER_BURST": "60",
        # Likewise every fire report of the session comes from one origin: the paging caps
        # (tests/unit/escalation/test_escalate.py) stay on with room for the tests' own reports.
        "URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR": "1000",
        "URGENT_HANDOFFS_PER_MINUTE": "1000",
        "ALERTS_PER_MINUTE": "1000",
    }
    if provider_url:
        extra.update(CHANNEL_SECRETS)
        extra["CHANNEL_API_BASE_URL"] = provider_url
    settings = load_settings(environ)
    engine = make_engine(settings.database_url)
    init_db(engine)
    with session_scope(settings.database_url) as db_session:
        import_catalogue(db_session)
    running = build_stack(settings, var_dir=var_dir, model_path=model, extra_env=extra)
    try:
        running.start(timeout=240)
    except Exception:
        running.stop()
        for service in running.services.values():
            log = service.log_path.read_text(errors="replace")[-3000:] if service.log_path.exists() else ""
            print(f"--- {service.name} log ---\n{log}")
        raise
    yield RunningStack(
        rasa_url=settings.rasa_url,
        console_url=settings.console_url,
        action_url=f"http://localhost:{action_port}",
        database_url=settings.database_url,
        rasa_token=settings.rasa_api_token,
        console_token=settings.console_api_token,
        env=running.services["rasa"].env,
        var_dir=var_dir,
        stack=running,
        fake_provider=provider,
        channel_secrets=dict(CHANNEL_SECRETS) if provider_url else {},
        alerts=alert_receiver,
        mailbox=smtp_server,
    )
    running.stop()
    if provider is not None:
        provider.stop()


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
    init_db()
    with db.session_scope() as db_session:
        import_catalogue(db_session)
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
