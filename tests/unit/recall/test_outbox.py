"""The confirmation email leaves after the ticket commits, from the outbox, once.

The first three tests are attacks on the old immediate send (an email sent inside the
ticket's transaction): a commit that fails after the email step, an SMTP server that is
down, two workers at once. The rest pin the outbox's rules: backoff, giving up, no
personal data kept, the CLI's retry.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import smtplib
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from actions.returns import ActionOpenTicket
from bot.core.db import init_db, make_engine, session_scope
from bot.core.models import Ticket, utcnow
from bot.core.settings import get_settings, load_settings
from bot.recall.tickets import Remedy, ReturnRequest, open_ticket
from tests.conftest import Mailbox, free_port
from tests.unit.actions.conftest import load_domain, make_tracker


@pytest.fixture
def domain() -> dict[str, Any]:
    return load_domain()


@pytest.fixture
def dispatcher() -> Any:
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher()


def unique_email() -> str:
    return f"c-{uuid.uuid4().hex[:10]}@example.com"


def mails_to(mailbox: Mailbox, address: str) -> list[Any]:
    return [m for m in mailbox.messages if m["To"] == address]


def refund_slots(email: str) -> dict[str, Any]:
    return {
        "model_number": "A1257", "manufacture_date": "2023-08", "recall_status": "affected",
        "remedy": "refund", "customer_name": "Jane Smith", "email": email, "details_confirmed": True,
    }


def use_smtp(monkeypatch: pytest.MonkeyPatch, url: str, **extra: str) -> None:
    """Points the actions' settings at this SMTP server (and any extra variables)."""
    monkeypatch.setenv("SMTP_URL", url)
    for name, value in extra.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def worker_settings(smtp_url: str | None, **extra: str) -> Any:
    return load_settings(dict(os.environ) | {"SMTP_URL": smtp_url or ""} | extra)


