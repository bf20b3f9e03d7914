"""What a fire report is: its kind, the matched span, injury and damage.

When several events are reported, the most urgent kind (``KINDS`` order) is
returned; ``injury`` and ``damage`` look at the whole message ("nobody was
hurt" does not set ``injury``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.judge import Judge
from bot.understanding.fire.lexicon import PERSONS, PROPERTY

#: Signal kinds, most urgent first; when a message reports several, the first
#: of this order is returned (earliest in the text on a tie).
KINDS: tuple[str, ...] = (
    "fire",
    "explosion",
    "burn_injury",
    "smoke",
    "sparks",
    "melting",
    "property_damage",
)
PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class FireSignal:
    """A fire report found in a customer message."""

    kind: str  # one of KINDS
    matched: str  # the text span that matched (a slice of the original text)
    start: int  # char offsets in the original text: text[start:end] == matched
    end: int
    injury: bool  # someone hurt/burnt mentioned anywhere in the message
    damage: bool  # property damage mentioned (scorch mark, burnt desk, house fire, ...)


@dataclass
class Hit:
    """A candidate judged a report: its kind, its tokens and its flags."""

    kind: str
    k: int  # head token (compressed index)
    k_end: int  # exclusive
    injury: bool = False
    damage: bool = False


_MARKS = {"mark", "marks", "hole", "holes", "stain", "stains", "spot", "spots", "scorch", "patch"}
_SMELL_WORDS = {"smell", "smells", "smelled", "smelt", "smelling", "stink", "stinks", "odor", "odour", "reek", "reeks"}


def burn_kind(j: Judge, k: int) -> tuple[str, bool, bool]:
    """(kind, injury, damage) of a 'burn' trigger from its surroundings."""
    d = j.d
    low = d.low
    lo, hi = d.c_lo[k], d.c_hi[k]
    after = [q for q in range(k + 1, min(hi, k + 6))]
    for q in after:
        w = low[q]
        if d.can[q] == "body" or w in PERSONS - {"i"}:
            if w == "her" and q + 1 < hi and (d.can[q + 1] not in {"body"} and low[q + 1] in PROPERTY):
                break
            return "burn_injury", True, False
        if w in PROPERTY or w in _MARKS:
            break
    # "I got burned", "my son was burnt", "my hand is burned"
    passive = False
    for q in range(k - 1, max(lo, k - 5) - 1, -1):
        w = low[q]
        if w in {"got", "get", "was", "were", "been", "am", "'m", "is", "'s", "are", "getting", "gets", "has", "have", "had"}:
            passive = True
            continue
        if w in {"badly", "really", "just", "slightly", "seriously", "severely", "also", "both", "all", "literally"}:
            continue
        if d.can[q] == "body" or (passive and (w in PERSONS or w in {"he", "she", "we", "they", "i"})):
            return "burn_injury", True, False
        break
    # the noun: "I got a burn from it", "in hospital with burns", "second-degree burns"
    nxt = low[k + 1] if k + 1 < hi else ""
    prev = low[k - 1] if k - 1 >= lo else ""
    if low[k] in {"burn", "burns"} and nxt not in _MARKS and prev in {
        "a", "got", "have", "has", "had", "some", "bad", "nasty", "severe", "minor",
        "small", "degree", "with", "serious", "major", "painful", "the", "my", "his", "her",
    }:
        if not any(low[q] in PROPERTY for q in range(k + 1, min(hi, k + 5))):
            return "burn_injury", True, False
    if any(low[q] in _SMELL_WORDS for q in range(max(lo, k - 3), min(hi, k + 4))):
        return "smoke", False, False  # "smells of burnt plastic", "burning smell"
    for q in range(max(lo, k - 5), min(hi, k + 7)):
        if q == k:
            continue
        w = low[q]
        if w in PROPERTY or w in _MARKS:
            return "property_damage", False, True
    for q in range(lo, hi):
        if low[q] in _SMELL_WORDS:
            return "smoke", False, False
    return "fire", False, False


def damage_near(j: Judge, k: int) -> bool:
    """Property damaged by the event at k: 'melted into my car seat',
    'set my couch on fire', 'my bag was scorched', 'burn marks', 'house fire'."""
    d = j.d
    low = d.low
    lo, hi = d.c_lo[k], d.c_hi[k]
    canon = d.can[k]
    # object / into / onto / through
    q = k + 1
    steps = 0
    while q < hi and steps < 5:
        w = low[q]
        if w in PROPERTY or w in _MARKS or w == "damage":
            return not (w in {"spot", "spots", "patch"} and canon not in {"scorch", "charred", "burn"})
        if w in {"into", "onto", "through", "thru", "my", "the", "our", "a", "an", "his", "her", "their", "your", "car", "bed", "kitchen", "living", "whole", "entire", "black", "big", "small", "huge", "little", "bedside", "coffee", "wooden", "new"} or w == "-":
            q += 1
            steps += 1
            continue
        if canon == "smoke" and w in {"all", "over", "everywhere"}:
            q += 1
            steps += 1
            continue
        break
    # property as subject / compound before: "my couch caught fire", "house fire", "set my couch on fire"
    for q in range(k - 1, max(lo, k - 6) - 1, -1):
        w = low[q]
        if w in PROPERTY:
            return True
        if w in {"power", "bank", "battery", "charger", "powerbank", "unit", "it", "phone", "cable"} and w not in PROPERTY:
            if q < k - 1 or w == "it":
                break
    return False


# message-wide injury cues
_INJURY_WORDS = {"hurt", "hurts", "hurting", "injured", "injury", "injuries", "injure", "blister", "blisters", "blistered", "hospital", "hospitalised", "hospitalized", "ambulance", "paramedic", "paramedics", "a&e"}


def injury_anywhere(d: Clauses, j: Judge) -> bool:
    low = d.low
    for k in range(d.n):
        w = low[k]
        hit = False
        if w in _INJURY_WORDS or d.can[k] in {"hurt", "injure", "blister", "hospital"}:
            hit = True
            if w in {"hurt", "hurts"} and k + 1 < d.n and low[k + 1] in {"my", "our"} and k + 2 < d.n and low[k + 2] in {"feelings", "business", "pocket", "wallet"}:
                hit = False
        elif w == "er" and d.st[k] < d.en[k] and k > 0 and low[k - 1] in {"the", "to", "an", "in"}:
            hit = True
        elif (w, low[k + 1] if k + 1 < d.n else "") in {("emergency", "room"), ("urgent", "care"), ("first", "aid"), ("burn", "cream"), ("burns", "unit")}:
            hit = True
        if not hit:
            continue
        if j.negated(k) or j.cond(k):
            continue
        if j.local_hypothetical(k) and w not in {"hospital", "a&e", "er", "ambulance"}:
            continue
        return True
    return False
