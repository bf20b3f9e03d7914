"""Evidence that something burnt, in English: a black mark, a brown stain, a surface gone black.

The English counterpart of the French, Spanish and German rule (foreign.py,
languages.py): a mark word ("mark", "stain", "spot", "patch", "ring", "streak":
canon ``mark``) is a report only with a colour right before it ("it left a black
mark on my desk", "dark brown stains", "a black sooty ring"; "burn marks" and
"scorch marks" are read by their burn word),
and a colour ("black", "brown": canon ``black``) only after a word of change
("went black", "has gone black", "turned the desk black", "the plastic went
black and bubbly") or as the state of a surface ("is all black", "is black where
it sat", "its black and bubbly"). The judge (judge.py) then reads the clause as
for any other trigger, except that a mark stated in its stretch happened, whatever
the tense (``stated``): "no black marks", "can it leave a black mark?" are not
reports; "there's a black mark on my desk, is this dangerous?", "my power bank has
a black mark on it, is it recalled?" are.

Other senses: "Mark from support", "mark my words" (no colour); a mark on the
box, the label or the screen, "a black mark against them" (not a burn); "my black
power bank", "the black one", "black friday" (the colour of a thing: a noun follows
it); "the screen went black", "my phone went black" (switched off). A mark with a
body part after it ("a black mark on my hand") is a burn.
"""

from __future__ import annotations

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.judge import Judge
from bot.understanding.fire.lexicon import (
    AFTER_PREDICATIVE_BLACK,
    ALL_OVER,
    ASKING_FIRST,
    BE_BLACK_CUES,
    BE_WORDS,
    BLACK_SOMEWHERE,
    BLACKENED_PARTS,
    BURNT_CANONS,
    BURNT_LOOK,
    CHANGE_ADVERBS,
    CHANGE_OBJECTS,
    CHANGE_WORDS,
    CHOOSERS,
    MARK_COLOURS,
    MARK_LEAD,
    MARK_NOT_SURFACES,
    MARK_SUBJECTS,
    MODALS,
    PRINTED,
    PROPERTY,
    SWITCHED_OFF,
)


def colour_before(d: Clauses, k: int) -> int:
    """The colour of the mark at k ('a black mark', 'dark brown stains', 'a black sooty ring'), or -1.

    A burn word alone ('burn marks', 'scorch mark', 'smoke stains') is a trigger of its
    own, judged as such: the mark then adds nothing."""
    found = -1
    for q in range(k - 1, max(d.c_lo[k], k - 3) - 1, -1):
        if d.low[q] in MARK_COLOURS or d.can[q] == "black":
            found = q
        elif d.can[q] not in BURNT_CANONS:
            break
    return found


def _surface_after(d: Clauses, k: int) -> str:
    """What the mark at k is on: the first surface, body part or paper word after it."""
    for q in range(k + 1, min(d.c_hi[k], k + 6)):
        w = d.low[q]
        if w in MARK_NOT_SURFACES or w in PROPERTY or d.can[q] == "body":
            return "body" if d.can[q] == "body" else w
    return ""


def mark_is_not_evidence(j: Judge, k: int) -> bool:
    """'Mark from support', 'mark my words' (no colour), 'a black mark on the box', 'a black mark
    against them', 'is the black mark on the back the date code?'."""
    d = j.d
    if colour_before(d, k) < 0:
        return True
    return _surface_after(d, k) in MARK_NOT_SURFACES or any(d.low[q] in PRINTED for q in range(d.c_lo[k], d.c_hi[k]))


def mark_kind(j: Judge, k: int) -> tuple[str, bool, bool]:
    """(kind, injury, damage) of a mark: a burn on a body part, otherwise property damage."""
    if _surface_after(j.d, k) == "body":
        return "burn_injury", True, False
    return "property_damage", False, True


