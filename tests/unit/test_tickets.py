"""Ticket service on SQLite and PostgreSQL: ids, duplicates, status rules, lookups, email."""

from __future__ import annotations

import pytest

from bot.mailer import retry_failed, send_confirmation
from bot.tickets import (
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
    ticket, _ = open_ticket(session=session, request=request())
    send_confirmation(ticket, smtp_server.url)
    assert ticket.email_status == "sent"
    message = smtp_server.messages[-1]
    assert message["To"] == "jane@example.com" and ticket.public_id in message["Subject"]
    assert "household rubbish" in message.get_payload(decode=True).decode()


def test_failed_email_keeps_the_ticket_and_is_retried(session, smtp_server):
    ticket, _ = open_ticket(session=session, request=request())
    send_confirmation(ticket, "smtp://127.0.0.1:1")  # nothing listens there
    assert (ticket.email_status, ticket.email_attempts) == ("failed", 1)
    assert ticket.email_error
    assert retry_failed(session=session, smtp_url=smtp_server.url) == 1
    assert (ticket.email_status, ticket.email_attempts) == ("sent", 2)


def test_the_tickets_export_keeps_formulas_as_text(app_database, tmp_path):
    """A customer's name like =HYPERLINK(...) must not run in the support lead's spreadsheet."""
    import csv

    from bot import cli
    from bot.db import session_scope

    with session_scope() as session:
        open_ticket(session=session, request=request(customer_name='=HYPERLINK("http://evil.example","x")'))
    out = tmp_path / "tickets.csv"
    assert cli.main(["tickets", "export", "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert all(not str(v).startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


def test_a_ticket_keeps_what_an_agent_must_check(session):
    ticket, _ = open_ticket(session=session, request=request(
        remedy=Remedy.REPLACEMENT, address_as_written="Flat 3 the old mill, nr Bristol", needs_check=("address",)))
    assert (ticket.needs_check, ticket.address_as_written) == ("address", "Flat 3 the old mill, nr Bristol")
