"""Model numbers spelled out in words (bot/understanding/spelled_numbers.py), read with text2num.

Edges written after reading the reader; the measure is the eighth writer's set in
model_numbers_phrases_languages.py.
"""

from __future__ import annotations

import pytest

from bot.understanding import spelled_numbers
from bot.understanding.model_numbers import find_model_numbers
from tests.unit.understanding.test_model_numbers_phrases_languages import read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my A twelve sixty-three", {"A1263"}),
        ("j'ai la A douze soixante-trois", {"A1263"}),
        ("tengo la a mil doscientos sesenta y tres", {"A1263"}),
        ("ich hab die A zwölf-dreiundsechzig", {"A1263"}),
        ("das ist die A sechzehn siebenundvierzig glaub ich", {"A1647"}),
        ("A douze soixante-cinq", {"A1265"}),  # an "A" model we don't sell: the bot says unknown_model
        ("j ai la sept cent trente sept, la grosse", {"A1289"}),
        ("es una Anker setecientos treinta y siete", {"A1289"}),
        ("die sechshundertzweiundzwanzig, die magnetische", {"A1647"}),
        ("the seven thirty-seven", {"A1289"}),
        # not a model
        ("a mil doscientos sesenta y cinco personas", set()),  # "a" + a model we don't sell: a preposition
        ("j'en ai acheté sept cent trente-sept", set()),  # a count, no determiner
        ("je l'ai achetée il y a deux ans", set()),
        ("la power core dix mille de ma fille", {"A1263"}),
        ("mi PowerCore 1OOOO de 2017", {"A1263"}),
    ],
)
def test_spelled_numbers(text: str, expected: set) -> None:
    assert read(text) == expected


def test_the_offsets_are_the_customers() -> None:
    text = "j'ai la A douze soixante-trois achetée"
    (mention,) = find_model_numbers(text)
    assert text[mention.start : mention.end] == mention.text == "A douze soixante-trois"


def test_a_failing_library_reads_nothing_spelled_and_the_rest_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    class Panic(BaseException):  # what a Rust panic in text2num raises
        pass

    def panics(*args: object, **kwargs: object) -> None:
        raise Panic("text2num panicked")

    import text_to_num

    monkeypatch.setattr(text_to_num, "find_numbers", panics)
    assert spelled_numbers.spelled_mentions("A douze soixante-trois et une A1257", _index()) == []
    assert {m.value for m in find_model_numbers("my A1257, not spelled out", catalogue=_catalogue())} == {"A1257"}


def _catalogue() -> dict[str, list[str]]:
    from bot.understanding.model_numbers import load_product_names

    return load_product_names()


def _index():  # noqa: ANN202 - the private index type
    from bot.understanding.product_names import _index

    return _index(None)
