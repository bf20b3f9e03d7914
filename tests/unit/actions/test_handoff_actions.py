"""Fire escalation, requests for a person, repeated fallbacks."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ConversationPaused

from actions.handoff import ActionEscalateFire, ActionHandleFallback, ActionRequestHuman
from bot.core.db import session_scope
from bot.escalation.handoffs import list_handoffs
from tests.unit.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("app_database")


def stored(conversation_id="test-conversation"):
    with session_scope() as session:
        return [
            (h.reason, h.priority, h.status, h.model_number, h.injury_mentioned, h.damage_mentioned)
            for h in list_handoffs(session=session, conversation_id=conversation_id)
        ]


async def test_fire_opens_one_urgent_handoff_and_pauses(dispatcher, domain):
    tracker = make_tracker(
        intent="report_fire",
        text="it burned my hand and scorched the desk",
        slots={"model_number": "A1263"},
        fire_signal={"kind": "burn_injury", "injury": True, "damage": True},
    )
    events = await ActionEscalateFire().run(dispatcher, tracker, domain)
    assert ConversationPaused() in events
    await ActionEscalateFire().run(dispatcher, tracker, domain)  # delivered twice
    assert stored() == [("fire", "urgent", "waiting", "A1263", True, True)]


async def test_human_request_then_fire_upgrades_the_same_handoff(dispatcher, domain):
    await ActionRequestHuman().run(dispatcher, make_tracker(intent="request_human"), domain)
    assert stored() == [("human_request", "normal", "waiting", None, False, False)]
    await ActionEscalateFire().run(dispatcher, make_tracker(intent="report_fire", text="now it's smoking"), domain)
    assert stored() == [("fire", "urgent", "waiting", None, False, False)]


def fallback_events(count):
    events = [{"event": "user", "text": "hm", "parse_data": {"intent": {"name": "greet"}}}]
    events += [{"event": "user", "text": "blorp", "parse_data": {"intent": {"name": "nlu_fallback"}}}] * count
    return events


@pytest.mark.parametrize(("misses", "expected"), [(1, "say it another way"), (2, "talk to a person"), (3, "connecting you")])
async def test_fallbacks_escalate_step_by_step(dispatcher, domain, misses, expected):
    tracker = make_tracker(intent="nlu_fallback", events=fallback_events(misses))
    events = await ActionHandleFallback().run(dispatcher, tracker, domain)
    assert expected in dispatcher.messages[0]["text"]
    assert (ConversationPaused() in events) is (misses >= 3)
    assert bool(stored()) is (misses >= 3)


async def test_fire_with_the_database_down_still_alerts_the_safety_team(dispatcher, domain, monkeypatch, alert_receiver):
    from bot.core import db
    from bot.core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/unreachable")
    monkeypatch.setenv("ALERT_WEBHOOK_URL", alert_receiver.url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._session_factory.cache_clear()
    alert_receiver.bodies.clear()
    tracker = make_tracker(intent="report_fire", text="my A1263 is on fire", slots={"model_number": "A1263"})
    try:
        events = await ActionEscalateFire().run(dispatcher, tracker, domain)
    finally:
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        db._session_factory.cache_clear()
    assert ConversationPaused() in events
    [alert] = alert_receiver.bodies
    assert alert["recorded"] is False and "NOT YET IN THE AGENTS' QUEUE" in alert["text"]
    assert (alert["handoff"]["conversation_id"], alert["handoff"]["model_number"]) == ("test-conversation", "A1263")


async def test_a_remedy_named_after_the_offer_goes_ahead_whatever_the_classifier_said(dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", text="Yeah, to be safe I'll take a replacment",
                           slots={"return_offered": True, "recall_status": "affected"})
    events = await ActionHandleFallback().run(dispatcher, tracker, domain)
    assert {"event": "slot", "name": "remedy", "value": "replacement", "timestamp": None} in events
    assert events[-1]["name"] == "return_form" and not dispatcher.messages


async def test_an_unclear_message_that_names_a_unit_starts_the_check(dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", text="my grandson gave me one of those magnetic yokes, the 633 one",
                           unit_details={"models": [{"value": "A1652", "candidates": []}], "dates": []})
    events = await ActionHandleFallback().run(dispatcher, tracker, domain)
    assert events[-1]["name"] == "recall_form" and not dispatcher.messages


async def test_an_unclear_message_that_asks_for_a_language_says_it_is_switched_and_asks_what_next(dispatcher, domain):
    text = "Hello, I'd like to check the power bank recall... ach, kann ich auch einfach auf Deutsch schreiben?"
    tracker = make_tracker(intent="nlu_fallback", text=text, slots={"language": "de"})
    assert await ActionHandleFallback().run(dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_language_changed", "utter_what_next"]


# ---- attacks: a flood of fire reports from fresh conversation ids --------------------------


def web_origin(address):
    """The origin the REST/socket.io gate puts into a message's metadata for this address."""
    from bot.channels.limits import Limits
    from bot.channels.rest_socketio import MessageGate

    return MessageGate(Limits()).origin_of(address)


