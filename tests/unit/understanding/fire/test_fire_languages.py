"""The fire safety net in French, Spanish and German (bot/understanding/fire/languages.py, foreign.py).

The phrase lists are in tests/unit/understanding/fire_phrases_languages.py. Recall,
precision and the time per message are printed by `test_print_figures` (run with -s),
never asserted.
"""

from __future__ import annotations

import time

import pytest

from bot.understanding.fire import KINDS, denies_fire, detect_fire_report, languages
from tests.unit import fire_phrases as english
from tests.unit.understanding.fire_phrases_languages import (
    FIRE_REPORTS,
    KNOWN_FALSE_ALARMS,
    KNOWN_MISSES,
    NOT_FIRE_REPORTS,
)

pytestmark = pytest.mark.filterwarnings("error")

_REPORTS = [(lang, text) for lang, texts in FIRE_REPORTS.items() for text in texts]
_LOOKALIKES = [(lang, text) for lang, texts in NOT_FIRE_REPORTS.items() for text in texts]
_KNOWN = pytest.mark.xfail(strict=True, reason="known false alarm (fire_phrases_languages.KNOWN_FALSE_ALARMS)")
_MISSED = pytest.mark.xfail(strict=True, reason="known miss of the net, the trained intent's (fire_phrases_languages.KNOWN_MISSES)")


def _ids(cases: list[tuple[str, str]]) -> list[str]:
    return [f"{lang}-{i:03d}-{text[:30]}" for i, (lang, text) in enumerate(cases)]


def test_phrase_lists_are_big_enough():
    assert KNOWN_FALSE_ALARMS <= {text for texts in NOT_FIRE_REPORTS.values() for text in texts}
    assert KNOWN_MISSES <= {text for texts in FIRE_REPORTS.values() for text in texts}
    for lang in languages.LANGUAGES:
        assert len(set(FIRE_REPORTS[lang])) == len(FIRE_REPORTS[lang]) >= 60, lang
        assert len(set(NOT_FIRE_REPORTS[lang])) == len(NOT_FIRE_REPORTS[lang]) >= 40, lang
        assert not set(FIRE_REPORTS[lang]) & set(NOT_FIRE_REPORTS[lang])


@pytest.mark.parametrize(
    "lang,text",
    [pytest.param(lang, text, marks=_MISSED) if text in KNOWN_MISSES else (lang, text) for lang, text in _REPORTS],
    ids=_ids(_REPORTS),
)
def test_fire_report_is_detected(lang, text):
    signal = detect_fire_report(text)
    assert signal is not None, f"missed {lang} fire report: {text!r}"
    assert signal.kind in KINDS
    assert text[signal.start : signal.end] == signal.matched


@pytest.mark.parametrize(
    "lang,text",
    [pytest.param(lang, text, marks=_KNOWN) if text in KNOWN_FALSE_ALARMS else (lang, text) for lang, text in _LOOKALIKES],
    ids=_ids(_LOOKALIKES),
)
def test_lookalike_is_not_detected(lang, text):
    assert detect_fire_report(text) is None


@pytest.mark.parametrize(
    "text,kind,injury,damage",
    [
        ("j'ai été brûlé par le chargeur", "burn_injury", True, False),
        ("me quemé la mano", "burn_injury", True, False),
        ("hab mich verbrannt", "burn_injury", True, False),
        ("le canapé a brûlé", "property_damage", False, True),
        ("auf dem Tisch ist ein Brandfleck", "property_damage", False, True),
        ("la batería explotó", "explosion", False, False),
        ("ça sent le brûlé", "smoke", False, False),
        ("elle a pris feu", "fire", False, False),
    ],
)
def test_kind_and_flags(text, kind, injury, damage):
    signal = detect_fire_report(text)
    assert signal is not None and (signal.kind, signal.injury, signal.damage) == (kind, injury, damage), signal


@pytest.mark.parametrize(
    "text",
    ["elle a pri feu", "ca fume", "elle a brule", "se incendio", "sale umo", "exploto", "explotto", "es brent",
     "der akku ist explodirt", "verschmort", "ELLE A PRIS FEU", "la batterie a explosée", "se derritio"],
)
def test_typos_and_missing_accents(text):
    assert detect_fire_report(text) is not None


@pytest.mark.parametrize(
    "text", ["pas de fumée, juste chaud", "no echó humo", "es hat nicht gebrannt, nur heiß", "kein Rauch", "ça fume pas"]
)
def test_denies_fire(text):
    assert detect_fire_report(text) is None
    assert denies_fire(text)


@pytest.mark.parametrize("text", ["elle chauffe beaucoup", "está muy caliente", "wird sehr heiß", "la batterie a gonflé"])
def test_heat_alone_is_not_a_denial(text):
    assert not denies_fire(text)


def test_report_inside_an_english_conversation():
    text = "Hi, about my refund. Sorry, my husband writes: la batterie a pris feu dans la voiture. Thanks"
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "fire"


def test_english_words_are_not_read_as_foreign():
    for word in ("explore", "brand", "sale", "fine", "brute", "rule", "funk", "llamas"):
        assert detect_fire_report(f"I like the {word}") is None, word


def _figures(fire: list[str], other: list[str]) -> tuple[float, float]:
    hits = sum(detect_fire_report(t) is not None for t in fire)
    false_alarms = sum(detect_fire_report(t) is not None for t in other)
    return hits / len(fire), hits / max(1, hits + false_alarms)


def test_print_figures():
    sets = {"en": (english.FIRE_REPORTS, english.NOT_FIRE_REPORTS)}
    sets.update({lang: (FIRE_REPORTS[lang], NOT_FIRE_REPORTS[lang]) for lang in languages.LANGUAGES})
    for lang, (fire, other) in sets.items():
        recall, precision = _figures(fire, other)
        print(f"{lang}: recall {recall:.1%} precision {precision:.1%} ({len(fire)} reports, {len(other)} look-alikes)")
    words = "je voudrais savoir si mon appareil fait partie du rappel et comment obtenir un remboursement".split()
    message = " ".join((words * 20)[:200])
    detect_fire_report(message)
    start = time.perf_counter()
    for _ in range(50):
        detect_fire_report(message)
    print(f"200-word message: {(time.perf_counter() - start) / 50 * 1000:.2f} ms")
