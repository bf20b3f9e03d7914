"""How dates, windows and units read in the bot's sentences."""

from __future__ import annotations

import datetime as dt


def readable_date(value: str | None) -> str:
    """`2023-03` -> `March 2023`; `2023-03-14` -> `14 March 2023`; `2023` stays `2023`."""
    if not value:
        return "an unknown date"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            day = dt.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        if len(parts) == 1 and value.isdigit():
            return value
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    except ValueError:
        return value


def made_when(value: str | None) -> str:
    """`on 14 March 2023` for a day, `in March 2023` for a month."""
    return ("on " if value and value.count("-") == 2 else "in ") + readable_date(value)


def readable_window(start: dt.date, end: dt.date) -> str:
    return f"{start.day} {start:%B %Y} and {end.day} {end:%B %Y}"


def unit_name(model_number: str, product_name: str | None) -> str:
    return f"{product_name} ({model_number})" if product_name else model_number


def remedy_list(remedies: tuple[str, ...] | list[str]) -> str:
    return " or ".join(f"a {r}" for r in remedies)
