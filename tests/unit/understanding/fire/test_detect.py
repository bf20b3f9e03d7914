"""The rule-based fire-report safety net (bot/understanding/fire/).

The phrase lists live in tests/unit/fire_phrases.py (shared with the NLU
evaluation). Timing is measured and reported separately, not asserted here.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.understanding import fire
from bot.understanding.fire import KINDS, FireSignal, detect_fire_report, lexicon, pipeline, typos
from tests.unit.fire_phrases import (
    DAMAGE_CASES,
    EXPECTED_KINDS,
    FIRE_REPORTS,
    INJURY_CASES,
    NO_FLAG_CASES,
    NOT_FIRE_REPORTS,
)

ROOT = Path(__file__).resolve().parents[4]

# Any warning raised while these tests run is a failure.
pytestmark = pytest.mark.filterwarnings("error")


def _ids(texts: list[str]) -> list[str]:
    return [f"{i:03d}-{t[:40]}" for i, t in enumerate(texts)]


def _check_offsets(text: str, signal: FireSignal) -> None:
    assert 0 <= signal.start < signal.end <= len(text)
    assert text[signal.start : signal.end] == signal.matched
    assert signal.matched.strip()


# ---- the phrase lists ----------------------------------------------------------


def test_phrase_lists_are_big_enough_and_disjoint():
    assert len(FIRE_REPORTS) >= 110
    assert len(NOT_FIRE_REPORTS) >= 45
    assert len(set(FIRE_REPORTS)) == len(FIRE_REPORTS), "duplicate fire report"
    assert len(set(NOT_FIRE_REPORTS)) == len(NOT_FIRE_REPORTS), "duplicate look-alike"
    assert not set(FIRE_REPORTS) & set(NOT_FIRE_REPORTS)
    assert set(EXPECTED_KINDS) <= set(FIRE_REPORTS)
    assert set(EXPECTED_KINDS.values()) == set(KINDS), "every kind has an obvious example"


@pytest.mark.parametrize("text", FIRE_REPORTS, ids=_ids(FIRE_REPORTS))
def test_fire_report_is_detected(text):
    signal = detect_fire_report(text)
    assert signal is not None, f"missed fire report: {text!r}"
    assert signal.kind in KINDS
    _check_offsets(text, signal)
    if text in EXPECTED_KINDS:
        assert signal.kind == EXPECTED_KINDS[text], f"{text!r}: {signal}"


@pytest.mark.parametrize("text", NOT_FIRE_REPORTS, ids=_ids(NOT_FIRE_REPORTS))
def test_lookalike_is_not_detected(text):
    assert detect_fire_report(text) is None


@pytest.mark.parametrize("text", INJURY_CASES, ids=_ids(INJURY_CASES))
def test_injury_flag(text):
    signal = detect_fire_report(text)
    assert signal is not None and signal.injury, f"{text!r}: {signal}"


@pytest.mark.parametrize("text", DAMAGE_CASES, ids=_ids(DAMAGE_CASES))
def test_damage_flag(text):
    signal = detect_fire_report(text)
    assert signal is not None and signal.damage, f"{text!r}: {signal}"


@pytest.mark.parametrize("text", NO_FLAG_CASES, ids=_ids(NO_FLAG_CASES))
def test_no_flags_when_nobody_hurt_and_nothing_damaged(text):
    signal = detect_fire_report(text)
    assert signal is not None
    assert not signal.injury and not signal.damage, f"{text!r}: {signal}"


# ---- however it is written -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "caugth fire",
        "it cought fire",
        "it started smokeing",
        "it exploted",
        "the cover meltted",
        "sparkes came out",
        "it caught fier",
        "it was buring",
        "scortch marks on the desk",
        "it exploaded last night",
        "the batery caugt on fire",
        "it's on fiiire",
        "smokkking",
    ],
)
def test_typos_of_the_vocabulary(text):
    assert detect_fire_report(text) is not None


@pytest.mark.parametrize("text", [t for t in FIRE_REPORTS if len(t) < 80][::3])
def test_all_caps_and_no_punctuation(text):
    upper = text.upper()
    assert detect_fire_report(upper) is not None, upper
    bare = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    if bare.strip():
        assert detect_fire_report(bare) is not None, bare


def test_report_buried_in_a_long_message():
    text = (
        "Hello, I need help with the return form because the postcode field keeps rejecting "
        "my address and I have tried three browsers. "
    ) * 8 + "Also it exploded on my desk yesterday. " + "Thanks for your help, the order number is 123. " * 8
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "explosion"
    _check_offsets(text, signal)
    assert text[signal.start :].startswith("exploded")


def test_offsets_follow_a_prefix():
    report = "my power bank caught fire"
    plain = detect_fire_report(report)
    prefix = "Hi!\n\n" + "I have a question about the recall form. " * 5 + "\n"
    shifted = detect_fire_report(prefix + report)
    assert plain is not None and shifted is not None
    assert shifted.start == plain.start + len(prefix)
    assert shifted.matched == plain.matched == "caught fire"


def test_signal_is_a_frozen_dataclass():
    signal = detect_fire_report("it caught fire")
    assert isinstance(signal, FireSignal)
    assert set(dataclasses.asdict(signal)) == {"kind", "matched", "start", "end", "injury", "damage"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        signal.kind = "smoke"  # type: ignore[misc]


def test_most_urgent_kind_is_returned():
    signal = detect_fire_report("there was smoke, then sparks, then it exploded and caught fire")
    assert signal is not None and signal.kind == "fire"
    signal = detect_fire_report("the case melted and there was smoke")
    assert signal is not None and signal.kind == "smoke"


def test_same_result_twice():
    for text in FIRE_REPORTS[:20] + NOT_FIRE_REPORTS[:20]:
        assert detect_fire_report(text) == detect_fire_report(text)


# ---- odd input -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", "\n\t", None, 42, b"it caught fire"])
def test_empty_or_not_text(value):
    assert detect_fire_report(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "it caught\x00 fire\x07",
        "\x1b[31mit caught fire\x1b[0m",
        "it caught fi\u200bre",
        "it\u00a0caught\u00a0fire",
        "\u202eit caught fire",
        "İT CAUGHT FİRE",
        "ｉｔ ｃａｕｇｈｔ ｆｉｒｅ",
        "it caught fire \ud800",
        "it’s on fire",
    ],
)
def test_control_and_unusual_characters(text):
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "fire"
    _check_offsets(text, signal)


@pytest.mark.parametrize("text", ["\x00" * 500, "\ud800\udfff", "\u200b" * 50, "\x1b[0m\x07\x08", "🔋" * 300])
def test_control_characters_alone(text):
    assert detect_fire_report(text) is None


BENIGN = "I would like a refund for my power bank please, the model is A1263 and I bought it in 2018. "


def test_huge_benign_input():
    text = (BENIGN * 2200)[:200_000]
    assert detect_fire_report(text) is None


def test_huge_input_with_a_report_at_the_end():
    text = (BENIGN * 2200)[:200_000] + " Anyway it caught fire last night."
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "fire"
    _check_offsets(text, signal)
    assert signal.start > 200_000


def test_huge_single_token_and_control_soup():
    assert detect_fire_report("a" * 200_000) is None
    soup = "".join(chr(i % 32) for i in range(200_000))
    assert detect_fire_report(soup) is None
    assert detect_fire_report(soup + "it exploded") is not None


def test_input_longer_than_spacy_max_length():
    text = BENIGN * 12_000 + "\nthe charger exploded."  # about 1.1 million characters
    signal = detect_fire_report(text)
    assert signal is not None and signal.kind == "explosion"
    _check_offsets(text, signal)


def test_many_reports_in_one_message():
    text = "it caught fire. " * 12_500
    signal = detect_fire_report(text)
    assert signal is not None and signal.start == 3


# ---- the spaCy component and the typo guard -------------------------------------


def _canons(text: str) -> list[str]:
    nlp, _ = pipeline.load()
    return [token._.canon for token in nlp(text)]


def test_canonical_lemmas():
    assert _canons("caught burnt smokin melted exploded sparkes caugth fier") == [
        "catch", "burn", "smoke", "melt", "explode", "spark", "catch", "fire",
    ]


def test_common_words_are_not_mapped_to_the_vocabulary():
    words = "fine five hire wire free spare charged charging meeting during morning boring stark black flashing"
    assert _canons(words) == words.split()


def test_every_pattern_lemma_maps_to_itself():
    # A plain token whose lower-case text equals a trigger lemma must be that
    # vocabulary word, or an unrelated word could match a pattern.
    for canon in lexicon.TRIGGER_CANON_SET | {"blow"}:
        assert lexicon.all_forms().get(canon, (canon,))[0] == canon, canon


def test_guard_words_are_not_vocabulary():
    assert typos.guard_words()
    assert not typos.guard_words() & set(lexicon.all_forms())


def test_guard_words_regenerate_from_a_dictionary(tmp_path):
    dictionary = tmp_path / "words"
    dictionary.write_text("fine\nFive\nbanana\nfire\nspare\nit's\nfin\n", encoding="utf-8")
    words = typos.generate_guard([str(dictionary)])
    assert words == ["fine", "five", "spare"]  # near the vocabulary, not in it, four letters or more
    guard_file = tmp_path / "guard_words.txt"
    guard_file.write_text(typos.GUARD_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    typos.write_guard_words(words, guard_file)
    lines = guard_file.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "fine five spare"
    assert all(line.startswith("#") for line in lines[:-1]) and lines[0].startswith("#")


def test_concurrent_calls_agree():
    texts = (FIRE_REPORTS + NOT_FIRE_REPORTS)[::4]
    expected = [detect_fire_report(t) for t in texts]
    results: dict[int, list[FireSignal | None]] = {}

    def work(n: int) -> None:
        results[n] = [detect_fire_report(t) for t in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())


# ---- import and warnings -----------------------------------------------------------


def _run_python(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, *flags, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_import_is_light():
    code = (
        "import sys, bot.understanding.fire, bot.safety\n"
        "from bot.understanding.fire import lexicon\n"
        "print('spacy' in sys.modules, lexicon.all_forms.cache_info().currsize)\n"
    )
    proc = _run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False 0"  # neither spaCy nor the word lists are loaded yet


def test_old_import_path_resolves_to_the_same_objects():
    from bot import safety

    for name in ("detect_fire_report", "denies_fire", "FireSignal", "KINDS"):
        assert getattr(safety, name) is getattr(fire, name), name
    assert set(safety.__all__) == set(fire.__all__)


def test_no_warnings_from_a_fresh_process():
    code = (
        "from bot.understanding.fire import detect_fire_report as d\n"
        "assert d('it caught fire') is not None\n"
        "assert d('it gets hot') is None\n"
    )
    proc = _run_python(code, "-W", "error")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Warning" not in proc.stderr, proc.stderr[-3000:]