@pytest.fixture
def alerts(alert_receiver, monkeypatch):
    from bot.core.settings import get_settings

    monkeypatch.setenv("ALERT_WEBHOOK_URL", alert_receiver.url)
    get_settings.cache_clear()
    alert_receiver.bodies.clear()
    yield alert_receiver
    alert_receiver.bodies.clear()
    get_settings.cache_clear()


async def report_fires(dispatcher, domain, origins):
    """One fire report per fresh conversation id, each from the given origin."""
    for n, origin in enumerate(origins):
        tracker = make_tracker(
            intent="report_fire", text="my power bank is on fire", sender_id=f"flood-{n}",
            metadata={"origin": origin}, fire_signal={"kind": "fire"},
        )
        assert await ActionEscalateFire().run(dispatcher, tracker, domain) == [ConversationPaused()]
    assert dispatcher.messages == []  # nothing said in place of the policy's safety answer


def fire_handoffs():
    with session_scope() as session:
        return [(h.conversation_id, h.reason, h.priority, h.status) for h in list_handoffs(session=session)]


async def test_attack_fifty_fire_reports_from_one_address_page_at_most_the_cap(dispatcher, domain, alerts):
    await report_fires(dispatcher, domain, [web_origin("203.0.113.7")] * 50)
    individual = [b for b in alerts.bodies if "handoff" in b]
    summaries = [b for b in alerts.bodies if "summary" in b]
    assert len(individual) == 3  # URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR
    assert len(summaries) == 1 and "open the console" in summaries[0]["text"]
    # Safety first: every report is recorded, urgent, in the agents' queue.
    assert sorted(fire_handoffs()) == sorted((f"flood-{n}", "fire", "urgent", "waiting") for n in range(50))


async def test_attack_fifty_fire_reports_from_fifty_addresses_hit_the_total_cap(dispatcher, domain, alerts):
    await report_fires(dispatcher, domain, [web_origin(f"198.51.100.{n}") for n in range(50)])
    individual = [b for b in alerts.bodies if "handoff" in b]
    summaries = [b for b in alerts.bodies if "summary" in b]
    assert len(individual) == 10  # ALERTS_PER_MINUTE (URGENT_HANDOFFS_PER_MINUTE is 20)
    assert len(summaries) == 1
    assert len(fire_handoffs()) == 50


async def test_attack_a_forged_origin_does_not_escape_the_cap(dispatcher, domain, alerts, monkeypatch):
    """A client that sends its own `origin` per message gets its conversation id as origin."""
    monkeypatch.setenv("URGENT_HANDOFFS_PER_MINUTE", "5")
    from bot.core.settings import get_settings

    get_settings.cache_clear()
    await report_fires(dispatcher, domain, [f"ip-forged{n}" for n in range(12)])
    assert len([b for b in alerts.bodies if "handoff" in b]) == 5
    assert len(fire_handoffs()) == 12