def stated(d: Clauses, k: int) -> bool:
    """The mark at k is stated, whatever the tense: a mark is there to be seen.

    "my power bank has a black mark on it, is it recalled?", "it leaves black marks on
    my desk", "is it recalled it has black marks on it" -- but not when its stretch (up
    to a comma or a stop) asks: "does it leave black marks?", "any black marks on it?"."""
    lo = d.s_lo[k]
    end = k
    while end + 1 < d.s_hi[k] and d.low[end + 1] not in _STRETCH_END:
        end += 1
    if d.low[end] in {"?", "??"} or (end + 1 < d.n and d.low[end + 1] in {"?", "??"}):
        return False
    # before the mark: its words, its verb, the verb's subject; then what comes before them
    q = k - 1
    while q >= lo and (d.low[q] in MARK_LEAD or d.low[q] in MARK_COLOURS or d.can[q] in BURNT_CANONS | {"black"}):
        q -= 1
    while q >= lo and d.low[q] not in _STRETCH_END and d.low[q] not in MARK_SUBJECTS:
        q -= 1  # the verb group: "has", "left", "keeps leaving"
    while q >= lo and d.low[q] in MARK_SUBJECTS:
        q -= 1
    return not (q >= lo and d.low[q] in ASKING_FIRST)


_STRETCH_END = {",", ";", ":", "-", ".", "!", "?", "??"}


# ---- a colour --------------------------------------------------------------------------


def _predicative(d: Clauses, k: int) -> bool:
    """Nothing after the colour that it would describe: 'went black.', 'black and bubbly', 'black where it sat'."""
    nxt = d.low[k + 1] if k + 1 < d.c_hi[k] else ""
    return nxt in AFTER_PREDICATIVE_BLACK


def _changed_before(d: Clauses, k: int) -> bool:
    """A word of change governs the colour at k: 'went all black', 'turned my desk black', 'left it black'.

    Not after a person: "I got black", "I'd go black" choose a colour."""
    low = d.low
    for q in range(k - 1, max(d.c_lo[k], k - 5) - 1, -1):
        w = low[q]
        if w in CHANGE_WORDS:
            s = q - 1
            while s >= d.c_lo[k] and low[s] in MODALS | {"'d", "'ll", "'m", "will", "would", "just", "probably"}:
                s -= 1
            return not (s >= d.c_lo[k] and low[s] in CHOOSERS)
        if w not in CHANGE_ADVERBS and w not in CHANGE_OBJECTS and w not in PROPERTY and w not in BLACKENED_PARTS:
            return False
    return False


def _state_of_a_surface(d: Clauses, k: int) -> bool:
    """'is all black', 'is black where it was', 'its black and bubbly', "there's black on the wall"."""
    low = d.low
    hi = d.c_hi[k]
    q = k - 1
    all_over = False
    while q >= d.c_lo[k] and low[q] in ALL_OVER | {"now", "just", "really", "pretty", "kinda"}:
        all_over = all_over or low[q] in ALL_OVER
        q -= 1
    nxt = low[k + 1] if k + 1 < hi else ""
    nxt2 = low[k + 2] if k + 2 < hi else ""
    if q < d.c_lo[k]:
        return False
    if low[q] in {"theres", "there's"} or (low[q] in BE_WORDS and q > d.c_lo[k] and low[q - 1] == "there"):
        return nxt in BLACK_SOMEWHERE  # "there's black on the wall": soot
    if low[q] not in BE_WORDS:
        return False
    return all_over or nxt in BE_BLACK_CUES or (nxt in {"and", "&", "n"} and nxt2 in BURNT_LOOK)


def _switched_off(d: Clauses, k: int) -> bool:
    """The nearest thing before the colour is a screen or a light: 'the screen went black'."""
    for q in range(k - 1, d.c_lo[k] - 1, -1):
        w = d.low[q]
        if w in SWITCHED_OFF:
            return True
        if w in BLACKENED_PARTS or w in PROPERTY:
            return False
    return False


def black_is_a_colour(j: Judge, k: int) -> bool:
    """'my black power bank', 'the black one', 'black friday', 'the screen went black': no burning."""
    d = j.d
    if not _predicative(d, k) or _switched_off(d, k):
        return True
    return not (_changed_before(d, k) or _state_of_a_surface(d, k))
