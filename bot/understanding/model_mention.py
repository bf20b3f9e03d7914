"""A model mention and the normalising of one model number.

The base both readers share: :mod:`bot.understanding.product_names` (catalogue
names) and :mod:`bot.understanding.number_mentions` (numbers written in a message)
produce :class:`ModelMention` values and normalise with
:func:`normalise_model_number`. Import both through
:mod:`bot.understanding.model_numbers`, the public entry point.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["HOMOGLYPHS", "ModelMention", "normalise_model_number"]


@dataclass(frozen=True)
class ModelMention:
    """A model number (or a product name) found in a message.

    Attributes:
        value: Normalised model number ("A1263"); None when a product name fits
            several models (then see ``candidates``).
        text: The mention as written in the message.
        start: Offset of ``text`` in the message.
        end: Offset just past ``text``.
        candidates: For an ambiguous product name, the models it may be, sorted.
        from_product_name: True when read from a product name or alias.
    """

    value: str | None
    text: str
    start: int
    end: int
    candidates: tuple[str, ...] = ()
    from_product_name: bool = False


# --- normalising one model number ---------------------------------------------------

# Cyrillic and Greek capitals that look like Latin ones (pasted or OCR'd labels).
# Cyrillic "З" looks like a 3 ("A126З").
HOMOGLYPHS = str.maketrans("АВСЕНІКМОРТХаесорхΑΒΕΗΙΚΜΟΡΤΧЗ", "ABCEHIKMOPTXaecopxABEHIKMOPTX3")
# "model", "modèle", "modelo", "Modell", "Mod.-Nr.", "référence", "Typ", then the number (or "no.",
# "n°", "Nummer"...). Not "ref" alone: "ref #X1263" is a case.
_MODEL_WORD = r"(?:modelo|modell?|mod[eèé]le|mod\.|r[ée]f[ée]rence|referencia|referenz|typ)"
_NUMBER_WORD = r"(?:(?:numbers?|num[eé]ro|n[uú]mero|nummer|num|nos?|nr)(?![a-z])\.?|n\.?\s?[\u00b0\u00ba]|#)"
_KEYWORD_PREFIX = re.compile(rf"^\s*{_MODEL_WORD}(?:[\s-]*{_NUMBER_WORD})?\.?\s*(?:is\s+)?[:#=]?", re.I)
_SEPARATORS = re.compile(r"[\s\-_#.:/]+")
_LOOKALIKE = re.compile(r"A([0-9ILO]{4})")
_MODEL_SHAPE = re.compile(r"[A-Z]{0,4}[0-9]{2,6}[A-Z]{0,3}")


def normalise_model_number(raw: str) -> str:
    """Normalises a model number as a customer or a catalogue writes it.

    Upper case, without spaces, dashes, dots or ``#``; a bare four-digit number
    gets the ``A`` prefix; in ``A`` + four characters, I/l and O typed for 1 and 0
    are read as digits.

    Args:
        raw: E.g. "a-1263", " #A 1263 ", "model 1263", "AI263", "PB-2000".

    Returns:
        E.g. "A1263" or "PB2000".

    Raises:
        ValueError: If nothing model-shaped remains (empty text, no digits, ...).
    """
    if not isinstance(raw, str):
        raise ValueError(f"not a model number: {raw!r}")
    s = unicodedata.normalize("NFKC", raw).translate(HOMOGLYPHS).upper()
    s = _SEPARATORS.sub("", _KEYWORD_PREFIX.sub("", s))
    look = _LOOKALIKE.fullmatch(s)
    if look and sum(c.isdigit() for c in look[1]) >= 2:
        s = "A" + look[1].translate(str.maketrans("ILO", "110"))
    if len(s) == 4 and s.isdigit() and s.isascii():
        s = "A" + s
    if len(s) < 4 or not _MODEL_SHAPE.fullmatch(s):
        raise ValueError(f"not a model number: {raw!r}")
    return s
