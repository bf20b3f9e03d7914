"""The review's tables: conversation summaries, leads' marks, flags and the reveal log.

`review_conversations`, `review_texts` and `review_fallback_messages` are derived
from Rasa's `events` (rebuilt per conversation, never edited by hand);
`review_marks`, `review_tags`, `review_flags` and `review_reveals` are what leads
write and are never touched by a rebuild.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from bot.core.models import Base, utcnow


class ReviewCheckpoint(Base):
    """The last `events.id` folded into the summaries (survives restarts)."""

    __tablename__ = "review_checkpoints"

    name = Column(String(40), primary_key=True)
    last_event_id = Column(BigInteger, nullable=False, default=0)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class ReviewConversation(Base):
    """One conversation (Rasa sender id), summarised from its events."""

    __tablename__ = "review_conversations"
    # The list's sort orders, tie-broken by id, read straight from an index (no sort of
    # every row for each page).
    __table_args__ = (
        Index("ix_review_conversations_recent", "last_event_at", "conversation_id"),
        Index("ix_review_conversations_length", "message_count", "last_event_at", "conversation_id"),
        Index("ix_review_conversations_channel_last", "channel", "last_event_at"),
    )

    conversation_id = Column(String(255), primary_key=True)
    # Opaque, stable handle for URLs: a sender id can be a phone number.
    key = Column(String(24), nullable=False, unique=True)
    first_event_at = Column(Float, nullable=False, index=True)
    last_event_at = Column(Float, nullable=False)
    start_day = Column(String(10), nullable=False, index=True)  # UTC, YYYY-MM-DD
    last_event_id = Column(BigInteger, nullable=False)
    channel = Column(String(40), nullable=False, default="unknown")
    # The customer's language (bot.review.languages); NULL while unset (and in rows summarised
    # before it was kept): English.
    language = Column(String(8), nullable=True, index=True)
    user_messages = Column(Integer, nullable=False, default=0)
    bot_messages = Column(Integer, nullable=False, default=0)
    agent_messages = Column(Integer, nullable=False, default=0)
    message_count = Column(Integer, nullable=False, default=0)
    last_verdict = Column(String(20), nullable=True, index=True)
    model_number = Column(String(32), nullable=True, index=True)
    ticket_opened = Column(Boolean, nullable=False, default=False)
    handed_off = Column(Boolean, nullable=False, default=False)
    handoff_reason = Column(String(20), nullable=True)
    fire_report = Column(Boolean, nullable=False, default=False)
    fallback_count = Column(Integer, nullable=False, default=0)
    low_confidence_count = Column(Integer, nullable=False, default=0)
    min_confidence = Column(Float, nullable=True)
    # The form active at the conversation's last event (None when none, or paused).
    open_form = Column(String(60), nullable=True, index=True)
    paused = Column(Boolean, nullable=False, default=False)
    preview = Column(String(300), nullable=False, default="")  # masked


class ReviewText(Base):
    """Everything the customer typed in one conversation, masked and lower case, for search."""

    __tablename__ = "review_texts"

    conversation_id = Column(String(255), primary_key=True)
    text = Column(Text, nullable=False, default="")


class ReviewFallbackMessage(Base):
    """A customer message the assistant did not understand (masked, normalised)."""

    __tablename__ = "review_fallback_messages"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    event_id = Column(BigInteger, nullable=False)
    timestamp = Column(Float, nullable=False, index=True)
    text = Column(String(500), nullable=False)


class ReviewMark(Base):
    """A lead's review state and notes for one conversation."""

    __tablename__ = "review_marks"

    conversation_id = Column(String(255), primary_key=True)
    reviewed = Column(Boolean, nullable=False, default=False, index=True)
    reviewed_by = Column(String(80), nullable=True)
    reviewed_at = Column(DateTime, nullable=True)
    notes = Column(Text, nullable=False, default="")
    updated_by = Column(String(80), nullable=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class ReviewTag(Base):
    __tablename__ = "review_tags"
    __table_args__ = (UniqueConstraint("conversation_id", "tag", name="uq_review_tag"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    tag = Column(String(40), nullable=False, index=True)
    created_by = Column(String(80), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class ReviewFlag(Base):
    """A customer message with the intent and entities it should have had."""

    __tablename__ = "review_flags"

    id = Column(Integer, primary_key=True)
    event_id = Column(BigInteger, nullable=False, unique=True)  # the `events` row of the message
    conversation_id = Column(String(255), nullable=False, index=True)
    original_text = Column(Text, nullable=False)
    predicted_intent = Column(String(100), nullable=True)
    predicted_confidence = Column(Float, nullable=True)
    text = Column(Text, nullable=False)  # the training example, without annotations
    intent = Column(String(100), nullable=False, index=True)
    entities = Column(Text, nullable=False, default="[]")  # JSON [{start, end, value, entity, role?}]
    flagged_by = Column(String(80), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class ReviewReveal(Base):
    """Who saw one conversation's personal data unmasked, and when."""

    __tablename__ = "review_reveals"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    username = Column(String(80), nullable=False, index=True)
    role = Column(String(10), nullable=False)
    revealed_at = Column(DateTime, nullable=False, default=utcnow, index=True)
