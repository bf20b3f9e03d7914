"""bot.understanding.model_numbers (and bot.understanding.dates through it): model numbers and dates in customer text."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

from bot.understanding.model_numbers import (
    CATALOGUE_PATH,
    DateMention,
    ModelMention,
    closest_models,
    find_dates,
    find_model_numbers,
    load_product_names,
    mask_spans,
    normalise_model_number,
)

TODAY = date(2026, 11, 27)


def values(text: str) -> list[str | None]:
    return [m.value for m in find_model_numbers(text)]


def one_date(text: str, today: date = TODAY) -> DateMention:
    found = find_dates(text, today=today)
    assert len(found) == 1, found
    return found[0]


# --- normalise_model_number -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A1263", "A1263"),
        ("a1263", "A1263"),
        ("a-1263", "A1263"),
        ("A 1263", "A1263"),
        (" #A 1263 ", "A1263"),
        ("#a1263", "A1263"),
        ("A.1263", "A1263"),
        ("1263", "A1263"),
        ("model 1263", "A1263"),
        ("Model No. A1263", "A1263"),
        ("model number: a-1263", "A1263"),
        ("AI263", "A1263"),
        ("Al263", "A1263"),
        ("A12O3", "A1203"),
        ("PB-2000", "PB2000"),
        ("pb 2000", "PB2000"),
        ("\uff21\uff11\uff12\uff16\uff13", "A1263"),  # full-width
        ("\u04101263", "A1263"),  # Cyrillic A
        ("A1263B", "A1263B"),
        ("12345", "12345"),
    ],
)
def test_normalise_model_number(raw: str, expected: str) -> None:
    assert normalise_model_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "hello", "#", "A", "A-", "!!!", "12", "AIIII", "A1263!!", "power bank"]
)
def test_normalise_model_number_rejects_garbage(raw: str) -> None:
    with pytest.raises(ValueError):
        normalise_model_number(raw)


# --- find_model_numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1263", ["A1263"]),
        ("a1263", ["A1263"]),
        ("A-1263", ["A1263"]),
        ("A 1263", ["A1263"]),
        ("a.1263", ["A1263"]),
        ("is my A_1263 recalled", ["A1263"]),
        ("#A1263", ["A1263"]),
        ("model 1263", ["A1263"]),
        ("model no. 1263", ["A1263"]),
        ("model number: a1263", ["A1263"]),
        ("Model: A1263.", ["A1263"]),
        ("model is A1263", ["A1263"]),
        ("model number is 1263", ["A1263"]),
        ("Hi, my power bank (A1263) is getting hot!", ["A1263"]),
        ("is the a1263's battery recalled?", ["A1263"]),
        ("I own A1263, A1257 and a-1647.", ["A1263", "A1257", "A1647"]),
        ("A1263/A1257", ["A1263", "A1257"]),
        ("Model A1263, model A1257", ["A1263", "A1257"]),
        ("mine is 1263", ["A1263"]),
        ("#1263", ["A1263"]),
        ("a 1263 i think", ["A1263"]),
        ("A9999", ["A9999"]),
        ("is A1236 recalled", ["A1236"]),
        ("AI263", ["A1263"]),
        ("Al263", ["A1263"]),
        ("model PB-2000", ["PB2000"]),
        ("#PB-2000", ["PB2000"]),
        ("model 2019", ["A2019"]),
        ("model: 2019", ["A2019"]),
        ("model 622", ["A1647"]),
        ("A-2019", ["A2019"]),
        ("A1263 in March 2023", ["A1263"]),
    ],
)
def test_find_model_numbers(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my PowerCore 10000", "A1263"),
        ("power core 10000 please", "A1263"),
        ("the 622 magnetic battery", "A1647"),
        ("MagGo 633", "A1652"),
        ("Mag Go 622", "A1647"),
        ("PowerCore 10000 PD Redux", "A1268"),
        ("powercore 10000 (2023)", "A1388"),
        ("PowerCore 10000 2023", "A1388"),
        ("zolo 20k 30w", "A1681"),
        ("Zolo 20K, 30W", "A1681"),
        ("zolo 20000 22.5w", "A1689"),
        ("Zolo Power Bank (20K, 22.5W)", "A1689"),
        ("Power Bank (10K, 22.5W)", "A1257"),
        ("power bank 10k", "A1257"),
        ("PowerCore Slim", "A1287"),
        ("PowerCore Essential 20000", "A1229"),
        ("my powercore essential", "A1229"),
        ("PowerCore 26K", "A1336"),
        ("537 power banks", "A1336"),
        ("GaNPrime PowerCore 65W", "A1384"),
        ("the 737 power bank", "A1289"),
    ],
)
def test_product_names(text: str, expected: str) -> None:
    found = find_model_numbers(text)
    assert [(m.value, m.from_product_name) for m in found] == [(expected, True)]


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("my Zolo power bank", ("A1681", "A1689")),
        ("a zolo 20k", ("A1681", "A1689")),
        ("a maggo battery", ("A1642", "A1647", "A1652")),
        ("my magnetic battery", ("A1642", "A1647", "A1652")),
        ("PowerCore 10000 PD", ("A1268", "A1287")),  # the names with all its words, not the PowerCore 10000
    ],
)
def test_ambiguous_product_names(text: str, candidates: tuple[str, ...]) -> None:
    (mention,) = find_model_numbers(text)
    assert mention.value is None
    assert mention.candidates == candidates
    assert mention.from_product_name


def test_longest_product_name_wins() -> None:
    (mention,) = find_model_numbers("it's a PowerCore 10000 PD Redux I think")
    assert (mention.value, mention.text) == ("A1268", "PowerCore 10000 PD Redux")


def test_closing_parenthesis_kept() -> None:
    (mention,) = find_model_numbers("powercore 10000 (2023) here")
    assert mention.text == "powercore 10000 (2023)"


def test_mention_offsets() -> None:
    text = "Hi! Model no. a-1263 and my PowerCore 10000."
    found = find_model_numbers(text)
    assert [(m.text, text[m.start : m.end]) for m in found] == [
        ("a-1263", "a-1263"),
        ("PowerCore 10000", "PowerCore 10000"),
    ]
    assert found[0] == ModelMention("A1263", "a-1263", 14, 20)


@pytest.mark.parametrize(
    "text",
    [
        "a 20000mAh battery",
        "the 10000 mAh one",
        "it was $49.99",
        "I paid $1263",
        "price 1,263",
        "call 0800 1263 555",
        "phone: 555-1263",
        "in 2019 I bought it",
        "a 2019 model",
        "A 2019",
        "my model is 2019",
        "ticket RT-000123 please",
        "model RT-000123",
        "order #12345",
        "ref #AB-12",
        "I have a power bank",
        "it's essential to know",
        "a slim chance",
        "magnetic field",
        "A12634",
        "BA1263",
        "1263,5",
        "22.5W, 20K, 10000mAh",
        "mine is 9999",
        "",
    ],
)
def test_not_model_numbers(text: str) -> None:
    assert find_model_numbers(text) == []


def test_capacity_in_product_name_is_not_a_model() -> None:
    assert [(m.value, m.text) for m in find_model_numbers("my PowerCore 10000 mAh")] == [
        ("A1263", "PowerCore 10000")
    ]


def test_custom_catalogue() -> None:
    catalogue = {"B1000": ("Widget Max",), "A1263": ("PowerCore 10000",)}
    assert values("my widget max and 1000") == []
    assert [m.value for m in find_model_numbers("my widget max, mine is 1263", catalogue=catalogue)] == [
        "B1000",
        "A1263",
    ]
    assert find_model_numbers("zolo 20k 30w", catalogue=catalogue) == []


# --- catalogue, closest models, masks ------------------------------------------------------


def test_load_product_names() -> None:
    names = load_product_names()
    assert names["A1263"] == ("PowerCore 10000",)
    assert names["A1647"][0] == "622 Magnetic Battery (MagGo)"
    assert "MagGo 622" in names["A1647"]
    assert {"A1263", "A1257", "A1681", "A1689", "A1388"} <= set(names)
    names["A1263"] = ("mutated",)
    assert load_product_names()["A1263"] == ("PowerCore 10000",)


def test_load_product_names_from_path(tmp_path: Path) -> None:
    csv_path = tmp_path / "cat.csv"
    csv_path.write_text("model_number,product_name,aliases,recalled\na-100,Thing,thing one|thing 1,no\n,,,\n")
    assert load_product_names(csv_path) == {"A100": ("Thing", "thing one", "thing 1")}
    assert CATALOGUE_PATH.exists()


@pytest.mark.parametrize(
    ("value", "expected_first"),
    [
        ("A1236", "A1263"),  # swapped digits
        ("A1264", "A1263"),
        ("a-1623", "A1263"),
        ("A1688", "A1689"),
        ("A1651", "A1652"),
        ("1228", "A1229"),
    ],
)
def test_closest_models(value: str, expected_first: str) -> None:
    known = load_product_names()
    assert closest_models(value, known)[0] == expected_first


def test_closest_models_limits() -> None:
    known = list(load_product_names())
    assert len(closest_models("A1236", known)) == 3
    assert closest_models("A1236", known, limit=1) == ["A1263"]
    assert closest_models("A9999", known) == []
    assert closest_models("A9999", known, max_distance=4)
    assert closest_models("garbage", known) == []


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("A1263 in March", [(0, 5)], "      in March"),
        ("abc", [(1, 2)], "a c"),
        ("abc", [(-5, 1), (2, 99)], " b "),
        ("abc", [], "abc"),
    ],
)
def test_mask_spans(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    assert mask_spans(text, spans) == expected


def test_mask_spans_accepts_mentions() -> None:
    text = "A1263 in March 2023"
    masked = mask_spans(text, find_model_numbers(text), fill="#")
    assert masked == "##### in March 2023"
    with pytest.raises(ValueError):
        mask_spans(text, [], fill="")


# --- find_dates: absolute shapes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2023-05-14", "2023-05-14", "day"),
        ("2023/05/14", "2023-05-14", "day"),
        ("the label says 2023.05.14", "2023-05-14", "day"),
        ("14.05.2023", "2023-05-14", "day"),
        ("05/14/2023", "2023-05-14", "day"),
        ("14/05/2023", "2023-05-14", "day"),
        ("14-05-2023", "2023-05-14", "day"),
        ("05/05/2023", "2023-05-05", "day"),
        ("14/05/23", "2023-05-14", "day"),
        ("03/2023", "2023-03", "month"),
        ("3/2023", "2023-03", "month"),
        ("made 03.2019", "2019-03", "month"),
        ("it says MFG 2023.08", "2023-08", "month"),
        ("2024/01", "2024-01", "month"),
        ("2023-03", "2023-03", "month"),
        ("03/23", "2023-03", "month"),
        ("March 2023", "2023-03", "month"),
        ("march, 2023", "2023-03", "month"),
        ("March of 2023", "2023-03", "month"),
        ("mar 23", "2023-03", "month"),
        ("Mar '23", "2023-03", "month"),
        ("Mar \u201923", "2023-03", "month"),
        ("made in sept 22", "2022-09", "month"),
        ("Sept. 2022", "2022-09", "month"),
        ("made in dec 99", "1999-12", "month"),
        ("May 14th, 2023", "2023-05-14", "day"),
        ("May 14 2023", "2023-05-14", "day"),
        ("14th May 2023", "2023-05-14", "day"),
        ("14 May 2023", "2023-05-14", "day"),
        ("14-May-2023", "2023-05-14", "day"),
        ("the 3rd of march 2023", "2023-03-03", "day"),
        ("1st of January, 2024", "2024-01-01", "day"),
        ("in 2018", "2018", "year"),
        ("made 2018", "2018", "year"),
        ("it is from 2019", "2019", "year"),
        ("a 2021 model", "2021", "year"),
        ("summer 2022", "2022-06", "season"),
        ("spring of 2023", "2023-03", "season"),
        ("autumn 2021", "2021-09", "season"),
        ("fall 2021", "2021-09", "season"),
        ("winter 2022", "2022-12", "season"),
        ("summer '22", "2022-06", "season"),
        ("early 2022", "2022-01", "season"),
        ("mid 2020", "2020-05", "season"),
        ("mid-2020", "2020-05", "season"),
        ("late 2019", "2019-09", "season"),
        ("the end of 2022", "2022-09", "season"),
        ("beginning of 2021", "2021-01", "season"),
        ("manufactured in Q3 2023", "2023-07", "season"),
        ("production date: 2019", "2019", "year"),
        ("Christmas 2022", "2022-12-25", "day"),
        ("xmas 2021", "2021-12-25", "day"),
        ("Christmas Eve 2021", "2021-12-24", "day"),
    ],
)
def test_absolute_dates(text: str, value: str, precision: str) -> None:
    mention = one_date(text)
    assert (mention.value, mention.precision, mention.problem) == (value, precision, None)
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2023-05-14", date(2023, 5, 14), date(2023, 5, 14)),
        ("Feb 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("winter 2022", date(2022, 12, 1), date(2023, 2, 28)),
        ("summer 2022", date(2022, 6, 1), date(2022, 8, 31)),
        ("early 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("mid 2020", date(2020, 5, 1), date(2020, 8, 31)),
        ("late 2019", date(2019, 9, 1), date(2019, 12, 31)),
        ("in 2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("last year", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_ranges(text: str, first: date, last: date) -> None:
    mention = one_date(text)
    assert (mention.range_start, mention.range_end) == (first, last)


# --- find_dates: relative phrases ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("last June", "2026-06", "month"),
        ("last November", "2025-11", "month"),
        ("June last year", "2025-06", "month"),
        ("December last year", "2025-12", "month"),
        ("March of last year", "2025-03", "month"),
        ("I bought it last year in october", "2025-10", "month"),
        ("May this year", "2026-05", "month"),
        ("this January", "2026-01", "month"),
        ("in June", "2026-06", "month"),
        ("bought it in december", "2025-12", "month"),
        ("two years ago", "2024-11", "month"),
        ("2 years ago", "2024-11", "month"),
        ("idk like 2 yrs ago", "2024-11", "month"),  # "yrs", "mos", "wks" for years, months, weeks
        ("6 mos ago", "2026-05", "month"),
        ("a year ago", "2025-11", "month"),
        ("six months ago", "2026-05", "month"),
        ("a couple of months ago", "2026-09", "month"),
        ("half a year ago", "2026-05", "month"),
        ("last month", "2026-10", "month"),
        ("last year", "2025", "year"),
        ("this year", "2026", "year"),
        ("the year before last", "2024", "year"),
        ("last summer", "2026-06", "season"),
        ("last winter", "2025-12", "season"),
        ("summer last year", "2025-06", "season"),
        ("early last year", "2025-01", "season"),
        ("last Christmas", "2025-12-25", "day"),
        ("Christmas last year", "2025-12-25", "day"),
        ("yesterday", "2026-11-26", "day"),
        ("the day before yesterday", "2026-11-25", "day"),
        ("3 days ago", "2026-11-24", "day"),
        ("two weeks ago", "2026-11-13", "day"),
        ("last week", "2026-11-20", "day"),
        ("on Monday", "2026-11-23", "day"),
        ("last Friday", "2026-11-20", "day"),
        ("on March 15", "2026-03-15", "day"),
        ("June 5", "2026-06-05", "day"),
        ("on 14 May", "2026-05-14", "day"),
        ("the 3rd of march", "2026-03-03", "day"),
    ],
)
def test_relative_dates(text: str, value: str, precision: str) -> None:
    mention = one_date(text)
    assert (mention.value, mention.precision, mention.problem) == (value, precision, None)


@pytest.mark.parametrize(
    ("text", "today", "value"),
    [
        ("last June", date(2026, 3, 10), "2025-06"),
        ("last June", date(2026, 7, 1), "2026-06"),
        ("last June", date(2026, 6, 15), "2025-06"),
        ("last summer", date(2026, 7, 20), "2025-06"),
        ("last winter", date(2027, 1, 15), "2025-12"),
        ("this winter", date(2027, 1, 15), "2026-12"),
        ("two years ago", date(2025, 1, 31), "2023-01"),
        ("six months ago", date(2026, 3, 31), "2025-09"),
        ("Christmas", date(2026, 12, 26), "2026-12-25"),
        ("yesterday", date(2026, 1, 1), "2025-12-31"),
        ("mar 23", date(2024, 1, 1), "2023-03"),
    ],
)
def test_relative_dates_other_today(text: str, today: date, value: str) -> None:
    assert one_date(text, today).value == value


def test_default_today_is_real_today() -> None:
    assert one_date("yesterday", date.today()).value == find_dates("yesterday")[0].value


# --- find_dates: problems ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("04.05.2023", "2023-05-04"), ("12.03.2024", "2024-03-12"), ("31.12.2023", "2023-12-31")],
)
def test_dotted_dates_are_day_first(text: str, value: str) -> None:
    assert one_date(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "role"),
    [
        ("made 2024 may", "2024-05", "manufacture"),
        ("2023 march", "2023-03", "manufacture"),
        ("march of 23", "2023-03", "manufacture"),
        ("03-2023", "2023-03", "manufacture"),
        ("2024", "2024", "manufacture"),
        ("got it on amazon in dec 2023", "2023-12", "purchase"),
        ("I buy on 12.03.2024", "2024-03-12", "purchase"),
        ("the PowerCore I got in 2017", "2017", "purchase"),
    ],
)
def test_dates_as_customers_write_them(text: str, value: str, role: str) -> None:
    mention = one_date(text)
    assert (mention.value, mention.role) == (value, role)


@pytest.mark.parametrize(
    "text",
    ["I opened a return ticket last month", "I sent it back on the 2nd of November", "emailed you on 03/11/2026"],
)
def test_dates_of_the_return_are_not_the_units(text: str) -> None:
    assert all(m.role == "incident" for m in find_dates(text, today=TODAY))


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("05/06/2023", ("2023-05-06", "2023-06-05")),
        ("06/05/2023", ("2023-05-06", "2023-06-05")),
        ("1-2-2024", ("2024-01-02", "2024-02-01")),
        ("05/12/2026", ("2026-05-12", "2026-12-05")),
    ],
)
def test_ambiguous_dates(text: str, alternatives: tuple[str, ...]) -> None:
    """Slashes and dashes read two ways; dotted dates are day first (see below)."""
    mention = one_date(text)
    assert (mention.value, mention.problem, mention.alternatives) == (None, "ambiguous", alternatives)
    assert mention.range_start == date.fromisoformat(alternatives[0])
    assert mention.range_end == date.fromisoformat(alternatives[-1])


@pytest.mark.parametrize(
    ("text", "value", "alternatives"),
    [
        ("fabriquée le 04/05/2023", "2023-05-04", ("2023-04-05", "2023-05-04")),
        ("mi etiqueta dice 08/07/2023", "2023-07-08", ("2023-07-08", "2023-08-07")),
        ("hergestellt 08.07.2023", "2023-07-08", ()),  # dotted: day first everywhere
        ("fabriquée le 13/05/2023", "2023-05-13", ()),  # one reading only
    ],
)
def test_a_date_read_day_first_keeps_the_other_reading(text: str, value: str, alternatives: tuple[str, ...]) -> None:
    """A French, Spanish or German writer's 04/05/2023 is read day first; the other reading is
    kept, for the form to ask when the two give different verdicts."""
    mention = one_date(text)
    assert (mention.value, mention.problem, mention.alternatives) == (value, None, alternatives)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2023",
        "13/13/2023",
        "2023-02-30",
        "2023-13-01",
        "00/2023",
        "13/2023",
        "2023-13",
        "00/05/2023",
        "04/31/2023",
        "31 February 2023",
        "30th of feb",
    ],
)
def test_impossible_dates(text: str) -> None:
    mention = one_date(text)
    assert (mention.value, mention.problem) == (None, "impossible")
    assert mention.range_start is None and mention.range_end is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2030-01-01", "2030-01-01"),
        ("made 12/2099", "2099-12"),
        ("this December", "2026-12"),
        ("this winter", "2026-12"),
        ("December 2026", "2026-12"),
        ("2026-11-28", "2026-11-28"),
    ],
)
def test_future_dates(text: str, value: str) -> None:
    mention = one_date(text)
    assert (mention.value, mention.problem) == (value, "future")


def test_today_is_not_future() -> None:
    assert one_date("2026-11-27").problem is None
    assert one_date("November 2026").problem is None


# --- find_dates: roles and several dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("made in March 2023", "manufacture"),
        ("manufactured 2023-03-01", "manufacture"),
        ("the date code says 03/2023", "manufacture"),
        ("production date: 2023-05-14", "manufacture"),
        ("March 2023", "manufacture"),
        ("bought it last June", "purchase"),
        ("I purchased it on 14 May 2023", "purchase"),
        ("got it in March 2023", "purchase"),
        ("ordered on 2024-01-05", "purchase"),
        ("received it as a gift in March 2023", "purchase"),
        ("it was a gift for Christmas 2022", "purchase"),
        ("I've had it since March 2023", "purchase"),
        ("I've had this since 2019", "purchase"),
        ("bought it from Amazon in March 2023", "purchase"),
        ("My Zolo 20K 30W from Dec 2023 is swollen", "manufacture"),
        ("last June I bought it", "purchase"),
        ("caught fire on 2024-06-13", "incident"),
        ("it happened on 2024-06-13", "incident"),
        ("yesterday it exploded", "incident"),
        ("since last week it has been swelling", "incident"),
        ("It got hot yesterday", "incident"),
        ("on Monday", "incident"),  # too recent to be a manufacturing date
        ("it caught fire when I charged it on 2024-06-13", "incident"),
        ("I bought it, I think, in March 2023", "purchase"),
        ("I bought it years ago and 03/2023 is printed on it", "manufacture"),
    ],
)
def test_roles(text: str, role: str) -> None:
    assert one_date(text).role == role


def test_made_then_caught_fire() -> None:
    made, fire = find_dates("made in 04/2024, it caught fire on 06/11/2024", today=TODAY)
    assert (made.value, made.role, made.precision) == ("2024-04", "manufacture", "month")
    assert fire.role == "incident" and fire.text == "06/11/2024"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I bought it in 2024 but the date code says 03/2023",
            [("2024", "purchase"), ("2023-03", "manufacture")],
        ),
        (
            "bought it two weeks ago and it exploded yesterday",
            [("2026-11-13", "purchase"), ("2026-11-26", "incident")],
        ),
        (
            "It caught fire yesterday, I bought it in 2023",
            [("2026-11-26", "incident"), ("2023", "purchase")],
        ),
        ("made in 2022. Bought March 2023.", [("2022", "manufacture"), ("2023-03", "purchase")]),
        ("purchased: 2023, manufactured: 2022", [("2023", "purchase"), ("2022", "manufacture")]),
    ],
)
def test_two_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value, m.role) for m in find_dates(text, today=TODAY)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1263 in March 2023", ["2023-03"]),
        ("A1263 made 2019", ["2019"]),
        ("model 2019 from 2018", ["2018"]),
        ("powercore 10000 (2023) bought in 2024", ["2024"]),
        ("PowerCore 10000 2023 made in mid-2018", ["2018-05"]),
        ("a1263 12/2023", ["2023-12"]),
    ],
)
def test_model_numbers_are_masked(text: str, expected: list[str]) -> None:
    assert [m.value for m in find_dates(text, today=TODAY)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "at 10:30 the battery was fine",
        "it costs $20.23 or 19.99",
        "it costs $2023.05",
        "costs 2023.45",
        "charged to 80% in 2 hours",
        "10000mAh, 22.5W, 20K",
        "a 20000 mAh power bank",
        "in 2000 mAh",
        "I tried around 2000 times",
        "call me on 555-123-4567 or +44 20 7946 0958",
        "postcode SW1A 1AA, zip 90210",
        "ticket RT-000123",
        "ticket RT-2023-0042",
        "may I ask something?",
        "it may be broken",
        "this may be a problem",
        "these 2 may fail",
        "we march on",
        "version 1.2.3",
        "3.5 stars out of 5",
        "24/7 support",
        "rated 5/10",
        "1/2 full",
        "12/30",
        "next week",
        "the A1263 model",
        "PowerCore 10000",
        "my model is 2019",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


def test_date_offsets_slice_the_original() -> None:
    text = "Model A1263, made in Sept. 2022; I bought it last June!"
    found = find_dates(text, today=TODAY)
    assert [m.text for m in found] == ["Sept. 2022", "last June"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_no_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        find_dates("bought 05/06/2023, made in summer 2022, A1263", today=TODAY)
        find_model_numbers("my zolo power bank")
