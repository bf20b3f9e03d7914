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


# -- label photos (actions/photos.py) ------------------------------------------------------

PHOTO_CANT_OPEN = (
    "I can't open that picture. Please send a photo of the label as a JPEG, PNG, WebP or HEIC "
    "image, under 10 MB."
)
PHOTO_TOO_MANY = (
    "You've sent several photos in a short time, so I didn't keep that one. Please wait a few "
    "minutes before sending another, or type the model number."
)
PHOTO_NOT_KEPT = (
    "Sorry, I couldn't keep that picture just now. Please send it again in a minute, or type "
    "the model number."
)
PHOTO_PLEASE_SEND = (
    "Yes, please send a photo of the label on the back of the power bank: use the paperclip "
    "button, or attach it as you would in any chat. You can also type the model number."
)
PHOTO_WHAT_TO_PHOTOGRAPH = (
    "Please photograph the small print on the back or side of the power bank: the line that "
    'starts with "Model" (an A and four digits, like A1263) and the date next to it ("MFD", '
    '"Date code"). Hold the phone flat over it, in good light, without flash glare, so that the '
    "print fills most of the picture."
)
PHOTO_UNREADABLE = "I couldn't read a model number on that photo."
PHOTO_NO_TEXT = "I couldn't find any writing on that photo."
PHOTO_OCR_DOWN = "I can't read photos just now, sorry."
PHOTO_TYPE_INSTEAD = "Meanwhile, you can type the details."
PHOTO_KEPT_WITH_RETURN = "Thanks, I've kept that photo with your return."
PHOTO_DENIED = "Thanks for checking. Let's do it by hand, then."
PHOTO_NOTHING_PENDING = "Please send the photo again, or type the model number."
ASK_REFUND_PHOTO = (
    "For a refund we need a photo of the unit's label: the small print on the back with the model "
    "number. Please send one now (the paperclip button). If you can't, a replacement needs no photo."
)
REFUND_PHOTO_STILL_NEEDED = "I still need a photo of the label for the refund."


def label_reading_question(model_number: str, manufacture_date: str | None) -> str:
    """ "I can read A1263, made March 2018 — is that right?" """
    made = f", made {readable_date(manufacture_date)}" if manufacture_date else ""
    lacking = "" if manufacture_date else " (I couldn't read the date)"
    return f"I can read {model_number}{made} — is that right?{lacking}"


def label_candidates_question(names: list[str]) -> str:
    return "I can read the product name, but not the model number for certain. Which one is yours?"
