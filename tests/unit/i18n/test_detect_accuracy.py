"""How often `detect` names the language of messages of three words or more (issue 18).

The target: identified ≥ 0.98 per language; a wrong language (the bot would answer in
another one) ≤ 1 %. A None keeps the conversation's language and only misses.
"""

from __future__ import annotations

import pytest

from bot.i18n.detect import MIN_WORDS, detect, words_of
from tests.unit.i18n.language_phrases import PHRASES

MIN_IDENTIFIED = 0.98
MAX_WRONG = 0.01


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_every_phrase_has_three_words_or_more(language: str) -> None:
    short = [text for text in PHRASES[language] if len(words_of(text)) < MIN_WORDS]
    assert not short
    assert len(PHRASES[language]) >= 150


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_the_language_of_messages_of_three_words_or_more(language: str) -> None:
    found = {text: detect(text) for text in PHRASES[language]}
    wrong = {text: d.language for text, d in found.items() if d is not None and d.language != language}
    missed = [text for text, d in found.items() if d is None]
    total = len(found)
    identified = (total - len(wrong) - len(missed)) / total
    assert len(wrong) / total <= MAX_WRONG, wrong
    assert identified >= MIN_IDENTIFIED, (missed, wrong)
