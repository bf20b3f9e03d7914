"""The customer's locale (browser or messaging app) passed to the NLU as `metadata.locale`.

Our NLU component (bot/rasa_ext/nlu/recall_understanding.py) reads it only when a
message's own words cannot tell the language, so a channel sends it with the first
message of a conversation only. A client's value is kept only when it looks like a
language tag ("fr-CA", "es_419", "de"), and never longer than MAX_LOCALE_CHARS.
"""

from __future__ import annotations

import re
from typing import Any

LOCALE_KEY = "locale"
MAX_LOCALE_CHARS = 35  # BCP 47's longest useful tag; anything longer is not a locale
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}$")


def clean_locale(value: Any) -> str | None:
    """A short language tag, or None for anything else (not a string, too long, not a tag)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > MAX_LOCALE_CHARS or not _LOCALE.match(value):
        return None
    return value


def with_clean_locale(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata with its `locale` kept only as a clean language tag."""
    if LOCALE_KEY not in metadata:
        return metadata
    kept = {key: value for key, value in metadata.items() if key != LOCALE_KEY}
    locale = clean_locale(metadata[LOCALE_KEY])
    if locale is not None:
        kept[LOCALE_KEY] = locale
    return kept
