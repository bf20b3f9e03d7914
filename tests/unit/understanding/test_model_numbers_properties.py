"""Property tests for bot.understanding.model_numbers: no crash on any text, offsets and values always well formed."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.understanding.model_numbers import find_dates, find_model_numbers, mask_spans, normalise_model_number

TODAY = date(2026, 11, 27)
ISO_VALUE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")  # a year alone is YYYY
MONTHS = "January February March April May June July August September October November December".split()

# No example database: nothing is written into the working tree.
bounded = settings(max_examples=200, deadline=None, database=None)
huge = settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any characters, control characters included, mixed with the words and shapes that matter here.
any_char_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFF), max_size=300)
fragments = st.sampled_from(
    [
        "A1263",
        "a-1263",
        "model",
        "no.",
        "#",
        "PowerCore",
        "10000",
        "zolo",
        "maggo",
        "(2023)",
        "2023",
        "05/06/2023",
        "14.05.2023",
        "March",
        "may",
        "last",
        "June",
        "year",
        "ago",
        "two",
        "summer",
        "early",
        "Christmas",
        "bought",
        "made",
        "caught fire",
        "yesterday",
        "on",
        "the",
        "3rd",
        "of",
        "'23",
        "RT-000123",
        "22.5W",
        "mAh",
        "$",
        ",",
        ".",
        "/",
        "-",
        " ",
        "\n",
        "\x00",
        "\x1f",
    ]
)
wordy_text = st.lists(st.one_of(fragments, st.text(max_size=4)), max_size=40).map(" ".join)
texts = st.one_of(any_char_text, wordy_text)
todays = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
huge_texts = (
    st.one_of(texts, st.just("x")).filter(bool).map(lambda s: (s * (100_000 // len(s) + 1))[:100_000])
)


def _check(text: str, today: date) -> None:
    models = find_model_numbers(text)
    for m in models:
        assert text[m.start : m.end] == m.text
        assert (m.value is None) == bool(m.candidates)
        if m.value is not None:
            assert normalise_model_number(m.value) == m.value
    assert all(a.end <= b.start for a, b in zip(models, models[1:], strict=False))
    dates = find_dates(text, today=today)
    for d in dates:
        assert text[d.start : d.end] == d.text
        assert d.role in ("manufacture", "purchase", "incident")
        assert d.precision in ("day", "month", "season", "year")
        assert d.problem in (None, "ambiguous", "future", "impossible")
        if d.value is not None:
            assert ISO_VALUE.fullmatch(d.value), d.value
            assert d.range_start is not None and d.range_end is not None
            assert d.range_start <= d.range_end
            assert d.value == d.range_start.isoformat()[: {"day": 10, "year": 4}.get(d.precision, 7)]
        else:
            assert d.problem in ("ambiguous", "impossible")
        if d.problem == "ambiguous":
            assert len(d.alternatives) == 2 and list(d.alternatives) == sorted(d.alternatives)
    assert all(a.end <= b.start for a, b in zip(dates, dates[1:], strict=False))


@bounded
@given(texts, todays)
def test_any_text_any_today(text: str, today: date) -> None:
    _check(text, today)


@huge
@given(huge_texts)
def test_huge_text(text: str) -> None:
    _check(text, TODAY)


@bounded
@given(texts)
def test_normalise_model_number_idempotent(raw: str) -> None:
    try:
        once = normalise_model_number(raw)
    except ValueError:
        return
    assert normalise_model_number(once) == once
    assert re.fullmatch(r"[A-Z0-9]+", once)


@bounded
@given(st.sampled_from(["A", "a"]), st.sampled_from(["", "-", " - ", "#"]), st.integers(1000, 9999))
def test_model_number_spellings(letter: str, sep: str, digits: int) -> None:
    raw = f"#{letter}{digits}" if sep == "#" else f"{letter}{sep}{digits}"
    assert normalise_model_number(raw) == f"A{digits}"
    if not 1900 <= digits <= 2100:
        assert [m.value for m in find_model_numbers(f"hi, mine is {raw}, thanks")] == [f"A{digits}"]


@bounded
@given(texts, st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=5))
def test_mask_spans_keeps_length(text: str, spans: list[tuple[int, int]]) -> None:
    masked = mask_spans(text, spans)
    assert len(masked) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, masked, strict=False))


valid_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@bounded
@given(
    valid_days,
    st.sampled_from(
        ["{iso}", "{d} {month} {y}", "{month} {d}, {y}", "made on {iso}.", "bought {d} {month} {y}!"]
    ),
)
def test_day_round_trip(day: date, shape: str) -> None:
    text = shape.format(iso=day.isoformat(), d=day.day, month=MONTHS[day.month - 1], y=day.year)
    (mention,) = find_dates(text, today=TODAY)
    assert mention.value == day.isoformat()
    assert mention.problem == ("future" if day > TODAY else None)


@bounded
@given(
    valid_days, st.sampled_from(["{month} {y}", "{m:02d}/{y}", "{m}/{y}", "{y}-{m:02d}", "{abbr} '{yy:02d}"])
)
def test_month_round_trip(day: date, shape: str) -> None:
    if shape.startswith("{abbr}") and not 2000 <= day.year <= 2036:
        return  # two-digit years pivot ten years past today
    month = MONTHS[day.month - 1]
    text = shape.format(month=month, abbr=month[:3], y=day.year, yy=day.year % 100, m=day.month)
    (mention,) = find_dates(text, today=TODAY)
    assert mention.value == day.isoformat()[:7]
    assert mention.precision == "month"


@bounded
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2060), st.sampled_from("/.-"))
def test_numeric_day_month_readings(a: int, b: int, year: int, sep: str) -> None:
    text = f"{a:02d}{sep}{b:02d}{sep}{year}"
    (mention,) = find_dates(text, today=TODAY)
    if sep == ".":  # dotted dates are written day first
        try:
            assert mention.value == date(year, b, a).isoformat()
        except ValueError:
            assert mention.problem == "impossible"
        return
    readings = set()
    for month, day in ((a, b), (b, a)):
        try:
            readings.add(date(year, month, day).isoformat())
        except ValueError:
            pass
    if not readings:
        assert mention.problem == "impossible"
    elif len(readings) == 1:
        assert mention.value == readings.pop()
    else:
        assert mention.problem == "ambiguous"
        assert set(mention.alternatives) == readings


# -- hostile text (injections, control characters, huge repeats, full-width digits) -----------

KNOWN = ["A1263", "A1257", "A1647", "A1652", "A1681", "A1689", "A1642", "A1229", "A1268", "A1287"]

hostile = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        [
            "A1263'; DROP TABLE events;--",
            "<script>alert('A1263')</script>",
            "{{7*7}} ${jndi:ldap://x}",
            "\x00\x01\x02A1263\x7f",
            "A" * 5000,
            "1263" * 1000,
            "\u202eA1263\u202d",
            "ＡＩ２６３",
        ]
    ),
)


@bounded
@given(hostile)
def test_hostile_text(text: str) -> None:
    _check(text, TODAY)
    try:
        once = normalise_model_number(text)
    except ValueError:
        return
    assert once.isascii() and normalise_model_number(once) == once


@bounded
@given(
    model=st.sampled_from(KNOWN),
    prefix=st.sampled_from(["", "model ", "Model No. ", "#", " "]),
    separator=st.sampled_from(["", "-", " ", "_", "."]),
    lower=st.booleans(),
)
def test_every_spelling_of_a_known_model_means_that_model(model: str, prefix: str, separator: str, lower: bool) -> None:
    written = prefix + model[0] + separator + model[1:]
    written = written.lower() if lower else written
    assert normalise_model_number(written) == model
    if prefix.strip() in ("", "model") and separator in ("", "-", " "):  # docs/INTERFACES.md's spellings
        assert model in {m.value for m in find_model_numbers(f"my {written} is hot")}
