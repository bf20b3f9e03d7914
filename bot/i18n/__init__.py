"""The languages the assistant speaks, and which one a customer writes.

`SUPPORTED` is the one list of configured languages (ISO 639-1 codes); English is the
default and the fallback of every response. `docs/LANGUAGES.md` says how to add one.
"""

from __future__ import annotations

SUPPORTED: tuple[str, ...] = ("en", "fr", "es", "de")
DEFAULT = "en"
NAMES = {"en": "English", "fr": "Français", "es": "Español", "de": "Deutsch"}
LANGUAGE_SLOT = "language"
LANGUAGE_ENTITY = "language"


def normalise(code: object) -> str | None:
    """A supported language code from a locale or code ("fr-CA", "es_ES", "DE"), else None."""
    if not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED else None


def or_default(code: object) -> str:
    """The language to answer in: a supported code, or English."""
    return normalise(code) or DEFAULT
