"""The recall check: the form that collects the unit, and the verdict."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import (
    asked_for_a_return,
    buttons,
    database_unavailable,
    likely_intent,
    previous_slot_value,
    unit_details,
)
from actions.texts import (
    all_of,
    button,
    either,
    hazard,
    language,
    readable_date,
    readable_windows,
    remedies,
    say,
    text,
    when,
)
from bot.core.db import session_scope
from bot.recall.catalogue import DateRange, RecallCheck, Verdict, check_unit_from_slots, same_verdict
from bot.understanding.form_answers import asks_why_needed

DATE_SLOTS = ("manufacture_date", "manufacture_date_end", "purchase_date", "purchase_date_end")


def run_check(tracker: Tracker, *, model_number: str | None = None) -> RecallCheck:
    """The verdict for the unit described by the tracker's slots."""
    return check_unit_from_slots(tracker.slots, model_number=model_number)


def _range_end(tracker: Tracker, value: str) -> str | None:
    """For a season or year, the last month it covers (`YYYY-MM`)."""
    for date in unit_details(tracker).get("dates", []):
        if date.get("value") == value and date.get("precision") in ("season", "year"):
            return (date.get("range_end") or "")[:7] or None
    return None


def _date_problem(tracker: Tracker) -> str | None:
    """An issue code for a date in the latest message that can't be used as it is."""
    for date in unit_details(tracker).get("dates", []):
        if date.get("role") == "incident":
            continue
        if date.get("problem") == "ambiguous":
            return "date_ambiguous:" + "|".join(date.get("alternatives") or [])
        if date.get("problem") == "impossible":
            return "date_impossible"
    return None


def _other_reading(tracker: Tracker, value: str) -> list[str]:
    """Both readings of a slashed date read day first in the latest message ("08/07/2023"), or []."""
    for date in unit_details(tracker).get("dates", []):
        if date.get("value") == value and not date.get("problem") and len(date.get("alternatives") or []) > 1:
            return list(date["alternatives"])
    return []


def _reading_chosen(tracker: Tracker, value: str) -> str:
    """The reading the customer chose when asked "which one did you mean?" (``date_pending``
    holds both): "4th of May", read as this year's, is the 4 May of the date asked about."""
    pending = str(tracker.get_slot("date_pending") or "")
    if "|" not in pending or len(value) < 7:
        return value
    same = [r for r in pending.split("|") if r[5:7] == value[5:7] and (len(value) < 10 or r[8:10] == value[8:10])]
    return same[0] if len(same) == 1 else value


def _one_verdict_for(tracker: Tracker, readings: list[str]) -> bool | None:
    """Whether every reading of a date gives the unit the same verdict.

    None when it can't be told (no model yet, or the database is down): the callers
    then do what they did before (ask an ambiguous date back; take a year as it is).
    """
    model = tracker.get_slot("model_number")
    if not model:
        return None
    try:
        with session_scope() as session:
            ranges = [DateRange.from_iso(r) for r in readings]
            return same_verdict(session, model_number=model, readings=ranges) is not None
    except SQLAlchemyError as error:
        database_unavailable(error)
        return None


def _month_decides(tracker: Tracker, year: str) -> bool:
    """Whether the verdict differs between months of that year (a window starts or ends in it)."""
    return _one_verdict_for(tracker, [f"{year}-{m:02d}" for m in range(1, 13)]) is False


def _reading_does_not_matter(tracker: Tracker, readings: list[str]) -> bool:
    """Whether every reading of an ambiguous date gives the unit the same verdict."""
    return len(readings) > 1 and _one_verdict_for(tracker, readings) is True


def _answer_intent(tracker: Tracker) -> str | None:
    """The intent of a reply to the form's question: a "no" to "When was it made?" or "What is the
    model number?" ("Dunno, where would that be?", "nope, can't see one") says the customer can't tell."""
    intent = likely_intent(tracker)
    if intent == "deny" and tracker.get_slot("requested_slot") in ("manufacture_date", "model_number"):
        return "dont_know"
    return intent


