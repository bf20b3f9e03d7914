"""Fire reports: safety first, an urgent handoff, the bot silent until handed back."""

from __future__ import annotations

import time

import pytest

from tests.e2e.chat import handoffs, new_sender, say, slots, texts, tracker, wait_for

pytestmark = pytest.mark.e2e

SAFETY_WORDS = ("emergency number", "stop using", "household rubbish")


def assert_safety_answer(reply: str) -> None:
    for words in SAFETY_WORDS:
        assert words in reply, f"missing {words!r} in {reply!r}"


@pytest.mark.parametrize(
    "message",
    [
        "my power bank caught fire last night",
        "it caugth fire while charging!!",
        "there is smoke comming out of my anker battery",
        "It left a black scorch mark on my desk and the case is melted",
        "the powerbank exploded and burned my hand",
        "Hi, I'd like a refund for my A1263, it was bought in 2018. Also it started smoking yesterday when I plugged it in, is that normal?",
    ],
)
def test_fire_report_gets_safety_answer_and_urgent_handoff(stack, message):
    sender = new_sender("fire")
    started = time.monotonic()
    reply = texts(say(stack, sender, message))
    assert_safety_answer(reply)
    found = wait_for(lambda: handoffs(stack, sender))
    elapsed = time.monotonic() - started
    assert found[0]["reason"] == "fire" and found[0]["priority"] == "urgent"
    assert tracker(stack, sender)["paused"] is True
    print(f"fire report to urgent handoff via API: {elapsed * 1000:.0f} ms")


def test_bot_stays_silent_while_paused(stack):
    sender = new_sender("fire")
    say(stack, sender, "it burst into flames")
    assert say(stack, sender, "hello? is anyone there") == []
    events = tracker(stack, sender)["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    assert events[last_user]["text"] == "hello? is anyone there"  # recorded...
    assert not any(e["event"] == "bot" for e in events[last_user:])  # ...not answered


def test_fire_report_in_the_middle_of_the_form(stack):
    sender = new_sender("fire")
    say(stack, sender, "is my A1263 recalled?")
    reply = texts(say(stack, sender, "wait, it's smoking right now"))
    assert_safety_answer(reply)
    state = tracker(stack, sender)
    assert state["paused"] is True
    assert state["active_loop"] in ({}, None) or not state["active_loop"].get("name")
    handoff = wait_for(lambda: handoffs(stack, sender))[0]
    assert handoff["priority"] == "urgent"


def test_urgent_handoff_posts_the_alert_webhook(stack):
    sender = new_sender("fire")
    stack.alerts.event.clear()
    say(stack, sender, "my charger melted and set the carpet on fire")
    wait_for(lambda: any(b.get("handoff", {}).get("conversation_id") == sender for b in stack.alerts.bodies))


@pytest.mark.parametrize(
    "message",
    ["is the Amazon Fire tablet part of this recall?", "my power bank gets hot when charging"],
)
def test_look_alikes_are_not_escalated(stack, message):
    sender = new_sender("notfire")
    reply = texts(say(stack, sender, message))
    assert "emergency number" not in reply
    assert not tracker(stack, sender)["paused"]
    assert handoffs(stack, sender) == []


def test_human_request_opens_a_normal_handoff(stack):
    sender = new_sender("human")
    reply = texts(say(stack, sender, "I want to talk to a real person"))
    assert "connecting you" in reply
    handoff = wait_for(lambda: handoffs(stack, sender))[0]
    assert (handoff["reason"], handoff["priority"]) == ("human_request", "normal")
    assert tracker(stack, sender)["paused"] is True


def test_fire_report_with_the_action_server_down(stack):
    sender = new_sender("fire-down")
    say(stack, sender, "is my A1263 recalled?")
    stack.stop_service("actions")
    try:
        reply = texts(say(stack, sender, "omg it just caught fire"))
        assert_safety_answer(reply)
        assert tracker(stack, sender)["paused"] is True
    finally:
        stack.start_service("actions")
    handoff = wait_for(lambda: handoffs(stack, sender), timeout=30)[0]
    assert (handoff["reason"], handoff["priority"]) == ("fire", "urgent")
    assert slots(stack, sender)["model_number"] == "A1263"
