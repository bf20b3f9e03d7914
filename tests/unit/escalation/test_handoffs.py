"""Handoff service: idempotent open, queue order, claim, hand back, close."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.escalation.handoffs import HandoffError, HandoffRequest, Reason, claim, finish, open_handoff, queue


def test_queue_is_urgent_first_then_longest_waiting(session):
    early, _ = open_handoff(session, HandoffRequest(conversation_id="a", reason=Reason.HUMAN_REQUEST))
    early.created_at -= dt.timedelta(minutes=10)
    later, _ = open_handoff(session, HandoffRequest(conversation_id="b", reason=Reason.FALLBACK))
    fire, _ = open_handoff(session, HandoffRequest(conversation_id="c", reason=Reason.FIRE))
    assert [h.conversation_id for h in queue(session=session)] == ["c", "a", "b"]
    assert fire.priority == "urgent" and later.priority == "normal"


def test_one_open_handoff_per_conversation_upgraded_by_a_fire(session):
    first, created = open_handoff(session, HandoffRequest(conversation_id="a", reason=Reason.HUMAN_REQUEST))
    same, created_again = open_handoff(session, HandoffRequest(conversation_id="a", reason=Reason.FIRE, injury=True))
    assert created and not created_again and same.id == first.id
    assert (same.reason, same.priority, same.injury_mentioned) == ("fire", "urgent", True)


def test_claim_and_finish(session):
    handoff, _ = open_handoff(session, HandoffRequest(conversation_id="a", reason=Reason.FIRE))
    claim(session=session, handoff_id=handoff.id, agent="ann")
    with pytest.raises(HandoffError):
        claim(session=session, handoff_id=handoff.id, agent="bob")
    with pytest.raises(HandoffError):
        finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=True)  # fire needs the outcome
    finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=True, note="unit cooled", injury=False, damage=True)
    assert (handoff.status, handoff.outcome_damage) == ("returned", True)
    with pytest.raises(HandoffError):
        finish(session=session, handoff_id=handoff.id, agent="ann", hand_back=False)
    reopened, created = open_handoff(session, HandoffRequest(conversation_id="a", reason=Reason.HUMAN_REQUEST))
    assert created and reopened.id != handoff.id


def test_two_processes_opening_at_once_make_one_handoff(database_url, session):
    """The action, the events consumer and any console's reconciler may all open it."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import sessionmaker

    from bot.core.db import make_engine
    from bot.core.models import Handoff

    engine = make_engine(database_url)
    first = sessionmaker(bind=engine, future=True)()
    second = sessionmaker(bind=engine, future=True)()
    try:
        mine, created = open_handoff(first, HandoffRequest(conversation_id="x", reason=Reason.HUMAN_REQUEST))
        first.commit()  # the other process saw no open handoff before this commit...
        theirs, created_too = _insert_as_if_unseen(second, "x")
        second.commit()
        assert created and not created_too and theirs.id == mine.id
        assert (theirs.reason, theirs.priority) == ("fire", "urgent")  # ...and upgraded it
        count = session.execute(select(func.count()).select_from(Handoff).where(Handoff.conversation_id == "x"))
        assert count.scalar() == 1
    finally:
        first.close()
        second.close()
        engine.dispose()


def _insert_as_if_unseen(db_session, conversation_id):
    """open_handoff in a process whose first look came before the other's commit."""
    from unittest import mock

    import bot.escalation.handoffs as handoffs

    real_look = handoffs._open_handoff_of
    looks = []

    def look(s, cid):
        looks.append(cid)
        return None if len(looks) == 1 else real_look(s, cid)

    with mock.patch.object(handoffs, "_open_handoff_of", side_effect=look):
        return open_handoff(db_session, HandoffRequest(conversation_id=conversation_id, reason=Reason.FIRE))


def test_two_agents_claiming_at_once_one_wins(database_url, session):
    """Both read `waiting` before either writes: the database, not the last writer, decides."""
    from sqlalchemy.orm import sessionmaker

    from bot.core.db import make_engine

    handoff, _ = open_handoff(session, HandoffRequest(conversation_id="race", reason=Reason.HUMAN_REQUEST))
    session.commit()
    engine = make_engine(database_url)
    ana_db, ben_db = sessionmaker(bind=engine, future=True)(), sessionmaker(bind=engine, future=True)()
    try:
        from bot.escalation.handoffs import get_handoff

        ana_view = get_handoff(session=ana_db, handoff_id=handoff.id)
        ben_view = get_handoff(session=ben_db, handoff_id=handoff.id)  # kept: ben's page still says waiting
        assert (ana_view.status, ben_view.status) == ("waiting", "waiting")
        claim(session=ana_db, handoff_id=handoff.id, agent="ana")
        ana_db.commit()
        with pytest.raises(HandoffError):
            claim(session=ben_db, handoff_id=handoff.id, agent="ben")
        ben_db.rollback()
        assert claim(session=ana_db, handoff_id=handoff.id, agent="ana").agent_username == "ana"  # hers still
    finally:
        ana_db.close()
        ben_db.close()
        engine.dispose()
