"""A builder of Rasa tracker-store rows (`events`) for the review's tests and benchmark.

Rows are written the way `rasa.core.tracker_store.SQLTrackerStore.save` writes them:
`data` is the event's `as_dict()` as JSON, `intent_name` the user event's intent,
`action_name` the event's `name`. tests/unit/review/test_event_builder.py reads the rows back with
Rasa's own `SQLTrackerStore`, so the format cannot drift from Rasa's. The fixtures
that serve it to tests (`review_engine`, `store`, `db`) are in tests/conftest.py.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, insert
from sqlalchemy.engine import Connection, Engine

# The columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6).
EVENTS_TABLE = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def create_events_table(engine: Engine) -> None:
    EVENTS_TABLE.metadata.create_all(engine)


def row_for(sender_id: str, event: dict[str, Any]) -> dict[str, Any]:
    """The `events` row SQLTrackerStore.save writes for one event dict."""
    intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
    return {
        "sender_id": sender_id,
        "type_name": event["event"],
        "timestamp": event.get("timestamp"),
        "intent_name": intent,
        "action_name": event.get("name"),
        "data": json.dumps(event),
    }


@dataclass
class Conversation:
    """One conversation's events, in order; each step moves the clock on a little."""

    sender_id: str
    clock: float
    channel: str = "socketio"
    events: list[dict[str, Any]] = field(default_factory=list)
    step: float = 2.0

    def _add(self, event: dict[str, Any], *, gap: float | None = None) -> Conversation:
        self.clock += self.step if gap is None else gap
        event["timestamp"] = self.clock
        self.events.append(event)
        return self

    def wait(self, seconds: float) -> Conversation:
        self.clock += seconds
        return self

    def start(self) -> Conversation:
        self.action("action_session_start", policy=None)
        self._add({"event": "session_started", "metadata": None}, gap=0.01)
        return self.action("action_listen", gap=0.01)

    def user(
        self,
        text: str,
        intent: str,
        confidence: float = 0.95,
        *,
        entities: Iterable[dict[str, Any]] = (),
        ranking: Iterable[tuple[str, float]] | None = None,
        fire_signal: dict[str, Any] | None = None,
    ) -> Conversation:
        message_id = uuid.uuid4().hex
        ranked = list(ranking) if ranking is not None else [(intent, confidence)]
        parse_data: dict[str, Any] = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "text": text,
            "message_id": message_id,
            "metadata": {},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranked],
        }
        if fire_signal is not None:
            parse_data["fire_signal"] = fire_signal
        return self._add(
            {
                "event": "user",
                "text": text,
                "parse_data": parse_data,
                "input_channel": self.channel,
                "message_id": message_id,
                "metadata": {},
            },
            gap=self.step * 4,
        )

    def bot(
        self, text: str, *, buttons: list[tuple[str, str]] | None = None, agent: str | None = None
    ) -> Conversation:
        data: dict[str, Any] = {
            "elements": None,
            "quick_replies": None,
            "buttons": [{"title": t, "payload": p} for t, p in buttons] if buttons else None,
            "attachment": None,
            "image": None,
            "custom": None,
        }
        return self._add(
            {"event": "bot", "text": text, "data": data, "metadata": {"agent": agent} if agent else {}}
        )

    def action(
        self, name: str, *, policy: str | None = "RulePolicy", gap: float | None = None
    ) -> Conversation:
        return self._add(
            {
                "event": "action",
                "name": name,
                "policy": policy,
                "confidence": 1.0,
                "action_text": None,
                "hide_rule_turn": False,
            },
            gap=0.01 if gap is None else gap,
        )

    def slot(self, name: str, value: Any) -> Conversation:
        return self._add({"event": "slot", "name": name, "value": value}, gap=0.01)

    def form(self, name: str | None) -> Conversation:
        return self._add({"event": "active_loop", "name": name}, gap=0.01)

    def pause(self) -> Conversation:
        return self._add({"event": "pause"}, gap=0.01)

    def resume(self) -> Conversation:
        return self._add({"event": "resume"}, gap=0.01)

    # --- whole turns of the recall assistant ----------------------------------------

    def greet(self) -> Conversation:
        self.user("hi", "greet", 0.99)
        self.action("utter_greet")
        self.bot(
            "Hi! I can check whether your power bank is part of the recall.",
            buttons=[("Is my power bank recalled?", "/check_recall"), ("Talk to a person", "/request_human")],
        )
        return self.action("action_listen")

    def check(
        self, text: str, model: str, date: str, verdict: str, *, confidence: float = 0.93
    ) -> Conversation:
        entities = []
        lowered = text.lower()
        for entity, value, needle in (("model_number", model, model.lower()), ("date", date, None)):
            if needle and needle in lowered:
                start = lowered.index(needle)
                entities.append(
                    {
                        "entity": entity,
                        "start": start,
                        "end": start + len(needle),
                        "value": value,
                        "extractor": "RecallUnderstanding",
                    }
                )
        self.user(text, "check_recall", confidence, entities=entities)
        self.action("recall_form").form("recall_form")
        self.slot("model_number", model).slot("manufacture_date", date).slot("requested_slot", None)
        self.form(None).action("action_check_recall")
        answer = {
            "affected": f"Your {model} is part of the recall. Please stop using it.",
            "not_affected": f"Your {model} is not part of the recall.",
            "unknown_model": f"I don't know the model {model}.",
            "needs_date": "When was it made?",
        }[verdict]
        self.bot(answer).slot("recall_status", verdict)
        return self.action("action_listen")

    def return_form(
        self,
        *,
        remedy: str = "replacement",
        name: str = "Jane Smith",
        email: str = "jane.smith@example.com",
        street: str = "12 High Street",
        city: str = "Leeds",
        postcode: str = "LS1 4AB",
        country: str = "United Kingdom",
        ticket: str | None = "RT-000001",
        stop_after: str | None = None,
    ) -> Conversation:
        """The return form, answered question by question; `stop_after` leaves it there."""
        self.user(f"I want a {remedy}", "request_return", 0.9)
        self.action("action_check_return_eligibility").action("return_form").form("return_form")
        self.slot("remedy", remedy)
        answers = [
            ("customer_name", "What is your full name?", name),
            ("email", "What email address should the return label go to?", email),
            ("street", "Which street and house number?", street),
            ("city", "Which town or city?", city),
            ("postcode", "And the postcode?", postcode),
            ("country", "Which country?", country),
        ]
        for slot, question, answer in answers:
            self.slot("requested_slot", slot).action(f"action_ask_{slot}").bot(question).action(
                "action_listen"
            )
            if stop_after == slot:
                return self
            self.user(answer, "inform", 0.62)
            self.action("return_form").slot(slot, answer)
        self.slot("requested_slot", "details_confirmed").bot(
            f"To confirm: {name}, {email}, {street}, {postcode} {city}. Is that right?"
        ).action("action_listen")
        self.user("yes", "affirm", 0.99).action("return_form").slot("details_confirmed", True)
        self.slot("requested_slot", None).form(None).action("action_open_ticket")
        if ticket:
            self.slot("ticket_id", ticket).bot(f"Your return ticket is {ticket}.")
        return self.action("action_listen")

    def fire(self, text: str = "my power bank caught fire and there is smoke") -> Conversation:
        self.user(text, "report_fire", 0.97, fire_signal={"injury": False, "damage": True})
        self.action("utter_fire_safety", policy="FireSafetyPolicy").bot(
            "Your safety first: move away from the power bank and call the emergency number if needed."
        )
        return self.action("action_escalate_fire", policy="FireSafetyPolicy").pause()

    def fallback(
        self, text: str, *, best: str = "check_recall", best_confidence: float = 0.31
    ) -> Conversation:
        self.user(
            text,
            "nlu_fallback",
            0.45,
            ranking=[("nlu_fallback", 0.45), (best, best_confidence), ("greet", 0.2)],
        )
        self.action("action_handle_fallback").bot("Sorry, I didn't get that. Could you say it another way?")
        return self.action("action_listen")

    def human(self, text: str = "can I talk to a person") -> Conversation:
        self.user(text, "request_human", 0.96)
        self.action("action_request_human").bot("I'm bringing in a person from our support team.")
        return self.pause()

    def agent_says(self, text: str, agent: str = "alice") -> Conversation:
        return self.bot(text, agent=agent)


@dataclass
class TrackerStore:
    """Collects conversations and writes their rows with one executemany."""

    engine: Engine
    pending: list[dict[str, Any]] = field(default_factory=list)

    def conversation(
        self, sender_id: str | None = None, *, at: float | None = None, channel: str = "socketio"
    ) -> Conversation:
        return Conversation(
            sender_id or uuid.uuid4().hex, clock=at if at is not None else time.time() - 3600, channel=channel
        )

    def add(self, *conversations: Conversation) -> TrackerStore:
        for conversation in conversations:
            self.pending.extend(row_for(conversation.sender_id, e) for e in conversation.events)
            conversation.events = []
        return self

    def flush(self, connection: Connection | None = None) -> int:
        rows, self.pending = self.pending, []
        if not rows:
            return 0
        if connection is not None:
            connection.execute(insert(EVENTS_TABLE), rows)
        else:
            with self.engine.begin() as conn:
                conn.execute(insert(EVENTS_TABLE), rows)
        return len(rows)
