"""Products named the way people name them, matched by their features.

Customers rarely write a catalogue name exactly: "the Zolo 20000 with 22.5 watts",
"my 10k 22.5w bank", "Zolo 30W". Each catalogue name is read into features (the
product line's words, the capacity, the wattage, the series number), the message
into the same features, and the models whose names carry every feature the message
mentions are the candidates. Nothing here is a hand-written list of products: a
deployment's own catalogue gives its own features.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# Words of catalogue names that say nothing about which product it is.
GENERIC = frozenset("power bank banks battery batteries portable charger the and with for anker new".split())
#: Two words customers split that catalogues write as one ("Power Core" is PowerCore).
MERGED_WORDS = {("power", "core"): "powercore", ("mag", "go"): "maggo", ("gan", "prime"): "ganprime"}
_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?(?:\s?(?:mah|k|w|watts?|vatios?)\b)?", re.I)
_CAPACITY = re.compile(r"^(\d{1,2})(?:k|k?mah)$|^(\d{1,2})(?:000|0000)(?:mah)?$")
_WATTS = re.compile(r"^(\d{1,3}(?:[.,]\d)?)\s?(?:w|watts?|vatios?)$")
_SERIES = re.compile(r"^\d{3}$")
# Capacities said in words ("dix mille", "diez mil", "zehntausend") and "1OOOO" typed with the letter O.
_SPELLED = {
    "ten thousand": "10000", "dix mille": "10000", "diez mil": "10000", "zehntausend": "10000",
    "twenty thousand": "20000", "vingt mille": "20000", "veinte mil": "20000", "zwanzigtausend": "20000",
}
_SPELLED_CAPACITY = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _SPELLED) + r")\b", re.I)
_LETTER_O = re.compile(r"(?<![0-9])[1-9][0oO]{3,4}\b")  # "PowerCore1OOOO" too
_THOUSANDS = re.compile(r"\b(\d{2})[. '\u00a0\u202f](000)\b")


def with_capacities_in_digits(text: str) -> str:
    """The text with "dix mille" as "10000    " and "1OOOO" as "10000": the same length, so
    every offset stays the customer's."""
    text = _SPELLED_CAPACITY.sub(lambda m: _SPELLED[" ".join(m[0].lower().split())].ljust(len(m[0])), text)
    return _LETTER_O.sub(lambda m: m[0].replace("o", "0").replace("O", "0"), text)


def feature_spans(text: str) -> list[tuple[str, int, int]]:
    """The product features written in a text, with where each is: line words,
    ``cap:20k``, ``w:22.5``, ``series:621``.

    Example:
        "Zolo 20000mAh with 22.5 watts" -> zolo, cap:20k, w:22.5 (and their offsets)
    """
    # Same-length rewrites only, so offsets stay those of the customer's text.
    lowered = re.sub(r"(\d{1,2}),(000)", r"\g<1>0\2", with_capacities_in_digits(text).lower())
    lowered = _THOUSANDS.sub(r"\g<1>0\2", lowered)  # "10.000 mAh", "10 000 mAh"
    found: list[tuple[str, int, int]] = []
    previous, previous_start, previous_kept = "", 0, False
    for m in _WORD.finditer(lowered):
        word = m[0].replace(" ", "")
        kept = len(found)
        if (previous, word) in MERGED_WORDS:
            if previous_kept:  # "mag" was a feature on its own: "mag go" replaces it
                found.pop()
            found.append((MERGED_WORDS[(previous, word)], previous_start, m.end()))
        elif cap := _CAPACITY.match(word):
            found.append((f"cap:{int(cap[1] or cap[2])}k", m.start(), m.end()))
        elif watts := _WATTS.match(word):
            found.append((f"w:{watts[1].replace(',', '.')}", m.start(), m.end()))
        elif _SERIES.match(word):
            found.append((f"series:{word}", m.start(), m.end()))
        elif word.isalpha() and word not in GENERIC and len(word) > 2:  # "pd" is any USB-C charger
            found.append((word, m.start(), m.end()))
        previous, previous_start, previous_kept = word, m.start(), len(found) > kept
    return found


def features_of(text: str) -> frozenset[str]:
    """The product features of a text (see :func:`feature_spans`)."""
    return frozenset(f for f, _, _ in feature_spans(text))


@functools.lru_cache(maxsize=8)
def feature_index(catalogue: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    """Every model's features: the union over its product name and aliases."""
    return {model: frozenset().union(*(features_of(n) for n in names)) for model, names in catalogue}


def _vocabulary(index: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*index.values()) if index else frozenset()


def candidates(
    text: str, index: dict[str, frozenset[str]], *, among: Iterable[str] | None = None
) -> tuple[str, ...]:
    """The models whose names carry every product feature the text mentions.

    Only features some catalogue name has count (a colour or "10 ports" says nothing).
    Alone (no `among`), a series number names a product ("733"); otherwise it takes a
    line word with a second feature ("Zolo 30W"), a capacity with a wattage ("10K,
    22.5W") or three features; "a slim chance" or "10000 mAh" name none.

    Args:
        text: The customer's words.
        index: :func:`feature_index` of the catalogue.
        among: Only these models (e.g. the ones a brand word already narrowed to).

    Returns:
        The matching models, sorted; empty when the text names no product.
    """
    wanted = features_of(text) & _vocabulary(index)
    if among is None:
        kinds = {f.split(":")[0] for f in wanted if ":" in f}
        named = any(f.startswith("series:") for f in wanted) or (
            len(wanted) >= 2 and any(":" not in f for f in wanted)
        ) or len(wanted) >= 3 or {"cap", "w"} <= kinds  # "10K y 22,5 W": a capacity with a wattage
        if not named:  # "a slim chance", "10000 mAh": no product named
            return ()
    elif not wanted:
        return ()
    if among is not None:  # only what tells these apart: "PowerCore 20000 y una zolo de 30W" is a Zolo 30W
        wanted &= frozenset().union(*(index.get(m, frozenset()) for m in among))
        if not wanted:
            return ()
    pool = list(among) if among is not None else list(index)
    return tuple(sorted(m for m in pool if wanted <= index.get(m, frozenset())))


def each_named(text: str, index: dict[str, frozenset[str]], *, among: Iterable[str]) -> tuple[str, ...]:
    """The models among `among` that a feature of the text names alone: "30W" and "22,5W" among
    the two Zolos name both; "20K" (both have it) names neither."""
    pool = list(among)
    named = set()
    for feature in features_of(text):
        having = [m for m in pool if feature in index.get(m, frozenset())]
        if len(having) == 1:
            named.add(having[0])
    return tuple(sorted(named))
