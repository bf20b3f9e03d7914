"""Model numbers and dates in customer text: the only place that understands them.

Plain typed functions, no Rasa imports. The NLU component, the actions and the
recall import all call these, so "a-1263", "model 1263" and "my PowerCore 10000"
mean A1263 everywhere. Nothing heavy happens at import: the catalogue's product
names load on first use and stay cached.

Dates live in :mod:`bot.understanding.dates`; :func:`find_dates` here blanks model numbers and
product names before reading them.

This module combines the readers and is what the rest of the project imports:
:mod:`bot.understanding.model_mention` (:class:`ModelMention`, :func:`normalise_model_number`),
:mod:`bot.understanding.product_names` (the catalogue's names) and
:mod:`bot.understanding.number_mentions` (numbers and the context around them).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from bot.understanding.textdist import edit_distance

from .dates import DateMention, parse_dates
from .model_corrections import without_taken_back
from .model_mention import HOMOGLYPHS, ModelMention, normalise_model_number
from .number_mentions import _COUNTED_NUMBER, _number_mentions
from .product_features import candidates as feature_candidates
from .product_features import each_named, feature_spans
from .product_names import CATALOGUE_PATH, _Index, _index, _named, _product_mentions, load_product_names
from .spelled_numbers import spelled_mentions

__all__ = [
    "CATALOGUE_PATH",
    "DateMention",
    "ModelMention",
    "closest_models",
    "edit_distance",
    "find_bare_year",
    "find_dates",
    "find_model_numbers",
    "load_product_names",
    "mask_spans",
    "normalise_model_number",
]


def find_model_numbers(
    text: str, *, catalogue: Mapping[str, Sequence[str]] | None = None
) -> list[ModelMention]:
    """Finds the model numbers and product names in a message.

    Args:
        text: The customer's message.
        catalogue: Model number -> names (product name first, then aliases), as
            :func:`load_product_names` returns; defaults to the shipped catalogue.

    Returns:
        The mentions in text order. Unknown model-shaped numbers are returned
        too (the caller decides unknown_model); a bare four-digit number only
        when "A" + it is a known model. Overlaps go to the longest mention.
    """
    if catalogue is None:
        return list(_default_mentions(text))
    return list(_mentions(text, _index(catalogue)))


@functools.lru_cache(maxsize=32)
def _default_mentions(text: str) -> tuple[ModelMention, ...]:
    # The NLU component asks for the models, then for the dates (which mask them): one reading.
    return _mentions(text, _index(None))


def _mentions(text: str, index: _Index) -> tuple[ModelMention, ...]:
    lookalikes_read = text.translate(HOMOGLYPHS)  # "A126З", "А1263" in Cyrillic: one letter for one, offsets kept
    candidates = (
        _product_mentions(text, index) + _number_mentions(lookalikes_read, index) + spelled_mentions(text, index)
    )
    chosen: list[ModelMention] = []
    taken = bytearray(len(text))
    fits_among: dict[tuple[str, ...], tuple[str, ...]] = {}  # one reading of the features per shared name
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            for reading in _narrowed(c, text, index, fits_among):
                if not (reading.from_product_name and any(_same(reading, o) for o in chosen if o.from_product_name)):
                    chosen.append(reading)  # "magnetic battery 621": one unit, named twice
    if not chosen:
        chosen = _by_features(text, index)
    return tuple(without_taken_back(text, sorted(chosen, key=lambda c: c.start)))


def _same(a: ModelMention, b: ModelMention) -> bool:
    return (a.value, a.candidates) == (b.value, b.candidates)


def _narrowed(
    mention: ModelMention, text: str, index: _Index, fits_among: dict[tuple[str, ...], tuple[str, ...]]
) -> list[ModelMention]:
    """A name several models share ("Zolo"), narrowed by the rest of the message ("30W"); several
    units of it ("les deux Zolo, la 30W et la 22,5W") are each of the models a feature names."""
    if mention.value or not mention.candidates:
        return [mention]
    if mention.candidates not in fits_among:
        fits_among[mention.candidates] = feature_candidates(text, index.features, among=mention.candidates)
    fits = fits_among[mention.candidates]
    if len(fits) == 1:
        return [dataclasses.replace(mention, value=fits[0], candidates=())]
    if len(fits) > 1:
        return [dataclasses.replace(mention, candidates=fits)]
    named = each_named(text, index.features, among=mention.candidates)
    if len(named) > 1 and _several_units(text, mention):
        return [dataclasses.replace(mention, value=model, candidates=()) for model in named]
    return [mention]


# "deux Zolo", "6 Zolo", "beide Zolos", "las dos Zolo", "Zolos": more than one unit of the name.
_SEVERAL_BEFORE = re.compile(
    r"(?<!\w)(?:[2-9]|[1-9][0-9]+|two|both|deux|dos|ambas|ambos|zwei|drei|beide[n]?)\s+$", re.I
)


def _several_units(text: str, mention: ModelMention) -> bool:
    return bool(_SEVERAL_BEFORE.search(text, max(0, mention.start - 12), mention.start)) or mention.text.lower().endswith("s")


def _by_features(text: str, index: _Index) -> list[ModelMention]:
    """No name or number: the product features alone ("the zolo 20000 with 22.5 watts")."""
    text = _COUNTED_NUMBER.sub(lambda m: " " * len(m[0]), text)  # "737 avis" names nothing
    fits = feature_candidates(text, index.features)
    if not fits or len(fits) > 4:
        return []
    vocabulary = frozenset().union(*(index.features[m] for m in fits))
    spans = [(s, e) for f, s, e in feature_spans(text) if f in vocabulary]
    return [_named(text, min(s for s, _ in spans), max(e for _, e in spans), fits)]


def mask_spans(text: str, spans: Iterable[Any], *, fill: str = " ") -> str:
    """Blanks spans of a text without moving any offset.

    Args:
        text: The text.
        spans: ``(start, end)`` pairs or objects with ``start`` and ``end``
            (e.g. :class:`ModelMention`); out-of-range parts are ignored.
        fill: The single character written over each span.

    Returns:
        The text, same length, each spanned character replaced by ``fill``.
    """
    if len(fill) != 1:
        raise ValueError("fill must be one character")
    chars = list(text)
    for span in spans:
        start, end = (span.start, span.end) if hasattr(span, "start") else span
        start = min(max(0, start), len(chars))
        end = min(max(start, end), len(chars))
        chars[start:end] = fill * (end - start)
    return "".join(chars)


def find_dates(text: str, *, today: date | None = None) -> list[DateMention]:
    """Finds the dates in a message, with their role, precision and problems.

    Model numbers and product names are blanked first. See :mod:`bot.understanding.dates` for
    the shapes understood.

    Args:
        text: The customer's message.
        today: What relative phrases ("last June", "two years ago") count from,
            and what "future" means; defaults to ``date.today()``.

    Returns:
        The date mentions in text order.
    """
    # NUL is neither a word character, a digit nor a space: nothing reads across it.
    masked = mask_spans(text, find_model_numbers(text), fill="\x00")
    return parse_dates(masked, text, today=today or date.today())


_YEAR_TOKEN = re.compile(r"(?<![A-Za-z0-9.,/-])((?:19|20)[0-9]{2})(?![A-Za-z0-9]|[.,/-][0-9])")


def find_bare_year(text: str, *, today: date | None = None) -> str | None:
    """A year written without a cue word ("it just says 2018"), for when the date was asked.

    Model numbers are blanked first; a year after today, or before 1990, is not taken.
    """
    today = today or date.today()
    masked = mask_spans(text, find_model_numbers(text), fill="\x00")
    years = [y for y in _YEAR_TOKEN.findall(masked) if 1990 <= int(y) <= today.year]
    return years[0] if len(set(years)) == 1 else None


_PARTS_OF_MODEL = re.compile(r"([A-Z]*)([0-9]*)(.*)")


def closest_models(value: str, known: Iterable[str], limit: int = 3, *, max_distance: int = 2) -> list[str]:
    """The known model numbers nearest to an unknown one, best first.

    Distance is the edit distance between the digit parts (a swap of two
    neighbouring digits counts 1), plus 1 for a different letter prefix or
    suffix. Ties go to the longer common leading digits, then the nearer number.

    Args:
        value: The model number the customer gave (normalised here).
        known: The catalogue's model numbers.
        limit: At most this many.
        max_distance: Farther models are not offered at all.

    Returns:
        Up to ``limit`` known model numbers.
    """

    def parts(v: str) -> tuple[str, str, str]:
        try:
            v = normalise_model_number(v)
        except ValueError:
            v = v.upper()
        p = _PARTS_OF_MODEL.match(v)
        return p[1], p[2], p[3]

    prefix, digits, suffix = parts(value)
    scored = []
    for model in set(known):
        kp, kd, ks = parts(model)
        distance = edit_distance(digits, kd) + (kp != prefix) + (ks != suffix)
        if distance <= max_distance:
            gap = abs(int(digits or 0) - int(kd or 0))
            scored.append((distance, -_common_prefix(digits, kd), gap, model))
    return [s[-1] for s in sorted(scored)[: max(0, limit)]]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
