# ruff: noqa: F811  (pytest fixtures imported from test_review_builder)
"""The conversation list: each filter, the text search, sorting and paging."""

from __future__ import annotations

import datetime as dt

import pytest
from multidict import MultiDict
from sqlalchemy.orm import Session

from bot.core.models import ConsoleUser
from bot.review import marks
from bot.review.filters import Outcome, ReviewFilters, ReviewStatus, Sort, filter_choices, list_conversations
from bot.review.summaries import refresh_summaries

DAY = 86_400
# 2025-03-10 12:00 UTC: "now" for every query here.
NOW = dt.datetime(2025, 3, 10, 12, tzinfo=dt.timezone.utc).timestamp()
LEAD = ConsoleUser(username="lena", role="lead")


@pytest.fixture
def conversations(store, db):
    c = store.conversation
    store.add(
        c("c-affected", at=NOW - 3 * DAY)
        .start()
        .check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
        .return_form(),
        c("c-notaff", at=NOW - 2 * DAY, channel="telegram")
        .start()
        .check("A1229 from 2020", "A1229", "2020-01", "not_affected"),
        c("c-fire", at=NOW - DAY).start().fire("My PowerCore is smoking!"),
        c("c-fallback", at=NOW - 3600, channel="rest").start().fallback("100% useless_bot"),
        c("c-left", at=NOW - 7200)
        .start()
        .check("A1257 may 2023", "A1257", "2023-05", "affected")
        .return_form(stop_after="email"),
        c("c-fresh", at=NOW - 120).start().return_form(stop_after="customer_name"),
    ).flush()
    refresh_summaries(session=db)
    db.commit()


def ids(db: Session, **query) -> set[str]:
    page = list_conversations(session=db, filters=ReviewFilters.from_query(query), now=NOW)
    return {row.conversation_id for row in page.rows}


ALL = {"c-affected", "c-notaff", "c-fire", "c-fallback", "c-left", "c-fresh"}


def test_no_filters_lists_everything_newest_first(db, conversations):
    page = list_conversations(session=db, filters=ReviewFilters(), now=NOW)
    assert page.total == 6 and page.pages == 1
    assert [r.conversation_id for r in page.rows] == [
        "c-fresh",
        "c-fallback",
        "c-left",
        "c-fire",
        "c-notaff",
        "c-affected",
    ]


FILTER_CASES = [
    ({"channel": "telegram"}, {"c-notaff"}),
    ({"channel": "rest"}, {"c-fallback"}),
    ({"verdict": "affected"}, {"c-affected", "c-left"}),
    ({"verdict": "not_affected"}, {"c-notaff"}),
    ({"verdict": "none"}, {"c-fire", "c-fallback", "c-fresh"}),
    ({"model": "a-1263"}, {"c-affected"}),  # normalised like the bot does
    ({"model": "1257"}, {"c-left"}),
    ({"outcome": "ticket"}, {"c-affected"}),
    ({"outcome": "handoff"}, {"c-fire"}),
    ({"outcome": "fire"}, {"c-fire"}),
    ({"outcome": "fallback"}, {"c-fallback"}),
    ({"outcome": "low_confidence"}, {"c-fallback"}),
    ({"outcome": "left_mid_form"}, {"c-left"}),  # c-fresh is 2 minutes idle: still typing
    ({"from": "2025-03-09", "to": "2025-03-09"}, {"c-fire"}),
    ({"from": "2025-03-10"}, {"c-fallback", "c-left", "c-fresh"}),
    ({"to": "2025-03-07"}, {"c-affected"}),
    ({"verdict": "affected", "outcome": "left_mid_form"}, {"c-left"}),
    ({"channel": "socketio", "verdict": "not_affected"}, set()),
]


def test_each_filter(db, conversations):
    for query, expected in FILTER_CASES:
        assert ids(db, **query) == expected, query


def test_several_outcomes_must_all_hold(db, store, conversations):
    store.add(store.conversation("c-both", at=NOW - 50).start().fallback("???").fire()).flush()
    refresh_summaries(session=db)
    db.commit()
    query = MultiDict([("outcome", "fire"), ("outcome", "fallback")])
    page = list_conversations(session=db, filters=ReviewFilters.from_query(query), now=NOW)
    assert [r.conversation_id for r in page.rows] == ["c-both"]


