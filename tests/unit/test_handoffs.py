"""Handoff service: idempotent open, queue order, claim, hand back, close."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.handoffs import HandoffError, Reason, claim, finish, open_handoff, queue


def test_queue_is_urgent_first_then_longest_waiting(session):
    early, _ = open_handoff(session=session, conversation_id="a", reason=Reason.HUMAN_REQUEST)
    early.created_at -= dt.timedelta(minutes=10)
    later, _ = open_handoff(session=session, conversation_id="b", reason=Reason.FALLBACK)
    fire, _ = open_handoff(session=session, conversation_id="c", reason=Reason.FIRE)
    assert [h.conversation_id for h in queue(session=session)] == ["c", "a", "b"]
    assert fire.priority == "urgent" and later.priority == "normal"


def test_one_open_handoff_per_conversation_upgraded_by_a_fire(session):
    first, created = open_handoff(session=session, conversation_id="a", reason=Reason.HUMAN_REQUEST)
    same, created_again = open_handoff(session=session, conversation_id="a", reason=Reason.FIRE, injury=True)
    assert created and not created_again and same.id == first.id
    assert (same.reason, same.priority, same.injury_mentioned) == ("fire", "urgent", True)


def test_claim_and_finish(session):
    handoff, _ = open_handoff(session=session, conversation_id="a", reason=Reason.FIRE)
    claim(session=session, handoff_id=handoff.id, agent="ann")
    with pytest.raises(HandoffError):
        claim(session=session, handoff_id=handoff.id, agent="bob")
    with pytest.raises(HandoffError):
        finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=True)  # fire needs the outcome
    finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=True, note="unit cooled", injury=False, damage=True)
    assert (handoff.status, handoff.outcome_damage) == ("returned", True)
    with pytest.raises(HandoffError):
        finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=False)
    reopened, created = open_handoff(session=session, conversation_id="a", reason=Reason.HUMAN_REQUEST)
    assert created and reopened.id != handoff.id
