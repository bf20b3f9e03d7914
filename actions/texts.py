"""What the custom actions say, in the customer's language.

Every sentence is in the catalogues of bot/i18n/catalogue/ (one per language, English
the fallback); this module picks the language from the tracker's `language` slot and
sends. Responses used by rules live in domain.yml.

    say(dispatcher, tracker, "date_future")
    say(dispatcher, tracker, "which_month", year="2019", buttons=[("button_talk_to_person", "/request_human")])
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.i18n import LANGUAGE_SLOT, or_default
from bot.i18n.texts import (
    all_of,
    either,
    hazard,
    readable_date,
    readable_windows,
    remedies,
    remedy,
    text,
    text_template,
    when,
)
from bot.recall.addresses import readable_country

__all__ = [
    "all_of",
    "button",
    "detail_error",
    "either",
    "hazard",
    "language",
    "readable_date",
    "readable_windows",
    "remedies",
    "remedy",
    "say",
    "text",
    "when",
]


def language(tracker: Tracker) -> str:
    """The language to answer in: the `language` slot, English when unset."""
    return or_default(tracker.get_slot(LANGUAGE_SLOT))


def button(lang: str, key: str, payload: str) -> dict[str, str]:
    """A button whose title is the catalogue's `key`; the payload is the same in every language."""
    return {"title": text(lang, key), "payload": payload}


def say(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    key: str,
    *,
    buttons: list[dict[str, str]] | None = None,
    **params: Any,
) -> None:
    """Utter the catalogue's `key` in the customer's language, with `params` filled in."""
    if buttons:
        dispatcher.utter_message(text=text(language(tracker), key, **params), buttons=buttons)
    else:
        dispatcher.utter_message(text=text(language(tracker), key, **params))


# What bot.recall.contact_checks says of a detail it refuses, by catalogue key.
DETAIL_ERRORS = (
    "detail_too_long", "email_no_at", "email_no_local", "email_no_domain", "email_no_ending",
    "email_no_ending_guess", "email_invalid", "name_no_letters", "name_is_number", "street_invalid",
    "city_invalid", "postcode_invalid", "postcode_hint", "country_invalid",
)
EMAIL_REASONS = (
    "email_reason_characters", "email_reason_space", "email_reason_dots", "email_reason_domain",
    "email_reason_extra", "email_reason_too_long", "email_reason_other",
)


@functools.cache
def _english_pattern(key: str) -> re.Pattern[str]:
    """The English sentence `key` as a pattern whose groups are its placeholders."""
    parts = re.split(r"\{(\w+)\}", text_template("en", key))
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)))


def detail_error(lang: str, error: Exception) -> str:
    """A refused detail's reason (bot.recall.contact_checks.DetailError) in the customer's language.

    The checks write English; their sentence is recognised against the English catalogue
    (placeholders and all) and said in `lang`. Anything unrecognised is said as written.
    """
    return _said_in(lang, str(error), DETAIL_ERRORS)


def _said_in(lang: str, written: str, keys: tuple[str, ...]) -> str:
    """The English sentence `written`, recognised among `keys`, in `lang`; as written when unknown."""
    for key in keys:
        found = _english_pattern(key).fullmatch(written)
        if found:
            values = found.groupdict()
            if "country" in values:
                values["country"] = readable_country(values["country"], lang)  # the checks name it in English
            if "reason" in values:  # email-validator's reason, as one of our phrases
                values["reason"] = _said_in(lang, values["reason"], EMAIL_REASONS)
            return text(lang, key, **values)
    return written


# The English sentences under their former names, for tests and tools that compare with them.
_FORMER_NAMES = {
    "ASK_MODEL_NUMBER": "ask_model_number",
    "ASK_MANUFACTURE_DATE": "ask_manufacture_date",
    "DATE_FUTURE": "date_future",
    "DATE_IMPOSSIBLE": "date_impossible",
    "CHECK_FIRST": "check_first",
    "RETURN_NOT_POSSIBLE": "return_not_possible",
    "HANDOFF_HUMAN": "handoff_human",
    "PLEASE_REPHRASE": "please_rephrase",
    "OFFER_HUMAN": "offer_human",
    "KEPT_AS_WRITTEN": "kept_as_written",
    "WHAT_TO_CHANGE": "what_to_change",
    "SOMETHING_WENT_WRONG": "something_went_wrong",
    "PHOTO_CANT_OPEN": "photo_cant_open",
    "PHOTO_TOO_MANY": "photo_too_many",
    "PHOTO_NOT_KEPT": "photo_not_kept",
    "PHOTO_PLEASE_SEND": "photo_please_send",
    "PHOTO_WHAT_TO_PHOTOGRAPH": "photo_what_to_photograph",
    "PHOTO_UNREADABLE": "photo_unreadable",
    "PHOTO_NO_TEXT": "photo_no_text",
    "PHOTO_OCR_DOWN": "photo_ocr_down",
    "PHOTO_TYPE_INSTEAD": "photo_type_instead",
    "PHOTO_KEPT_WITH_RETURN": "photo_kept_with_return",
    "PHOTO_DENIED": "photo_denied",
    "PHOTO_NOTHING_PENDING": "photo_nothing_pending",
    "ASK_REFUND_PHOTO": "ask_refund_photo",
    "REFUND_PHOTO_STILL_NEEDED": "refund_photo_still_needed",
}
ASK_SLOTS = (
    "remedy", "customer_name", "email", "street", "city", "postcode", "country", "lookup_ticket_id", "lookup_email"
)


def __getattr__(name: str) -> Any:
    if name in _FORMER_NAMES:
        return text("en", _FORMER_NAMES[name])
    if name == "ASK_SLOT":
        return {slot: text("en", f"ask_{slot}") for slot in ASK_SLOTS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
