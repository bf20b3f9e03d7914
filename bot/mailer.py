"""Confirmation emails for return tickets (SMTP, when `SMTP_URL` is set)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Ticket
from bot.tickets import Remedy

logger = logging.getLogger(__name__)
SENDER = "Power bank recall <recall@example.com>"
MAX_ATTEMPTS = 5


def next_steps(ticket: Ticket) -> str:
    """What happens next, as the chat and the email both say it."""
    outcome = "your refund" if ticket.remedy == Remedy.REFUND.value else "your replacement"
    return (
        "We'll email you a prepaid return label within 2 business days. Pack the power bank "
        f"in its own bag, stick the label on, and drop it at the carrier; {outcome} follows "
        "once it arrives. If you can't send it back, never put it in household rubbish: take "
        "it to a hazardous-waste or battery collection point."
    )


def confirmation_message(ticket: Ticket, sender: str = SENDER) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ticket.email
    message["Subject"] = f"Your power bank return {ticket.public_id}"
    address = ""
    if ticket.remedy == Remedy.REPLACEMENT.value:
        address = f"\nThe replacement goes to: {ticket.street}, {ticket.postcode} {ticket.city}, {ticket.country}\n"
    message.set_content(
        f"Hello {ticket.customer_name},\n\n"
        f"your return ticket {ticket.public_id} is open: a {ticket.remedy} for your "
        f"{ticket.model_number}.\n{address}\n{next_steps(ticket)}\n\n"
        f"To ask about it later, tell the assistant \"status of {ticket.public_id}\" and give "
        "this email address.\n\nPlease stop using the power bank in the meantime.\n"
    )
    return message


def send_email(smtp_url: str, message: EmailMessage) -> None:
    """Send one message through `smtp://[user:pass@]host[:port]` (or `smtps://`).

    Raises:
        OSError: or an smtplib error when the server can't be reached or refuses.
    """
    url = urlparse(smtp_url)
    host = url.hostname or "localhost"
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=10)
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=10)
    with client:
        if url.scheme == "smtp+starttls":
            client.starttls()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def send_confirmation(ticket: Ticket, smtp_url: str | None) -> None:
    """Try to send the ticket's confirmation; the outcome is recorded on the ticket."""
    if not smtp_url:
        ticket.email_status = "not_configured"
        return
    ticket.email_attempts = (ticket.email_attempts or 0) + 1
    try:
        send_email(smtp_url, confirmation_message(ticket))
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("confirmation email for %s failed: %s", ticket.public_id, error)
        ticket.email_status = "failed"
        ticket.email_error = str(error)[:500]
        return
    ticket.email_status = "sent"
    ticket.email_error = None


def retry_failed(*, session: Session, smtp_url: str | None) -> int:
    """Retry every failed confirmation that has attempts left; returns how many were sent."""
    if not smtp_url:
        return 0
    tickets = session.execute(
        select(Ticket).where(Ticket.email_status == "failed", Ticket.email_attempts < MAX_ATTEMPTS)
    ).scalars()
    sent = 0
    for ticket in tickets:
        send_confirmation(ticket, smtp_url)
        sent += ticket.email_status == "sent"
    session.flush()
    return sent