def test_review_status_and_tags(db, conversations):
    marks.save_marks(
        session=db, conversation_id="c-fire", user=LEAD, reviewed=True, tags=["safety", "good"], notes="fine"
    )
    marks.save_marks(
        session=db, conversation_id="c-left", user=LEAD, reviewed=False, tags=["form ux"], notes=""
    )
    db.commit()
    assert ids(db, review="reviewed") == {"c-fire"}
    assert ids(db, review="not_reviewed") == ALL - {"c-fire"}
    assert ids(db, tag="safety") == {"c-fire"}
    assert ids(db, tag="Form  UX") == {"c-left"}  # tags are compared cleaned
    page = list_conversations(session=db, filters=ReviewFilters(), now=NOW)
    assert page.reviewed == {"c-fire"}
    assert page.tags == {"c-fire": ["good", "safety"], "c-left": ["form ux"]}
    assert filter_choices(session=db)["tags"] == ["form ux", "good", "safety"]
    # Saving again replaces the tags.
    marks.save_marks(session=db, conversation_id="c-fire", user=LEAD, reviewed=True, tags=["good"], notes="")
    db.commit()
    assert ids(db, tag="safety") == set()


def test_text_search_over_what_customers_typed(db, conversations):
    assert ids(db, q="powercore") == {"c-fire"}  # any case
    assert ids(db, q="march 2018") == {"c-affected"}
    assert ids(db, q="a12") == {"c-affected", "c-notaff", "c-left"}
    assert ids(db, q="100%") == {"c-fallback"}  # % and _ are literal
    assert ids(db, q="useless_bot") == {"c-fallback"}
    assert ids(db, q="1%") == set()
    assert ids(db, q="part of the recall") == set()  # the bot said that, not a customer
    assert ids(db, q="jane") == set()  # personal data is not searchable
    assert ids(db, q="c-notaff") == {"c-notaff"}  # a conversation id finds it too


def test_paging_and_sorting(db, store):
    for i in range(120):
        conversation = store.conversation(f"p-{i:03d}", at=NOW - 10_000 + i * 60).start()
        for _ in range(i % 5):
            conversation.greet()
        store.add(conversation)
    store.flush()
    refresh_summaries(session=db)
    db.commit()
    seen: list[str] = []
    for number in (1, 2, 3):
        page = list_conversations(session=db, filters=ReviewFilters(page=number), now=NOW)
        assert (page.total, page.pages, page.page) == (120, 3, number)
        seen += [r.conversation_id for r in page.rows]
    assert len(seen) == 120 and len(set(seen)) == 120
    assert seen[:2] == ["p-119", "p-118"]
    beyond = list_conversations(session=db, filters=ReviewFilters(page=99), now=NOW)
    assert beyond.page == 3 and len(beyond.rows) == 20
    longest = list_conversations(session=db, filters=ReviewFilters(sort=Sort.LONGEST), now=NOW).rows
    assert [r.message_count for r in longest[:3]] == [8, 8, 8]
    assert longest[0].conversation_id == "p-119"  # ties: the newest first
    oldest = list_conversations(session=db, filters=ReviewFilters(sort=Sort.OLDEST), now=NOW).rows
    assert oldest[0].conversation_id == "p-000"
    shortest = list_conversations(session=db, filters=ReviewFilters(sort=Sort.SHORTEST), now=NOW).rows
    assert shortest[0].message_count == 0


def test_filters_from_a_query_string():
    query = MultiDict(
        [
            ("from", "2025-03-01"),
            ("to", "nonsense"),
            ("channel", "telegram"),
            ("verdict", "affected"),
            ("model", "model 1263"),
            ("outcome", "fire"),
            ("outcome", "bogus"),
            ("outcome", "fire"),
            ("review", "reviewed"),
            ("tag", " Needs  Work "),
            ("q", "  smoke "),
            ("sort", "longest"),
            ("page", "-3"),
        ]
    )
    filters = ReviewFilters.from_query(query)
    assert filters.date_from == dt.date(2025, 3, 1) and filters.date_to is None
    assert (filters.channel, filters.verdict, filters.model) == ("telegram", "affected", "A1263")
    assert filters.outcomes == (Outcome.FIRE,)
    assert filters.review_status is ReviewStatus.REVIEWED
    assert (filters.tag, filters.q, filters.sort, filters.page) == ("needs work", "smoke", Sort.LONGEST, 1)
    assert len(filters.problems) == 2  # the bad date and the bogus outcome
    again = ReviewFilters.from_query(MultiDict(filters.to_query()))
    assert again == filters
    assert ReviewFilters.from_query({"verdict": "maybe", "sort": "random"}).problems
    assert ReviewFilters.from_query({}).active is False
    assert ReviewFilters.from_query({"q": "x"}).active is True
