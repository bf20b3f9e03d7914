"""Remedy, ticket id and email read by rule (the intent classifier learns no entities)."""

from __future__ import annotations

import pytest

from bot.understanding.case_entities import clean_ticket_id, find_case_entities
from bot.understanding.form_answers import find_remedy, read_remedy


def entities(text: str) -> list[tuple[str, str]]:
    return [(e.entity, e.value) for e in find_case_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("has ticket Rt-000456 been processed", [("ticket_id", "RT-000456")]),
        ("status of rt 123 please", [("ticket_id", "RT-000123")]),
        ("#RT000123 where is it", [("ticket_id", "RT-000123")]),
        ("my email is lena.k@example.de.", [("email", "lena.k@example.de")]),
        ("mail: someone@@example.com", []),
        ("refund@example.com is my address", [("email", "refund@example.com")]),
        ("I want my money back", [("remedy", "refund")]),
        ("could you send me a new one", [("remedy", "replacement")]),
        ("a replacement please, not the money", [("remedy", "replacement")]),
        ("i'd like a replacment", [("remedy", "replacement")]),
        ("is my A1263 recalled?", []),
        (
            "refund for ticket RT-000042, reach me at a.b@example.org",
            [("remedy", "refund"), ("ticket_id", "RT-000042"), ("email", "a.b@example.org")],
        ),
    ],
)
def test_reads_the_case_entities(text, expected):
    assert entities(text) == expected


def test_the_remedy_span_is_where_the_customer_said_it():
    text = "please, a new one"
    kind, start, end = find_remedy(text)
    assert (kind, text[start:end]) == ("replacement", "a new one")
    assert read_remedy(text) == "replacement"


@pytest.mark.parametrize(("raw", "expected"), [("rt 7", "RT-000007"), ("RT-000123", "RT-000123"), ("no id", None)])
def test_clean_ticket_id(raw, expected):
    assert clean_ticket_id(raw) == expected


def test_recall_understanding_gives_every_entity_once():
    from bot.rasa_ext.nlu.recall_understanding import understand

    found = understand("refund for my A1263 made March 2018, ticket RT-000042")["entities"]
    assert [(e["entity"], e["value"]) for e in found] == [
        ("remedy", "refund"),
        ("model_number", "A1263"),
        ("date", "2018-03"),
        ("ticket_id", "RT-000042"),
        ("language", "en"),  # the message's language (bot.i18n.detect)
    ]
