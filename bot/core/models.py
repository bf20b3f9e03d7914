"""Our tables (SQLAlchemy 1.4 Column style). None clash with Rasa's `events` table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Product(Base):
    __tablename__ = "recall_products"

    model_number = Column(String(32), primary_key=True)
    product_name = Column(String(200), nullable=False)
    aliases = Column(Text, nullable=False, default="")  # '|'-separated

    scopes = relationship("RecallScope", back_populates="product")


class Recall(Base):
    __tablename__ = "recall_campaigns"

    id = Column(Integer, primary_key=True)
    code = Column(String(40), nullable=False, unique=True)
    hazard = Column(Text, nullable=False, default="")
    notice_url = Column(String(500), nullable=False, default="")
    active = Column(Boolean, nullable=False, default=True)

    scopes = relationship("RecallScope", back_populates="recall")


class RecallScope(Base):
    """One model in one recall, with its manufacturing window (inclusive)."""

    __tablename__ = "recall_scopes"
    __table_args__ = (UniqueConstraint("recall_id", "model_number", name="uq_scope_recall_model"),)

    id = Column(Integer, primary_key=True)
    recall_id = Column(Integer, ForeignKey("recall_campaigns.id"), nullable=False, index=True)
    model_number = Column(
        String(32), ForeignKey("recall_products.model_number"), nullable=False, index=True
    )
    manufactured_from = Column(Date, nullable=False)
    manufactured_to = Column(Date, nullable=False)
    remedies = Column(String(100), nullable=False)  # ';'-separated, e.g. "replacement;refund"
    units = Column(Integer, nullable=True)

    recall = relationship("Recall", back_populates="scopes")
    product = relationship("Product", back_populates="scopes")


class Ticket(Base):
    __tablename__ = "return_tickets"
    __table_args__ = (
        UniqueConstraint("conversation_id", "model_number", name="uq_ticket_conversation_unit"),
    )

    id = Column(Integer, primary_key=True)
    public_id = Column(String(16), nullable=True, unique=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(40), nullable=False, default="unknown")
    model_number = Column(String(32), nullable=False)
    manufacture_date = Column(String(10), nullable=True)
    verdict = Column(String(20), nullable=False)
    remedy = Column(String(20), nullable=False)
    customer_name = Column(String(200), nullable=False)
    email = Column(String(254), nullable=False, index=True)
    street = Column(String(300), nullable=True)
    city = Column(String(120), nullable=True)
    postcode = Column(String(20), nullable=True)
    country = Column(String(80), nullable=True)
    # What the bot could not check after two tries, kept as the customer wrote it
    # ("address", "email", ...), for an agent to check before anything is sent.
    needs_check = Column(String(100), nullable=True)
    address_as_written = Column(Text, nullable=True)
    language = Column(String(8), nullable=True)  # the customer's (bot.i18n): the email's language
    status = Column(String(20), nullable=False, default="open", index=True)
    email_status = Column(String(20), nullable=False, default="not_configured")
    email_attempts = Column(Integer, nullable=False, default=0)
    email_error = Column(Text, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (
        Index("ix_handoffs_queue", "status", "priority", "created_at"),
        # At most one open handoff per conversation, whoever opens it (the action, the
        # events consumer, the reconciler of any console replica) and however at once.
        Index(
            "uq_handoffs_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("status IN ('waiting', 'active')"),
            postgresql_where=text("status IN ('waiting', 'active')"),
        ),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    reason = Column(String(20), nullable=False)  # fire | human_request | fallback
    priority = Column(String(10), nullable=False)  # urgent | normal
    status = Column(String(20), nullable=False, default="waiting")  # waiting|active|returned|closed
    channel = Column(String(40), nullable=False, default="unknown")
    model_number = Column(String(32), nullable=True)
    manufacture_date = Column(String(10), nullable=True)
    recall_status = Column(String(20), nullable=True)
    injury_mentioned = Column(Boolean, nullable=False, default=False)
    damage_mentioned = Column(Boolean, nullable=False, default=False)
    customer_message = Column(Text, nullable=True)
    agent_username = Column(String(80), nullable=True)
    outcome_note = Column(Text, nullable=True)
    outcome_injury = Column(Boolean, nullable=True)
    outcome_damage = Column(Boolean, nullable=True)
    alert_status = Column(String(20), nullable=False, default="not_configured")  # bot.escalation.alerts.AlertStatus
    # Who reported it, for the flood caps (bot.escalation.escalate): a keyed hash of the web
    # client's address, or of the messaging conversation; never the address itself.
    origin = Column(String(64), nullable=True, index=True)
    urgent_since = Column(DateTime, nullable=True, index=True)  # opened as, or upgraded to, urgent
    alerted_at = Column(DateTime, nullable=True, index=True)  # its alert, or the summary that held it
    created_at = Column(DateTime, nullable=False, default=utcnow)
    claimed_at = Column(DateTime, nullable=True)
    ended_at = Column(DateTime, nullable=True)


class ConsoleUser(Base):
    __tablename__ = "console_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(300), nullable=False)
    role = Column(String(10), nullable=False)  # agent | lead | admin
    created_at = Column(DateTime, nullable=False, default=utcnow)


class ConsoleSession(Base):
    __tablename__ = "console_sessions"

    token = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("console_users.id"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)

    user = relationship("ConsoleUser")


class TranscriptView(Base):
    """Every time a console user opened a handoff's transcript (the agents' access log)."""

    __tablename__ = "transcript_views"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    username = Column(String(80), nullable=False, index=True)
    role = Column(String(20), nullable=False)
    masked = Column(Boolean, nullable=False, default=False)
    viewed_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class EmailOutbox(Base):
    """An email waiting to be sent, written in its ticket's transaction (bot.recall.outbox sends it).

    It exists exactly when the ticket committed. It holds no personal data: the message
    is rendered from the ticket when it is sent, so nothing needs blanking afterwards.
    """

    __tablename__ = "email_outbox"
    __table_args__ = (
        UniqueConstraint("ticket_id", "template", name="uq_email_outbox_ticket_template"),
        Index("ix_email_outbox_due", "status", "next_attempt_at"),
    )

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("return_tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    template = Column(String(40), nullable=False, default="ticket_confirmation")
    status = Column(String(10), nullable=False, default="pending")  # pending | sent | failed
    attempts = Column(Integer, nullable=False, default=0)
    # When the row may next be tried; while a worker holds it, the end of its claim.
    next_attempt_at = Column(DateTime, nullable=False, default=utcnow)
    last_error = Column(String(300), nullable=True)  # the error's kind and SMTP code, never an address
    created_at = Column(DateTime, nullable=False, default=utcnow)
    sent_at = Column(DateTime, nullable=True)


class Photo(Base):
    """A customer's photo (of a label, or of a fire), re-encoded and stored (bot.photos).

    The file lives in the photo store (bot.photos.storage) under ``storage_key``, a random
    name; ``public_id`` is the random id the conversation and the console know it by. It
    is attached to the conversation's return ticket and, for a fire, to its handoff.
    """

    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_conversation_created", "conversation_id", "created_at"),)

    id = Column(Integer, primary_key=True)
    public_id = Column(String(32), nullable=False, unique=True)
    conversation_id = Column(String(255), nullable=False)
    channel = Column(String(40), nullable=False, default="unknown")
    storage_key = Column(String(200), nullable=False, unique=True)
    content_type = Column(String(40), nullable=False)  # of the re-encoded bytes: image/jpeg | image/png
    size_bytes = Column(Integer, nullable=False)
    width = Column(Integer, nullable=False)
    height = Column(Integer, nullable=False)
    sha256 = Column(String(64), nullable=False)
    ticket_id = Column(Integer, ForeignKey("return_tickets.id", ondelete="SET NULL"), nullable=True, index=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="SET NULL"), nullable=True, index=True)
    # What the label reading found (bot.understanding.label_photo.read_label), and whether
    # the customer confirmed it (None: not asked or not answered).
    read_model_number = Column(String(32), nullable=True)
    read_manufacture_date = Column(String(10), nullable=True)
    read_reason = Column(String(30), nullable=True)
    confirmed = Column(Boolean, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class PhotoView(Base):
    """Every time a console user fetched a customer's photo (logged like a reveal)."""

    __tablename__ = "photo_views"

    id = Column(Integer, primary_key=True)
    photo_id = Column(String(32), nullable=False, index=True)  # Photo.public_id
    conversation_id = Column(String(255), nullable=False, index=True)
    username = Column(String(80), nullable=False, index=True)
    role = Column(String(10), nullable=False)
    viewed_at = Column(DateTime, nullable=False, default=utcnow, index=True)
