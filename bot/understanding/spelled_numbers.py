"""Model numbers spelled out in words, as customers dictate or type them from memory.

"A douze soixante-trois", "la A mil doscientos sesenta y tres", "die A sechzehn
siebenundvierzig" are A1263 and A1647; "la sept cent trente-sept", "die Anker
siebenhundertsiebenunddreißig" are the 737 (a series number one product carries).

The numbers are found by text2num (allo-media, MIT; English, French, Spanish and German
among its languages), run on the message's words with their offsets, so a mention keeps
the customer's span. Numbers next to each other are read as one run of digits ("douze
soixante-trois" is 1263), as people say model numbers. Only two shapes count: "A" before
four digits (a lower-case "a" is also an article or a preposition, so only for a model we
sell), and a series number after a determiner or the brand ("la", "my", "die", "Anker").
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from .model_mention import ModelMention
from .product_names import _Index

logger = logging.getLogger(__name__)

_LANGUAGES = ("en", "fr", "es", "de")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # "soixante-trois" is two words: text2num joins them
_DETERMINERS = frozenset(
    "the my a an our la le ma mon une un el mi una uno su die der das den meine mein eine ein anker".split()
)


@dataclass(frozen=True)
class _SpokenNumber:
    digits: str
    first: int  # index of the first word
    last: int  # index of the last word


@functools.cache
def _token_class() -> type:
    """text2num's Token for a word of the message (imported on first use: 14 ms)."""
    from text_to_num import Token

    class Word(Token):
        def __init__(self, text: str) -> None:
            self._text = text

        def text(self) -> str:
            return self._text

        def nt_separated(self, previous: object) -> bool:
            return False

    return Word


def spelled_mentions(text: str, index: _Index) -> list[ModelMention]:
    """The model numbers and series numbers written in words (see the module docstring)."""
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return []
    found = []
    for number in _spoken_numbers([w[0] for w in words]):
        before = words[number.first - 1][0] if number.first > 0 else ""
        start, end = words[number.first].start(), words[number.last].end()
        if before in ("A", "a") and len(number.digits) == 4:
            value = "A" + number.digits
            if before == "a" and value not in index.known:
                continue
            start = words[number.first - 1].start()
            found.append(ModelMention(value=value, text=text[start:end], start=start, end=end))
        elif number.digits in index.series and before.lower() in _DETERMINERS:
            found.append(
                ModelMention(
                    value=index.series[number.digits], text=text[start:end], start=start, end=end, from_product_name=True
                )
            )
    return found


def _spoken_numbers(words: list[str]) -> list[_SpokenNumber]:
    """Numbers in words, in any of the languages, next ones joined ("douze soixante-trois": 1263)."""
    from text_to_num import find_numbers

    word = _token_class()
    tokens = [word(w) for w in words]
    spans: dict[tuple[int, int], str] = {}
    for language in _LANGUAGES:
        try:
            occurrences = find_numbers(tokens, language)
        except BaseException as error:  # noqa: BLE001 - a panic in the Rust library is a BaseException
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            logger.exception("text2num failed on a message")
            return []
        for occurrence in occurrences:
            if occurrence.text.isdigit():  # not ordinals, decimals or percentages
                spans.setdefault((occurrence.start, occurrence.end), occurrence.text)
    runs: list[_SpokenNumber] = []
    for (first, end), digits in sorted(spans.items(), key=lambda s: (s[0][0], -s[0][1])):
        if runs and runs[-1].last + 1 == first:
            runs[-1] = _SpokenNumber(runs[-1].digits + digits, runs[-1].first, end - 1)
        elif not runs or first > runs[-1].last:
            runs.append(_SpokenNumber(digits, first, end - 1))
    return runs
