"""Confirmation emails for return tickets (SMTP, when `SMTP_URL` is set).

What a confirmation says and how one message goes out; when it goes out is bot.recall.outbox's
(after the ticket commits, retried). The words are the catalogue's (bot.i18n.texts), in the
ticket's language when the ticket records one, else in English.
"""

from __future__ import annotations

import smtplib
from dataclasses import replace
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy.orm import Session

from bot.core.models import Ticket
from bot.core.settings import get_settings
from bot.i18n import or_default
from bot.i18n.texts import remedy, text
from bot.recall.addresses import readable_country
from bot.recall.tickets import Remedy

SENDER = "Power bank recall <recall@example.com>"


def next_steps(ticket: Ticket, language: str | None = None) -> str:
    """What happens next, as the chat and the email both say it."""
    lang = or_default(language)
    return text(lang, "next_steps", outcome=remedy(lang, ticket.remedy, "your"))


def ticket_language(ticket: Ticket) -> str:
    """The language the customer wrote in when the ticket was opened; English when not recorded."""
    return or_default(getattr(ticket, "language", None))


def confirmation_message(ticket: Ticket, sender: str = SENDER) -> EmailMessage:
    lang = ticket_language(ticket)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ticket.email
    message["Subject"] = text(lang, "email_subject", ticket_id=ticket.public_id)
    address = ""
    if ticket.remedy == Remedy.REPLACEMENT.value:
        where = f"{ticket.street}, {ticket.postcode} {ticket.city}, {readable_country(ticket.country, lang)}"
        address = text(lang, "email_replacement_address", address=where)
    message.set_content(
        text(
            lang,
            "email_body",
            name=ticket.customer_name,
            ticket_id=ticket.public_id,
            remedy=remedy(lang, ticket.remedy, "a"),
            model_number=ticket.model_number,
            replacement_address=address,
            next_steps=next_steps(ticket, lang),
        )
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
