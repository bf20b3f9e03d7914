"""Handoffs to a person: fire escalation, requests for a human, repeated fallbacks."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import channel, database_unavailable, fire_signal, origin
from actions.texts import button, language, say
from bot.core.db import session_scope
from bot.escalation.escalate import alert_unrecorded, escalate
from bot.escalation.handoffs import HandoffRequest, Reason, UnitContext
from bot.i18n.detect import requested_language
from bot.photos.records import attach_to_handoff


def record_handoff(tracker: Tracker, reason: Reason) -> bool:
    """Open (or upgrade) the conversation's handoff, alerting within the flood caps.

    Returns:
        False when the database is down.
    """
    signal = fire_signal(tracker) if reason is Reason.FIRE else {}
    request = HandoffRequest(
        conversation_id=tracker.sender_id,
        reason=reason,
        channel=channel(tracker),
        unit=UnitContext(
            model_number=tracker.get_slot("model_number"),
            manufacture_date=tracker.get_slot("manufacture_date"),
            recall_status=tracker.get_slot("recall_status"),
        ),
        customer_message=tracker.latest_message.get("text"),
        injury=bool(signal.get("injury")),
        damage=bool(signal.get("damage")),
        origin=origin(tracker),
    )
    try:
        with session_scope() as session:
            escalation = escalate(session, request)
            # A photo sent with the report (or before it) goes to the agent with it.
            attach_to_handoff(session=session, conversation_id=tracker.sender_id, handoff_id=escalation.handoff.id)
    except SQLAlchemyError as error:
        database_unavailable(error)
        if reason is Reason.FIRE:
            # Nobody may hear of this fire otherwise: while the database is down, Rasa
            # keeps the conversation in memory only, so the reconciler never sees it.
            alert_unrecorded(request)
        return False
    return True


class ActionEscalateFire(Action):
    """Records the urgent fire handoff; the safety answer was already given."""

    def name(self) -> str:
        return "action_escalate_fire"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # When the database is down the console's reconciler records it later.
        record_handoff(tracker, Reason.FIRE)
        return [ConversationPaused()]


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return hand_over(dispatcher, tracker, Reason.HUMAN_REQUEST)


def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: Reason) -> list[EventType]:
    if not record_handoff(tracker, reason):
        say(dispatcher, tracker, "something_went_wrong")
        return []
    say(dispatcher, tracker, "handoff_human")
    return [ConversationPaused()]


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the latest user messages in a row fell below the confidence threshold."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != "nlu_fallback":
            break
        count += 1
    return count


def _remedy_chosen(tracker: Tracker) -> str | None:
    """A refund or replacement named in answer to the offered return, however it was put."""
    from actions.returns import is_eligible
    from bot.understanding.form_answers import read_remedy

    if tracker.active_loop_name or not tracker.get_slot("return_offered") or not is_eligible(tracker):
        return None
    return read_remedy(str(tracker.latest_message.get("text") or ""))


def _names_a_unit(tracker: Tracker) -> bool:
    models = (tracker.latest_message.get("unit_details") or {}).get("models") or []
    return any(m.get("value") or m.get("candidates") for m in models)


class ActionHandleFallback(Action):
    """First ask to rephrase, then offer a person, then bring one in."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        remedy = _remedy_chosen(tracker)
        if remedy:  # "Yeah, to be safe I'll take a replacement" after the offer
            return [SlotSet("remedy", remedy), SlotSet("return_eligible", True), FollowupAction("return_form")]
        if not tracker.active_loop_name and _names_a_unit(tracker):
            # "...my grandson gave me one of those magnetic yokes, it's the 633 one": about a unit
            return [FollowupAction("recall_form")]
        if not tracker.active_loop_name and requested_language(str(tracker.latest_message.get("text") or "")):
            # "I'd like to check the recall... ach, kann ich auch auf Deutsch schreiben?": the
            # language is switched (the NLU set the slot); say so and ask what they need in it.
            dispatcher.utter_message(response="utter_language_changed")
            dispatcher.utter_message(response="utter_what_next")
            return []
        misses = consecutive_fallbacks(tracker)
        if misses <= 1:
            say(dispatcher, tracker, "please_rephrase")
            return []
        if misses == 2:
            lang = language(tracker)
            choices = [button(lang, "button_talk_to_person", "/request_human"), button(lang, "button_try_again", "/check_recall")]
            say(dispatcher, tracker, "offer_human", buttons=choices)
            return []
        return hand_over(dispatcher, tracker, Reason.FALLBACK)
