"""Checks of what a customer types into the return form: one clear reason per failure."""

from __future__ import annotations

import re

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
EMAIL_IN_TEXT_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
POSTCODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")
LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class DetailError(ValueError):
    """A detail that cannot be used, with a sentence the customer can act on."""


def _clean(value: object, max_length: int) -> str:
    text = CONTROL_RE.sub(" ", str(value or "")).strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > max_length:
        raise DetailError(f"That's longer than I can take ({max_length} characters at most).")
    return text


def clean_email(value: object) -> str:
    """An email address from what the customer typed.

    Raises:
        DetailError: without an `@`, a domain, or a dot in the domain.
    """
    text = _clean(value, 254)
    found = EMAIL_IN_TEXT_RE.search(text)
    candidate = found.group(0) if found else text
    candidate = candidate.strip(".,;:<>()[]\"'")
    if "@" not in candidate:
        raise DetailError("That doesn't look like an email address: it needs an @, like jane@example.com.")
    if not EMAIL_RE.match(candidate):
        raise DetailError(
            "That email address seems to be missing its domain (the part after @, like example.com). Could you type it again?"
        )
    return candidate.lower()


def clean_name(value: object) -> str:
    """A person's name.

    Raises:
        DetailError: for an empty name, or one without letters (only digits or symbols).
    """
    text = _clean(value, 200)
    if not text or not LETTER_RE.search(text):
        raise DetailError("I need your name in letters, for example \"Jane Smith\".")
    if sum(ch.isdigit() for ch in text) > len(text) // 2:
        raise DetailError("That looks like a number rather than a name. What is your full name?")
    return text


def clean_street(value: object) -> str:
    text = _clean(value, 300)
    if len(text) < 3 or not LETTER_RE.search(text):
        raise DetailError("I need the street and house number, for example \"12 High Street\".")
    return text


def clean_city(value: object) -> str:
    text = _clean(value, 120)
    if len(text) < 2 or not LETTER_RE.search(text):
        raise DetailError("Which town or city should the replacement go to?")
    return text


def clean_postcode(value: object) -> str:
    """A postcode or ZIP code.

    Raises:
        DetailError: when nothing postcode-like was given.
    """
    text = _clean(value, 40).upper()
    text = re.sub(r"^(POSTCODE|POST CODE|ZIP|ZIP CODE|ZIPCODE)[:\s]*", "", text).strip()
    if not POSTCODE_RE.match(text) or not any(ch.isdigit() for ch in text):
        raise DetailError(
            "I need a postcode or ZIP code to send the replacement, for example \"SW1A 1AA\" or \"94107\"."
        )
    return text


def clean_country(value: object) -> str:
    text = _clean(value, 80)
    if len(text) < 2 or not LETTER_RE.search(text):
        raise DetailError("Which country should the replacement go to?")
    return text


def mask_email(email: str) -> str:
    """`jane.smith@example.com` -> `j***@example.com` (for lists and logs)."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