@pytest.fixture
def mail_server() -> Iterator[tuple[int, Any]]:
    """Starts real local SMTP servers on demand: `start(port)` returns its Mailbox."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    controllers: list[Any] = []

    def start(port: int, *, delay: float = 0.0, refuse: bool = False) -> Mailbox:
        received: list[Any] = []

        class Keep(Message):
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
                if refuse:
                    return "550 5.1.1 no such mailbox here"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                await asyncio.sleep(delay)  # a slow server keeps several workers in flight
                return await super().handle_DATA(server, session, envelope)

            def handle_message(self, message: Any) -> None:
                received.append(message)

        controller = Controller(Keep(), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return Mailbox(url=f"smtp://127.0.0.1:{port}", messages=received)

    yield start  # type: ignore[misc]
    for controller in controllers:
        controller.stop()


def outbox_rows(database_url: str) -> list[Any]:
    from bot.core.models import EmailOutbox

    with session_scope(database_url) as session:
        return list(session.execute(select(EmailOutbox).order_by(EmailOutbox.id)).scalars())


# --- attacks ---------------------------------------------------------------------------


async def test_no_email_when_the_ticket_commit_fails(app_database, smtp_server, monkeypatch, dispatcher, domain):
    """The database refuses the commit after the ticket step: the customer gets no email
    for a ticket that does not exist, now or from the worker later."""
    use_smtp(monkeypatch, smtp_server.url)
    email = unique_email()

    def refuse_commit(connection: Any) -> None:  # the database's COMMIT, not a savepoint's
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(Engine, "commit", refuse_commit)
    try:
        events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=refund_slots(email)), domain)
    finally:
        event.remove(Engine, "commit", refuse_commit)
    assert events == [] and "couldn't open the return" in dispatcher.messages[-1]["text"]
    assert mails_to(smtp_server, email) == []
    with session_scope() as session:
        assert session.execute(select(Ticket)).scalars().all() == []

    from bot.web.background import send_confirmation_emails

    send_confirmation_emails(worker_settings(smtp_server.url))
    assert mails_to(smtp_server, email) == [] and outbox_rows(app_database) == []


async def test_smtp_down_the_ticket_commits_and_the_email_follows(app_database, mail_server, monkeypatch, dispatcher, domain):
    """The SMTP server is down when the ticket opens: the ticket commits, the email waits in
    the outbox (no address in its error), and the console's worker sends it, once, when the
    server is back."""
    port = free_port()  # nothing listens there yet
    use_smtp(monkeypatch, f"smtp://127.0.0.1:{port}", EMAIL_RETRY_SECONDS="0")
    email = unique_email()
    events = await ActionOpenTicket().run(dispatcher, make_tracker(slots=refund_slots(email)), domain)
    public_id = next(e["value"] for e in events if e.get("name") == "ticket_id")
    assert public_id.startswith("RT-") and public_id in dispatcher.messages[-1]["text"]
    with session_scope() as session:
        ticket = session.execute(select(Ticket).where(Ticket.public_id == public_id)).scalar_one()
        assert ticket.email == email
    [row] = outbox_rows(app_database)
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)  # the action's one try
    assert row.last_error and "@" not in row.last_error and email not in row.last_error

    from bot.web.background import send_confirmation_emails

    mailbox = mail_server(port)  # the server is back
    settings = worker_settings(mailbox.url, EMAIL_RETRY_SECONDS="0")
    send_confirmation_emails(settings)
    [message] = mails_to(mailbox, email)
    assert public_id in message["Subject"] and "household rubbish" in message.get_payload(decode=True).decode()
    [row] = outbox_rows(app_database)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None) and row.sent_at is not None
    send_confirmation_emails(settings)
    assert len(mails_to(mailbox, email)) == 1
    with session_scope() as session:
        ticket = session.execute(select(Ticket).where(Ticket.public_id == public_id)).scalar_one()
        assert (ticket.email_status, ticket.email_attempts) == ("sent", 2)


def _queued_ticket(database_url: str, email: str) -> int:
    engine = make_engine(database_url)
    init_db(engine)
    with sessionmaker(bind=engine, future=True)() as session:
        ticket, _ = open_ticket(session=session, request=_request(email), confirm_by_email=True)
        session.commit()
        ticket_id = ticket.id
    engine.dispose()
    return ticket_id


def test_two_workers_send_one_email(database_url, mail_server):
    """Four workers (the console's loop on two replicas, the action's try, the CLI) find the
    same due email at the same moment: one sends it."""
    from bot.recall import outbox

    mailbox = mail_server(free_port(), delay=0.3)
    email = unique_email()
    _queued_ticket(database_url, email)
    settings = worker_settings(mailbox.url)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def work() -> None:
        engine = make_engine(database_url)
        try:
            with sessionmaker(bind=engine, future=True)() as session:
                start.wait()
                outbox.send_due(session=session, settings=settings)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(mails_to(mailbox, email)) == 1
    [row] = outbox_rows(database_url)
    assert (row.status, row.attempts) == ("sent", 1)


def test_a_claim_is_won_once(database_url):
    """Two workers that both saw the row as due: only the first claim succeeds."""
    from bot.core.models import EmailOutbox
    from bot.recall import outbox

    _queued_ticket(database_url, unique_email())
    engine_a, engine_b = make_engine(database_url), make_engine(database_url)
    now = utcnow()
    with sessionmaker(bind=engine_a, future=True)() as a, sessionmaker(bind=engine_b, future=True)() as b:
        row_a = a.execute(select(EmailOutbox)).scalar_one()
        row_b = b.execute(select(EmailOutbox)).scalar_one()
        a.commit()
        b.commit()
        assert outbox.claim(session=a, row_id=row_a.id, seen_attempts=row_a.attempts, now=now)
        assert not outbox.claim(session=b, row_id=row_b.id, seen_attempts=row_b.attempts, now=now)
    engine_a.dispose()
    engine_b.dispose()


# --- the outbox's rules ----------------------------------------------------------------


def _request(email: str = "jane@example.com", **overrides: Any) -> ReturnRequest:
    base = dict(
        conversation_id=f"c-{uuid.uuid4().hex[:8]}", channel="rest", model_number="A1257",
        manufacture_date="2023-08", verdict="affected", remedy=Remedy.REFUND,
        customer_name="Jane Smith", email=email,
    )
    return ReturnRequest(**(base | overrides))


def test_the_email_row_is_written_with_the_ticket_and_only_once(session):
    from bot.core.models import EmailOutbox

    ticket, created = open_ticket(session=session, request=_request(), confirm_by_email=True)
    again, created_again = open_ticket(session=session, request=_request(conversation_id=ticket.conversation_id), confirm_by_email=True)
    assert created and not created_again and again.id == ticket.id
    [row] = session.execute(select(EmailOutbox)).scalars().all()
    assert (row.ticket_id, row.status, row.attempts) == (ticket.id, "pending", 0)
    assert ticket.email_status == "pending"
    session.rollback()  # the ticket's transaction fails: the email goes with it (on SQLite too)
    assert session.execute(select(EmailOutbox)).scalars().all() == []
    assert session.execute(select(Ticket)).scalars().all() == []


def test_without_smtp_no_email_is_queued(session):
    from bot.core.models import EmailOutbox
    from bot.recall import outbox

    ticket, _ = open_ticket(session=session, request=_request(), confirm_by_email=False)
    assert ticket.email_status == "not_configured"
    assert session.execute(select(EmailOutbox)).scalars().all() == []
    open_ticket(session=session, request=_request(), confirm_by_email=True)
    assert outbox.send_due(session=session, settings=load_settings({})) == 0  # SMTP_URL unset
    assert session.execute(select(EmailOutbox.status)).scalars().all() == ["pending"]


def test_retries_back_off_then_give_up(session, caplog):
    from bot.core.models import EmailOutbox
    from bot.recall import outbox

    ticket, _ = open_ticket(session=session, request=_request(), confirm_by_email=True)
    session.commit()
    settings = load_settings({"SMTP_URL": f"smtp://127.0.0.1:{free_port()}", "EMAIL_MAX_ATTEMPTS": "3", "EMAIL_RETRY_SECONDS": "30"})
    now = utcnow()
    waits = []
    with caplog.at_level(logging.WARNING, logger="bot.recall.outbox"):
        for _ in range(3):
            assert outbox.send_due(session=session, settings=settings, now=now) == 0
            row = session.execute(select(EmailOutbox)).scalar_one()
            session.refresh(row)
            if row.status == "pending":
                waits.append(row.next_attempt_at - now)
                assert outbox.send_due(session=session, settings=settings, now=now) == 0  # not due yet
                now = row.next_attempt_at
    assert waits == [dt.timedelta(seconds=30), dt.timedelta(seconds=60)]
    assert (row.status, row.attempts) == ("failed", 3) and "@" not in row.last_error
    assert any("gave up" in r.getMessage() and ticket.public_id in r.getMessage() for r in caplog.records)
    assert "jane@example.com" not in caplog.text
    session.refresh(ticket)
    assert (ticket.email_status, ticket.email_attempts) == ("failed", 3)
    assert outbox.send_due(session=session, settings=settings, now=now + dt.timedelta(days=1)) == 0
    assert session.execute(select(EmailOutbox.attempts)).scalar_one() == 3


def test_a_refused_recipient_fails_at_once_without_naming_it(session, mail_server):
    from bot.core.models import EmailOutbox
    from bot.recall import outbox

    mailbox = mail_server(free_port(), refuse=True)
    ticket, _ = open_ticket(session=session, request=_request(), confirm_by_email=True)
    session.commit()
    outbox.send_due(session=session, settings=load_settings({"SMTP_URL": mailbox.url}))
    row = session.execute(select(EmailOutbox)).scalar_one()
    session.refresh(row)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error and "jane" not in row.last_error and "@" not in row.last_error


def test_a_sent_email_leaves_no_personal_data_in_the_outbox(session, smtp_server):
    from bot.core.models import EmailOutbox
    from bot.recall import outbox

    email = unique_email()
    ticket, _ = open_ticket(session=session, request=_request(email, customer_name="Zebulon Quartz"), confirm_by_email=True)
    session.commit()
    assert outbox.send_due(session=session, settings=load_settings({"SMTP_URL": smtp_server.url})) == 1
    [message] = mails_to(smtp_server, email)
    body = message.get_payload(decode=True).decode()
    assert ticket.public_id in message["Subject"] and "Zebulon Quartz" in body and "household rubbish" in body
    row = session.execute(select(EmailOutbox)).scalar_one()
    session.refresh(row)
    values = " ".join(str(getattr(row, c.name)) for c in EmailOutbox.__table__.columns)
    assert row.status == "sent" and email not in values and "Zebulon" not in values


def test_the_cli_retry_gives_failed_emails_another_round(session, smtp_server):
    from bot.core.models import EmailOutbox
    from bot.recall import outbox
    from bot.recall.mailer import retry_failed

    email = unique_email()
    open_ticket(session=session, request=_request(email), confirm_by_email=True)
    session.commit()
    down = load_settings({"SMTP_URL": f"smtp://127.0.0.1:{free_port()}", "EMAIL_MAX_ATTEMPTS": "1"})
    outbox.send_due(session=session, settings=down)
    assert session.execute(select(EmailOutbox.status)).scalar_one() == "failed"
    assert retry_failed(session=session, smtp_url=smtp_server.url) == 1
    assert len(mails_to(smtp_server, email)) == 1
    assert session.execute(select(EmailOutbox.status)).scalar_one() == "sent"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (smtplib.SMTPRecipientsRefused({"jane@example.com": (550, b"<jane@example.com> unknown")}), "recipient refused (550)"),
        (smtplib.SMTPDataError(554, b"rejected: mail for jane@example.com"), "SMTPDataError 554"),
        (smtplib.SMTPServerDisconnected("lost jane@example.com"), "SMTPServerDisconnected: lost <address>"),
        (ConnectionRefusedError(111, "Connection refused"), "ConnectionRefusedError: Connection refused"),
        (ValueError("bad header value 'Jane Smith <jane(at)home>'"), "ValueError"),
    ],
)
def test_errors_are_kept_without_personal_data(error, expected):
    from bot.recall.outbox import describe_error

    assert describe_error(error) == expected


async def test_the_console_sends_queued_emails(database_url, smtp_server):
    """The console's background task, as `python -m bot.web` starts it, sends what is queued."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.core.db import get_engine
    from bot.web.app import create_app

    email = unique_email()
    _queued_ticket(database_url, email)
    settings = load_settings({"APP_ENV": "development", "DATABASE_URL": database_url, "SMTP_URL": smtp_server.url})
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    try:
        for _ in range(100):
            if mails_to(smtp_server, email):
                break
            await asyncio.sleep(0.1)
    finally:
        await client.close()
        get_engine(database_url).dispose()
    assert len(mails_to(smtp_server, email)) == 1
    [row] = outbox_rows(database_url)
    assert (row.status, row.attempts) == ("sent", 1)


def test_the_cli_retry_also_sends_what_failed_before_the_outbox(session, smtp_server):
    """A ticket whose email failed under the old immediate send has no outbox row: the CLI queues one."""
    from sqlalchemy import update

    from bot.recall.mailer import retry_failed

    email = unique_email()
    ticket, _ = open_ticket(session=session, request=_request(email))
    session.execute(update(Ticket).where(Ticket.id == ticket.id).values(email_status="failed", email_attempts=5))
    session.commit()
    assert retry_failed(session=session, smtp_url=smtp_server.url) == 1
    assert len(mails_to(smtp_server, email)) == 1
    assert [row.status for row in outbox_rows_in(session)] == ["sent"]


def outbox_rows_in(session):
    from bot.core.models import EmailOutbox

    return session.execute(select(EmailOutbox)).scalars().all()
