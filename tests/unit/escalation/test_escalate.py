"""bot.escalation.escalate: every report gets its handoff; paging stays within the flood caps.

Alerts go to a real local HTTP server (the `alert_receiver` fixture); every count is
read from the database, so two engines (two processes) share the caps.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.core.db import make_engine
from bot.core.models import Handoff
from bot.core.settings import load_settings
from bot.escalation import escalate as escalation
from bot.escalation.alerts import AlertStatus
from bot.escalation.escalate import escalate, origin_for, origin_for_address, retry_alert, send_held_summary
from bot.escalation.handoffs import HandoffRequest, Reason, open_handoff, queue

T0 = dt.datetime(2030, 1, 1, 12, 0)
KEY = "test-secret-key"


@pytest.fixture
def alerts(alert_receiver):
    alert_receiver.bodies.clear()
    yield alert_receiver
    alert_receiver.bodies.clear()


def settings_for(alerts, **caps):
    env = {"ALERT_WEBHOOK_URL": alerts.url, "CONSOLE_URL": "http://console.test", "SECRET_KEY": KEY}
    env.update({name.upper(): str(value) for name, value in caps.items()})
    return load_settings(env)


def fire(session, settings, conversation_id, *, origin="ip-a", now=T0):
    return escalate(
        session,
        HandoffRequest(
            conversation_id=conversation_id,
            reason=Reason.FIRE,
            channel="rest",
            customer_message="it is on fire",
            origin=origin,
        ),
        settings=settings,
        now=now,
    )


def individual(alerts):
    return [b for b in alerts.bodies if "handoff" in b]


def summaries(alerts):
    return [b for b in alerts.bodies if "summary" in b]


def test_within_the_caps_each_fire_pages(session, alerts):
    settings = settings_for(alerts)
    done = [fire(session, settings, f"c{n}", origin=f"ip-{n}") for n in range(3)]
    assert [d.alert_status for d in done] == ["sent"] * 3 and not any(d.held for d in done)
    assert len(individual(alerts)) == 3 and summaries(alerts) == []


def test_over_the_origin_cap_the_handoff_is_held_not_lost(session, alerts):
    settings = settings_for(alerts, urgent_handoffs_per_origin_per_hour=2)
    done = [fire(session, settings, f"c{n}", now=T0 + dt.timedelta(seconds=n)) for n in range(4)]
    assert [d.alert_status for d in done] == ["sent", "sent", "summarised", "held"]
    assert len(individual(alerts)) == 2
    (summary,) = summaries(alerts)  # the first held one went out at once, in a summary
    assert summary["summary"] == {"held": 1, "minutes": 1, "origins": 1}
    assert "1 more fire report held" in summary["text"] and "http://console.test/agent" in summary["text"]
    # Safety first: all four are urgent fire handoffs in the agents' queue.
    assert sorted((h.conversation_id, h.priority) for h in queue(session=session)) == [
        (f"c{n}", "urgent") for n in range(4)
    ]
    # Another origin still pages; an hour later this one does again.
    assert fire(session, settings, "other", origin="ip-b").alert_status == "sent"
    assert fire(session, settings, "later", now=T0 + dt.timedelta(minutes=61)).alert_status == "sent"


def test_over_the_total_cap_one_summary_per_window(session, alerts):
    settings = settings_for(
        alerts, urgent_handoffs_per_minute=3, alerts_per_minute=100, alert_summary_minutes=5
    )
    done = [fire(session, settings, f"c{n}", origin=f"ip-{n}") for n in range(10)]
    assert sum(not d.held for d in done) == 3
    assert len(individual(alerts)) == 3 and len(summaries(alerts)) == 1
    # The background worker within the window: nothing; after it: one summary of the rest.
    assert send_held_summary(session=session, settings=settings, now=T0 + dt.timedelta(minutes=2)) == 0
    assert send_held_summary(session=session, settings=settings, now=T0 + dt.timedelta(minutes=6)) == 6
    assert summaries(alerts)[-1]["summary"] == {"held": 6, "minutes": 6, "origins": 6}
    assert (
        send_held_summary(session=session, settings=settings, now=T0 + dt.timedelta(minutes=12)) == 0
    )  # recorded
    assert len(summaries(alerts)) == 2
    statuses = session.execute(select(Handoff.alert_status)).scalars().all()
    assert sorted(statuses) == ["sent"] * 3 + ["summarised"] * 7


def test_the_alert_rate_holds_even_within_the_handoff_caps(session, alerts):
    settings = settings_for(alerts, alerts_per_minute=2)
    done = [fire(session, settings, f"c{n}", origin=f"ip-{n}") for n in range(5)]
    assert [d.alert_status for d in done] == ["sent", "sent", "summarised", "held", "held"]
    # A minute later the rate has room again.
    assert (
        fire(session, settings, "next", origin="ip-x", now=T0 + dt.timedelta(seconds=61)).alert_status
        == "sent"
    )


def test_an_upgrade_to_fire_is_a_new_urgent_handoff(session, alerts):
    """Opening normal handoffs first and upgrading them later doesn't escape the caps."""
    settings = settings_for(alerts, urgent_handoffs_per_origin_per_hour=1)
    for n in range(3):
        escalate(
            session,
            HandoffRequest(conversation_id=f"c{n}", reason=Reason.HUMAN_REQUEST, origin="ip-a"),
            settings=settings,
            now=T0 - dt.timedelta(hours=3),
        )
    assert alerts.bodies == []  # a request for a person pages nobody
    done = [fire(session, settings, f"c{n}") for n in range(3)]
    assert [d.created for d in done] == [False] * 3
    assert [d.alert_status for d in done] == ["sent", "summarised", "held"]


