"""One conversation for review: its events as a transcript, its handoffs and tickets."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.models import Handoff, Ticket
from bot.core.rasa_events import (
    EVENTS,
    FALLBACK_ACTIONS,
    FALLBACK_INTENT,
    HOUSEKEEPING_ACTIONS,
    LOW_CONFIDENCE,
    Event,
    conversation_events,
)
from bot.review.languages import language_of_rows, language_view
from bot.review.marks import FlagView, get_mark, list_flags, tags_of
from bot.review.masking import PII_SLOTS, Masker, mask_identifier, masker_for
from bot.review.models import ReviewConversation, ReviewMark
from bot.review.summaries import (
    conversation_key,
    events_table_exists,
    is_form_answer,
    pii_slot_values,
    shown_for,
)
from bot.review.training import annotate, story_yaml

HIDDEN_SLOTS = frozenset({"session_started_metadata"})


def clock(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%H:%M:%S")


def day(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%d")


def stamp(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


@dataclass
class ConversationDetail:
    conversation_id: str
    key: str
    shown_id: str
    masked: bool
    summary: ReviewConversation | None
    items: list[dict[str, Any]]
    handoffs: list[dict[str, Any]]
    tickets: list[dict[str, Any]]
    mark: ReviewMark | None
    tags: list[str]
    flags: dict[int, FlagView] = field(default_factory=dict)
    language: dict[str, str] = field(default_factory=lambda: language_view(None))


def find_conversation_id(*, session: Session, ref: str) -> str | None:
    """The conversation a URL names: by its key, or by the sender id itself."""
    found = session.execute(
        select(ReviewConversation.conversation_id).where(ReviewConversation.key == ref)
    ).scalar()
    if found is not None:
        return found
    if not events_table_exists(session):
        return None
    exists = session.execute(select(EVENTS.c.id).where(EVENTS.c.sender_id == ref).limit(1)).first()
    return ref if exists is not None else None


def _masker(events: list[Event], tickets: list[Ticket], *, enabled: bool) -> Masker:
    extra: list[tuple[str, Any]] = []
    for ticket in tickets:
        extra += [
            ("name", ticket.customer_name),
            ("email", ticket.email),
            ("street", ticket.street),
            ("city", ticket.city),
            ("postcode", ticket.postcode),
        ]
    return masker_for(pii_slot_values(events), enabled=enabled, extra=extra)


def load_conversation(*, session: Session, conversation_id: str, reveal: bool = False) -> ConversationDetail:
    """Everything the transcript page shows; personal data masked unless `reveal`."""
    events = conversation_events(session=session, conversation_id=conversation_id)
    tickets = list(
        session.execute(
            select(Ticket).where(Ticket.conversation_id == conversation_id).order_by(Ticket.id)
        ).scalars()
    )
    handoffs = list(
        session.execute(
            select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.id)
        ).scalars()
    )
    masker = _masker(events, tickets, enabled=not reveal)
    # Training examples never carry personal data, revealed or not.
    example_masker = masker if masker.enabled else _masker(events, tickets, enabled=True)
    flags = {f.event_id: f for f in list_flags(session=session, conversation_id=conversation_id)}
    return ConversationDetail(
        conversation_id=conversation_id,
        key=conversation_key(conversation_id),
        shown_id=conversation_id if reveal else mask_identifier(conversation_id),
        masked=not reveal,
        summary=session.get(ReviewConversation, conversation_id),
        items=transcript_items(events, masker, flags, example_masker=example_masker),
        handoffs=[_handoff_view(h, masker) for h in handoffs],
        tickets=[_ticket_view(t, masker) for t in tickets],
        mark=get_mark(session=session, conversation_id=conversation_id),
        tags=tags_of(session=session, conversation_id=conversation_id),
        flags=flags,
        language=language_view(language_of_rows(events)),
    )


def transcript_items(
    events: list[Event], masker: Masker, flags: dict[int, FlagView], *, example_masker: Masker | None = None
) -> list[dict[str, Any]]:
    """The events as the transcript shows them, oldest first (everything here is text).

    `example_masker` masks the suggested training examples (`masker` by default).
    """
    example_masker = example_masker or masker
    items: list[dict[str, Any]] = []
    active_form: str | None = None
    requested: str | None = None
    offered: dict[str, str] = {}
    last_day = ""
    last_user: dict[str, Any] | None = None
    for event in events:
        epoch = event.timestamp
        item: dict[str, Any] = {"id": event.id, "kind": event.kind, "time": clock(epoch), "epoch": epoch}
        if epoch is not None and day(epoch) != last_day:
            last_day = day(epoch)
            items.append({"kind": "day", "day": last_day, "id": f"d{event.id}"})
        kind = event.kind
        if kind == "user":
            item.update(
                _user_item(
                    event, masker, example_masker, flags.get(event.id), active_form, requested, offered
                )
            )
            last_user = item
        elif kind == "bot":
            item["text"] = masker.text(event.text)
            item["buttons"] = [masker.text(b["title"]) for b in event.buttons]
            item["agent"] = event.agent
            item["kind"] = "agent" if event.agent else "bot"
            if event.buttons:
                offered = {b["payload"]: b["title"] for b in event.buttons}
            if not item["text"] and not item["buttons"]:
                continue
        elif kind == "slot":
            name = event.event_name or ""
            if name in HIDDEN_SLOTS:
                continue
            if name == "requested_slot":
                requested = str(event.value) if event.value else None
            item["name"] = name
            item["value"] = _shown_value(masker.slot_value(name, event.value), masker)
        elif kind in ("active_loop", "form"):
            active_form = event.event_name
            if active_form is None:
                requested = None
            item["kind"] = "form"
            item["name"] = active_form
        elif kind == "action":
            name = event.event_name or ""
            if name in HOUSEKEEPING_ACTIONS:
                continue
            item["name"] = name
            item["policy"] = event.data.get("policy")
            confidence = event.data.get("confidence")
            item["confidence"] = f"{confidence:.2f}" if isinstance(confidence, int | float) else ""
            if name in FALLBACK_ACTIONS and last_user is not None:
                last_user["fallback"] = True
        elif kind in ("restart", "session_started"):
            active_form, requested = None, None
        elif kind not in ("pause", "resume"):
            item["name"] = kind
            item["kind"] = "other"
        items.append(item)
    return items


def _shown_value(value: Any, masker: Masker) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return masker.text(value)
    return masker.text(json.dumps(value, ensure_ascii=False))


def _user_item(
    event: Event,
    masker: Masker,
    example_masker: Masker,
    flag: FlagView | None,
    active_form: str | None,
    requested: str | None,
    offered: dict[str, str],
) -> dict[str, Any]:
    confidence = event.confidence
    intent = event.intent or ""
    answer = is_form_answer(event, active_form=active_form, requested=requested)
    shown = shown_for(event, masker, active_form=active_form, requested=requested)
    ranking = [(n, c) for n, c in event.ranking if n != FALLBACK_INTENT]
    best_guess = ranking[0][0] if intent == FALLBACK_INTENT and ranking else intent
    entities = [
        {
            "entity": str(e.get("entity") or ""),
            "role": str(e.get("role") or ""),
            "value": masker.text(str(e.get("value"))) if e.get("value") is not None else "",
        }
        for e in event.entities
    ]
    if flag is not None:
        example = annotate(flag.text, flag.entities)
    elif answer and requested in PII_SLOTS:
        example = example_masker.answer(requested, event.text)
    else:
        example = annotate(event.text, event.entities, mask=example_masker.text)
    return {
        "kind": "customer",
        "text": shown,
        "payload": event.is_payload,
        "clicked": masker.text(offered[event.text]) if event.is_payload and event.text in offered else "",
        "intent": intent,
        "confidence": f"{confidence:.2f}" if confidence is not None else "",
        "low": confidence is not None and confidence < LOW_CONFIDENCE and not event.is_payload,
        "fallback": intent == FALLBACK_INTENT,
        "fire": event.is_fire_report,
        "ranking": [f"{n} {c:.2f}" for n, c in ranking[:3]],
        "entities": entities,
        "channel": event.channel or "",
        "photo": event.photo,
        "flag": flag,
        "suggest_intent": flag.intent if flag else best_guess,
        "example": example,
    }


def _handoff_view(handoff: Handoff, masker: Masker) -> dict[str, Any]:
    def yes_no(value: bool | None) -> str:
        return "unknown" if value is None else ("yes" if value else "no")

    return {
        "id": handoff.id,
        "reason": handoff.reason,
        "priority": handoff.priority,
        "status": handoff.status,
        "agent": handoff.agent_username or "",
        "created": stamp(handoff.created_at),
        "claimed": stamp(handoff.claimed_at),
        "ended": stamp(handoff.ended_at),
        "customer_message": masker.text(handoff.customer_message or ""),
        "outcome_note": masker.text(handoff.outcome_note or ""),
        "injury": yes_no(handoff.outcome_injury),
        "damage": yes_no(handoff.outcome_damage),
        "alert": handoff.alert_status,
    }


def _ticket_view(ticket: Ticket, masker: Masker) -> dict[str, Any]:
    return {
        "id": ticket.public_id or str(ticket.id),
        "model_number": ticket.model_number,
        "manufacture_date": ticket.manufacture_date or "",
        "verdict": ticket.verdict,
        "remedy": ticket.remedy,
        "status": ticket.status,
        "customer_name": masker.field("name", ticket.customer_name),
        "email": masker.email(ticket.email),
        "street": masker.field("street", ticket.street),
        "city": masker.field("city", ticket.city),
        "postcode": masker.field("postcode", ticket.postcode),
        "country": ticket.country or "",
        "email_status": ticket.email_status,
        "created": stamp(ticket.created_at),
    }


def conversation_story(*, session: Session, conversation_id: str) -> str:
    """The conversation as a Rasa test story (personal data always masked)."""
    events = conversation_events(session=session, conversation_id=conversation_id)
    tickets = list(session.execute(select(Ticket).where(Ticket.conversation_id == conversation_id)).scalars())
    corrections = {
        f.event_id: (f.intent, f.text, f.entities)
        for f in list_flags(session=session, conversation_id=conversation_id)
    }
    return story_yaml(
        events,
        name=f"review {conversation_key(conversation_id)}",
        masker=_masker(events, tickets, enabled=True),
        corrections=corrections,
    )
