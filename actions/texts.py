"""What the custom actions say. Responses used by rules live in domain.yml; these are
the sentences only actions use, kept together so they can be reviewed in one place,
and how dates, windows and units read inside them."""

from __future__ import annotations

import datetime as dt

from bot.channels.action_failures import SOMETHING_WENT_WRONG  # noqa: F401  (the channels say it too)

ASK_MODEL_NUMBER = (
    "What is the model number of your power bank? It starts with an A followed by four "
    "digits, for example A1263, and is printed on the back of the unit."
)
ASK_MANUFACTURE_DATE = (
    'When was it made? A month and year is enough, for example "March 2023" or "03/2023".'
)
DATE_FUTURE = (
    "That date is in the future, so it can't be when your power bank was made. Could you "
    "check the date on the unit again?"
)
DATE_IMPOSSIBLE = (
    "That date doesn't exist on the calendar. Could you write it again, for example as "
    '"March 2023" or "03/2023"?'
)
CHECK_FIRST = "Sure. First, let me check whether your unit is part of the recall."
RETURN_NOT_POSSIBLE = (
    "A return through the recall is for units that are part of it, so let's check yours first."
)
HANDOFF_HUMAN = (
    "I'm connecting you with a person from our support team. Please stay in this chat; "
    "they'll reply right here."
)
PLEASE_REPHRASE = (
    'Sorry, I didn\'t quite understand that. Could you say it another way? For example: '
    '"Is my A1263 recalled?"'
)
OFFER_HUMAN = "I'm still not sure I understand, sorry. Would you like to talk to a person?"

# Questions of the return and ticket-status forms, by slot.
ASK_SLOT = {
    "remedy": "Would you like a refund or a replacement?",
    "customer_name": "What is your full name?",
    "email": "What email address should we use for the return?",
    "street": (
        "Where should we send the replacement? You can write the whole address in one message: "
        "street and house number, town, postcode and country."
    ),
    "city": "Which town or city?",
    "postcode": "What's the postcode (ZIP code)?",
    "country": "And which country?",
    "lookup_ticket_id": "What's your ticket number? It looks like RT-000123 and is in your confirmation.",
    "lookup_email": "And the email address you gave when the ticket was opened?",
}

KEPT_AS_WRITTEN = (
    "I'll keep that as you wrote it, and a person from our team will check it before "
    "anything is sent. If you'd rather sort it out with them now, just say so."
)
WHAT_TO_CHANGE = (
    "No problem. What should I change? Tell me just that part, for example "
    '"the postcode is 80331" or "my email is jane@example.com".'
)


# -- how dates, windows and units read in the sentences ---------------------------------


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
