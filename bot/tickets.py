"""Return tickets: open (one per unit and conversation), move through statuses, look up."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Ticket, utcnow


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


def format_public_id(number: int) -> str:
    return f"RT-{number:06d}"


def find_ticket(*, session: Session, conversation_id: str, model_number: str) -> Ticket | None:
    return session.execute(
        select(Ticket).where(
            Ticket.conversation_id == conversation_id, Ticket.model_number == model_number
        )
    ).scalar()


def open_ticket(*, session: Session, request: ReturnRequest) -> tuple[Ticket, bool]:
    """Open the return ticket for this unit and conversation, or return the existing one.

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
    ticket = Ticket(
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
        status=TicketStatus.OPEN.value,
    )
    try:
        with session.begin_nested():
            session.add(ticket)
            session.flush()
    except IntegrityError:
        # The same message delivered twice at once: the other delivery won the insert.
        existing = find_ticket(
            session=session,
            conversation_id=request.conversation_id,
            model_number=request.model_number,
        )
        if existing is None:
            raise
        return existing, False
    ticket.public_id = format_public_id(ticket.id)
    session.flush()
    return ticket, True


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


def as_api_dict(ticket: Ticket) -> dict:
    """The CONTRACT.md shape of a ticket."""
    return {
        "id": ticket.public_id,
        "conversation_id": ticket.conversation_id,
        "model_number": ticket.model_number,
        "manufacture_date": ticket.manufacture_date,
        "remedy": ticket.remedy,
        "status": ticket.status,
        "email": ticket.email,
        "created_at": ticket.created_at.isoformat() + "Z",
    }
