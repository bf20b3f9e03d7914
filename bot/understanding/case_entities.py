"""The other entities of a customer's message, read by rule: remedy, ticket id, email.

The model number and the date are read by `model_numbers`; these three complete the parse
(docs/INTERFACES.md), so the intent classifier learns no entities at all (config.yml):

- `remedy`: "refund" or "replacement" as the customer put it ("my money back", "a new one",
  "replacment"), not when negated ("replacement please, not the money"): `form_answers.find_remedy`;
- `ticket_id`: our return tickets' ids in any spelling ("rt 123", "Rt-000456", "#RT000123"),
  normalised to `RT-000123`;
- `email`: an address whose syntax `email-validator` accepts, as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.form_answers import find_remedy

TICKET_ID_RE = re.compile(r"\bRT[\s#-]*0*(\d{1,6})\b", re.IGNORECASE)
_EMAIL_CANDIDATE = re.compile(r"[^\s@,;:<>()\[\]\"']+@[^\s@,;:<>()\[\]\"']+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class CaseEntity:
    entity: str
    value: str
    start: int
    end: int
    text: str


def clean_ticket_id(value: object) -> str | None:
    """`rt 123`, `RT-000123`, `#RT000123` -> `RT-000123`; None when there's no ticket id."""
    from bot.recall.tickets import format_public_id

    match = TICKET_ID_RE.search(str(value or ""))
    return format_public_id(int(match.group(1))) if match else None


def find_ticket_ids(text: str) -> list[CaseEntity]:
    from bot.recall.tickets import format_public_id

    return [
        CaseEntity("ticket_id", format_public_id(int(m.group(1))), m.start(), m.end(), m.group(0))
        for m in TICKET_ID_RE.finditer(text)
    ]


def find_emails(text: str) -> list[CaseEntity]:
    from email_validator import EmailNotValidError, validate_email

    found = []
    for m in _EMAIL_CANDIDATE.finditer(text):
        candidate = m.group(0).rstrip(".")
        try:
            validate_email(candidate, check_deliverability=False)
        except EmailNotValidError:
            continue
        found.append(CaseEntity("email", candidate, m.start(), m.start() + len(candidate), candidate))
    return found


def find_case_entities(text: str) -> list[CaseEntity]:
    """Remedy, ticket ids and emails in `text`, in the order they appear."""
    text = text or ""
    found = find_ticket_ids(text) + find_emails(text)
    remedy = find_remedy(text)
    if remedy is not None:
        kind, start, end = remedy
        if not any(e.start <= start < e.end for e in found):  # "refund@example.com" is an email
            found.append(CaseEntity("remedy", kind, start, end, text[start:end]))
    return sorted(found, key=lambda e: e.start)
