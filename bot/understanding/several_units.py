"""Several units named in one message, each with its own manufacturing date.

"J'ai une A1263 de mars 2018 et une A1257 de 2023": the conversation checks one unit at a
time, and the others wait with the date the customer gave for each, so that it is not
asked again. A date goes with the unit it is written nearest to (a tie goes to the unit
before it: "A1263 from 2018 and A1257 from 2023"), and only when the message gives one
date per unit and no two dates fall to the same unit. One date said of every unit ("A1263
and A1257, both from 2023", "les deux de 2023", "beide von 2023") goes to each; otherwise
no unit takes one ("A1263 and A1257 from 2023" is asked again for the first).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# "both", "all three", "les deux", "ambas", "beide": what follows is said of every unit.
_EVERY_UNIT = re.compile(
    r"\b(both|all (of them|two|three|four)|each|les (deux|trois)|tou(te)?s (les )?(deux|trois)|"
    r"ambas|ambos|(las|los) (dos|tres)|tod[ao]s|beide[n]?|alle (zwei|drei|vier))\b",
    re.IGNORECASE,
)


def dated_units(
    models: Sequence[Mapping[str, Any]], dates: Sequence[Mapping[str, Any]], text: str = ""
) -> dict[str, str | None]:
    """Each model number named (in the order first named) -> its manufacturing date, or None.

    Args:
        models: The message's model mentions (``value``, ``start``, ``end``), as the NLU
            component's ``unit_details`` gives them; shared names without a value are left out.
        dates: Its date mentions (``value``, ``start``, ``end``, ``role``, ``problem``).
        text: The message, read for a word that says one date of every unit ("both").
    """
    mentions = [m for m in models if m.get("value")]
    units = dict.fromkeys(str(m["value"]) for m in mentions)
    made = [d for d in dates if d.get("value") and d.get("role") == "manufacture" and not d.get("problem")]
    if len(units) >= 2 and len(made) == 1 and _EVERY_UNIT.search(text):
        return dict.fromkeys(units, str(made[0]["value"]))
    if len(units) < 2 or len(made) != len(units):
        return dict.fromkeys(units)
    paired: dict[str, str | None] = dict.fromkeys(units)
    for date in made:
        nearest = min(mentions, key=lambda m: (_gap(m, date), m["start"] > date["start"]))
        if paired[nearest["value"]] is not None:
            return dict.fromkeys(units)  # two dates for one unit: which goes with which is a guess
        paired[nearest["value"]] = str(date["value"])
    return paired


def _gap(mention: Mapping[str, Any], date: Mapping[str, Any]) -> int:
    if date["start"] >= mention["end"]:
        return date["start"] - mention["end"]
    return max(0, mention["start"] - date["end"])
