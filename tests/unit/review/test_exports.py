# ruff: noqa: F811  (pytest fixtures imported from test_review_builder)
"""Exports: the list as CSV and JSON Lines, flags as Rasa NLU data, a conversation as a test story."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest

from bot.core.models import ConsoleUser
from bot.core.settings import PROJECT_DIR
from bot.review import marks
from bot.review.export import FIELDS, export_conversations
from bot.review.filters import ReviewFilters
from bot.review.marks import ReviewError
from bot.review.summaries import refresh_summaries
from bot.review.training import MarkupError, annotate, nlu_yaml, parse_markup
from bot.review.transcript import conversation_story

LEAD = ConsoleUser(username="lena", role="lead")
NOW = time.time()


@pytest.fixture
def filled(store, db):
    c = store.conversation
    store.add(
        c("c-affected", at=NOW - 3000)
        .start()
        .check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
        .return_form(),
        c("+15551234567", at=NOW - 2000, channel="twilio").start().fire('=HYPERLINK("http://x") it burns'),
        c("c-fallback", at=NOW - 1000).start().fallback("is my zolo thing ok"),
    ).flush()
    refresh_summaries(session=db)
    marks.save_marks(
        session=db, conversation_id="c-fallback", user=LEAD, reviewed=True, tags=["nlu", "zolo"], notes=""
    )
    db.commit()


def user_event_id(db, conversation_id: str, text: str) -> int:
    from sqlalchemy import select

    from tests.fakes.rasa_events import EVENTS_TABLE as E

    rows = db.execute(
        select(E.c.id, E.c.data).where(E.c.sender_id == conversation_id, E.c.type_name == "user")
    )
    return next(i for i, data in rows if json.loads(data)["text"] == text)


def test_csv_export_of_a_filtered_list(db, filled):
    out = io.StringIO(newline="")
    count = export_conversations(session=db, filters=ReviewFilters(), fmt="csv", out=out)
    assert count == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(FIELDS)
    assert [r["conversation_id"] for r in rows] == ["c-fallback", "[phone …67]", "c-affected"]
    fallback, fire, affected = rows
    assert (fallback["reviewed"], fallback["tags"], fallback["fallback_count"]) == ("true", "nlu;zolo", "1")
    assert fire["first_message"].startswith("'=HYPERLINK")  # no formula in a spreadsheet
    assert (fire["handed_off"], fire["handoff_reason"], fire["fire_report"]) == ("true", "fire", "true")
    assert (affected["verdict"], affected["model_number"], affected["ticket_opened"]) == (
        "affected",
        "A1263",
        "true",
    )
    assert affected["started_at"].endswith("Z")

    only = io.StringIO(newline="")
    assert (
        export_conversations(
            session=db, filters=ReviewFilters.from_query({"outcome": "fire"}), fmt="csv", out=only
        )
        == 1
    )


def test_jsonl_export(db, filled):
    out = io.StringIO()
    count = export_conversations(
        session=db, filters=ReviewFilters.from_query({"tag": "zolo"}), fmt="jsonl", out=out
    )
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 1
    row = json.loads(lines[0])
    assert set(row) == set(FIELDS)
    assert row["conversation_id"] == "c-fallback" and row["tags"] == ["nlu", "zolo"]
    assert row["reviewed"] is True and row["min_confidence"] == pytest.approx(0.45)


def test_the_export_refreshes_first(db, store, filled):
    store.add(store.conversation("c-late").start().greet()).flush()
    out = io.StringIO()
    assert export_conversations(session=db, filters=ReviewFilters(), fmt="jsonl", out=out) == 4


def test_markup_round_trip():
    text, entities = parse_markup(
        'is my [a-1263](model_number) from [may 2019]{"entity": "date", "role": "purchase"} ok'
    )
    assert text == "is my a-1263 from may 2019 ok"
    assert entities == [
        {"start": 6, "end": 12, "value": "a-1263", "entity": "model_number"},
        {"start": 18, "end": 26, "value": "may 2019", "entity": "date", "role": "purchase"},
    ]
    assert (
        annotate(text, entities)
        == 'is my [a-1263](model_number) from [may 2019]{"entity": "date", "role": "purchase"} ok'
    )
    for bad in ("[x](bad name)", '[x]{"entity": "a b"}', "[x]{not json}", '[x]{"role": "r"}'):
        with pytest.raises(MarkupError):
            parse_markup(bad)
    assert parse_markup("a [bracket] alone")[1] == []


def test_flagged_messages_load_as_rasa_nlu_data(db, filled, tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    event_id = user_event_id(db, "c-fallback", "is my zolo thing ok")
    marks.flag_message(
        session=db,
        event_id=event_id,
        intent="check_recall",
        example="is my [zolo](model_number) thing ok",
        user=LEAD,
    )
    fire_id = user_event_id(db, "+15551234567", '=HYPERLINK("http://x") it burns')
    marks.flag_message(
        session=db,
        event_id=fire_id,
        intent="report_fire",
        example="my power bank: it burns # really",
        user=LEAD,
    )
    # Flagging again changes the flag rather than adding one.
    marks.flag_message(
        session=db,
        event_id=fire_id,
        intent="report_fire",
        example="my power bank - it burns # really",
        user=LEAD,
    )
    with pytest.raises(ReviewError):
        marks.flag_message(session=db, event_id=fire_id, intent="not an intent!", example="x", user=LEAD)
    with pytest.raises(ReviewError):
        marks.flag_message(
            session=db, event_id=fire_id + 1, intent="greet", example="x", user=LEAD
        )  # not a user event
    db.commit()

    text = marks.flags_as_nlu_yaml(session=db)
    assert text.startswith('version: "3.1"\nnlu:\n- intent: check_recall\n  examples: |\n')
    path = tmp_path / "nlu.yml"
    path.write_text(text)
    data = load_data(str(path))
    examples = {(m.get("intent"), m.get("text")) for m in data.intent_examples}
    assert examples == {
        ("check_recall", "is my zolo thing ok"),
        ("report_fire", "my power bank - it burns # really"),
    }
    (with_entity,) = (m for m in data.training_examples if m.get("entities"))
    assert with_entity.get("entities") == [{"start": 6, "end": 10, "value": "zolo", "entity": "model_number"}]


def test_an_empty_flag_list_is_still_valid_nlu_data(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    path = tmp_path / "empty.yml"
    path.write_text(nlu_yaml([]))
    assert load_data(str(path)).training_examples == []


def _read_story(text: str):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    domain = Domain.load(str(PROJECT_DIR / "domain.yml"))
    return YAMLStoryReader(domain).read_from_string(text)


def test_a_conversation_as_a_rasa_test_story(db, filled):
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered

    text = conversation_story(session=db, conversation_id="c-affected")
    (story,) = _read_story(text)
    events = story.events
    users = [e for e in events if isinstance(e, UserUttered)]
    assert users[0].text == "is my A1263 from march 2018 recalled"
    assert users[0].intent_name == "check_recall"
    assert users[0].entities == [{"entity": "model_number", "value": "A1263", "start": 6, "end": 11}]
    assert [u.text for u in users[2:4]] == ["[name]", "[email]"]  # form answers stay masked
    actions = [e.action_name for e in events if isinstance(e, ActionExecuted)]
    assert actions[:3] == ["recall_form", "action_check_recall", "action_check_return_eligibility"]
    assert "action_open_ticket" in actions and "action_listen" not in actions
    assert any(isinstance(e, ActiveLoop) and e.name == "return_form" for e in events)
    slots = {e.key: e.value for e in events if isinstance(e, SlotSet)}
    assert slots["recall_status"] == "affected" and slots["ticket_id"] == "RT-000001"
    assert "customer_name" not in slots and "email" not in slots  # personal slots left out
    for secret in ("Jane", "jane.smith", "High Street", "Leeds"):
        assert secret not in text


def test_a_story_uses_the_leads_corrections_and_skips_the_human_part(db, store, filled):
    conversation = store.conversation("c-corrected").start().fallback("is my zolo thing ok")
    conversation.human().user("hello? anyone", "greet", 0.7).agent_says("Hi, Alice here").resume()
    conversation.action("action_listen").user("thanks", "thank", 0.99).action("utter_you_are_welcome")
    store.add(conversation).flush()
    db.commit()
    event_id = user_event_id(db, "c-corrected", "is my zolo thing ok")
    marks.flag_message(
        session=db,
        event_id=event_id,
        intent="check_recall",
        example="is my [zolo](model_number) thing ok",
        user=LEAD,
    )
    db.commit()
    text = conversation_story(session=db, conversation_id="c-corrected")
    (story,) = _read_story(text)
    from rasa.shared.core.events import UserUttered

    users = [(e.text, e.intent_name) for e in story.events if isinstance(e, UserUttered)]
    # Said to the agent while the bot was paused: not part of the story.
    assert users == [
        ("is my zolo thing ok", "check_recall"),
        ("can I talk to a person", "request_human"),
        ("thanks", "thank"),
    ]
