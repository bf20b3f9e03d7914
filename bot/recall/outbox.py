"""The email outbox: a ticket's confirmation leaves after the ticket commits, retried, once.

`bot.recall.tickets.open_ticket` writes the row in the ticket's own transaction, so a row exists
exactly when the ticket committed. Whoever sends (the console's background loop on every
replica, the action's one try right after the commit, `bot.ops.cli tickets retry-emails`)
first claims the row with a conditional UPDATE that only one of them can win, on SQLite
and PostgreSQL alike, and talks to the SMTP server with no transaction open. Delivery is
at least once: a worker that dies between the server's "250 OK" and recording it leaves
the row to be sent again when its claim runs out.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
import smtplib
from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import exists, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.core.db import session_scope
from bot.core.models import EmailOutbox, Ticket, utcnow
from bot.core.settings import Settings
from bot.recall import mailer

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=5)  # how long a claimed row is one worker's (SMTP timeouts are 10 s)
LONGEST_WAIT = dt.timedelta(hours=1)
BATCH = 50
_ADDRESS = re.compile(r"[^\s<>()\[\],;:'\"]+@[^\s<>()\[\],;:'\"]+")


# What each row's `template` renders, from its ticket at send time.
TEMPLATES: dict[str, Callable[[Ticket], EmailMessage]] = {"ticket_confirmation": mailer.confirmation_message}


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up: `bot.ops.cli tickets retry-emails` gives it another round


def retry_wait(attempts: int, settings: Settings) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: the first wait, doubling, at most an hour."""
    first = dt.timedelta(seconds=settings.email_retry_seconds)
    return min(first * 2 ** min(attempts - 1, 16), LONGEST_WAIT)


def describe_error(error: BaseException) -> str:
    """What went wrong, without personal data: the error's kind and SMTP code, never an address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        text = f"recipient refused ({', '.join(map(str, codes))})"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{type(error).__name__} {error.smtp_code}"
    elif isinstance(error, OSError) and error.strerror:
        text = f"{type(error).__name__}: {error.strerror}"
    elif isinstance(error, OSError | smtplib.SMTPException):
        text = f"{type(error).__name__}: {error}"
    else:  # rendering the message failed: its text may quote the ticket's details
        text = type(error).__name__
    return _ADDRESS.sub("<address>", text)[:300]


def _refused_for_good(error: BaseException) -> bool:
    """A 5xx for the recipient won't change by retrying (a 4xx, a timeout or a refused connection may)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return not isinstance(error, OSError | smtplib.SMTPException)  # e.g. an address no header can hold


