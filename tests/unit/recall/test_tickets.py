"""Ticket service on SQLite and PostgreSQL: ids, duplicates, status rules, lookups, email."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.models import EmailOutbox, utcnow
from bot.core.settings import load_settings
from bot.recall.outbox import retry_wait, send_due
from bot.recall.tickets import (
    Remedy,
    ReturnRequest,
    TicketError,
    TicketStatus,
    list_tickets,
    lookup_status,
    open_ticket,
    set_status,
)


def request(**overrides):
    base = dict(
        conversation_id="c1", channel="rest", model_number="A1257", manufacture_date="2023-08",
        verdict="affected", remedy=Remedy.REFUND, customer_name="Jane Smith", email="Jane@Example.com",
    )
    return ReturnRequest(**(base | overrides))


def test_readable_ids_and_one_ticket_per_unit_and_conversation(session):
    first, created = open_ticket(session=session, request=request())
    again, created_again = open_ticket(session=session, request=request())
    other, _ = open_ticket(session=session, request=request(model_number="A1647"))
    assert created and not created_again and again.id == first.id
    assert first.public_id == f"RT-{first.id:06d}" and other.public_id != first.public_id
    assert first.email == "jane@example.com"
    assert len(list_tickets(session=session, conversation_id="c1")) == 2


def test_a_ticket_keeps_the_customers_language_for_its_email(session):
    from bot.recall.mailer import confirmation_message

    french, _ = open_ticket(session=session, request=request(language="fr"))
    english, _ = open_ticket(session=session, request=request(model_number="A1647"))
    assert (french.language, english.language) == ("fr", None)
    assert confirmation_message(french)["Subject"] != confirmation_message(english)["Subject"]


def test_the_same_unit_opened_twice_at_once_is_one_ticket(database_url):
    """The same message delivered twice at once: one insert wins, the other returns its ticket."""
    import threading
    import time

    from sqlalchemy.orm import sessionmaker

    from bot.core.db import init_db, make_engine

    engine = make_engine(database_url)
    init_db(engine)
    start, results = threading.Barrier(2), []

    def deliver() -> None:
        with sessionmaker(bind=engine, future=True)() as db_session:
            start.wait()
            ticket, created = open_ticket(session=db_session, request=request(), confirm_by_email=True)
            time.sleep(0.2)  # still uncommitted while the other delivery inserts
            db_session.commit()
            results.append((ticket.public_id, created))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(created for _, created in results) == [False, True]
    assert len({public_id for public_id, _ in results}) == 1
    with sessionmaker(bind=engine, future=True)() as db_session:
        assert len(list_tickets(session=db_session)) == 1
        assert db_session.execute(select(func.count(EmailOutbox.id))).scalar_one() == 1
    engine.dispose()


def test_a_rolled_back_ticket_leaves_nothing(session):
    """pysqlite commits at a released savepoint: the ticket must not outlive its transaction."""
    open_ticket(session=session, request=request(), confirm_by_email=True)
    session.rollback()
    assert list_tickets(session=session) == []
    assert session.execute(select(func.count(EmailOutbox.id))).scalar_one() == 0


def test_replacement_needs_a_full_address(session):
    with pytest.raises(TicketError):
        open_ticket(session=session, request=request(remedy=Remedy.REPLACEMENT, street="1 A St"))
    ticket, _ = open_ticket(
        session=session,
        request=request(remedy=Remedy.REPLACEMENT, street="1 A St", city="Leeds", postcode="LS1", country="UK"),
    )
    assert ticket.remedy == "replacement"


def test_status_rules(session):
    ticket, _ = open_ticket(session=session, request=request())
    with pytest.raises(TicketError):
        set_status(session=session, public_id=ticket.public_id, status=TicketStatus.REFUNDED)
    for status in (TicketStatus.LABEL_SENT, TicketStatus.RECEIVED):
        set_status(session=session, public_id=ticket.public_id, status=status)
    with pytest.raises(TicketError):
        set_status(session=session, public_id=ticket.public_id, status=TicketStatus.REPLACED)
    set_status(session=session, public_id=ticket.public_id, status=TicketStatus.REFUNDED)
    set_status(session=session, public_id=ticket.public_id, status=TicketStatus.CLOSED)
    with pytest.raises(TicketError):
        set_status(session=session, public_id=ticket.public_id, status=TicketStatus.OPEN)
    with pytest.raises(TicketError):
        set_status(session=session, public_id="RT-999999", status=TicketStatus.CLOSED)


def test_lookup_needs_the_matching_email(session):
    ticket, _ = open_ticket(session=session, request=request())
    assert lookup_status(session=session, public_id=ticket.public_id.lower(), email=" JANE@example.com ") is ticket
    assert lookup_status(session=session, public_id=ticket.public_id, email="eve@example.com") is None
    assert lookup_status(session=session, public_id="RT-999999", email="jane@example.com") is None


def test_confirmation_email_through_a_real_smtp_server(session, smtp_server):
    ticket, _ = open_ticket(session=session, request=request(), confirm_by_email=True)
    assert ticket.email_status == "pending"  # queued with the ticket, sent after the commit
    session.commit()
    assert send_due(session=session, settings=load_settings({"SMTP_URL": smtp_server.url})) == 1
    session.refresh(ticket)
    assert (ticket.email_status, ticket.email_attempts) == ("sent", 1)
    message = smtp_server.messages[-1]
    assert message["To"] == "jane@example.com" and ticket.public_id in message["Subject"]
    assert "household rubbish" in message.get_payload(decode=True).decode()


def test_failed_email_keeps_the_ticket_and_is_retried(session, smtp_server):
    ticket, _ = open_ticket(session=session, request=request(), confirm_by_email=True)
    session.commit()
    down = load_settings({"SMTP_URL": "smtp://127.0.0.1:1"})  # nothing listens there
    assert send_due(session=session, settings=down) == 0
    session.refresh(ticket)
    assert (ticket.status, ticket.email_status, ticket.email_attempts) == ("open", "pending", 1)
    assert ticket.email_error and "@" not in ticket.email_error
    later = utcnow() + retry_wait(1, down)
    assert send_due(session=session, settings=load_settings({"SMTP_URL": smtp_server.url}), now=later) == 1
    session.refresh(ticket)
    assert (ticket.email_status, ticket.email_attempts) == ("sent", 2)


def test_the_tickets_export_keeps_formulas_as_text(app_database, tmp_path):
    """A customer's name like =HYPERLINK(...) must not run in the support lead's spreadsheet."""
    import csv

    from bot.core.db import session_scope
    from bot.ops import cli

    with session_scope() as session:
        open_ticket(session=session, request=request(customer_name='=HYPERLINK("http://evil.example","x")'))
    out = tmp_path / "tickets.csv"
    assert cli.main(["tickets", "export", "--output", str(out)]) == 0
    with out.open() as exported:
        rows = list(csv.DictReader(exported))
    assert all(not str(v).startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


def test_a_ticket_keeps_what_an_agent_must_check(session):
    ticket, _ = open_ticket(session=session, request=request(
        remedy=Remedy.REPLACEMENT, address_as_written="Flat 3 the old mill, nr Bristol", needs_check=("address",)))
    assert (ticket.needs_check, ticket.address_as_written) == ("address", "Flat 3 the old mill, nr Bristol")