def test_a_report_delivered_twice_pages_once(session, alerts):
    settings = settings_for(alerts)
    first, again = fire(session, settings, "c1"), fire(session, settings, "c1")
    assert first.created and not again.created and again.handoff.id == first.handoff.id
    assert len(individual(alerts)) == 1


def test_without_a_webhook_nothing_is_held(session):
    settings = load_settings({"URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR": "0"})
    assert fire(session, settings, "c1").alert_status == "not_configured"


def test_the_caps_hold_across_processes(database_url, session, alerts):
    """Two action servers, each with its own engine: the database counts for both."""
    settings = settings_for(alerts, urgent_handoffs_per_origin_per_hour=2)
    engines = [make_engine(database_url), make_engine(database_url)]
    try:
        for n in range(6):
            with sessionmaker(bind=engines[n % 2], future=True)() as process:
                fire(process, settings, f"c{n}", now=T0 + dt.timedelta(seconds=n))
    finally:
        for engine in engines:
            engine.dispose()
    assert len(individual(alerts)) == 2 and len(summaries(alerts)) == 1
    assert len(session.execute(select(Handoff.id)).all()) == 6


def test_a_failed_alert_is_retried_within_the_alert_rate(session, alerts):
    settings = settings_for(alerts, alerts_per_minute=1)
    handoff, _ = open_handoff(session, HandoffRequest(conversation_id="c1", reason=Reason.FIRE), now=T0)
    handoff.alert_status = AlertStatus.FAILED.value
    other, _ = open_handoff(session, HandoffRequest(conversation_id="c2", reason=Reason.FIRE), now=T0)
    other.alert_status, other.alerted_at = AlertStatus.SENT.value, T0  # the minute's one alert
    session.commit()
    assert retry_alert(session=session, handoff=handoff, settings=settings, now=T0) is AlertStatus.FAILED
    assert alerts.bodies == []
    later = T0 + dt.timedelta(seconds=61)
    assert retry_alert(session=session, handoff=handoff, settings=settings, now=later) is AlertStatus.SENT
    assert [b["handoff"]["conversation_id"] for b in alerts.bodies] == ["c1"]


def test_a_failed_summary_is_tried_again_in_the_next_window(session, alerts):
    settings = settings_for(alerts, urgent_handoffs_per_minute=0)
    broken = load_settings(
        {"ALERT_WEBHOOK_URL": "http://127.0.0.1:9/nobody", "URGENT_HANDOFFS_PER_MINUTE": "0"}
    )
    assert fire(session, broken, "c1").alert_status == "held"  # its summary failed
    assert send_held_summary(session=session, settings=settings, now=T0 + dt.timedelta(minutes=1)) == 0
    assert send_held_summary(session=session, settings=settings, now=T0 + dt.timedelta(minutes=6)) == 1
    assert summaries(alerts)[0]["summary"]["held"] == 1


