"""\"Where is my refund?\": the ticket's status, told only when id and email both match."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import texts
from actions.common import database_unavailable, reset
from bot.core.db import session_scope
from bot.recall import contact_checks as details
from bot.recall.tickets import lookup_status, status_sentence
from bot.understanding.case_entities import clean_ticket_id


class ValidateTicketStatusForm(FormValidationAction):
    def name(self) -> str:
        return "validate_ticket_status_form"

    def validate_lookup_ticket_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        ticket_id = clean_ticket_id(value)
        if ticket_id is None:
            dispatcher.utter_message(text="A ticket number looks like RT-000123. Could you check it?")
        return {"lookup_ticket_id": ticket_id}

    def validate_lookup_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            return {"lookup_email": details.clean_email(value)}
        except details.DetailError as error:
            dispatcher.utter_message(text=str(error))
            return {"lookup_email": None}


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ticket_id = tracker.get_slot("lookup_ticket_id")
        try:
            with session_scope() as session:
                ticket = lookup_status(
                    session=session, public_id=ticket_id, email=tracker.get_slot("lookup_email") or ""
                )
                answer = status_sentence(ticket) if ticket else None
        except SQLAlchemyError as error:
            database_unavailable(error)
            dispatcher.utter_message(text=texts.SOMETHING_WENT_WRONG)
            return reset("lookup_ticket_id", "lookup_email")
        if answer is None:
            dispatcher.utter_message(
                text=f"I couldn't find ticket {ticket_id} with that email address. Please check "
                "both against your confirmation email, or ask for a person."
            )
        else:
            dispatcher.utter_message(text=f"Ticket {ticket_id}: {answer}")
        return reset("lookup_ticket_id", "lookup_email")
