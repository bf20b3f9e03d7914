"""Label photos in the conversation: read the label, ask to confirm, carry on as if typed.

The channels store the photo and put ``{"photo": {"id", "content_type"}}`` (or
``{"photo": {"error"}}``) in the message's metadata (bot.photos.intake); the NLU component
makes such a message `label_photo` unless it reports a fire (data/rules.yml routes it here).
The reading's "Yes" button sends the values as typed ones (``/inform{"model_number": ...,
"date": ...}``), so the recall form, the verdict and the return run exactly as for typed
details; a typed yes sets the same slots and starts the same form.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, latest_intent, unit_details
from actions.texts import button, language, readable_date, say, text
from bot.photos.intake import RATE_LIMITED, UNAVAILABLE
from bot.photos.reading import confirm_reading, read_stored_photo
from bot.understanding.label_photo import Reason

RECALL_FORM = "recall_form"
RETURN_FORM = "return_form"


def latest_photo(tracker: Tracker) -> dict[str, Any] | None:
    """The latest message's ``metadata.photo`` (``{"id", "content_type"}`` or ``{"error"}``), if any."""
    metadata = tracker.latest_message.get("metadata")
    photo = metadata.get("photo") if isinstance(metadata, dict) else None
    return photo if isinstance(photo, dict) else None


def _leave_recall_form(tracker: Tracker) -> list[EventType]:
    if tracker.active_loop.get("name") == RECALL_FORM:
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
    return []


def _inform_payload(model_number: str, manufacture_date: str | None) -> str:
    entities = {"model_number": model_number}
    if manufacture_date:
        entities["date"] = manufacture_date
    return "/inform" + json.dumps(entities, separators=(", ", ": "))


def label_reading_question(lang: str, model_number: str, manufacture_date: str | None) -> str:
    """ "I can read A1263, made March 2018 — is that right?" """
    if manufacture_date:
        return text(lang, "label_reading", model_number=model_number, date=readable_date(lang, manufacture_date))
    return text(lang, "label_reading_no_date", model_number=model_number)


class ActionReadLabelPhoto(Action):
    """Reads the label on the photo just sent and asks whether the reading is right."""

    def name(self) -> str:
        return "action_read_label_photo"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        photo = latest_photo(tracker)
        in_return = tracker.active_loop.get("name") == RETURN_FORM
        if photo is None:  # "can I send you a photo?", typed
            if any(m.get("value") for m in unit_details(tracker).get("models", [])):
                return [*_leave_recall_form(tracker), FollowupAction(RECALL_FORM)]  # the details came too
            if not in_return:
                say(dispatcher, tracker, "photo_please_send")
            return _leave_recall_form(tracker)
        error = photo.get("error")
        if error or not isinstance(photo.get("id"), str):
            say(dispatcher, tracker, {RATE_LIMITED: "photo_too_many", UNAVAILABLE: "photo_not_kept"}.get(str(error), "photo_cant_open"))
            return [] if in_return else _leave_recall_form(tracker)
        if in_return:
            say(dispatcher, tracker, "photo_kept_with_return")
            return []
        # About a second of OCR: in a worker thread, so the action server keeps serving.
        reading = await asyncio.to_thread(
            read_stored_photo, public_id=photo["id"], conversation_id=tracker.sender_id
        )
        events = [*_leave_recall_form(tracker), SlotSet("label_reading", None)]
        lang = language(tracker)
        if reading is None:
            say(dispatcher, tracker, "photo_not_kept")
            return events
        if reading.model_number:
            yes = button(lang, "button_yes", _inform_payload(reading.model_number, reading.manufacture_date))
            dispatcher.utter_message(
                text=label_reading_question(lang, reading.model_number, reading.manufacture_date),
                buttons=[yes, button(lang, "button_no", "/deny")],
            )
            pending = {
                "photo_id": photo["id"],
                "model_number": reading.model_number,
                "manufacture_date": reading.manufacture_date,
            }
            # A return offered for an earlier unit is not what a "yes" now answers.
            return [*events, SlotSet("label_reading", pending), SlotSet("return_offered", False)]
        if reading.candidates:
            choices = [(m, _inform_payload(m, reading.manufacture_date)) for m in reading.candidates]
            say(dispatcher, tracker, "label_candidates", buttons=[*buttons(choices), button(lang, "button_none_of_these", "/deny")])
            pending = {"photo_id": photo["id"], "model_number": None, "manufacture_date": reading.manufacture_date}
            return [*events, SlotSet("label_reading", pending), SlotSet("return_offered", False)]
        if reading.reason == Reason.OCR_UNAVAILABLE:
            dispatcher.utter_message(text=f"{text(lang, 'photo_ocr_down')} {text(lang, 'photo_type_instead')}")
        elif reading.reason in (Reason.NOT_AN_IMAGE, Reason.UNSUPPORTED_TYPE, Reason.TOO_LARGE, Reason.DAMAGED):
            say(dispatcher, tracker, "photo_cant_open")
            return events
        else:
            lead = text(lang, "photo_no_text" if reading.reason == Reason.NO_LABEL_TEXT else "photo_unreadable")
            dispatcher.utter_message(text=f"{lead} {text(lang, 'photo_what_to_photograph')}")
        # Then the typed questions, as today.
        return [*events, FollowupAction(RECALL_FORM)]


class ActionConfirmLabelReading(Action):
    """A typed yes or no to "I can read A1263, made March 2018 — is that right?"."""

    def name(self) -> str:
        return "action_confirm_label_reading"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = tracker.get_slot("label_reading")
        events: list[EventType] = [SlotSet("label_reading", None)]
        if not isinstance(pending, dict):
            say(dispatcher, tracker, "photo_nothing_pending")
            return events
        yes = latest_intent(tracker) == "affirm" and bool(pending.get("model_number"))
        if pending.get("photo_id"):
            await asyncio.to_thread(confirm_reading, public_id=pending["photo_id"], confirmed=yes)
        if not yes:
            say(dispatcher, tracker, "photo_denied")
            return events
        # The same slots a typed "A1263, made March 2018" fills; the recall form that
        # follows (data/rules.yml) validates them as typed values.
        events.append(SlotSet("model_number", pending["model_number"]))
        if pending.get("manufacture_date"):
            events.append(SlotSet("manufacture_date", pending["manufacture_date"]))
        return events
