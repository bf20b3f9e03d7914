"""The one way tests, benchmarks and the fuzzer start the assistant's processes.

`running_stack()` (or `start_stack()` where the caller stops it later) starts the action
server, the Rasa server and the console (bot.ops.launcher.build_stack) on free ports, in
a temporary folder with its own SQLite database seeded by `seed_database()`. What the
callers differ in is an argument: the environment the processes get (rate limits,
paging caps), the settings' tokens, the alert webhook, the SMTP server, and whether the
messaging channels run against the local fake of their providers (tests/fakes/provider.py).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.core.db import make_engine
from bot.ops.schema import create_tables
from bot.recall.catalogue import import_catalogue


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_database(database_url: str) -> None:
    """Our tables and the sample recall catalogue, in the database at `database_url`."""
    engine = make_engine(database_url)
    try:
        create_tables(engine)
        with Session(engine, future=True) as session:
            import_catalogue(session)
            session.commit()
    finally:
        engine.dispose()


# -- environments the callers choose from --------------------------------------------------

#: Every test customer comes from 127.0.0.1, and scripted customers answer a form far faster
#: than people: the default rates (tests/unit/channels/test_limits.py) would make the tests
#: depend on each other. The limiter stays on, with room.
ROOM_FOR_SCRIPTED_CUSTOMERS = {"IP_RATE_PER_MINUTE": "0", "SENDER_BURST": "60"}

#: Likewise every fire report of a test session comes from one origin: the paging caps
#: (tests/unit/escalation/test_escalate.py) stay on with room for the tests' own reports.
ROOM_ABOVE_PAGING_CAPS = {
    "URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR": "1000",
    "URGENT_HANDOFFS_PER_MINUTE": "1000",
    "ALERTS_PER_MINUTE": "1000",
}

#: The messaging channels' secrets, as the fake provider (tests/fakes/provider.py) checks them.
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


# -- what the processes talk to ----------------------------------------------------------


@dataclass
class Recorder:
    """A local HTTP server that records the JSON bodies POSTed to it (alert webhooks)."""

    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    event: threading.Event = field(default_factory=threading.Event)


@contextlib.contextmanager
def recording_webhook() -> Iterator[Recorder]:
    """A `Recorder` listening on a free port until the block ends."""
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
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    """A local SMTP server's URL and the messages it received."""

    url: str
    messages: list[Any]


def _fake_channel_provider() -> tuple[Any, dict[str, str]]:
    """The local fake of the messaging providers, started, and the channels' variables for it.

    (None, {}) where tests/fakes/provider.py is not there: the stack runs without those channels.
    """
    try:
        from tests.fakes.provider import FakeProvider
    except ImportError:
        return None, {}
    provider = FakeProvider()
    return provider, {**CHANNEL_SECRETS, "CHANNEL_API_BASE_URL": provider.start()}


# -- the stack ---------------------------------------------------------------------------


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
    stack: Any  # bot.ops.launcher.Stack
    fake_provider: Any = None
    channel_secrets: dict[str, str] = field(default_factory=dict)
    alerts: Recorder | None = None
    mailbox: Mailbox | None = None
    start_seconds: float = 0.0  # until all three processes answered

    @property
    def settings(self) -> Any:
        return self.stack.settings

    @property
    def pids(self) -> dict[str, int]:
        return {name: service.process.pid for name, service in self.stack.services.items()}

    def stop_service(self, name: str) -> None:
        self.stack.services[name].stop()

    def start_service(self, name: str) -> None:
        self.stack.start((name,))

    def stop(self) -> None:
        """Stop the three processes and the fake provider."""
        self.stack.stop()
        if self.fake_provider is not None:
            self.fake_provider.stop()


def start_stack(
    model_path: Path,
    *,
    label: str = "stack",
    env: Mapping[str, str] | None = None,
    settings_env: Mapping[str, str] | None = None,
    alerts: Recorder | None = None,
    mailbox: Mailbox | None = None,
    channels: bool = False,
    timeout: float = 300,
) -> RunningStack:
    """Start the three processes on `model_path`, in a fresh folder `recall-<label>-*`; the caller stops them.

    Args:
        env: Variables for the processes on top of the settings (limits, caps, ...).
        settings_env: Variables the settings are read from besides the ports, folder and
            database (the API tokens, SECRET_KEY); development defaults otherwise.
        alerts: The alert webhook (ALERT_WEBHOOK_URL); none unless given.
        mailbox: The SMTP server (SMTP_URL); none unless given.
        channels: Run the messaging channels against the local fake of their providers.
        timeout: Seconds the processes may take to answer.
    """
    from bot.core.settings import load_settings
    from bot.ops.launcher import build_stack

    var_dir = Path(tempfile.mkdtemp(prefix=f"recall-{label}-"))
    endpoints = {}
    if alerts is not None:
        endpoints["ALERT_WEBHOOK_URL"] = alerts.url
    if mailbox is not None:
        endpoints["SMTP_URL"] = mailbox.url
    environ = {
        "APP_ENV": "development",  # development defaults; outside it every secret must be real
        "RECALL_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'recall.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        **(settings_env or {}),
        **endpoints,
    }
    extra = {"RECALL_VAR_DIR": str(var_dir), **endpoints, **(env or {})}
    provider, channel_env = _fake_channel_provider() if channels else (None, {})
    extra.update(channel_env)
    settings = load_settings(environ)
    seed_database(settings.database_url)
    stack = build_stack(settings, var_dir=var_dir, model_path=model_path, extra_env=extra)
    started = time.monotonic()
    try:
        stack.start(timeout=timeout)
    except Exception:
        stack.stop()
        if provider is not None:
            provider.stop()
        for service in stack.services.values():
            log = service.log_path.read_text(errors="replace")[-3000:] if service.log_path.exists() else ""
            print(f"--- {service.name} log ---\n{log}")
        raise
    return RunningStack(
        rasa_url=settings.rasa_url,
        console_url=settings.console_url,
        action_url=f"http://localhost:{settings.action_port}",
        database_url=settings.database_url,
        rasa_token=settings.rasa_api_token,
        console_token=settings.console_api_token,
        env=stack.services["rasa"].env,
        var_dir=var_dir,
        stack=stack,
        fake_provider=provider,
        channel_secrets=dict(CHANNEL_SECRETS) if provider is not None else {},
        alerts=alerts,
        mailbox=mailbox,
        start_seconds=time.monotonic() - started,
    )


@contextlib.contextmanager
def running_stack(model_path: Path, **options: Any) -> Iterator[RunningStack]:
    """`start_stack(model_path, **options)`, stopped when the block ends."""
    running = start_stack(model_path, **options)
    try:
        yield running
    finally:
        running.stop()
