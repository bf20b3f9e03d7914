"""Fire, smoke and burns from something else than the unit, in English.

The English counterpart of the French, Spanish and German rule (``elsewhere`` in
foreign.py): smoke from the barbecue, the fireplace or a cigarette, the toast
burning, a burn from the oven, the sun or an iron, a stain from coffee are not
fire reports -- unless the unit is named in the clause ("the power bank was next to
the bbq and caught fire", "my charger started smoking at the bbq").

English word order tells what the source is tied to, so the source counts only
where it is: the trigger's subject or compound ("the bbq is smoking", "bbq smoke",
"my neighbour's grill caught fire", "my toast burned") or its origin after it
("smoke from the barbecue", "burnt my hand on the oven", "I burned my toast"). A
source elsewhere in the clause is where the customer was, and the report stands:
"we were at a bbq, smoke poured out of my bag". A smoke alarm set off in a sentence
that names a source and no device ("I burnt the toast and the smoke alarm went off")
is the source's too.
"""

from __future__ import annotations

import re

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.lexicon import (
    BURN_ONLY_SOURCES,
    DEVICE_WORDS,
    MARK_CAUSES,
    OTHER_SOURCES,
    UNIT_WORDS,
)

_MODEL = re.compile(r"^a\d{4}$")
# Between a source and the trigger after it: "the bbq is smoking", "the grill just caught fire", "bbq's smoke".
_LINK_BEFORE = {
    "is", "was", "are", "were", "'s", "s", "has", "had", "have", "been", "be", "just",
    "really", "still", "all", "started", "starting", "start", "starts", "began", "kept",
    "keeps", "so", "very", "completely", "totally", "badly", "caught", "catch",
    "catches", "catching", "went", "up", "in", "into", "on", "the", "my", "our", "his",
    "her", "their", "your", "a", "an", "some", "neighbours", "neighbour", "neighbors",
    "neighbor", "next", "door", "old", "big", "lot", "of", "'",
}
# Between the trigger and a source after it: "smoke coming in from the neighbours' bbq",
# "burnt my hand on the oven", "the burnt smell from the grill".
_LINK_AFTER = {
    "from", "of", "off", "on", "by", "with", "in", "inside", "into", "over", "through",
    "coming", "came", "comes", "come", "drifting", "blowing", "wafting", "pouring",
    "is", "was", "out", "the", "a", "an", "my", "our", "your", "his", "her", "their",
    "this", "that", "some", "next", "door", "neighbour", "neighbours", "neighbor",
    "neighbors", "'s", "s", "'", "old", "smell", "smells", "smelling", "odour", "odor",
    "stink", "myself", "me", "himself", "herself", "him", "us", "yourself", "ourselves",
    "themselves", "hot", "just", "only", "probably", "prob", "maybe", "likely",
}
_BURNS = {"burn", "blister"}
# Where smoke comes from: "the smoke was coming out of my bag" names its origin.
_ORIGIN = {"out", "from", "inside", "coming", "came", "pouring", "poured", "of", "in", "under", "behind"}
_MARKS = {"mark", "black"}


def names_the_unit(d: Clauses, lo: int, hi: int) -> bool:
    """The power bank, battery, charger or a model number among the tokens lo..hi."""
    return any(d.low[q] in UNIT_WORDS or _MODEL.match(d.low[q]) for q in range(lo, hi))


def from_another_source(d: Clauses, k: int) -> bool:
    """The trigger at k is the barbecue's, the fireplace's, a cigarette's, the kitchen's (see the module)."""
    lo, hi = d.c_lo[k], d.c_hi[k]
    if any(d.low[q] in DEVICE_WORDS for q in range(lo, k)) or names_the_unit(d, lo, hi):
        return False
    canon = d.can[k]
    sources = OTHER_SOURCES | (BURN_ONLY_SOURCES if canon in _BURNS else set()) | (MARK_CAUSES if canon in _MARKS else set())
    for q in range(k - 1, max(lo, k - 6) - 1, -1):
        if d.low[q] in sources:
            return True
        if d.low[q] not in _LINK_BEFORE:
            break
    for q in range(k + 1, min(hi, k + 8)):
        if d.low[q] in sources:
            return True
        if d.low[q] not in _LINK_AFTER and d.can[q] != "body":
            break
    return _the_smoke_of_the_clause_before(d, k, sources)


def _the_smoke_of_the_clause_before(d: Clauses, k: int, sources: set[str]) -> bool:
    """'our neighbour is grilling and the smoke is everywhere': "the smoke" is the one just named.

    Only when the clause says nothing of where it comes from ("and the smoke was
    coming out of my bag" is a report) and neither clause names a device."""
    lo, hi = d.c_lo[k], d.c_hi[k]
    if d.can[k] not in {"smoke", "fumes", "soot"} or d.frm[k] not in {"base", "noun"}:
        return False
    if k - lo > 2 or k < 1 or d.low[k - 1] != "the" or lo == 0 or d.sent[lo - 1] != d.sent[k]:
        return False  # "(and) the smoke" opening a clause of the sentence
    if any(d.low[q] in _ORIGIN or d.low[q] in DEVICE_WORDS for q in range(k + 1, hi)):
        return False
    before = range(d.c_lo[lo - 1], lo)
    return any(d.low[q] in sources for q in before) and not any(d.low[q] in DEVICE_WORDS or d.low[q] in UNIT_WORDS for q in before)


def alarm_from_another_source(d: Clauses, s: int, e: int) -> bool:
    """'I burnt the toast and the smoke alarm went off', 'the bbq smoke set off the smoke alarm':
    a source before the alarm in its sentence, and no device named in the sentence."""
    lo, hi = d.s_lo[s], d.s_hi[s]
    if any(d.low[q] in DEVICE_WORDS for q in range(lo, hi)) or names_the_unit(d, lo, hi):
        return False
    return any(d.low[q] in OTHER_SOURCES for q in range(lo, s))
