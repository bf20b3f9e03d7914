"""The fire-report safety net, on real rows in a SQLite `events` table in Rasa's format."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import socket
import threading
import time
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.core.db import init_db, make_engine
from bot.core.models import Handoff, utcnow
from bot.core.settings import load_settings
from bot.escalation import reconcile
from bot.escalation.handoffs import HandoffRequest, HandoffStatus, Reason, UnitContext, finish, open_handoff

# The columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6).
EVENTS_DDL = """
CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)
"""


@pytest.fixture
def engine(tmp_path):
    reconcile.reset_checkpoints()
    engine = make_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    init_db(engine)
    yield engine
    engine.dispose()
    reconcile.reset_checkpoints()


@pytest.fixture
def events(engine):
    with engine.begin() as connection:
        connection.execute(text(EVENTS_DDL))
    return EventWriter(engine)


@pytest.fixture
def settings():
    return load_settings({"ALERT_WEBHOOK_URL": ""})


class EventWriter:
    """Writes rows the way SQLTrackerStore.save does (data = event.as_dict() as JSON)."""

    def __init__(self, engine):
        self.engine = engine

    def _insert(self, sender_id, type_name, data, *, intent=None, action=None, connection=None):
        if connection is None:
            with self.engine.begin() as connection:
                return self._insert(
                    sender_id, type_name, data, intent=intent, action=action, connection=connection
                )
        connection.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (:s, :t, :ts, :i, :a, :d)"
            ),
            {
                "s": sender_id,
                "t": type_name,
                "ts": data.get("timestamp"),
                "i": intent,
                "a": action,
                "d": json.dumps(data),
            },
        )

    def user(
        self, sender_id, text_, *, intent="report_fire", fire_signal=None, channel="socketio", timestamp=None,
        metadata=None,
    ):
        parse_data = {
            "intent": {"name": intent, "confidence": 0.98},
            "entities": [],
            "text": text_,
            "message_id": uuid.uuid4().hex,
            "metadata": metadata or {},
            "intent_ranking": [{"name": intent, "confidence": 0.98}],
        }
        if fire_signal is not None:
            parse_data["fire_signal"] = fire_signal
        data = {
            "event": "user",
            "timestamp": timestamp or time.time(),
            "metadata": metadata or {},
            "text": text_,
            "parse_data": parse_data,
            "input_channel": channel,
            "message_id": parse_data["message_id"],
        }
        self._insert(sender_id, "user", data, intent=intent)

    def slot(self, sender_id, name, value):
        data = {"event": "slot", "timestamp": time.time(), "name": name, "value": value}
        self._insert(sender_id, "slot", data, action=name)

    def action(self, sender_id, name, connection=None):
        data = {"event": "action", "timestamp": time.time(), "name": name, "policy": None, "confidence": 1.0}
        self._insert(sender_id, "action", data, action=name, connection=connection)


def run(engine, settings, now=None):
    with Session(engine, future=True) as session:
        opened = reconcile.reconcile_fire_reports(session=session, now=now, settings=settings)
        session.commit()
        return [(h.id, h.conversation_id) for h in opened]


def all_handoffs(engine):
    with Session(engine, future=True) as session:
        return list(session.execute(select(Handoff).order_by(Handoff.id)).scalars())


def test_nothing_happens_without_an_events_table(engine, settings):
    assert run(engine, settings) == []
    assert all_handoffs(engine) == []


def test_a_fire_report_without_a_handoff_gets_one(events, engine, settings):
    events.user("c1", "hi", intent="greet")
    events.slot("c1", "model_number", "A1263")
    events.slot("c1", "recall_status", "affected")
    events.user(
        "c1",
        "my power bank caught fire and burned my hand, the sofa is scorched",
        fire_signal={"kind": "fire", "injury": True, "damage": True},
        channel="telegram",
    )
    events.action("c1", "utter_fire_safety")
    opened = run(engine, settings)
    assert len(opened) == 1
    (handoff,) = all_handoffs(engine)
    assert handoff.conversation_id == "c1"
    assert handoff.reason == Reason.FIRE.value
    assert handoff.priority == "urgent"
    assert handoff.status == HandoffStatus.WAITING.value
    assert handoff.channel == "telegram"
    assert handoff.customer_message.startswith("my power bank caught fire")
    assert handoff.injury_mentioned and handoff.damage_mentioned
    assert handoff.model_number == "A1263"
    assert handoff.recall_status == "affected"
    assert handoff.alert_status == "not_configured"
    # The next runs (incremental, and a full one after a restart) find it covered.
    assert run(engine, settings) == []
    reconcile.reset_checkpoints()
    assert run(engine, settings) == []
    assert len(all_handoffs(engine)) == 1


def test_a_report_whose_action_wrote_the_handoff_is_left_alone(events, engine, settings):
    events.user("c2", "smoke is coming out of it")
    with Session(engine, future=True) as session:
        open_handoff(session, HandoffRequest(conversation_id="c2", reason=Reason.FIRE, channel="socketio"))
        session.commit()
    assert run(engine, settings) == []
    assert len(all_handoffs(engine)) == 1


def test_the_fire_signal_alone_counts(events, engine, settings):
    events.user(
        "c3", "it went pop and there were sparks", intent="nlu_fallback", fire_signal={"kind": "sparks"}
    )
    events.user("c4", "it is a bit warm", intent="report_overheating")
    events.user("c5", "hello", intent="greet")
    opened = run(engine, settings)
    assert [conversation for _, conversation in opened] == ["c3"]


def test_a_name_or_an_address_the_classifier_alone_took_for_a_fire_is_not_one(events, engine, settings):
    """As the fire policy lets them pass in the return form (bot.understanding.form_answers.reads_as_detail)."""
    events.user("c6", "Seamus Gallagher", intent="report_fire")
    events.user("c7", "Flat 3, 12 Church Lane, Leeds LS6 2AB, United Kingdom", intent="report_fire")
    events.user("c8", "it is really hot now", intent="report_fire")
    opened = run(engine, settings)
    assert [conversation for _, conversation in opened] == ["c8"]


def test_an_open_handoff_is_upgraded_to_fire(events, engine, settings):
    with Session(engine, future=True) as session:
        open_handoff(session, HandoffRequest(conversation_id="c6", reason=Reason.HUMAN_REQUEST))
        session.commit()
    time.sleep(0.01)
    events.user("c6", "while I wait: it is smoking now!")
    opened = run(engine, settings)
    assert len(opened) == 1
    (handoff,) = all_handoffs(engine)
    assert handoff.reason == "fire" and handoff.priority == "urgent"
    assert run(engine, settings) == []


def test_a_new_report_after_a_closed_fire_handoff_opens_another(events, engine, settings):
    events.user("c7", "it caught fire", timestamp=time.time() - 3600)
    with Session(engine, future=True) as session:
        handoff, _ = open_handoff(session, HandoffRequest(conversation_id="c7", reason=Reason.FIRE))
        handoff.created_at = utcnow() - dt.timedelta(minutes=59)
        session.flush()
        finish(
            session=session, handoff_id=handoff.id, agent="ana", hand_back=True, injury=False, damage=False
        )
        handoff.ended_at = utcnow() - dt.timedelta(minutes=30)
        session.commit()
    assert run(engine, settings) == []
    events.user("c7", "it is burning again")
    assert len(run(engine, settings)) == 1
    assert [h.status for h in all_handoffs(engine)] == ["returned", "waiting"]


def test_a_report_made_while_an_upgraded_handoff_was_open_stays_covered(events, engine, settings):
    with Session(engine, future=True) as session:
        handoff, _ = open_handoff(session, HandoffRequest(conversation_id="c8", reason=Reason.HUMAN_REQUEST))
        handoff.created_at = utcnow() - dt.timedelta(hours=1)
        open_handoff(session, HandoffRequest(conversation_id="c8", reason=Reason.FIRE))  # the action upgraded it
        session.flush()
        finish(
            session=session, handoff_id=handoff.id, agent="ana", hand_back=False, injury=False, damage=True
        )
        session.commit()
    events.user("c8", "it caught fire", timestamp=time.time() - 600)
    assert run(engine, settings) == []


def test_later_rows_are_picked_up_after_the_checkpoint(events, engine, settings):
    events.user("c9", "hello", intent="greet")
    assert run(engine, settings) == []
    with engine.begin() as connection:
        for n in range(reconcile.OVERLAP_ROWS + 20):
            events.action("other", f"action_{n}", connection=connection)
    events.user("c9", "FIRE! it exploded")
    assert len(run(engine, settings)) == 1


def test_old_history_is_not_an_emergency(events, engine, settings):
    events.user("c10", "it caught fire", timestamp=time.time() - 30 * 24 * 3600)
    assert run(engine, settings) == []


def test_only_the_latest_report_of_a_conversation_counts(events, engine, settings):
    events.user("c11", "smoke!")
    events.user("c11", "now there are flames", fire_signal={"injury": False, "damage": True})
    opened = run(engine, settings)
    assert len(opened) == 1
    (handoff,) = all_handoffs(engine)
    assert handoff.customer_message == "now there are flames"
    assert handoff.damage_mentioned and not handoff.injury_mentioned


class _Webhook(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - the stdlib's name
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_alert_is_sent_for_an_opened_handoff(events, engine):
    _Webhook.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        settings = load_settings({"ALERT_WEBHOOK_URL": url, "CONSOLE_URL": "http://console.test"})
        events.user("c12", "it is on fire", channel="facebook")
        run(engine, settings)
    finally:
        server.shutdown()
        server.server_close()
    (handoff,) = all_handoffs(engine)
    assert handoff.alert_status == "sent"
    (payload,) = _Webhook.received
    assert payload["handoff"]["conversation_id"] == "c12"
    assert "http://console.test/agent" in payload["text"]


def test_a_failed_alert_is_recorded(events, engine, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = load_settings({"ALERT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook"})
    events.user("c13", "it is on fire")
    run(engine, settings)
    (handoff,) = all_handoffs(engine)
    assert handoff.alert_status == "failed"


def test_unit_context_fills_in(engine, events, settings):
    events.slot("c14", "model_number", "A1647")
    events.slot("c14", "manufacture_date", "2023-05")
    events.slot("c14", "model_number", None)
    events.slot("c14", "model_number", "A1652")
    events.user("c14", "melted and smoking")
    run(engine, settings)
    (handoff,) = all_handoffs(engine)
    assert handoff.model_number == "A1652"
    assert handoff.manufacture_date == "2023-05"
    assert UnitContext() == UnitContext()


def test_a_flood_of_missed_reports_is_recorded_and_pages_within_the_caps(events, engine, alert_receiver):
    from bot.escalation.escalate import origin_for_address

    settings = load_settings({"ALERT_WEBHOOK_URL": alert_receiver.url, "SECRET_KEY": "reconcile-key"})
    origin = origin_for_address("203.0.113.7", "reconcile-key")
    for n in range(12):
        events.user(f"flood-{n}", "it is on fire", channel="rest", metadata={"origin": origin})
    alert_receiver.bodies.clear()
    assert len(run(engine, settings)) == 12
    handoffs = all_handoffs(engine)
    assert [(h.priority, h.origin) for h in handoffs] == [("urgent", origin)] * 12
    # URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR
    assert len([b for b in alert_receiver.bodies if "handoff" in b]) == 3
    assert len([b for b in alert_receiver.bodies if "summary" in b]) == 1
    alert_receiver.bodies.clear()