class ValidateRecallForm(FormValidationAction):
    """Checks the model number and dates, and asks only for what the verdict needs."""

    def name(self) -> str:
        return "validate_recall_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if not tracker.get_slot("model_number"):
            return ["model_number", "manufacture_date"]
        if tracker.get_slot("date_unknown") or tracker.get_slot("manufacture_date"):
            return ["model_number"] + (["manufacture_date"] if not tracker.get_slot("date_unknown") else [])
        try:
            verdict = run_check(tracker).verdict
        except SQLAlchemyError as error:
            database_unavailable(error)
            return ["model_number", "manufacture_date"]
        return ["model_number"] + (["manufacture_date"] if verdict is Verdict.NEEDS_DATE else [])

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Rasa SDK validates only required slots; the purchase date and what the
        questions need to know (`unit_issue`, `date_unknown`) are handled first."""
        found: dict[str, Any] = {}
        for extract in (self.extract_unit_issue, self.extract_date_unknown):
            found.update(await extract(dispatcher, tracker, domain))
        purchase = next(
            (
                e.get("value")
                for e in tracker.latest_message.get("entities", [])
                if e.get("entity") == "date" and e.get("role") == "purchase"
            ),
            None,
        )
        if purchase:
            found.update(self.validate_purchase_date(purchase, dispatcher, tracker, domain))
        year = self._year_answer(tracker)
        if year:
            found["manufacture_date"] = year
        found.update(self._month_answer(tracker))
        extra = [SlotSet(slot, value) for slot, value in found.items()]
        tracker.add_slots(extra)
        return extra + await super().run(dispatcher, tracker, domain)

    @staticmethod
    def _month_answer(tracker: Tracker) -> dict[str, Any]:
        """The answer to "which month of 2019?": the month, or the year as it is if they can't tell."""
        from bot.understanding.dates import month_named

        pending = tracker.get_slot("date_pending")
        if not pending or "|" in pending or tracker.get_slot("requested_slot") != "manufacture_date" or unit_details(tracker).get("dates"):
            return {}
        month = month_named(str(tracker.latest_message.get("text") or ""))
        if month:
            return {"manufacture_date": f"{pending[:4]}-{month:02d}", "date_pending": None, "unit_issue": None}
        if _answer_intent(tracker) == "dont_know":
            # the year as it is (overlapping the window: recalled, to be safe)
            return {"manufacture_date": pending[:4], "date_pending": f"{pending[:4]}?", "unit_issue": None}
        return {}

    @staticmethod
    def _year_answer(tracker: Tracker) -> str | None:
        """ "it just says 2018" in answer to the date question: the year, as a year."""
        from bot.understanding.model_numbers import find_bare_year

        if tracker.get_slot("requested_slot") != "manufacture_date" or unit_details(tracker).get("dates"):
            return None
        text = str(tracker.latest_message.get("text") or "")
        return None if text.startswith("/") else find_bare_year(text)

    async def extract_unit_issue(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        intent = _answer_intent(tracker)
        problem = _date_problem(tracker)
        if problem and problem.startswith("date_ambiguous:"):
            readings = problem.split(":", 1)[1].split("|")
            if _reading_does_not_matter(tracker, readings):
                return {"manufacture_date": readings[0]}  # either reading, the same verdict: no question
            return {"unit_issue": problem, "date_pending": "|".join(readings)}  # the answer picks one
        if problem:
            return {"unit_issue": problem}
        models = unit_details(tracker).get("models", [])
        ambiguous = [m for m in models if not m.get("value") and m.get("candidates")]
        if ambiguous and not tracker.get_slot("model_number"):
            return {"unit_issue": "model_ambiguous:" + "|".join(ambiguous[0]["candidates"])}
        if requested == "manufacture_date" and asks_why_needed(str(tracker.latest_message.get("text") or "")):
            return {"unit_issue": "date_why"}  # "why does the date matter? it's the same model"
        if requested == "manufacture_date" and intent in ("dont_know", "ask_where_date"):
            if intent == "dont_know" and tracker.get_slot("date_help_given"):
                return {}
            return {"unit_issue": "date_where"}
        if requested == "model_number" and intent in ("dont_know", "ask_where_model_number"):
            return {"unit_issue": "model_where"}
        return {}

    async def extract_date_unknown(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if (
            tracker.get_slot("requested_slot") == "manufacture_date"
            and _answer_intent(tracker) == "dont_know"
            and tracker.get_slot("date_help_given")
        ):
            return {"date_unknown": True}
        return {}

    def validate_model_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        from bot.understanding.model_numbers import normalise_model_number

        try:
            model = normalise_model_number(str(value))
        except ValueError:
            say(dispatcher, tracker, "not_a_model_number", value=str(value)[:40])
            return {"model_number": None}
        slots: dict[str, Any] = {"model_number": model, "other_units": other_units(tracker, model) or None}
        previous = previous_slot_value(tracker, "model_number")
        dated_now = any(
            d.get("value") and d.get("role") != "incident"
            for d in unit_details(tracker).get("dates", [])
        ) or any(e.get("entity") == "date" for e in tracker.latest_message.get("entities", []))  # a button's
        if previous and previous != model and tracker.get_slot("recall_status") and not dated_now:
            # A second unit after a verdict: the first unit's dates don't apply to it.
            slots.update({name: None for name in DATE_SLOTS})
            slots["date_unknown"] = None
        return slots

    def validate_manufacture_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = _reading_chosen(tracker, str(value))
        try:
            made = DateRange.from_iso(str(value))
        except ValueError:
            say(dispatcher, tracker, "date_impossible")
            return {"manufacture_date": None}
        if made.start > dt.date.today():
            say(dispatcher, tracker, "date_future")
            return {"manufacture_date": None}
        readings = _other_reading(tracker, str(value))
        if readings and _one_verdict_for(tracker, readings) is False:
            # "08/07/2023" from a Spanish writer is read 8 July, but 7 August gives another verdict: asked.
            return {"manufacture_date": None, "unit_issue": "date_ambiguous:" + "|".join(readings),
                    "date_pending": "|".join(readings)}
        year = str(value)
        if len(year) == 4 and tracker.get_slot("date_pending") != f"{year}?" and _month_decides(tracker, year):
            # "2019" and the window ends in October 2019: the month decides, so it is asked.
            return {"manufacture_date": None, "date_pending": year, "unit_issue": f"date_month:{year}"}
        return {
            "date_pending": None,
            "manufacture_date": str(value),
            "manufacture_date_end": _range_end(tracker, str(value)),
            "date_unknown": None,
        }

    def validate_purchase_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            bought = DateRange.from_iso(str(value))
        except ValueError:
            return {"purchase_date": None, "purchase_date_end": None}
        if bought.start > dt.date.today():
            say(dispatcher, tracker, "purchase_date_future")
            return {"purchase_date": None, "purchase_date_end": None}
        return {"purchase_date": str(value), "purchase_date_end": _range_end(tracker, str(value))}


class ActionAskModelNumber(Action):
    def name(self) -> str:
        return "action_ask_model_number"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        issue = tracker.get_slot("unit_issue") or ""
        if issue.startswith("model_ambiguous:"):
            from bot.understanding.model_numbers import load_product_names

            names = load_product_names()
            choices = [
                (f"{names.get(m, (m,))[0]} ({m})", f'/inform{{"model_number": "{m}"}}')
                for m in issue.split(":", 1)[1].split("|")
            ]
            say(dispatcher, tracker, "model_ambiguous", buttons=buttons(choices))
        elif issue == "model_where":
            dispatcher.utter_message(response="utter_where_model_number")
            say(
                dispatcher,
                tracker,
                "model_where_question",
                buttons=[button(language(tracker), "button_talk_to_person", "/request_human")],
            )
        else:
            say(dispatcher, tracker, "ask_model_number")
        return [SlotSet("unit_issue", None)] if issue else []


class ActionAskManufactureDate(Action):
    def name(self) -> str:
        return "action_ask_manufacture_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        issue = tracker.get_slot("unit_issue") or ""
        lang = language(tracker)
        events: list[EventType] = [SlotSet("unit_issue", None)] if issue else []
        if issue.startswith("date_ambiguous:"):
            options = issue.split(":", 1)[1].split("|")
            choices = [(readable_date(lang, o), f'/inform{{"date": "{o}"}}') for o in options]
            say(dispatcher, tracker, "date_ambiguous", buttons=buttons(choices))
        elif issue == "date_why":
            try:
                windows = readable_windows(lang, run_check(tracker).windows)
                lead = text(lang, "why_date", windows=windows) if windows else text(lang, "why_date_plain")
            except SQLAlchemyError as error:
                database_unavailable(error)
                lead = text(lang, "why_date_plain")
            dispatcher.utter_message(text=f"{lead} {text(lang, 'ask_manufacture_date')}")
        elif issue.startswith("date_month:"):
            year = issue.split(":", 1)[1]
            try:
                windows = readable_windows(lang, run_check(tracker).windows)
                lead = text(lang, "month_matters_windows", windows=windows)
            except SQLAlchemyError as error:
                database_unavailable(error)
                lead = text(lang, "month_matters")
            dispatcher.utter_message(text=f"{lead} {text(lang, 'which_month', year=year)}")
        elif issue == "date_impossible":
            say(dispatcher, tracker, "date_impossible")
        elif issue == "date_where":
            dispatcher.utter_message(response="utter_where_date")
            say(dispatcher, tracker, "date_where_question")
            events.append(SlotSet("date_help_given", True))
        elif tracker.get_slot("purchase_date") and not tracker.get_slot("manufacture_date"):
            say(dispatcher, tracker, "purchase_not_enough", when=when(lang, tracker.get_slot("purchase_date")))
            say(dispatcher, tracker, "ask_manufacture_date")
        else:
            say(dispatcher, tracker, "ask_manufacture_date")
        return events


class ActionCheckRecall(Action):
    """Tells the verdict and what it means, and offers the return where it applies."""

    def name(self) -> str:
        return "action_check_recall"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not tracker.get_slot("model_number"):
            say(dispatcher, tracker, "ask_model_number")
            return []
        try:
            check = run_check(tracker)
        except SQLAlchemyError as error:
            database_unavailable(error)
            say(dispatcher, tracker, "something_went_wrong")
            return []
        go_ahead = asked_for_a_return(tracker) or bool(tracker.get_slot("remedy"))
        offer = say_verdict(dispatcher, check, tracker, ask_remedy=not go_ahead)
        events: list[EventType] = [
            SlotSet("recall_status", check.verdict.value),
            SlotSet("return_offered", offer),
        ]
        if offer and go_ahead:  # they asked for it: straight to the return's details
            events += [SlotSet("return_eligible", True), FollowupAction("return_form")]
        return events


def say_verdict(
    dispatcher: CollectingDispatcher, check: RecallCheck, tracker: Tracker, *, ask_remedy: bool = True
) -> bool:
    """Utter the verdict; returns whether a return was offered.

    Args:
        ask_remedy: Ask "which would you prefer?"; False when the customer already asked
            for a return (the return form asks what it still needs).
    """
    lang = language(tracker)
    unit = unit_name(check.model_number, check.product_name)
    made = tracker.get_slot("manufacture_date")
    if check.verdict is Verdict.AFFECTED:
        say(dispatcher, tracker, "verdict_affected", unit=unit, when=when(lang, made), hazard=hazard(lang, check.hazard))
        say_other_units(dispatcher, tracker, now=False)  # before the question, which comes last
        _offer_return(dispatcher, tracker, check, "offer_affected", ask=ask_remedy)
        return True
    if check.verdict is Verdict.NEEDS_DATE:
        say(dispatcher, tracker, "verdict_needs_date", unit=unit, windows=readable_windows(lang, check.windows))
        say_other_units(dispatcher, tracker, now=False)  # before the question, which comes last
        _offer_return(dispatcher, tracker, check, "offer_needs_date", ask=ask_remedy)
        return True
    talk_to_person = button(lang, "button_talk_to_person", "/request_human")
    if check.verdict is Verdict.UNKNOWN_MODEL and _unknown_again(tracker, check.model_number):
        say(dispatcher, tracker, "verdict_unknown_again", model_number=check.model_number, buttons=[talk_to_person])
        say_other_units(dispatcher, tracker, now=True)
        return False
    if check.verdict is Verdict.UNKNOWN_MODEL:
        choices = buttons([(m, f'/inform{{"model_number": "{m}"}}') for m in check.closest_models])
        nearest = text(lang, "did_you_mean", models=either(lang, check.closest_models)) if check.closest_models else ""
        say(
            dispatcher,
            tracker,
            "verdict_unknown",
            model_number=check.model_number,
            did_you_mean=nearest,
            buttons=[*choices, talk_to_person],
        )
        say_other_units(dispatcher, tracker, now=True)
        return False
    if check.windows:
        windows = readable_windows(lang, check.windows)
        if made:
            say(dispatcher, tracker, "verdict_outside_made", unit=unit, when=when(lang, made), windows=windows)
        else:
            bought = when(lang, tracker.get_slot("purchase_date"))
            say(dispatcher, tracker, "verdict_outside_bought", unit=unit, when=bought, windows=windows)
    else:
        say(dispatcher, tracker, "verdict_not_part", unit=unit)
    _anything_else(dispatcher, tracker)
    return False


def _anything_else(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "Anything else?", or the other units the customer named, to check next."""
    if tracker.get_slot("other_units"):
        say_other_units(dispatcher, tracker, now=True)
    else:
        dispatcher.utter_message(response="utter_anything_else")


def other_units(tracker: Tracker, model: str) -> list[dict[str, str]]:
    """The other units the customer named, to check after `model` (the form checks one unit).

    "I have an A1263 from 2018 and an A1257 from 2023": the slot takes one, and the other
    waits here, with its own date when the message gave one per unit or one for both
    (:func:`bot.understanding.several_units.dated_units`), until it is checked (its button,
    or its number typed again) or the conversation ends. Each is the entities of its button:
    ``{"model_number": "A1257", "date": "2023"}``.
    """
    from bot.understanding.several_units import dated_units

    details = unit_details(tracker)
    named = [
        {"model_number": unit, **({"date": date} if date else {})}
        for unit, date in dated_units(
            details.get("models", []), details.get("dates", []), tracker.latest_message.get("text") or ""
        ).items()
    ]
    units: dict[str, dict[str, str]] = {}
    for unit in [*named, *(tracker.get_slot("other_units") or [])]:
        units.setdefault(unit["model_number"], unit)  # named now: with the date given now
    return [u for m, u in units.items() if m != model]


def say_other_units(dispatcher: CollectingDispatcher, tracker: Tracker, *, now: bool) -> None:
    """Reminds the customer of the other units they named: with a button each to check
    it `now`, or (a return is under way for this one) to send its number afterwards."""
    waiting = tracker.get_slot("other_units") or []
    if not waiting:
        return
    lang = language(tracker)
    models = all_of(lang, [u["model_number"] for u in waiting])
    if not now:
        say(dispatcher, tracker, "other_units_later", models=models)
        return
    from bot.understanding.model_numbers import load_product_names

    names = load_product_names()
    choices = [
        (unit_name(u["model_number"], names.get(u["model_number"], (None,))[0]), f"/inform{json.dumps(u)}")
        for u in waiting
    ]
    say(dispatcher, tracker, "other_units_now", models=models, buttons=buttons(choices))


def unit_name(model_number: str, product_name: str | None) -> str:
    """ "PowerCore 10000 (A1263)", or the model number alone."""
    return f"{product_name} ({model_number})" if product_name else model_number


def _unknown_again(tracker: Tracker, model_number: str) -> bool:
    """The customer gave the same unknown model again: don't repeat the list of guesses."""
    return (
        tracker.get_slot("recall_status") == Verdict.UNKNOWN_MODEL.value
        and previous_slot_value(tracker, "model_number") == model_number
    )


def _offer_return(
    dispatcher: CollectingDispatcher, tracker: Tracker, check: RecallCheck, key: str, *, ask: bool = True
) -> None:
    """The remedies on offer: as buttons to choose from, or (they asked for a return) straight on."""
    lang = language(tracker)
    if not ask:
        say(dispatcher, tracker, f"{key}_go_ahead", remedies=remedies(lang, check.remedies))
        return
    choices = [button(lang, f"remedy_title_{r}", f'/request_return{{"remedy": "{r}"}}') for r in check.remedies]
    say(dispatcher, tracker, key, remedies=remedies(lang, check.remedies), buttons=choices)
