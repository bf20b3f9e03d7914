"""Confirmation emails for return tickets (SMTP, when `SMTP_URL` is set).

What a confirmation says and how one message goes out; when it goes out is bot.recall.outbox's
(after the ticket commits, retried).
"""

from __future__ import annotations

import smtplib
from dataclasses import replace
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy.orm import Session

from bot.core.models import Ticket
from bot.core.settings import get_settings
from bot.recall.tickets import Remedy

SENDER = "Power bank recall <recall@example.com>"


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


def retry_failed(*, session: Session, smtp_url: str | None) -> int:
    """`bot.ops.cli tickets retry-emails`: failed confirmations get a new round, and every due one goes now.

    Returns:
        How many were sent.
    """
    from bot.recall import outbox  # outbox sends through this module

    if not smtp_url:
        return 0
    outbox.requeue_failed(session=session)
    return outbox.send_due(session=session, settings=replace(get_settings(), smtp_url=smtp_url))
