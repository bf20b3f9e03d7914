"""What the actions and the confirmation email say, in each configured language.

One catalogue per language, `bot/i18n/catalogue/<code>.yml`: the same keys and the same
named `{placeholders}` as the English one (tests/unit/i18n/test_texts.py). A key a
language lacks is said in English. Responses that rules and policies send (the fire
safety answer among them) are in domain.yml, as conditional variations on the
`language` slot, so that they need no action server.

    text("fr", "date_future")                       -> "Cette date est dans le futur, ..."
    text("de", "ticket_opened", ticket_id="RT-1")   -> "Ihre Rücksendung ist eröffnet: Vorgang RT-1."
    readable_date("es", "2018-03")                  -> "marzo de 2018"
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import DEFAULT, SUPPORTED, or_default

CATALOGUE_DIR = Path(__file__).resolve().with_name("catalogue")


@functools.cache
def catalogue(language: str) -> dict[str, Any]:
    """The catalogue of a configured language (read once, on first use)."""
    if language not in SUPPORTED:
        raise KeyError(f"no catalogue for {language!r}")
    return yaml.safe_load((CATALOGUE_DIR / f"{language}.yml").read_text(encoding="utf-8"))


def _entry(language: object, key: str) -> Any:
    found = catalogue(or_default(language)).get(key)
    return catalogue(DEFAULT)[key] if found is None else found


def text_template(language: object, key: str) -> str:
    """The sentence `key` in `language` (English when that language lacks it), unfilled."""
    return str(_entry(language, key))


def text(language: object, key: str, /, **params: object) -> str:
    """The sentence `key` in `language` (English when that language lacks it), filled in.

    Raises:
        KeyError: for a key the English catalogue lacks, or a placeholder not given.
    """
    return text_template(language, key).format(**params)


# -- dates, lists and remedies inside sentences ----------------------------------------------


def _day(language: object, date: dt.date) -> str:
    day = text(language, "day_one") if date.day == 1 else str(date.day)
    return text(language, "date_day", day=day, month=_entry(language, "months")[date.month - 1], year=date.year)


def _month(language: object, year: int, month: int) -> str:
    return text(language, "date_month", month=_entry(language, "months")[month - 1], year=year)


def readable_date(language: object, value: str | None) -> str:
    """`2023-03` -> "March 2023" / "mars 2023" / "marzo de 2023" / "März 2023"; a year stays as it is."""
    if not value:
        return text(language, "date_unknown")
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return _day(language, dt.date.fromisoformat(value))
        if len(parts) == 1 and value.isdigit():
            return value
        year, month = int(parts[0]), int(parts[1])
        dt.date(year, month, 1)  # refuses month 13
        return _month(language, year, month)
    except (ValueError, IndexError):
        return value


def when(language: object, value: str | None) -> str:
    """When something happened, as a sentence says it: "on 14 March 2023", "in March 2023", "en 2019"."""
    if not value:
        return text(language, "when_unknown")
    kind = {3: "when_day", 2: "when_month"}.get(value.count("-") + 1, "when_year")
    return text(language, kind, date=readable_date(language, value))


def readable_windows(language: object, windows: Iterable[tuple[dt.date, dt.date]]) -> str:
    """Production windows: "1 January 2016 and 30 October 2019" / "dem 1. Januar 2016 und dem ..."."""
    return text(language, "window_separator").join(
        text(language, "window", start=_day(language, start), end=_day(language, end)) for start, end in windows
    )


def either(language: object, items: Iterable[str]) -> str:
    """ "A1263 or A1236" / "A1263 ou A1236"."""
    return f" {text(language, 'or')} ".join(items)


def all_of(language: object, items: Iterable[str]) -> str:
    """ "A1263, A1257 and A1268" / "A1263, A1257 et A1268"."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text(language, 'and')} {items[-1]}"


def remedy(language: object, value: str, form: str = "title") -> str:
    """A remedy ("refund", "replacement") as a button says it ("title"), with its article ("a")
    or with "your" ("your"): the article and the possessive agree with the noun in each language."""
    return text(language, f"remedy_{form}_{value}")


def remedies(language: object, values: Iterable[str]) -> str:
    """ "a refund or a replacement" / "un remboursement ou un remplacement"."""
    return either(language, (remedy(language, value, "a") for value in values))


def hazard(language: object, catalogue_hazard: str) -> str:
    """The recall's hazard: the catalogue's own sentence in English, the catalogue's translation
    otherwise (the recall catalogue holds one English sentence per recall)."""
    if not catalogue_hazard or or_default(language) == DEFAULT:
        return catalogue_hazard
    return text(language, "hazard")
