"""Dates in customer text, resolved to ISO values with a role.

Use it through :func:`bot.understanding.model_numbers.find_dates`, which blanks model numbers and
product names first (so "A1263 in March 2023" never yields 12:63 or 1263).

Everything here is precompiled regular expressions and date arithmetic: no
dateparser (too slow for every NLU parse, and it misses "last summer",
"early 2022", "Christmas 2022"), no dateutil (silently wrong on partial dates).
Seasons are the northern meteorological ones: spring Mar-May, summer Jun-Aug,
autumn Sep-Nov, winter Dec-Feb (so winter 2022 is Dec 2022 to Feb 2023).

French, Spanish and German are read by every parse too (the language is not known
here): their month, season and weekday names sit in the same tables, their phrasings
("il y a deux ans", "el junio pasado", "letztes Jahr") have rules of their own at the
end of the rule list, and the text is read with its accents folded ("Marz", "fevrier",
"ano" as customers type them). Numeric dates with a slash are read day first when the
message has French, Spanish or German words.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DateMention:
    """A date found in a message.

    Attributes:
        value: ISO ``YYYY-MM-DD`` (day precision), ``YYYY-MM`` (a month, or the
            first month of a season) or ``YYYY`` (a year alone); None when
            ``problem`` is "ambiguous" or "impossible".
        text: The date as written in the message.
        start: Offset of ``text`` in the original message.
        end: Offset just past ``text``.
        role: "manufacture", "purchase" or "incident".
        range_start: First day covered. For "ambiguous": the earliest reading.
        range_end: Last day covered (inclusive). For "ambiguous": the latest reading.
        precision: "day", "month", "season" (also early/mid/late year) or "year".
        problem: None, "ambiguous", "future" or "impossible".
        alternatives: For "ambiguous", the ISO readings, sorted; also for a date read day
            first that reads the other way too ("08/07/2023" in a Spanish message), so that
            the form can ask when the two readings give different verdicts.
    """

    value: str | None
    text: str
    start: int
    end: int
    role: str
    range_start: date | None
    range_end: date | None
    precision: str
    problem: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Reading:
    precision: str
    first: date | None = None
    last: date | None = None
    problem: str | None = None
    alternatives: tuple[str, ...] = ()
    near: bool = False  # "yesterday", "3 days ago": too recent to be a manufacturing date


# --- vocabulary ------------------------------------------------------------------

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS = {name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
# French, Spanish, German (and Austrian "Jänner"), accents folded; abbreviations that are no English word.
_MONTHS_ABROAD = {
    1: "janvier janv enero ene januar janner jaenner",
    2: "fevrier fevr fev febrero februar feber",
    3: "mars marzo marz maerz mrz",
    4: "avril avr abril abr",
    5: "mai mayo",
    6: "juin junio juni",
    7: "juillet juil julio juli",
    8: "aout agosto",
    9: "septembre septiembre setiembre",
    10: "octobre octubre oktober okt",
    11: "novembre noviembre",
    12: "decembre diciembre dic dezember dez",
}
_MONTHS.update({name: i for i, names in _MONTHS_ABROAD.items() for name in names.split()})
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASONS_ABROAD = {
    "printemps": 3, "ete": 6, "automne": 9, "hiver": 12, "primavera": 3, "verano": 6, "otono": 9, "invierno": 12,
    "fruhling": 3, "fruehling": 3, "fruhjahr": 3, "fruehjahr": 3, "sommer": 6, "herbst": 9,
}  # fmt: skip
_SEASONS.update(_SEASONS_ABROAD)
_PARTS = {"early": 1, "start": 1, "beginning": 1, "mid": 5, "middle": 5, "late": 9, "end": 9}
_PARTS_ABROAD = {
    "debut": 1, "principios": 1, "principio": 1, "inicios": 1, "comienzos": 1, "anfang": 1,
    "mi": 5, "milieu": 5, "mediados": 5, "mitte": 5,
    "fin": 9, "finales": 9, "fines": 9, "final": 9, "ende": 9,
}  # fmt: skip
_WEEKDAYS = {
    name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}
_WEEKDAYS_ABROAD = {
    name: i
    for names in (
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "lunes martes miercoles jueves viernes sabado domingo",
        "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    )
    for i, name in enumerate(names.split())
}
_WEEKDAYS_ABROAD["sonnabend"] = 5
_NUMBERS = dict(
    zip("one two three four five six seven eight nine ten eleven twelve".split(), range(1, 13), strict=True)
)
_NUMBERS.update(a=1, an=1, couple=2, few=3, several=3)
_NUMBERS_ABROAD = {
    word: n
    for n, words in enumerate(
        (
            "un une uno una ein eine einem einer eins",
            "deux dos zwei zwo paar",
            "trois tres drei quelques plusieurs unos unas varios varias pocos einigen mehreren wenigen",
            "quatre cuatro vier", "cinq cinco funf fuenf", "six seis sechs", "sept siete sieben",
            "huit ocho acht", "neuf nueve neun", "dix diez zehn", "onze once elf", "douze doce zwolf zwoelf",
        ),
        1,
    )
    for word in words.split()
}  # fmt: skip
_MON = rf"\b(?P<mon>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b\.?"
_SEASON = r"\b(?P<season>spring|summer|autumn|fall|winter)\b"
_Y4 = r"(?:19|20)[0-9]{2}"
_APOS = r"['\u2018\u2019]"
_S = r"\s{1,3}"  # bounded whitespace keeps every pattern linear on huge inputs
_NB = r"(?<![A-Za-z0-9_$\u20ac\u00a3])(?<![0-9][./-])(?<![A-Za-z]-)"  # left edge of a numeric date
_NA = r"(?![0-9])(?![./-][0-9])"  # right edge of a numeric date
_ORD = r"(?:st|nd|rd|th|er|eme|e|\.|\u00ba|\u00aa|\u00b0)"  # 3rd, 1er, 3e, 3., 1º
_NO_NUM_AFTER = rf"(?!\s{{0,3}}[,.-]?\s{{0,3}}{_APOS}?[0-9])"
_UNIT_AFTER = (
    r"(?!\s{0,3}(?:[%$\u20ac\u00a3]|(?:mah|wh|w|v|k|units?|pcs|pieces|times|dollars|usd|euros?|eur|pounds|gbp"
    r"|fois|veces|mal|stuck|stueck|unites|unidades|piezas|dolares)\b))"
)


@functools.cache
def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):  # Latin-1 and Latin Extended: "é" -> "e", "ñ" -> "n", "ä" -> "a"
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


def fold(text: str) -> str:
    """The text with its accents dropped, one character for one ("März" -> "Marz"), offsets unchanged."""
    return text if text.isascii() else text.translate(_fold_table())


def month_named(text: str) -> int | None:
    """The one month a short answer names ("June", "it was in june i think", "06", "en juin"), else None."""
    words = re.findall(r"[a-z]+|[0-9]+", fold(text).casefold())
    short = len(words) <= 4  # "may" and "mar" are words too: months only in a short answer
    months = {_MONTHS[w] for w in words if w in _MONTHS and (short or w not in ("may", "mar"))}
    months |= {int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 12}
    return months.pop() if len(months) == 1 else None


def _casefold(s: str) -> str:
    return re.sub(r"\s+", " ", s.casefold())


def _month_of(m: re.Match) -> int | None:
    return _MONTHS.get(_casefold(m.group("mon")).rstrip("."))


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _shift(y: int, m: int, months: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + months
    return idx // 12, idx % 12 + 1


def _year2(s: str, today: date) -> int:
    """A year as written: "2023", "23" or "'23" (two digits pivot ten years past today)."""
    digits = s.lstrip("'\u2018\u2019")
    yy = int(digits)
    if len(digits) == 4:
        return yy
    return 2000 + yy if yy <= today.year % 100 + 10 else 1900 + yy


def _day(y: int, m: int, d: int, *, near: bool = False) -> _Reading:
    try:
        day = date(y, m, d)
    except ValueError:
        return _Reading("day", problem="impossible")
    return _Reading("day", day, day, near=near)


def _span(y: int, m: int, months: int, precision: str) -> _Reading:
    if not 1 <= m <= 12 or not 1 <= y <= 9998:
        return _Reading(precision, problem="impossible")
    ly, lm = _shift(y, m, months - 1)
    return _Reading(precision, date(y, m, 1), _last_day(ly, lm))


def _month(y: int, m: int) -> _Reading:
    return _span(y, m, 1, "month")


def _days_before(today: date, days: int) -> _Reading:
    try:
        return _day(*(today - timedelta(days=days)).timetuple()[:3], near=True)
    except OverflowError:
        return _Reading("day", problem="impossible")


def _latest(make: Callable[[int], _Reading], today: date, *, ended: bool) -> _Reading:
    """The most recent instance (by year) that has started (or, if `ended`, finished) by today."""
    for y in range(today.year + 1, today.year - 9, -1):
        r = make(y)
        if r.first is None:
            continue
        if (r.last < today) if ended else (r.first <= today):
            return r
    return make(today.year)


# --- handlers: (match, text, today) -> _Reading | None (None: not a date after all) ----


def _iso(m: re.Match, text: str, today: date) -> _Reading:
    return _day(int(m["y"]), int(m["m"]), int(m["d"]))


def _dmy(m: re.Match, text: str, today: date) -> _Reading | None:
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    y = _year2(ys, today)
    if not 1900 <= y <= 2099:
        return None
    if m["sep"] == ".":  # 12.03.2024: dotted dates are written day first wherever they are used
        return _day(y, b, a)
    readings = {r for r in ((a, b), (b, a)) if 1 <= r[0] <= 12 and 1 <= r[1] <= 31}  # (month, day)
    valid = sorted(d for d in (_day(y, mm, dd).first for mm, dd in readings) if d is not None)
    if not valid:
        return _Reading("day", problem="impossible")
    day_first = _day(y, b, a).first
    if len(valid) == 1:
        return _Reading("day", valid[0], valid[0])
    if day_first and _writes_day_first(text):  # read day first; the other reading is kept
        return _Reading("day", day_first, day_first, alternatives=tuple(d.isoformat() for d in valid))
    return _Reading("day", valid[0], valid[-1], "ambiguous", tuple(d.isoformat() for d in valid))


# Words of French, Spanish and German messages that English ones do not use: their writers put the day first.
_DAY_FIRST_WORDS = frozenset(
    """le les du des je ma mon est une et el los las del mi mis una ich der das ist und im vom meine mein habe hab
    wurde achete achetee fabrique fabriquee commande commandee compre comprado comprada fabricado fabricada gekauft
    hergestellt bestellt fabrication fabricacion compra achat kaufdatum herstelldatum""".split()
)


def _writes_day_first(text: str) -> bool:
    return not _DAY_FIRST_WORDS.isdisjoint(_WORD.findall(text.casefold()))


def _my(m: re.Match, text: str, today: date) -> _Reading | None:
    month = int(m["m"])
    if m["sep"] == "." and not 1 <= month <= 12:
        return None  # "22.2023" is a number, not a date
    return _month(int(m["y"]), month)


def _ym(m: re.Match, text: str, today: date) -> _Reading | None:
    month = int(m["m"])
    if m["sep"] == "." and not 1 <= month <= 12:
        return None  # "2023.45" is a number
    return _month(int(m["y"]), month)


def _mmyy(m: re.Match, text: str, today: date) -> _Reading | None:
    month, yy = int(m["m"]), int(m["yy"])
    if not 1 <= month <= 12 or yy <= 12:  # "03/12" could be a day and month: not ours to guess
        return None
    reading = _month(_year2(m["yy"], today), month)
    return None if reading.first > today else reading  # "12/30" is more likely 30 December


def _day_mon_year(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    if mon is None:
        return None
    ys = m["y"]
    return _day(_year2(ys, today), mon, int(m["d"]))


def _preceded_by_on(m: re.Match, text: str) -> bool:
    return re.search(r"\bon\s{1,3}$", text[max(0, m.start() - 8) : m.start()], re.I) is not None


def _mon_year(m: re.Match, text: str, today: date) -> _Reading | None:
    mon, ys = _month_of(m), m["y"]
    if mon is None:
        return None
    if len(ys) == 2 and int(ys) <= 31 and _preceded_by_on(m, text):
        return None  # "on March 23": a day, see _mon_day
    return _month(_year2(ys, today), mon)


def _year_mon(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    return None if mon is None else _month(int(m["y"]), mon)


def _day_no_year(mon: int | None, day: int, today: date) -> _Reading | None:
    if mon is None:
        return None
    if _day(2000, mon, day).problem:  # 2000 is a leap year: only truly impossible days fail
        return _Reading("day", problem="impossible")
    return _latest(lambda y: _day(y, mon, day), today, ended=False)


def _mon_day(m: re.Match, text: str, today: date) -> _Reading | None:
    word = _casefold(m["mon"]).rstrip(".")
    sure = m["ord"] or _preceded_by_on(m, text) or (len(m["d"]) == 1 and word not in ("may", "mar", "march"))
    return _day_no_year(_month_of(m), int(m["d"]), today) if sure else None


def _day_mon(m: re.Match, text: str, today: date) -> _Reading | None:
    word = _casefold(m["mon"]).rstrip(".")
    sure = (m["ord"] not in (None, ".")) or m["of"] or _preceded_by_on(m, text) or word not in ("may", "mar", "march")
    return _day_no_year(_month_of(m), int(m["d"]), today) if sure else None


def _rel_month(m: re.Match, text: str, today: date) -> _Reading | None:
    mon, rel = _month_of(m), _casefold(m["rel"])
    if mon is None or (rel == "this" and mon == 5 and _casefold(m["mon"]) == "may"):
        return None  # "this may be ..."
    if rel == "this":
        return _month(today.year, mon)
    return _latest(lambda y: _month(y, mon), today, ended=True)


def _mon_rel_year(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    if mon is None:
        return None
    return _month(today.year - (_casefold(m["rel"]) == "last"), mon)


def _prep_month(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    return None if mon is None else _latest(lambda y: _month(y, mon), today, ended=False)


def _season(name: str, y: int) -> _Reading:
    first = _SEASONS[name]
    return _span(y, first, 3, "season")


def _season_year(m: re.Match, text: str, today: date) -> _Reading | None:
    name, ys = _casefold(m["season"]), m["y"]
    if name not in _SEASONS:
        return None
    return _season(name, _year2(ys, today))


def _quarter(m: re.Match, text: str, today: date) -> _Reading:
    return _span(_year2(m["y"], today), 3 * int(m["q"]) - 2, 3, "season")


def _season_rel(m: re.Match, text: str, today: date) -> _Reading | None:
    groups = m.groupdict()
    name, rel2 = _casefold(m["season"]), groups.get("rel2")
    rel = _casefold(rel2 or groups["rel"])
    if name not in _SEASONS:
        return None
    if rel2:  # "summer last year", "winter this year" (winter of a year starts in its December)
        return _season(name, today.year - (rel == "last"))
    if rel == "this":
        return _season(name, today.year - (_SEASONS[name] == 12 and today.month < 3))
    return _latest(lambda y: _season(name, y), today, ended=True)


def _part_year(m: re.Match, text: str, today: date) -> _Reading | None:
    part = _casefold(m["q"]).split()
    first = _PARTS.get(part[-2] if part[-1] == "of" else part[-1])
    if first is None:
        return None
    y = int(m["y"]) if m["y"] else today.year - (_casefold(m["rel"]) == "last")
    return _span(y, first, 4, "season")


def _christmas(m: re.Match, text: str, today: date) -> _Reading:
    d = 24 if m["eve"] else 25
    if m["y"]:
        ys = m["y"]
        return _day(_year2(ys, today), 12, d)
    if m["rel2"]:
        return _day(today.year - (_casefold(m["rel2"]) == "last"), 12, d)
    if m["rel"] and _casefold(m["rel"]) == "this":
        return _day(today.year, 12, d)
    return _latest(lambda y: _day(y, 12, d), today, ended=m["rel"] is not None)


def _year_cue(m: re.Match, text: str, today: date) -> _Reading:
    return _span(int(m["y"]), 1, 12, "year")


def _year_rel(m: re.Match, text: str, today: date) -> _Reading:
    rel = _casefold(m["rel"] or "before")
    return _span(today.year - {"this": 0, "last": 1, "previous": 1, "before": 2}[rel], 1, 12, "year")


def _ago(m: re.Match, text: str, today: date) -> _Reading | None:
    if m["half"]:
        months = 6 if _casefold(m["half"]).startswith("half") else 18
        return _month(*_shift(today.year, today.month, -months))
    words = _casefold(m["n"]).split()
    n = int(words[0]) if words[0].isdigit() else _NUMBERS.get(words[-1] if words[-1] != "of" else words[-2])
    unit = {"yr": "year", "mo": "month", "wk": "week"}.get(_casefold(m["unit"]), _casefold(m["unit"]))  # "2 yrs ago"
    if n is None or n > 99:
        return None
    if unit in ("day", "week"):
        return _days_before(today, n * (7 if unit == "week" else 1))
    return _month(*_shift(today.year, today.month, -n * (12 if unit == "year" else 1)))


_DAYS_BACK = {"the day before yesterday": 2, "yesterday": 1, "last night": 1, "last week": 7, "past week": 7}


def _rel_day(m: re.Match, text: str, today: date) -> _Reading:
    w = _casefold(m["w"])
    if w.endswith("month"):
        return _month(*_shift(today.year, today.month, -1 if w.startswith("last") else 0))
    back = _DAYS_BACK.get(w, 0)
    return _days_before(today, back)


def _weekday(m: re.Match, text: str, today: date) -> _Reading | None:
    wd = _WEEKDAYS.get(_casefold(m["wd"]))
    has_on = m.group(0) != m.group("span")
    if wd is None or not (has_on or m["rel"]):
        return None
    back = (today.weekday() - wd) % 7
    if back == 0 and m["rel"] and _casefold(m["rel"]) in ("last", "past"):
        back = 7
    return _days_before(today, back)


# --- French, Spanish and German phrasings (accents folded before matching) ------------------

_LAST_WORDS = frozenset(
    "last past previous dernier derniere passe passee pasado pasada anterior precedente letzte letzten letzter letztes "
    "vergangene vergangenen vergangener vergangenes vorige vorigen voriger voriges".split()
)


def _is_last(word: str | None) -> bool:
    """Whether a relative word means the previous one ("dernier", "pasado", "letzten"), not this one."""
    return bool(word) and _casefold(word).split()[-1] in _LAST_WORDS


def _year_offset(phrase: str) -> int:
    """ "l'an dernier" -1, "el año antepasado" -2, "dieses Jahr" 0."""
    p = _casefold(phrase)
    if "antepasad" in p or "vorletzt" in p or "avant-dernier" in p or "avant dernier" in p:
        return -2
    return -1 if any(w in _LAST_WORDS for w in re.findall(r"[a-z]+", p)) else 0


def _rel_month_x(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    if mon is None:
        return None
    if _is_last(m["rel"]):
        return _latest(lambda y: _month(y, mon), today, ended=True)
    return _month(today.year, mon)


def _year_rel_x(m: re.Match, text: str, today: date) -> _Reading:
    return _span(today.year + _year_offset(m["yrel"]), 1, 12, "year")


def _mon_rel_year_x(m: re.Match, text: str, today: date) -> _Reading | None:
    mon = _month_of(m)
    return None if mon is None else _month(today.year + _year_offset(m["yrel"]), mon)


def _part_year_x(m: re.Match, text: str, today: date) -> _Reading | None:
    part = _casefold(m["q"])
    if part == "mi" and not text.startswith("-", m.end("q")):
        return None  # "mi 2022" is "my 2022" in Spanish; "mi-2022" is mid-2022
    y = int(m["y"]) if m["y"] else today.year + _year_offset(m["yrel"])
    return _span(y, _PARTS_ABROAD[part], 4, "season")


def _season_x(m: re.Match, text: str, today: date) -> _Reading:
    name, g = _casefold(m["season"]), m.groupdict()
    if g.get("y"):
        return _season(name, _year2(g["y"], today))
    if g.get("yrel"):
        return _season(name, today.year + _year_offset(g["yrel"]))
    if _is_last(g.get("rel")):
        return _latest(lambda y: _season(name, y), today, ended=True)
    return _season(name, today.year - (_SEASONS[name] == 12 and today.month < 3))


def _christmas_x(m: re.Match, text: str, today: date) -> _Reading:
    g = m.groupdict()
    d, rel = (24 if g.get("eve") else 25), g.get("rel") or g.get("rel2")
    if g.get("y"):
        return _day(_year2(g["y"], today), 12, d)
    if g.get("yrel"):
        return _day(today.year + _year_offset(g["yrel"]), 12, d)
    if rel:
        return _latest(lambda y: _day(y, 12, d), today, ended=True) if _is_last(rel) else _day(today.year, 12, d)
    return _latest(lambda y: _day(y, 12, d), today, ended=False)


def _ago_x(m: re.Match, text: str, today: date) -> _Reading | None:
    unit = _casefold(m["unit"])[:3]
    n = 1
    if m["n"]:
        word = _casefold(m["n"]).split()[-1]
        n = int(word) if word.isdigit() else _NUMBERS_ABROAD.get(word, 0)
    elif unit not in ("an", "ano", "jah", "mes", "moi", "mon") or m["unit"].endswith(("s", "n", "e")):
        return None  # "hace años" is years ago, no date
    if not 0 < n <= 99:
        return None
    if unit in ("jou", "dia", "tag", "sem", "woc"):
        return _days_before(today, n * (7 if unit in ("sem", "woc") else 1))
    months = n * (1 if unit in ("moi", "mes", "mon") else 12) + (6 if m["half"] else 0)
    return _month(*_shift(today.year, today.month, -months))


def _half_year_ago(m: re.Match, text: str, today: date) -> _Reading:
    months = 6 if _casefold(m["half"]).startswith(("medio", "einem", "einen", "six")) else 18
    return _month(*_shift(today.year, today.month, -months))


# "hier" is yesterday in French and here in German: not a date in a German sentence.
_GERMAN_WORDS = re.compile(r"\b(?:ich|ist|bin|habe|hab|wohne|meine?|nicht|und|sie|wir|hat|sind|gibt|bitte|war|wurde|die|der|das)\b")
_DAYS_BACK_X = {
    "avant-hier": 2, "avant hier": 2, "hier soir": 1, "hier": 1, "aujourd'hui": 0, "ce matin": 0, "cet apres-midi": 0,
    "ce soir": 0, "anteayer": 2, "antier": 2, "antes de ayer": 2, "ayer": 1, "anoche": 1, "hoy": 0, "esta manana": 0,
    "esta tarde": 0, "vorgestern": 2, "gestern abend": 1, "gestern": 1, "heute": 0,
    "la semaine derniere": 7, "la semaine passee": 7, "cette semaine": 0, "la semana pasada": 7, "esta semana": 0,
    "letzte woche": 7, "vergangene woche": 7, "diese woche": 0,
}  # fmt: skip
_MONTHS_BACK_X = {
    "le mois dernier": 1, "le mois passe": 1, "ce mois-ci": 0, "el mes pasado": 1, "este mes": 0,
    "letzten monat": 1, "vergangenen monat": 1, "diesen monat": 0,
}  # fmt: skip


def _phrases(words: Iterable[str]) -> str:
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}").replace("'", "['\u2018\u2019]") for w in longest_first)


def _rel_day_x(m: re.Match, text: str, today: date) -> _Reading | None:
    w = _casefold(m["w"]).replace("\u2019", "'").replace("\u2018", "'")
    if w == "hier" and _GERMAN_WORDS.search(text.casefold()):
        return None
    if w in _MONTHS_BACK_X:
        return _month(*_shift(today.year, today.month, -_MONTHS_BACK_X[w]))
    return _days_before(today, _DAYS_BACK_X[w])


def _weekday_x(m: re.Match, text: str, today: date) -> _Reading:
    back = (today.weekday() - _WEEKDAYS_ABROAD[_casefold(m["wd"])]) % 7
    if back == 0 and (_is_last(m["rel"]) or _is_last(m["rel2"])):
        back = 7
    return _days_before(today, back)


_Handler = Callable[[re.Match, str, date], _Reading | None]

# What a rule needs before it is worth running: a digit, or one of some words. Most
# messages hold no date; skipping rules that cannot match keeps a parse fast.
_D = "digit"
_M, _SE, _PA = frozenset(_MONTHS), frozenset(_SEASONS), frozenset(_PARTS)
_XMAS, _YEAR, _AGO = frozenset({"christmas", "xmas", "mas"}), frozenset({"year"}), frozenset({"ago"})
_RELDAY = frozenset("yesterday today tonight morning afternoon evening night week month".split())
_RULE_SOURCES: tuple[tuple[str, _Handler, tuple], ...] = (
    (rf"{_NB}(?P<y>{_Y4})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}}){_NA}", _iso, (_D,)),
    (
        rf"{_NB}(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})(?P=sep)(?P<y>[0-9]{{4}}|[0-9]{{2}}){_NA}",
        _dmy,
        (_D,),
    ),
    (rf"{_NB}(?P<m>[0-9]{{1,2}})(?P<sep>[-/.])(?P<y>{_Y4}){_NA}", _my, (_D,)),
    (rf"{_NB}(?P<y>{_Y4})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}}){_NA}", _ym, (_D,)),
    (rf"{_NB}(?P<m>[0-9]{{1,2}})/(?P<yy>[0-9]{{2}}){_NA}", _mmyy, (_D,)),
    (
        rf"(?<![0-9])(?:the{_S})?(?P<d>[0-9]{{1,2}}){_ORD}?(?:{_S}(?:of|de))?[\s,-]{{0,3}}{_MON}[\s,-]{{0,3}}"
        rf"(?:del?{_S})?(?P<y>{_Y4}|{_APOS}?[0-9]{{2}}){_NA}",
        _day_mon_year,
        (_D, _M),
    ),
    (
        rf"{_MON}\s{{0,3}}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s{{0,3}},\s{{0,3}}|{_S})(?P<y>{_Y4}){_NA}",
        _day_mon_year,
        (_D, _M),
    ),
    (
        rf"{_MON}(?:\s{{0,3}},\s{{0,3}}|{_S})(?:(?:of|del?){_S})?(?P<y>{_Y4}|{_APOS}[0-9]{{2}}|[0-9]{{2}}){_NA}"
        rf"(?!\s{{0,3}}(?:st|nd|rd|th)\b)(?!\s{{0,3}},?\s{{0,3}}{_Y4})",
        _mon_year,
        (_D, _M),
    ),
    (
        rf"{_NB}(?P<y>{_Y4})(?:\s{{0,3}}[,/-]\s{{0,3}}|{_S})(?:in{_S})?{_MON}(?!\s{{0,3}}[0-9])",
        _year_mon,
        (_D, _M),
    ),
    (rf"{_MON}{_S}(?P<d>[0-9]{{1,2}})(?P<ord>st|nd|rd|th)?\b{_NO_NUM_AFTER}", _mon_day, (_D, _M)),
    (
        rf"(?<![0-9])(?:the{_S})?(?P<d>[0-9]{{1,2}})(?P<ord>{_ORD})?(?P<of>{_S}(?:of|de))?{_S}{_MON}{_NO_NUM_AFTER}",
        _day_mon,
        (_D, _M),
    ),
    (rf"\b(?P<rel>last|this){_S}{_MON}{_NO_NUM_AFTER}", _rel_month, (_M,)),
    (rf"{_MON}{_S}(?:of{_S})?(?P<rel>last|this){_S}year\b", _mon_rel_year, (_M, _YEAR)),
    (rf"\b(?P<rel>last|this){_S}year{_S}in{_S}{_MON}", _mon_rel_year, (_M, _YEAR)),
    (
        rf"\b(?:in|since|during|around|from|until|till|early|late|mid|(?:end|beginning|start){_S}of)[\s-]{{1,3}}"
        rf"(?P<span>{_MON}){_NO_NUM_AFTER}",
        _prep_month,
        (_M,),
    ),
    (
        rf"\b(?:(?P<q>early|mid|late)[\s-]{{1,3}})?{_SEASON}(?:{_S}of)?[\s-]{{1,3}}(?P<y>{_Y4}|{_APOS}[0-9]{{2}}){_NA}",
        _season_year,
        (_D, _SE),
    ),
    (rf"\bq(?P<q>[1-4]){_S}?(?P<y>{_Y4}|{_APOS}[0-9]{{2}}){_NA}", _quarter, (_D,)),
    (rf"\b(?P<rel>last|this|past){_S}{_SEASON}", _season_rel, (_SE,)),
    (rf"{_SEASON}{_S}(?:of{_S})?(?P<rel2>last|this){_S}year\b", _season_rel, (_SE, _YEAR)),
    (
        rf"\b(?P<q>early|mid|late|(?:the{_S})?(?:start|beginning|middle|end){_S}of)[\s-]{{0,3}}"
        rf"(?:(?P<y>{_Y4})(?![0-9])|(?P<rel>last|this){_S}year\b)",
        _part_year,
        (_PA,),
    ),
    (
        rf"\b(?:(?P<rel>last|this){_S})?(?:christmas|xmas|x-mas)(?P<eve>{_S}eve)?\b(?:(?:{_S}day)?{_S}(?:of{_S})?"
        rf"(?P<y>{_Y4}|{_APOS}[0-9]{{2}})(?![0-9])|{_S}(?P<rel2>last|this){_S}year\b)?",
        _christmas,
        (_XMAS,),
    ),
    (
        rf"\b(?:in|from|since|during|around|circa|made|manufactured|produced|built|bought|purchased|dated|year"
        rf"|back{_S}in|date|code|mfg|mfd|production|says|reads|shows|printed|stamped|marked|label|sticker):?{_S}(?:the{_S}year{_S}|early{_S})?(?P<span>(?P<y>{_Y4})){_NA}(?![.,][0-9]){_UNIT_AFTER}",
        _year_cue,
        (_D,),
    ),
    (  # a year as the whole answer: "2024", "around 2019 i think"
        rf"\A\W{{0,3}}(?:(?:in|around|about|maybe|probably|circa|ca\.?|approx\.?|roughly){_S})?(?P<span>(?P<y>{_Y4}))"
        rf"(?:{_S}(?:i{_S}think|i{_S}guess|maybe|probably|or{_S}so))?\W{{0,3}}\Z",
        _year_cue,
        (_D,),
    ),
    (
        rf"(?<![A-Za-z0-9_.,$\u20ac\u00a3-])(?P<span>(?P<y>{_Y4})){_S}(?:model|version|edition|unit|release)\b",
        _year_cue,
        (_D,),
    ),
    (rf"\b(?P<rel>last|previous|this){_S}year\b|\bthe{_S}year{_S}before{_S}last\b", _year_rel, (_YEAR,)),
    (
        rf"\b(?:(?P<n>[0-9]{{1,2}}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        rf"|(?:a{_S})?couple(?:{_S}of)?|(?:a{_S})?few|several){_S}(?P<unit>day|week|month|year|yr|mo|wk)s?"
        rf"|(?P<half>half{_S}a{_S}year|a{_S}year{_S}and{_S}a{_S}half)){_S}ago\b",
        _ago,
        (_AGO,),
    ),
    (
        rf"\b(?P<w>the{_S}day{_S}before{_S}yesterday|yesterday|today|tonight|this{_S}(?:morning|afternoon|evening)"
        rf"|last{_S}night|(?:last|this|past){_S}week|(?:last|this){_S}month)\b",
        _rel_day,
        (_RELDAY,),
    ),
    (
        rf"\b(?:on{_S})?(?P<span>(?:(?P<rel>last|this|past){_S})?"
        rf"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
        _weekday,
        (frozenset(_WEEKDAYS),),
    ),
)


# French, Spanish and German: relative words, seasons, feasts, "ago", cue words.
_YREL_X = (
    rf"(?P<yrel>(?:l{_APOS}|el{_S}|la{_S})?(?:annee|an|ano){_S}(?:derniere?|passee?|pasado|antepasado|anterior)"
    rf"|(?:cette|cet|este|esta){_S}(?:annee|an|ano)"
    rf"|(?:im{_S})?(?:letzte[snmr]?|vergangene[snmr]?|vorige[snmr]?|vorletzte[snmr]?|diese[snmr]?){_S}jahr(?:es|e)?)\b"
)
_REL_BEFORE_X = r"letzte[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?|diese[nmrs]?|cette|cet|ce|este|esta|(?:el\s{1,3}|la\s{1,3})?pasad[oa]"
_REL_AFTER_X = r"derniere?|passee?|pasad[oa]"
_SEASON_X = rf"(?P<season>{'|'.join(_SEASONS_ABROAD)})\b"
_XMAS_X = r"(?:noel|navidad(?:es)?|weihnachten|(?P<eve>nochebuena|heiligabend|reveillon))\b"
_AGO_X = r"\b(?:il\s{1,3}y\s{1,3}a|il\s{1,3}ya|y\s{0,3}a|y['\u2018\u2019]a|ca\s{1,3}fait|cela\s{1,3}fait|hace|vor)"
_UNIT_X = r"jours?|semaines?|mois|ans?|annees?|dias?|semanas?|mes(?:es)?|anos?|tage|tagen?|wochen?|monate?n?|jahre?n?"
_YR = frozenset({"annee", "an", "ano", "jahr", "jahres", "jahre"})
_AGO_WORDS = frozenset({"y", "ya", "fait", "hace", "vor"})
_XMAS_X_WORDS = frozenset({"noel", "navidad", "navidades", "weihnachten", "nochebuena", "heiligabend", "reveillon"})
_RULES_ABROAD: tuple[tuple[str, _Handler, tuple], ...] = (
    (rf"{_MON}{_S}(?P<rel>{_REL_AFTER_X})\b", _rel_month_x, (_M,)),
    (rf"\b(?P<rel>{_REL_BEFORE_X})(?:{_S}(?:mes|mois){_S}de)?{_S}{_MON}{_NO_NUM_AFTER}", _rel_month_x, (_M,)),
    (rf"\b{_YREL_X}", _year_rel_x, (_YR,)),
    (rf"{_MON}{_S}(?:del?{_S})?{_YREL_X}", _mon_rel_year_x, (_M, _YR)),
    (rf"\b{_YREL_X}{_S}(?:en|im|in){_S}{_MON}", _mon_rel_year_x, (_M, _YR)),
    (
        rf"\b(?P<q>{'|'.join(_PARTS_ABROAD)})(?:{_S}(?:del?|des|d{_APOS}))?[\s-]{{0,3}}"
        rf"(?:(?P<y>{_Y4})(?![0-9])|{_YREL_X})",
        _part_year_x,
        (frozenset(_PARTS_ABROAD),),
    ),
    (rf"\b{_SEASON_X}(?:{_S}(?:del?|en))?[\s-]{{1,3}}(?P<y>{_Y4}|{_APOS}[0-9]{{2}}){_NA}", _season_x, (_D, frozenset(_SEASONS_ABROAD))),
    (rf"\b{_SEASON_X}{_S}(?:del?{_S})?{_YREL_X}", _season_x, (frozenset(_SEASONS_ABROAD), _YR)),
    (rf"\b{_SEASON_X}{_S}(?P<rel>{_REL_AFTER_X})\b", _season_x, (frozenset(_SEASONS_ABROAD),)),
    (rf"\b(?P<rel>{_REL_BEFORE_X}){_S}{_SEASON_X}", _season_x, (frozenset(_SEASONS_ABROAD),)),
    (rf"\b{_XMAS_X}(?:{_S}(?:del?|en))?{_S}(?P<y>{_Y4}|{_APOS}[0-9]{{2}})(?![0-9])", _christmas_x, (_D, _XMAS_X_WORDS)),
    (rf"\b{_XMAS_X}{_S}(?:del?{_S})?{_YREL_X}", _christmas_x, (_XMAS_X_WORDS, _YR)),
    (
        rf"\b(?:(?P<rel>{_REL_BEFORE_X}){_S})?{_XMAS_X}(?:{_S}(?P<rel2>{_REL_AFTER_X})\b)?",
        _christmas_x,
        (_XMAS_X_WORDS,),
    ),
    (
        rf"{_AGO_X}{_S}(?:(?P<n>(?:(?:environ|unos|unas|etwa|ungefahr|ein|circa){_S})?"
        rf"(?:[0-9]{{1,2}}|{'|'.join(sorted(_NUMBERS_ABROAD, key=len, reverse=True))})){_S})?"
        rf"(?P<unit>{_UNIT_X})\b(?P<half>{_S}(?:et{_S}demi|y{_S}medio))?",
        _ago_x,
        (_AGO_WORDS,),
    ),
    (
        rf"{_AGO_X}{_S}(?P<half>medio{_S}ano|(?:anderthalb|eineinhalb){_S}jahren|einen?m?{_S}halben{_S}jahre?s?)\b",
        _half_year_ago,
        (_AGO_WORDS,),
    ),
    (
        rf"(?<![\w-])(?P<w>{_phrases([*_DAYS_BACK_X, *_MONTHS_BACK_X])})(?![\w-])",
        _rel_day_x,
        (frozenset(re.findall(r"[a-z]+", w)[0] for w in [*_DAYS_BACK_X, *_MONTHS_BACK_X]),),
    ),
    (
        rf"\b(?:(?P<rel>letzten|vergangenen|vorigen|diesen|ce|(?:el{_S})?pasado){_S})?"
        rf"(?P<wd>{'|'.join(_WEEKDAYS_ABROAD)})\b(?:{_S}(?P<rel2>{_REL_AFTER_X})\b)?",
        _weekday_x,
        (frozenset(_WEEKDAYS_ABROAD),),
    ),
    (
        rf"\b(?:en|au{_S}mois{_S}de|depuis|desde|durante|pendant|vers|hacia|im|seit|ab|zu|debut|fin|mi|anfang|ende|mitte"
        rf"|(?:a{_S})?(?:principios|finales|mediados|fines){_S}de)[\s-]{{1,3}}(?P<span>{_MON}){_NO_NUM_AFTER}",
        _prep_month,
        (_M,),
    ),
    (
        rf"\b(?:en|de|del|des|depuis|desde|vers|hacia|aus|von|vom|seit|im|um|annee|ano|jahr|jahre|baujahr"
        rf"|fabriquee?s?|achetee?s?|compr[eoa]d?[oa]?s?|fabricad[oa]s?|producid[oa]s?|gekauft|hergestellt|produziert"
        rf"|fecha|datum|lote|etiquette|etiqueta|etikett):?{_S}"
        rf"(?:(?:l{_APOS}|el{_S}|dem{_S}|das{_S})?(?:annee|an|ano|jahre?){_S}|(?:environ|alrededor{_S}de|etwa|ungefahr|circa){_S})?"
        rf"(?P<span>(?P<y>{_Y4})){_NA}(?![.,][0-9]){_UNIT_AFTER}",
        _year_cue,
        (_D,),
    ),
    (  # German puts the verb last: "ich habe sie 2019 bei Amazon gekauft"
        rf"(?<![A-Za-z0-9_.,$\u20ac\u00a3-])(?P<span>(?P<y>{_Y4})){_NA}(?:{_S}[a-z]+){{0,3}}?{_S}"
        rf"(?:gekauft|hergestellt|bestellt|produziert|gebaut|bekommen|erhalten|geschenkt)\b",
        _year_cue,
        (_D,),
    ),
    (  # a year as the whole answer: "vers 2019 je pense", "creo que 2019", "2019 oder so"
        rf"\A\W{{0,3}}(?:(?:en|vers|environ|hacia|alrededor{_S}de|sobre|um|etwa|ca\.?|ungefahr|circa|peut-etre|quizas?"
        rf"|vielleicht|wahrscheinlich|probablement|probablemente|creo{_S}que(?:{_S}en)?|je{_S}crois|ich{_S}glaube){_S})?"
        rf"(?P<span>(?P<y>{_Y4}))(?:,?{_S}(?:je{_S}(?:pense|crois)|creo|glaube{_S}ich|ich{_S}glaube|denke{_S}ich"
        rf"|oder{_S}so|o{_S}asi|environ|peut-etre|quizas?|vielleicht))?\W{{0,3}}\Z",
        _year_cue,
        (_D,),
    ),
)


@functools.cache
def _rules() -> list[tuple[re.Pattern, _Handler, tuple]]:
    # Compiled on first use, not at import (about 0.1 s): importing bot.understanding.model_numbers stays cheap.
    return [(re.compile(p, re.I), h, needs) for p, h, needs in _RULE_SOURCES + _RULES_ABROAD]


# --- roles -------------------------------------------------------------------------

_CUES = re.compile(
    r"\b(?:(?P<purchase>bought|buy(?:ing)?|purchas\w*|order(?:ed)?|got\s{1,3}(?:it|this|that|mine|one|them|the|an?|my|in|on|from|at|back|last)\b"
    r"|receiv\w*|gift\w*|present(?:ed)?|deliver\w*|arrived|shipped|paid|acquired|receipt"
    r"|(?:had|owned)\s{1,3}(?:it|this|mine|one|them)\s{1,3}since|since\s{1,3}i\s{1,3}(?:got|bought))"
    r"|(?P<incident>caught\s{1,3}fire|on\s{1,3}fire|fire|flames?|smok\w*|explo\w*|burst|spark\w*|melt\w*|burn\w*"
    r"|happened|incident|accident|overheat\w*|swell\w*|swollen|bulg\w*|hot|heat(?:ed|ing)?|leak\w*|died"
    r"|stopped\s{1,3}working|broke(?:n)?|failed|noticed|opened|sent|returned|submitted|filed|raised|requested"
    r"|contacted|emailed|e-mailed|called|wrote|reported|posted|mailed|dropped)"
    r"|(?P<manufacture>made|manufactur\w*|production|produced|date\s{1,3}code|datecode|code|mfg|mfd|built"
    r"|printed|stamped|label\w*|sticker|batch|serial)"
    # French, Spanish, German (accents folded)
    r"|(?P<purchase_x>achet\w*|achat\w*|command(?:e|ee|es|ees|er)|recue?s?|offerte?s?|cadeau\w*|livree?s?|payee?s?"
    r"|compr(?:e|o|a|as|amos|aron|aste|ado|ada|ados|adas|ar|ando)|ped(?:i|ido|ida|imos)|encarg\w*|adquiri\w*|regal\w*"
    r"|recib\w*|entreg\w*|\w*kauf\w*|bestell\w*|erworben|geschenkt|bekommen|erhalten|geliefert|bezahlt)"
    r"|(?P<incident_x>feu|flammes?|fum\w*|explos\w*|explot\w*|explod\w*|brul\w*|fondu\w*|gonfl\w*|chauff\w*|surchauff\w*"
    r"|incendi\w*|fuego|llamas?|humo|hume\w*|quem\w*|derriti\w*|hinch\w*|calent\w*|sobrecalent\w*|feuer|flammen"
    r"|rauch\w*|brann\w*|brennt|gebrannt|geschmolz\w*|aufgebla\w*|uberhitz\w*|ueberhitz\w*|hei(?:ss|\u00df)|kaputt"
    r"|casse\w*|romp\w*|roto|envoye\w*|devuel\w*|zuruckgeschickt|escrib\w*|geschrieben|angerufen|passiert|ocurri\w*|sucedi\w*)"
    r"|(?P<manufacture_x>fabri\w*|produites?|producid[oa]s?|produccion|produziert|produktion\w*|hergestellt|herstell\w*"
    r"|gebaut|baujahr|imprimee?s?|impres[oa]|gedruckt|etiquette|etiqueta|etikett\w*|aufkleber|autocollant|pegatina|lote"
    r"|seriennummer))\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[;!?\n]|\.(?=\s|$)")
_CLAUSE_END = re.compile(
    r"[,;!?()\n]|\.(?=\s|$)|\b(?:and|but|then|so|although|though|while|whereas"
    r"|et|mais|puis|donc|alors|y(?!['\u2019])|pero|luego|entonces|und|aber|dann|doch|sondern|jedoch)\b",
    re.I,
)
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]")
_FROM_JUST_BEFORE = re.compile(r"\b(?:from|de|du|del|von|vom|aus)\s{1,3}(?:around\s{1,3}|about\s{1,3})?$", re.I)
_FORWARD = 40  # how far after a date a cue still counts ("last June I bought it")
_BACK = 200


def _last_boundary(pattern: re.Pattern, text: str, lo: int, hi: int) -> int:
    last = lo
    for b in pattern.finditer(text, lo, hi):
        last = b.end()
    return last


def _cue(text: str, lo: int, hi: int, *, last: bool) -> str | None:
    found = None
    for c in _CUES.finditer(text, lo, hi):
        found = (c.lastgroup or "").removesuffix("_x")
        if not last:
            break
    return found


def _role(text: str, start: int, end: int, prev_end: int, next_start: int, near: bool) -> str:
    """Cue words decide the role: the date's clause before it, then just after it, then its sentence."""
    sentence = _last_boundary(_SENTENCE_END, text, max(prev_end, start - _BACK), start)
    clause = _last_boundary(_CLAUSE_END, text, sentence, start)
    role = _cue(text, clause, start, last=True)
    if role is None and _FROM_JUST_BEFORE.search(text, clause, start):
        role = "manufacture"  # "my Zolo from Dec 2023 is swollen": the unit's date, not the incident's
    if role is None:
        hi = min(next_start, end + _FORWARD)
        stop = _CLAUSE_END.search(text, end, hi)
        role = _cue(text, end, stop.start() if stop else hi, last=False)
    if role is None:
        role = _cue(text, sentence, clause, last=True)
    return role or ("incident" if near else "manufacture")