def claim(*, session: Session, row_id: int, seen_attempts: int, now: dt.datetime) -> bool:
    """Take a due row for one try (and commit); False when another worker took it first.

    `attempts` is the fence: a worker whose claim ran out cannot record over the next one.
    """
    result = session.execute(
        update(EmailOutbox)
        .where(
            EmailOutbox.id == row_id,
            EmailOutbox.status == OutboxStatus.PENDING.value,
            EmailOutbox.attempts == seen_attempts,
            EmailOutbox.next_attempt_at <= now,
        )
        .values(attempts=seen_attempts + 1, next_attempt_at=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def send_due(
    *, session: Session, settings: Settings, now: dt.datetime | None = None, ticket_id: int | None = None
) -> int:
    """Send the confirmations that are due (only this ticket's, when given).

    Commits after each claim and each outcome; nothing is held open while the SMTP server
    answers. A round ends at the first server that can't be reached: the others would wait
    for it too.

    Returns:
        How many were sent.
    """
    if not settings.smtp_url:
        return 0
    _give_up_abandoned(session=session, settings=settings, now=now or utcnow())
    query = (
        select(EmailOutbox.id, EmailOutbox.attempts)
        .where(EmailOutbox.status == OutboxStatus.PENDING.value, EmailOutbox.next_attempt_at <= (now or utcnow()))
        .order_by(EmailOutbox.next_attempt_at, EmailOutbox.id)
        .limit(BATCH)
    )
    if ticket_id is not None:
        query = query.where(EmailOutbox.ticket_id == ticket_id)
    due = session.execute(query).all()
    session.commit()
    sent = 0
    for row_id, attempts in due:
        moment = now or utcnow()  # each claim runs from its own start, however long the round
        if not claim(session=session, row_id=row_id, seen_attempts=attempts, now=moment):
            continue
        outcome = _try_once(session=session, settings=settings, smtp_url=settings.smtp_url, row_id=row_id,
                            attempt=attempts + 1, now=moment)
        if outcome is None:
            break
        sent += outcome
    return sent


def send_now(*, ticket_id: int, settings: Settings, database_url: str | None = None) -> bool:
    """One try for a ticket just committed; when it fails the row waits for the console's worker.

    Returns:
        Whether it was sent now.
    """
    try:
        with session_scope(database_url) as session:
            return send_due(session=session, settings=settings, ticket_id=ticket_id) > 0
    except SQLAlchemyError as error:
        logger.warning("confirmation email for ticket %s left to the worker: %s", ticket_id, type(error).__name__)
        return False


def _try_once(
    *, session: Session, settings: Settings, smtp_url: str, row_id: int, attempt: int, now: dt.datetime
) -> bool | None:
    """Render from the ticket, send, record. True: sent; False: failed; None: server unreachable."""
    ticket_id, template = session.execute(
        select(EmailOutbox.ticket_id, EmailOutbox.template).where(EmailOutbox.id == row_id)
    ).one()
    ticket = session.get(Ticket, ticket_id, populate_existing=True)  # as it is now, e.g. corrected by an agent
    public_id = ticket.public_id if ticket else f"#{ticket_id}"
    try:
        if ticket is None:
            raise LookupError("the ticket is gone")
        message = TEMPLATES[template](ticket)
        session.commit()
        mailer.send_email(smtp_url, message)
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        session.rollback()
        reason = describe_error(error)
        gave_up = _refused_for_good(error) or attempt >= settings.email_max_attempts
        if gave_up:
            logger.error("confirmation email for %s gave up after %d tries: %s", public_id, attempt, reason)
            _record(session, row_id, ticket_id, attempt, OutboxStatus.FAILED, error=reason, next_at=now)
        else:
            next_at = now + retry_wait(attempt, settings)
            logger.warning("confirmation email for %s failed (try %d of %d, next at %s): %s",
                           public_id, attempt, settings.email_max_attempts, f"{next_at:%H:%M:%S}", reason)
            _record(session, row_id, ticket_id, attempt, OutboxStatus.PENDING, error=reason, next_at=next_at)
        unreachable = isinstance(error, OSError | smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected)
        return None if unreachable else False
    _record(session, row_id, ticket_id, attempt, OutboxStatus.SENT, error=None, next_at=now, sent_at=now)
    return True


def _record(
    session: Session,
    row_id: int,
    ticket_id: int,
    attempt: int,
    status: OutboxStatus,
    *,
    error: str | None,
    next_at: dt.datetime,
    sent_at: dt.datetime | None = None,
) -> None:
    """The try's outcome on the row and, for the CLI and the review page, on the ticket."""
    result = session.execute(
        update(EmailOutbox)
        .where(EmailOutbox.id == row_id, EmailOutbox.attempts == attempt)
        .values(status=status.value, last_error=error, next_attempt_at=next_at, sent_at=sent_at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # the claim ran out and another worker holds the row now
        logger.warning("email outbox row %s: try %d finished after its claim ran out", row_id, attempt)
        session.commit()
        return
    session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id)
        # updated_at stays: it tells when the return itself last moved
        .values(email_status=status.value, email_attempts=attempt, email_error=error, updated_at=Ticket.updated_at)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _give_up_abandoned(*, session: Session, settings: Settings, now: dt.datetime) -> None:
    """Fail the rows whose last try never recorded an outcome (its worker died) and that have no tries left."""
    abandoned = session.execute(
        select(EmailOutbox.id, EmailOutbox.ticket_id, EmailOutbox.attempts).where(
            EmailOutbox.status == OutboxStatus.PENDING.value,
            EmailOutbox.attempts >= settings.email_max_attempts,
            EmailOutbox.next_attempt_at <= now,
        )
    ).all()
    for row_id, ticket_id, attempts in abandoned:
        logger.error("confirmation email for ticket #%s gave up after %d tries: the last one recorded no outcome", ticket_id, attempts)
        _record(session, row_id, ticket_id, attempts, OutboxStatus.FAILED, error="no outcome recorded for the last try", next_at=now)
    session.commit()


def requeue_failed(*, session: Session, now: dt.datetime | None = None) -> int:
    """Give every email that gave up a new round of tries (`bot.ops.cli tickets retry-emails`).

    Returns:
        How many were queued again.
    """
    # Tickets whose email failed before the outbox existed get a row now.
    legacy = session.execute(
        select(Ticket.id).where(
            Ticket.email_status == OutboxStatus.FAILED.value,
            ~exists().where(EmailOutbox.ticket_id == Ticket.id),
        )
    ).scalars().all()
    session.add_all(EmailOutbox(ticket_id=ticket_id, status=OutboxStatus.FAILED.value) for ticket_id in legacy)
    session.flush()
    failed = list(session.execute(
        select(EmailOutbox.id, EmailOutbox.ticket_id).where(EmailOutbox.status == OutboxStatus.FAILED.value)
    ).all())
    for row_id, ticket_id in failed:
        session.execute(
            update(EmailOutbox)
            .where(EmailOutbox.id == row_id, EmailOutbox.status == OutboxStatus.FAILED.value)
            .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now or utcnow())
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Ticket).where(Ticket.id == ticket_id)
            .values(email_status=OutboxStatus.PENDING.value, updated_at=Ticket.updated_at)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return len(failed)
