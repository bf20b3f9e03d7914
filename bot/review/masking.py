"""Personal data out of sight: emails, phone numbers, street addresses and names.

A `Masker` knows the values one conversation gave to the return form (name, email,
street, city, postcode) and hides them wherever they appear, together with anything
that looks like an email address, a phone number or a street address. A message
that answered a question of the return form is hidden as a whole: the customer may
have typed the detail in a shape no pattern recognises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.recall.contact_checks import EMAIL_IN_TEXT_RE, mask_email

# Slots of the return and ticket-status forms that hold personal data, and their label.
PII_SLOTS = {
    "customer_name": "name",
    "email": "email",
    "lookup_email": "email",
    "street": "street",
    "city": "city",
    "postcode": "postcode",
}
# Answers with these intents fill no slot (see domain.yml: `not_intent`).
NOT_AN_ANSWER = frozenset({"cancel", "request_human", "report_fire", "deny"})

PHONE_RE = re.compile(r"(?<![\w+\-/(])(?:\+|00)?\(?\d(?:[ ().\-]{0,2}\d){6,14}(?![\w/])")
# Dates, year ranges and date codes are digits with separators too: not phone numbers.
NOT_A_PHONE_RE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}\s*[-/]\s*\d{4})$"
)
STREET_RE = re.compile(
    r"\b\d{1,5}[a-z]?,?(?:\s+[a-z][\w'.\-]*){1,4}\s+"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|"
    r"close|crescent|terrace|square|sq|parkway|highway|hwy|strasse|straße|gasse|weg)\b\.?",
    re.IGNORECASE,
)
MIN_VALUE_CHARS = 2
MIN_NAME_PART_CHARS = 3


def _label(kind: str) -> str:
    return f"[{kind}]"


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"[phone …{digits[-2:]}]"


def _phones(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        return found if NOT_A_PHONE_RE.match(found) else mask_phone(found)

    return PHONE_RE.sub(replace, text)


def mask_patterns(text: str) -> str:
    """Hide whatever looks like an email address, a phone number or a street address."""
    text = EMAIL_IN_TEXT_RE.sub(lambda m: mask_email(m.group(0)), text)
    text = STREET_RE.sub(_label("street"), text)
    return _phones(text)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def mask_identifier(conversation_id: str) -> str:
    """A sender id for display and logs: phone numbers (SMS, WhatsApp) and emails hidden.

    A web conversation's random UUID is no personal data and is kept whole (its digit
    groups once looked like a phone number).
    """
    if _UUID.fullmatch(conversation_id or ""):
        return conversation_id
    return mask_patterns(conversation_id)


class Masker:
    """Hides one conversation's personal data; `enabled=False` shows everything."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._values: dict[str, str] = {}  # lower-cased value -> replacement
        self._pattern: re.Pattern[str] | None = None

    def add(self, kind: str, value: Any) -> None:
        """Remember a personal value (`kind`: name, email, street, city, postcode)."""
        if not isinstance(value, str):
            return
        value = " ".join(value.split())
        if len(value) < MIN_VALUE_CHARS:
            return
        replacement = mask_email(value.lower()) if kind == "email" else _label(kind)
        self._values.setdefault(value.lower(), replacement)
        if kind == "name":  # a first name alone ("Thanks, Jane!")
            for part in value.split():
                if len(part) >= MIN_NAME_PART_CHARS and part.isalpha():
                    self._values.setdefault(part.lower(), replacement)
        self._pattern = None

    def add_slot(self, slot: str, value: Any) -> None:
        kind = PII_SLOTS.get(slot)
        if kind:
            self.add(kind, value)

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self._values:
            parts = []
            for value in sorted(self._values, key=len, reverse=True):
                body = r"\s+".join(re.escape(word) for word in value.split())
                start = r"(?<!\w)" if value[0].isalnum() else ""
                end = r"(?!\w)" if value[-1].isalnum() else ""
                parts.append(f"{start}{body}{end}")
            self._pattern = re.compile("|".join(parts), re.IGNORECASE)
        return self._pattern

    def text(self, text: str | None) -> str:
        """`text` with the known values and anything email-, phone- or address-like hidden."""
        if text is None:
            return ""
        if not self.enabled:
            return text
        pattern = self._compiled()
        if pattern is not None:
            text = pattern.sub(lambda m: self._values.get(" ".join(m.group(0).lower().split()), "[…]"), text)
        return mask_patterns(text)

    def answer(self, slot: str | None, text: str) -> str:
        """A message typed in answer to a form question: hidden as a whole for personal slots."""
        kind = PII_SLOTS.get(slot or "")
        if not self.enabled:
            return text
        return _label(kind) if kind else self.text(text)

    def slot_value(self, slot: str, value: Any) -> Any:
        """A slot's value for display."""
        if not self.enabled or slot not in PII_SLOTS or value in (None, ""):
            return value
        if PII_SLOTS[slot] == "email" and isinstance(value, str):
            return mask_email(value)
        return _label(PII_SLOTS[slot])

    def email(self, value: str | None) -> str:
        if not value:
            return ""
        return mask_email(value) if self.enabled else value

    def field(self, kind: str, value: str | None) -> str:
        """A ticket's personal field (name, street, city, postcode)."""
        if not value:
            return ""
        return _label(kind) if self.enabled else value


def masker_for(
    slot_events: Iterable[tuple[str, Any]], *, enabled: bool = True, extra: Iterable[tuple[str, Any]] = ()
) -> Masker:
    """A masker that knows the personal slot values set in a conversation."""
    masker = Masker(enabled=enabled)
    for slot, value in slot_events:
        masker.add_slot(slot, value)
    for kind, value in extra:
        masker.add(kind, value)
    return masker
