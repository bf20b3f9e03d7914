"""Returns: who may have one, the form that collects the details, the ticket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import texts
from actions.common import buttons, channel, database_unavailable, reset
from actions.recall import run_check
from actions.wording import made_when
from bot import customer_details as details
from bot.db import session_scope
from bot.mailer import next_steps, send_confirmation
from bot.recalls import Verdict
from bot.settings import get_settings
from bot.tickets import Remedy, ReturnRequest, TicketError, open_ticket

ADDRESS_SLOTS = ["street", "city", "postcode", "country"]
DETAIL_SLOTS = ["customer_name", "email", *ADDRESS_SLOTS]
MAX_FAILURES = 3


def is_eligible(tracker: Tracker) -> bool:
    """An affected unit, or a recalled one whose date the customer cannot find."""
    status = tracker.get_slot("recall_status")
    return status == Verdict.AFFECTED.value or (
        status == Verdict.NEEDS_DATE.value and bool(tracker.get_slot("date_unknown"))
    )


class ActionCheckReturnEligibility(Action):
    def name(self) -> str:
        return "action_check_return_eligibility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        eligible = is_eligible(tracker)
        if not eligible:
            dispatcher.utter_message(text=texts.RETURN_NOT_POSSIBLE)
        return [SlotSet("return_eligible", eligible)]


class ValidateReturnForm(FormValidationAction):
    """Checks each detail where it is given; asks for an address only for a replacement."""

    def name(self) -> str:
        return "validate_return_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        address = ADDRESS_SLOTS if tracker.get_slot("remedy") == Remedy.REPLACEMENT.value else []
        return ["remedy", "customer_name", "email", *address, "details_confirmed"]

    def _check(
        self,
        slot: str,
        value: Any,
        clean: Callable[[object], str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        try:
            return {slot: clean(value)}
        except details.DetailError as error:
            failures = int(tracker.get_slot("return_failures") or 0) + 1
            dispatcher.utter_message(text=str(error))
            if failures >= MAX_FAILURES:
                dispatcher.utter_message(
                    text="I need your name, an email address with its domain (like "
                    "jane@example.com) and, for a replacement, a full postal address with "
                    "postcode. If this isn't working, a person from our team can take over.",
                    buttons=buttons([("Talk to a person", "/request_human")]),
                )
            return {slot: None, "return_failures": failures}

    def validate_remedy(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        remedy = str(value).lower()
        if remedy not in {r.value for r in Remedy}:
            dispatcher.utter_message(text="We can offer a refund or a replacement.")
            return {"remedy": None}
        changed = tracker.get_slot("details_confirmed") is not None or tracker.get_slot("requested_slot") == "details_confirmed"
        return {"remedy": remedy, "details_confirmed": None} if changed else {"remedy": remedy}

    def validate_customer_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("customer_name", value, details.clean_name, dispatcher, tracker)

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("email", value, details.clean_email, dispatcher, tracker)

    def validate_street(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("street", value, details.clean_street, dispatcher, tracker)

    def validate_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("city", value, details.clean_city, dispatcher, tracker)

    def validate_postcode(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("postcode", value, details.clean_postcode, dispatcher, tracker)

    def validate_country(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("country", value, details.clean_country, dispatcher, tracker)

    def validate_details_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value is True:
            return {"details_confirmed": True}
        dispatcher.utter_message(text="No problem, let's go through your details again.")
        return {"details_confirmed": None, **{slot: None for slot in DETAIL_SLOTS}}


class ActionAskDetailsConfirmed(Action):
    """Reads the details back before anything is opened."""

    def name(self) -> str:
        return "action_ask_details_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = tracker.get_slot
        lines = [
            f"Here's what I have: a {slot('remedy')} for your {slot('model_number')}"
            + (f" made {made_when(slot('manufacture_date'))}." if slot("manufacture_date") else "."),
            f"Name: {slot('customer_name')}",
            f"Email: {slot('email')}",
        ]
        if slot("remedy") == Remedy.REPLACEMENT.value:
            lines.append(
                f"Address: {slot('street')}, {slot('postcode')} {slot('city')}, {slot('country')}"
            )
        lines.append("Shall I open the return? You can also say \"refund instead\" or \"replacement instead\".")
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=buttons([("Yes, open it", "/affirm"), ("No, change something", "/deny")]),
        )
        return []


class ActionOpenTicket(Action):
    """Opens the ticket (once per unit and conversation) and says what happens next."""

    def name(self) -> str:
        return "action_open_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = tracker.get_slot
        if not slot("details_confirmed"):
            dispatcher.utter_message(response="utter_cancelled")
            return reset("details_confirmed")
        replacement = slot("remedy") == Remedy.REPLACEMENT.value
        request = ReturnRequest(
            conversation_id=tracker.sender_id,
            channel=channel(tracker),
            model_number=slot("model_number"),
            manufacture_date=slot("manufacture_date"),
            verdict=slot("recall_status") or run_check(tracker).verdict.value,
            remedy=Remedy(slot("remedy")),
            customer_name=slot("customer_name"),
            email=slot("email"),
            street=slot("street") if replacement else None,
            city=slot("city") if replacement else None,
            postcode=slot("postcode") if replacement else None,
            country=slot("country") if replacement else None,
        )
        try:
            with session_scope() as session:
                ticket, created = open_ticket(session=session, request=request)
                if created:
                    send_confirmation(ticket, get_settings().smtp_url)
                public_id, steps = ticket.public_id, next_steps(ticket)
                emailed = ticket.email_status in ("sent", "failed")  # failed ones are retried
        except (SQLAlchemyError, TicketError) as error:
            database_unavailable(error)
            dispatcher.utter_message(
                text="Sorry, I couldn't open the return just now; nothing was lost. "
                "Please say \"yes\" again in a moment, or ask for a person."
            )
            return []
        already = "" if created else " (it was already open, so nothing new was created)"
        dispatcher.utter_message(
            text=f"Your return is open: ticket {public_id}{already}. {steps} "
            + (f"A confirmation email is on its way to {slot('email')}. " if emailed else "")
            + "To ask about it later, say "
            f"\"status of {public_id}\"."
        )
        return [
            SlotSet("ticket_id", public_id),
            SlotSet("return_offered", False),
            SlotSet("details_confirmed", None),
            SlotSet("return_failures", 0),
        ]
