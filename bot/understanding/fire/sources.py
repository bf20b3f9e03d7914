"""Fire, smoke and burns from something else than the unit, in English.

The English counterpart of the French, Spanish and German rule (``elsewhere`` in
foreign.py): smoke from the barbecue, the fireplace or a cigarette, the toast
burning, a burn from the oven, the sun or an iron, a stain from coffee are not
fire reports -- unless the unit is named in the clause or before it in the sentence
("the power bank was next to the bbq and caught fire", "my charger started smoking at
the bbq", "my power bank was next to the toaster, the toaster caught fire"; but "the
toaster caught fire but my power bank is ok" is the toaster's).

English word order tells what the source is tied to, so the source counts only
where it is: the trigger's subject or compound ("the bbq is smoking", "bbq smoke",
"my neighbour's grill caught fire", "my toast burned") or its origin after it
("smoke from the barbecue", "burnt my hand on the oven", "I burned my toast", "I burnt the birthday cake"). A
source elsewhere in the clause is where the customer was, and the report stands:
"we were at a bbq, smoke poured out of my bag". A smoke alarm set off or the fire
brigade called in a sentence that names a source and no device ("I burnt the toast and
the smoke alarm went off", "the tumble dryer caught fire, the fire brigade came") is the
source's too, and so is what follows another source's fire in a sentence that names no
device ("burnt the pizza, smoke everywhere", "se quemó la tostadora y ahora la cocina
huele a quemado": ``after_another_sources_fire``, for every language).

Other sources are the kitchen and the barbecue, and other appliances and objects: the
microwave, the air fryer, the tumble dryer, the toaster, an e-scooter, a tea towel
("my microwave sparked", "the tea towel caught fire"); their battery is the unit's kind
("my e-scooter's battery caught fire" names a battery: a report).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.understanding.fire import languages
from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.lexicon import (
    BURN_ONLY_SOURCES,
    DEVICE_WORDS,
    KITCHEN_CLOTH_KINDS,
    KITCHEN_CLOTHS,
    MARK_CAUSES,
    OTHER_SOURCES,
    PERSONS,
    PROPERTY,
    TRIGGER_CANON_SET,
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
# After a determiner, up to two words that describe the source: "burnt the birthday cake".
_DETERMINERS = {"the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "some"}
_FIRE_CANONS = TRIGGER_CANON_SET | languages.TRIGGER_CANONS
# How far a sentence is read around a trigger (a chat sentence is shorter): keeps long texts linear.
_REACH = 40
# How far from its fire word a source is read (foreign.py reads 8 words before, 3 after).
_SOURCE_SPAN = 8


def names_the_unit(d: Clauses, lo: int, hi: int) -> bool:
    """The power bank, battery, charger or a model number among the tokens lo..hi."""
    return any(d.low[q] in UNIT_WORDS or _MODEL.match(d.low[q]) for q in range(lo, hi))


def is_another_source(d: Clauses, q: int, sources: set[str] | frozenset[str]) -> bool:
    """The word at q is one of sources, or a kitchen cloth ('tea towel', 'dish cloth')."""
    w = d.low[q]
    if w in sources:
        return True
    if w in KITCHEN_CLOTHS and q > 0:
        p = q - 1 if d.low[q - 1] != "-" or q < 2 else q - 2
        return d.low[p] in KITCHEN_CLOTH_KINDS
    return False


def names_a_device(d: Clauses, lo: int, hi: int) -> bool:
    """A device word of any language among the tokens lo..hi: the unit, a model, 'it', 'elle', 'sie'."""
    v = languages.vocabulary()
    return names_the_unit(d, lo, hi) or any(
        d.low[q] in DEVICE_WORDS or v.has("devices", languages._bare(d.low[q])) for q in range(lo, hi)
    )


def from_another_source(d: Clauses, k: int) -> bool:
    """The trigger at k is the barbecue's, the fireplace's, a cigarette's, the kitchen's (see the module)."""
    return _source_in_clause(d, k) or after_another_sources_fire(d, k, lambda q: d.can[q] in TRIGGER_CANON_SET and _source_in_clause(d, q))


def _source_in_clause(d: Clauses, k: int) -> bool:
    lo, hi = d.c_lo[k], d.c_hi[k]
    if any(d.low[q] in DEVICE_WORDS for q in range(max(lo, k - _REACH), k)) or names_the_unit(
        d, max(d.s_lo[k], k - _REACH), min(hi, k + _REACH)
    ):
        return False  # the unit named in its clause or before it: "my power bank was on the dryer, then the dryer caught fire"
    canon = d.can[k]
    sources = OTHER_SOURCES | (BURN_ONLY_SOURCES if canon in _BURNS else set()) | (MARK_CAUSES if canon in _MARKS else set())
    for q in range(k - 1, max(lo, k - 6) - 1, -1):
        if is_another_source(d, q, sources):
            return True
        if d.low[q] not in _LINK_BEFORE:
            break
    described = 0  # words describing the source after a determiner: "the birthday cake"
    for q in range(k + 1, min(hi, k + 8)):
        w = d.low[q]
        if is_another_source(d, q, sources):
            return True
        if w in _DETERMINERS:
            described = 2
        elif w not in _LINK_AFTER and d.can[q] != "body":
            if described == 0 or w in DEVICE_WORDS or w in PROPERTY or d.can[q] in _FIRE_CANONS:
                break
            described -= 1
    return _the_smoke_of_the_clause_before(d, k, sources)


def after_another_sources_fire(d: Clauses, k: int, source_fire: Callable[[int], bool]) -> bool:
    """What follows another source's fire in a sentence that names no device is that source's.

    "burnt the pizza again, smoke everywhere", "the tumble dryer caught fire, the fire
    brigade came out", "le gâteau a brûlé, il y avait de la fumée partout", "se quemó la
    tostadora y ahora la cocina huele a quemado". ``source_fire(q)`` tells whether the fire
    word at q is another source's in its own clause (each language reads its own). Not a
    burn of someone ("... and burnt my hand"): that is reported whatever burnt them. A
    sentence that only names a place ("we were at a bbq, smoke poured out of my bag")
    has no fire of its source before the trigger: the report stands."""
    lo, hi = max(d.s_lo[k], k - _REACH), min(d.s_hi[k], k + _REACH)  # a chat sentence, whole
    v = languages.vocabulary()
    named = [q for q in range(lo, k) if is_another_source(d, q, OTHER_SOURCES) or v.has("other_sources", languages._bare(d.low[q]))]
    if not named or names_a_device(d, lo, hi) or _someone_after(d, k):
        return False
    return any(
        d.can[q] in _FIRE_CANONS and any(abs(p - q) <= _SOURCE_SPAN for p in named) and source_fire(q) for q in range(lo, k)
    )


def _someone_after(d: Clauses, k: int) -> bool:
    v = languages.vocabulary()
    for q in range(k + 1, min(d.c_hi[k], k + 12)):
        w = languages._bare(d.low[q])
        if d.can[q] == "body" or d.low[q] in PERSONS - {"i"} or v.has("body", w) or v.has("people", w):
            return True
    return False


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


def event_from_another_source(d: Clauses, s: int) -> bool:
    """An alarm or the fire brigade in a sentence that names another source before it and
    no device: 'I burnt the toast and the smoke alarm went off', 'the bbq smoke set off the
    smoke alarm', 'my neighbour's tumble dryer caught fire, the fire brigade came out'."""
    lo, hi = d.s_lo[s], d.s_hi[s]
    if names_a_device(d, lo, hi):
        return False
    return any(is_another_source(d, q, OTHER_SOURCES) for q in range(lo, s))