def test_unrecorded_fire_alerts_are_capped_in_the_process(alerts, monkeypatch):
    """The database is down: the process counts, and the next alert says how many it held."""
    monkeypatch.setattr(escalation, "_unrecorded_posts", escalation.collections.deque())
    monkeypatch.setattr(escalation, "_unrecorded_skipped", 0)
    settings = settings_for(alerts, alerts_per_minute=2)
    statuses = [
        escalation.alert_unrecorded(HandoffRequest(conversation_id=f"c{n}", reason=Reason.FIRE), settings=settings)
        for n in range(5)
    ]
    assert statuses == ["sent", "sent", "held", "held", "held"]
    assert [b["recorded"] for b in alerts.bodies] == [False, False]
    escalation._unrecorded_posts.clear()  # a minute later
    assert escalation.alert_unrecorded(HandoffRequest(conversation_id="c9", reason=Reason.FIRE), settings=settings) == "sent"
    assert "3 more unrecorded fire reports" in alerts.bodies[-1]["text"]


# -- origins ------------------------------------------------------------------------


def test_an_address_origin_is_keyed_sealed_and_never_the_address():
    origin = origin_for_address("203.0.113.7", KEY)
    assert origin == origin_for_address("203.0.113.7", KEY) != origin_for_address("203.0.113.8", KEY)
    assert "203.0.113" not in origin and len(origin) <= 64
    assert origin != origin_for_address("203.0.113.7", "another-key")
    # One IPv6 subscriber (a /64) is one origin, however many addresses it uses.
    assert origin_for_address("2001:db8:1:2::1", KEY) == origin_for_address("2001:db8:1:2:ffff::9", KEY)
    assert origin_for_address("2001:db8:1:2::1", KEY) != origin_for_address("2001:db8:1:3::1", KEY)
    assert origin_for_address(None, KEY) is None


@pytest.mark.parametrize("claimed", [None, "", "ip-abc", "ip-abc.def", 42, {"x": 1}, "cv-whatever"])
def test_a_made_up_origin_counts_as_the_conversation(claimed):
    assert origin_for(conversation_id="conv-1", claimed=claimed, secret_key=KEY) == origin_for(
        conversation_id="conv-1", claimed=None, secret_key=KEY
    )
    assert origin_for(conversation_id="conv-1", claimed=None, secret_key=KEY).startswith("cv-")
    assert "conv-1" not in origin_for(conversation_id="conv-1", claimed=None, secret_key=KEY)


def test_a_sealed_origin_is_taken():
    sealed = origin_for_address("198.51.100.4", KEY)
    assert origin_for(conversation_id="any", claimed=sealed, secret_key=KEY) == sealed
    assert origin_for(conversation_id="any", claimed=sealed, secret_key="other-key").startswith("cv-")


async def test_the_gate_stamps_the_origin_and_still_admits_every_fire_report(monkeypatch):
    from bot.channels.limits import Limits
    from bot.channels.rest_socketio import MessageGate
    from bot.core.settings import get_settings

    monkeypatch.setenv("SECRET_KEY", KEY)
    get_settings.cache_clear()
    try:
        gate = MessageGate(
            Limits(sender_rate_per_minute=60, sender_burst=1, ip_rate_per_minute=60, ip_burst=1)
        )
        stamped = gate.with_origin({"origin": "ip-forged", "lang": "en"}, "203.0.113.7")
        assert stamped == {"lang": "en", "origin": origin_for_address("203.0.113.7", KEY)}
        assert gate.with_origin({"origin": "ip-forged"}, None) == {}
        # 50 fire reports from one address and fresh ids: every one reaches Rasa (the safety answer).
        for n in range(50):
            text = await gate.admit(
                sender=f"flood-{n}", text="my power bank is on fire", address="203.0.113.7"
            )
            assert "fire" in text
    finally:
        get_settings.cache_clear()


def test_reports_at_the_same_moment_do_not_overshoot_the_cap(database_url, session, alerts):
    """Ten processes deciding at once: the lock makes them count one after another."""
    import threading

    settings = settings_for(alerts, urgent_handoffs_per_origin_per_hour=3)
    engine = make_engine(database_url, pool_size=10)
    start = threading.Barrier(10)
    errors: list[BaseException] = []

    def report(n: int) -> None:
        try:
            with sessionmaker(bind=engine, future=True)() as process:
                start.wait()
                fire(process, settings, f"c{n}")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=report, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert errors == []
    assert len(individual(alerts)) == 3 and len(summaries(alerts)) == 1
    assert len(session.execute(select(Handoff.id)).all()) == 10
