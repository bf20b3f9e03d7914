"""Several units in one message, each with its own date (bot.understanding.several_units)."""

from __future__ import annotations

import pytest

from bot.rasa_ext.nlu.recall_understanding import understand
from bot.understanding.several_units import dated_units


def units_of(text: str) -> dict[str, str | None]:
    details = understand(text)["unit_details"]
    return dated_units(details["models"], details["dates"], text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai une A1263 de mars 2018 et une A1257 de 2023", {"A1263": "2018-03", "A1257": "2023"}),
        ("I have an A1263 made 03/2018 and an A1257 made 07/2023", {"A1263": "2018-03", "A1257": "2023-07"}),
        ("A1263 (März 2018), A1257 (Juli 2023) und A1642 (Mai 2024)",
         {"A1263": "2018-03", "A1257": "2023-07", "A1642": "2024-05"}),
        # one date said of every unit
        ("A1263 and A1257, both from March 2023", {"A1263": "2023-03", "A1257": "2023-03"}),
        ("j'ai une A1263 et une A1257, les deux fabriquées en 2023", {"A1263": "2023", "A1257": "2023"}),
        ("tengo una A1263 y una A1257, ambas de marzo 2023", {"A1263": "2023-03", "A1257": "2023-03"}),
        ("A1263, A1257 und A1642, alle drei von 2023", {"A1263": "2023", "A1257": "2023", "A1642": "2023"}),
        ("Ich habe eine A1263 und eine A1257, beide März 2023", {"A1263": "2023-03", "A1257": "2023-03"}),
        # not one date per unit nor one for all: none is guessed
        ("A1263 and A1257 from March 2023", {"A1263": None, "A1257": None}),
        ("A1263 y A1257, de marzo 2018 y julio 2023", {"A1263": None, "A1257": None}),
        # one unit: nothing to pair (the slots take its date)
        ("my A1263 from March 2018", {"A1263": None}),
        # a purchase date is not when it was made
        ("A1263 bought in March 2018 and A1257 bought in July 2023", {"A1263": None, "A1257": None}),
    ],
)
def test_dated_units(text: str, expected: dict) -> None:
    assert units_of(text) == expected