def parse_dates(masked: str, original: str, *, today: date) -> list[DateMention]:
    """Finds the dates in ``masked`` (``original`` with model numbers blanked, same length).

    Args:
        masked: The text to read, offsets identical to ``original``.
        original: The customer's text, for the mentions' ``text``.
        today: The day relative phrases ("last June", "two years ago") resolve against.

    Returns:
        The date mentions in text order; overlapping readings resolved longest first.
    """
    found: list[tuple[int, int, int, _Reading]] = []
    masked = fold(masked)
    words = set(_WORD.findall(masked.casefold()))
    has_digit = _DIGIT.search(masked) is not None
    for rank, (pattern, handler, needs) in enumerate(_rules()):
        if not all(has_digit if need == _D else not need.isdisjoint(words) for need in needs):
            continue
        for m in pattern.finditer(masked):
            reading = handler(m, masked, today)
            if reading is not None:
                s, e = m.span("span") if "span" in pattern.groupindex and m["span"] else m.span()
                found.append((s, e, rank, reading))
    chosen: list[tuple[int, int, int, _Reading]] = []
    taken = bytearray(len(masked))
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
        if not any(taken[item[0] : item[1]]):
            chosen.append(item)
            taken[item[0] : item[1]] = b"\x01" * (item[1] - item[0])
    chosen.sort(key=lambda c: c[0])
    mentions = []
    for i, (s, e, _, r) in enumerate(chosen):
        prev_end = chosen[i - 1][1] if i else 0
        next_start = chosen[i + 1][0] if i + 1 < len(chosen) else len(masked)
        value, problem = None, r.problem
        if problem is None and r.first is not None:
            value = r.first.isoformat()[: {"day": 10, "year": 4}.get(r.precision, 7)]
            if r.first > today:
                problem = "future"
        mentions.append(
            DateMention(
                value=value,
                text=original[s:e],
                start=s,
                end=e,
                role=_role(masked, s, e, prev_end, next_start, r.near),
                range_start=r.first,
                range_end=r.last,
                precision=r.precision,
                problem=problem,
                alternatives=r.alternatives,
            )
        )
    return mentions
