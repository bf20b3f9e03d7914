"""A name given to the return form is not a fire report, even when it looks like a fire word."""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report

NAMES = [
    "Brent Olson", "Francesca Rossi", "Seamus Gallagher", "Robert Burns", "Blaze Martin",
    "Anna Rauch", "Paul Sparks", "Heike Funke", "Elizabeth Arden", "Smokey Robinson",
    "Dorothy Whitfield", "María José García", "Anne-Marie O'Neil", "Jean Dubois",
]
# One word alone could be either ("Burns!"): safety first, it stays a report.
REPORTS_IN_CAPITALS = [
    "Burns", "Brent",
    "Fire Fire", "Help Fire", "My Battery Burnt", "It Exploded", "Mein Akku Brennt",
    "Smoke Everywhere", "Ma Batterie A Pris Feu", "brent my hand on it",
]


@pytest.mark.parametrize("text", NAMES)
def test_a_name_is_not_a_fire_report(text):
    assert detect_fire_report(text) is None


@pytest.mark.parametrize("text", REPORTS_IN_CAPITALS)
def test_a_report_in_capitals_is_still_a_report(text):
    assert detect_fire_report(text) is not None
