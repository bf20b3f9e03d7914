"""The conversation's language: read from its events, listed, filtered and exported."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from bot.core.rasa_events import Event
from bot.review.export import FIELDS, export_conversations
from bot.review.filters import ReviewFilters, list_conversations
from bot.review.languages import (
    language_of,
    language_of_rows,
    language_of_tracker,
    language_view,
    summary_languages,
)
from bot.review.models import ReviewConversation
from bot.review.summaries import refresh_summaries
from bot.review.transcript import load_conversation
from bot.review.views import conversation_rows, filter_form


def slot(value: object, name: str = "language") -> dict:
    return {"event": "slot", "name": name, "value": value}


USER = {"event": "user", "text": "bonjour"}


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], None),
        ([USER, slot("fr")], "fr"),
        ([slot("fr"), USER, slot("de")], "de"),  # the latest value wins
        ([slot("fr"), slot("es", name="model_number")], "fr"),  # other slots are not it
        ([slot("fr"), slot(None)], None),  # unset again: English
        ([slot("FR-ca")], "fr"),
        ([slot("it")], None),  # not a configured language
        ([slot(42)], None),
        ([slot("fr"), {"event": "restart"}], None),  # a restart resets every slot
        # a new session resets the slots; Rasa sets the carried-over ones again after it
        ([slot("es"), {"event": "session_started"}, slot("es")], "es"),
        ([slot("es"), {"event": "session_started"}], None),
    ],
)
def test_the_language_is_the_latest_language_slot_value(events, expected):
    assert language_of(events) == expected


def test_the_same_reading_for_rows_and_trackers():
    events = [USER, slot("fr"), {"event": "action", "name": "utter_greet"}, slot("de")]
    rows = [Event(id=i, kind=e["event"], data=json.dumps(e)) for i, e in enumerate(events, 1)]
    assert language_of_rows(rows) == "de"
    assert language_of_tracker({"events": [*events, "junk"]}) == "de"
    assert language_of_tracker({}) is None


def test_the_badge_view():
    assert language_view("fr") == {"code": "fr", "short": "FR", "name": "French"}
    assert language_view(None) == {"code": "en", "short": "EN", "name": "English"}  # unset: English
    assert language_view("de-AT")["name"] == "German"


@pytest.fixture
def conversations(store, db):
    c = store.conversation
    store.add(
        c("c-fr", at=1_000_000).start().user("ma batterie a pris feu", "report_fire").slot("language", "fr"),
        c("c-es-de", at=1_000_100)
        .start()
        .user("hola", "greet")
        .slot("language", "es")
        .user("Deutsch bitte", "change_language")
        .slot("language", "de"),
        c("c-en", at=1_000_200).start().user("hi", "greet").slot("language", "en"),
        c("c-unset", at=1_000_300).start().user("A1263", "inform"),
    ).flush()
    refresh_summaries(session=db)
    db.commit()


def ids(db, **query) -> set[str]:
    page = list_conversations(session=db, filters=ReviewFilters.from_query(query))
    return {row.conversation_id for row in page.rows}


def test_summaries_keep_the_language(db, conversations):
    rows = db.execute(select(ReviewConversation.conversation_id, ReviewConversation.language))
    languages = dict(rows.all())
    assert languages == {"c-fr": "fr", "c-es-de": "de", "c-en": "en", "c-unset": None}
    assert summary_languages(session=db, conversation_ids=["c-fr", "c-unset", "c-none"]) == {
        "c-fr": "fr",
        "c-unset": "en",
    }


def test_the_list_filters_by_language(db, conversations):
    assert ids(db, language="fr") == {"c-fr"}
    assert ids(db, language="de") == {"c-es-de"}
    assert ids(db, language="es") == set()
    assert ids(db, language="en") == {"c-en", "c-unset"}  # unset is English
    assert ids(db, language="") == {"c-fr", "c-es-de", "c-en", "c-unset"}
    assert ids(db, language="FR") == {"c-fr"}


def test_an_unknown_language_is_ignored_and_said():
    filters = ReviewFilters.from_query({"language": "klingon"})
    assert filters.language is None
    assert filters.problems == ("unknown language: klingon",)
    assert ReviewFilters.from_query({"language": "es"}).to_query() == [("language", "es")]


def test_the_list_rows_and_the_form_show_languages(db, conversations):
    page = list_conversations(session=db, filters=ReviewFilters())
    rows = {r["shown_id"]: r["language"] for r in conversation_rows(page)}
    assert rows["c-fr"] == {"code": "fr", "short": "FR", "name": "French"}
    assert rows["c-unset"]["code"] == "en"
    form = filter_form(ReviewFilters(), {"channels": [], "models": [], "tags": []})
    assert [lang["code"] for lang in form["languages"]] == ["en", "fr", "es", "de"]


def test_the_conversation_page_reads_the_language_from_the_events(db, conversations):
    detail = load_conversation(session=db, conversation_id="c-es-de")
    assert detail.language == {"code": "de", "short": "DE", "name": "German"}


def test_exports_carry_the_language(db, conversations):
    out = io.StringIO(newline="")
    export_conversations(session=db, filters=ReviewFilters(), fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert "language" in FIELDS and list(rows[0]) == list(FIELDS)
    assert {r["conversation_id"]: r["language"] for r in rows} == {
        "c-fr": "fr",
        "c-es-de": "de",
        "c-en": "en",
        "c-unset": "en",
    }
    lines = io.StringIO()
    export_conversations(
        session=db, filters=ReviewFilters.from_query({"language": "fr"}), fmt="jsonl", out=lines
    )
    [row] = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert (row["conversation_id"], row["language"]) == ("c-fr", "fr")
