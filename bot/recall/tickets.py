"""Return tickets: open (one per unit and conversation), move through statuses, look up."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.core.models import EmailOutbox, Photo, Ticket, utcnow
from bot.photos.records import attach_to_ticket


class TicketStatus(str, enum.Enum):
    OPEN = "open"
    LABEL_SENT = "label_sent"
    RECEIVED = "received"
    REFUNDED = "refunded"
    REPLACED = "replaced"
    CLOSED = "closed"


class Remedy(str, enum.Enum):
    REFUND = "refund"
    REPLACEMENT = "replacement"


# Which status may follow which; `closed` ends every path.
ALLOWED_MOVES: dict[TicketStatus, set[TicketStatus]] = {
    TicketStatus.OPEN: {TicketStatus.LABEL_SENT, TicketStatus.CLOSED},
    TicketStatus.LABEL_SENT: {TicketStatus.RECEIVED, TicketStatus.CLOSED},
    TicketStatus.RECEIVED: {TicketStatus.REFUNDED, TicketStatus.REPLACED, TicketStatus.CLOSED},
    TicketStatus.REFUNDED: {TicketStatus.CLOSED},
    TicketStatus.REPLACED: {TicketStatus.CLOSED},
    TicketStatus.CLOSED: set(),
}

STATUS_SENTENCES = {
    TicketStatus.OPEN: "Your return is registered; the prepaid return label is being prepared.",
    TicketStatus.LABEL_SENT: "The prepaid return label has been sent to your email. Please send the unit back with it.",
    TicketStatus.RECEIVED: "We have received your unit and are processing your {remedy}.",
    TicketStatus.REFUNDED: "Your refund has been issued. It can take 3-5 business days to show on your statement.",
    TicketStatus.REPLACED: "Your replacement has been shipped.",
    TicketStatus.CLOSED: "This ticket is closed.",
}


UNIQUE_UNIT = ["conversation_id", "model_number"]  # uq_ticket_conversation_unit


class TicketError(ValueError):
    """A ticket operation that is not allowed."""


@dataclass(frozen=True)
class ReturnRequest:
    """Everything a ticket records about the customer, the unit and the remedy."""

    conversation_id: str
    channel: str
    model_number: str
    manufacture_date: str | None
    verdict: str
    remedy: Remedy
    customer_name: str
    email: str
    street: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None
    needs_check: tuple[str, ...] = ()  # details kept as written, for an agent to check
    address_as_written: str | None = None
    language: str | None = None  # the conversation's (ISO 639-1); the confirmation email's


def format_public_id(number: int) -> str:
    return f"RT-{number:06d}"


def find_ticket(*, session: Session, conversation_id: str, model_number: str) -> Ticket | None:
    return session.execute(
        select(Ticket).where(
            Ticket.conversation_id == conversation_id, Ticket.model_number == model_number
        )
    ).scalar()


def open_ticket(
    *, session: Session, request: ReturnRequest, confirm_by_email: bool = False
) -> tuple[Ticket, bool]:
    """Open the return ticket for this unit and conversation, or return the existing one.

    With `confirm_by_email`, a new ticket's confirmation is queued in the email outbox in
    the same transaction: the email exists exactly when the ticket commits, and is sent
    after the commit (bot.recall.outbox), never before.

    Returns:
        The ticket and whether it was created now.

    Raises:
        TicketError: when a replacement has no complete address.
    """
    existing = find_ticket(
        session=session, conversation_id=request.conversation_id, model_number=request.model_number
    )
    if existing is not None:
        return existing, False
    if request.remedy is Remedy.REPLACEMENT and not (
        all((request.street, request.city, request.postcode, request.country)) or request.address_as_written
    ):
        raise TicketError("a replacement needs street, city, postcode and country, or the address as written")
    values = dict(
        conversation_id=request.conversation_id,
        channel=request.channel,
        model_number=request.model_number,
        manufacture_date=request.manufacture_date,
        verdict=request.verdict,
        remedy=request.remedy.value,
        customer_name=request.customer_name,
        email=request.email.lower(),
        street=request.street,
        city=request.city,
        postcode=request.postcode,
        country=request.country,
        needs_check=",".join(request.needs_check) or None,
        address_as_written=request.address_as_written,
        language=request.language,
        status=TicketStatus.OPEN.value,
    )
    inserted = _insert_unless_present(session, values)
    ticket = session.execute(
        select(Ticket).where(
            Ticket.conversation_id == request.conversation_id, Ticket.model_number == request.model_number
        )
    ).scalar_one()
    if not inserted:  # the same message delivered twice at once: the other delivery won the insert
        return ticket, False
    ticket.public_id = format_public_id(ticket.id)
    attach_to_ticket(session=session, ticket=ticket)  # the label photos sent before it
    if confirm_by_email:
        session.add(EmailOutbox(ticket_id=ticket.id))
        ticket.email_status = "pending"  # bot.recall.outbox.OutboxStatus, mirrored for the CLI and the review
    session.flush()
    return ticket, True


def _insert_unless_present(session: Session, values: dict) -> bool:
    """Insert the ticket unless this unit and conversation has one; whether it was inserted.

    `INSERT ... ON CONFLICT DO NOTHING` rather than a savepoint: pysqlite emits no BEGIN
    before a SAVEPOINT, so releasing one commits, and the ticket (without the rest of the
    caller's transaction, its email among it) would outlive a failed commit.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        statement = sqlite_insert(Ticket).values(**values).on_conflict_do_nothing(index_elements=UNIQUE_UNIT)
    elif dialect == "postgresql":
        statement = postgresql_insert(Ticket).values(**values).on_conflict_do_nothing(index_elements=UNIQUE_UNIT)
    else:  # no conflict clause: a duplicate raises IntegrityError
        statement = insert(Ticket).values(**values)
    return session.execute(statement).rowcount == 1


def get_ticket(*, session: Session, public_id: str) -> Ticket | None:
    return session.execute(
        select(Ticket).where(Ticket.public_id == public_id.strip().upper())
    ).scalar()


def list_tickets(
    *, session: Session, conversation_id: str | None = None, status: str | None = None
) -> list[Ticket]:
    query = select(Ticket).order_by(Ticket.id)
    if conversation_id is not None:
        query = query.where(Ticket.conversation_id == conversation_id)
    if status is not None:
        query = query.where(Ticket.status == status)
    return list(session.execute(query).scalars())


def set_status(*, session: Session, public_id: str, status: TicketStatus) -> Ticket:
    """Move a ticket to its next status.

    Raises:
        TicketError: for an unknown ticket or a move the status rules don't allow.
    """
    ticket = get_ticket(session=session, public_id=public_id)
    if ticket is None:
        raise TicketError(f"no ticket {public_id}")
    current = TicketStatus(ticket.status)
    if status not in ALLOWED_MOVES[current]:
        raise TicketError(f"{ticket.public_id} is {current.value}; it cannot become {status.value}")
    if status is TicketStatus.REFUNDED and ticket.remedy != Remedy.REFUND.value:
        raise TicketError(f"{ticket.public_id} is a replacement, not a refund")
    if status is TicketStatus.REPLACED and ticket.remedy != Remedy.REPLACEMENT.value:
        raise TicketError(f"{ticket.public_id} is a refund, not a replacement")
    ticket.status = status.value
    ticket.updated_at = utcnow()
    session.flush()
    return ticket


def lookup_status(*, session: Session, public_id: str, email: str) -> Ticket | None:
    """The ticket only when both the id and the email it was opened with match."""
    ticket = get_ticket(session=session, public_id=public_id)
    if ticket is None or ticket.email != email.strip().lower():
        return None
    return ticket


def status_sentence(ticket: Ticket) -> str:
    return STATUS_SENTENCES[TicketStatus(ticket.status)].format(remedy=ticket.remedy)


def as_api_dict(ticket: Ticket, photos: list[Photo] | None = None) -> dict:
    """The docs/INTERFACES.md shape of a ticket (with its photos, when given)."""
    extra = {} if photos is None else {"photos": [photo_api_dict(photo) for photo in photos]}
    return {
        "id": ticket.public_id,
        "conversation_id": ticket.conversation_id,
        "model_number": ticket.model_number,
        "manufacture_date": ticket.manufacture_date,
        "remedy": ticket.remedy,
        "status": ticket.status,
        "email": ticket.email,
        "created_at": ticket.created_at.isoformat() + "Z",
        **extra,
    }


def photo_api_dict(photo: Photo) -> dict:
    """A photo as the API lists it; the bytes come from the console's photo endpoint."""
    return {
        "id": photo.public_id,
        "content_type": photo.content_type,
        "width": photo.width,
        "height": photo.height,
        "read_model_number": photo.read_model_number,
        "read_manufacture_date": photo.read_manufacture_date,
        "confirmed": photo.confirmed,
        "created_at": photo.created_at.isoformat() + "Z",
    }
