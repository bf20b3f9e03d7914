"""\"Where is my refund?\": the ticket's status, told only when id and email both match."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import database_unavailable, reset
from actions.texts import detail_error, language, remedy, say, text
from bot.core.db import session_scope
from bot.recall import contact_checks as details
from bot.recall.tickets import lookup_status
from bot.understanding.case_entities import clean_ticket_id


class ValidateTicketStatusForm(FormValidationAction):
    def name(self) -> str:
        return "validate_ticket_status_form"

    def validate_lookup_ticket_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        ticket_id = clean_ticket_id(value)
        if ticket_id is None:
            say(dispatcher, tracker, "ticket_id_invalid")
        return {"lookup_ticket_id": ticket_id}

    def validate_lookup_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            return {"lookup_email": details.clean_email(value)}
        except details.DetailError as error:
            dispatcher.utter_message(text=detail_error(language(tracker), error))
            return {"lookup_email": None}


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ticket_id = tracker.get_slot("lookup_ticket_id")
        lang = language(tracker)
        try:
            with session_scope() as session:
                ticket = lookup_status(
                    session=session, public_id=ticket_id, email=tracker.get_slot("lookup_email") or ""
                )
                answer = status_sentence(lang, ticket.status, ticket.remedy) if ticket else None
        except SQLAlchemyError as error:
            database_unavailable(error)
            say(dispatcher, tracker, "something_went_wrong")
            return reset("lookup_ticket_id", "lookup_email")
        if answer is None:
            say(dispatcher, tracker, "ticket_not_found", ticket_id=ticket_id)
        else:
            say(dispatcher, tracker, "ticket_status", ticket_id=ticket_id, status=answer)
        return reset("lookup_ticket_id", "lookup_email")


def status_sentence(lang: str, status: str, remedy_value: str) -> str:
    """What a ticket's status means for the customer (bot.recall.tickets.TicketStatus)."""
    return text(lang, f"status_{status}", your_remedy=remedy(lang, remedy_value, "your"))
