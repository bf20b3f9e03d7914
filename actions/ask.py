"""The questions the return and ticket-status forms ask, one small action per slot."""

from __future__ import annotations

import abc

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.texts import button, language, say


class _AskSlot(Action, abc.ABC):
    """Asks for `slot`; subclasses name the slot (abstract, so never registered)."""

    @property
    @abc.abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        say(dispatcher, tracker, f"ask_{self.slot}")
        return []


class ActionAskRemedy(_AskSlot):
    slot = "remedy"  # type: ignore[assignment]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        say(
            dispatcher,
            tracker,
            "ask_remedy",
            buttons=[
                button(lang, "remedy_title_refund", '/inform{"remedy": "refund"}'),
                button(lang, "remedy_title_replacement", '/inform{"remedy": "replacement"}'),
            ],
        )
        return []


class ActionAskCustomerName(_AskSlot):
    slot = "customer_name"  # type: ignore[assignment]


class ActionAskEmail(_AskSlot):
    slot = "email"  # type: ignore[assignment]


class ActionAskStreet(_AskSlot):
    """A replacement's delivery address; for a refund, the address the return label is sent from, or skip."""

    slot = "street"  # type: ignore[assignment]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("remedy") != "refund":
            return await super().run(dispatcher, tracker, domain)
        # The payload is a typed answer that bot.understanding.declines reads in every language.
        skip = button(language(tracker), "button_skip_address", "skip")
        say(dispatcher, tracker, "ask_street_refund", buttons=[skip])
        return []


class ActionAskCity(_AskSlot):
    slot = "city"  # type: ignore[assignment]


class ActionAskPostcode(_AskSlot):
    slot = "postcode"  # type: ignore[assignment]


class ActionAskCountry(_AskSlot):
    slot = "country"  # type: ignore[assignment]


class ActionAskLookupTicketId(_AskSlot):
    slot = "lookup_ticket_id"  # type: ignore[assignment]


class ActionAskLookupEmail(_AskSlot):
    slot = "lookup_email"  # type: ignore[assignment]
