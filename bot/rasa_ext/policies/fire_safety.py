"""A policy that puts fire reports before everything else, forms included.

A message recognised as a fire report (the `report_fire` intent, which the NLU
safety net forces when it matches) gets the safety instructions, a domain
response that needs no action server, then `action_escalate_fire`, which records
the urgent handoff. The conversation is paused by this policy itself, so the bot
stops answering on its own even when the action server or database is down; the
console's reconciler records any handoff that could not be written at the time.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    ConversationPaused,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core.rasa_events import FIRE_INTENT
from bot.recall.addresses import ADDRESS_PARTS

SAFETY_RESPONSE = "utter_fire_safety"
ESCALATE_ACTION = "action_escalate_fire"
NOT_YET_ANSWERED = {ACTION_LISTEN_NAME, "action_extract_slots"}


def is_fire_report(message: UserUttered) -> bool:
    """Whether a user message is a fire report (either signal counts)."""
    return (message.intent or {}).get("name") == FIRE_INTENT or bool(
        message.parse_data.get("fire_signal")  # type: ignore[union-attr]
    )


# Questions whose answer may hold a fire word as a name ("Hannah Sparks", "Flame Street").
DETAIL_SLOTS = frozenset({"customer_name", "email", *ADDRESS_PARTS})


def answers_a_detail_question(tracker: DialogueStateTracker, message: UserUttered) -> bool:
    """A reply to a name/address question whose fire word is plainly part of the answer, or a
    correction at the read-back or a date for the date question in which the safety net found
    no fire word at all ("hang on, it's apartment 14, not 12", "4th of May. I'm British, we put
    the day first": the classifier alone once heard both as fires)."""
    from bot.understanding.form_answers import find_correction, reads_as_detail

    slot = tracker.get_slot(REQUESTED_SLOT)
    if not tracker.active_loop_name:
        return False
    signal = message.parse_data.get("fire_signal") or {}  # type: ignore[union-attr]
    if slot == "details_confirmed":
        return not signal and find_correction(message.text or "") is not None
    if slot == "manufacture_date":
        # "4th of May. I'm British, we put the day first": a date, which the classifier alone heard as a fire
        entities = message.parse_data.get("entities") or []  # type: ignore[union-attr]
        return not signal and any(e.get("entity") == "date" for e in entities)
    if slot not in DETAIL_SLOTS:
        return False
    return reads_as_detail(slot, message.text or "", signal.get("matched") if isinstance(signal, dict) else None)


def next_fire_step(tracker: DialogueStateTracker) -> str | None:
    """The fire-escalation action due now, or None when no fire report is pending."""
    actions_since_user: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if not is_fire_report(event) or answers_a_detail_question(tracker, event):
                return None
            break
        if isinstance(event, ActionExecuted) and event.action_name:
            actions_since_user.append(event.action_name)
    else:
        return None
    done = [a for a in reversed(actions_since_user) if a not in NOT_YET_ANSWERED]
    if not done:
        return SAFETY_RESPONSE
    if done == [SAFETY_RESPONSE]:
        return ESCALATE_ACTION
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class FireSafetyPolicy(Policy):
    """Answers fire reports first and pauses the conversation for a human."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        step = next_fire_step(tracker)
        probabilities = self._default_predictions(domain)
        if step is None or step not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(step)] = 1.0
        if step == SAFETY_RESPONSE:
            events = [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] if tracker.active_loop_name else []
        else:
            events = [ConversationPaused()]
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FireSafetyPolicy:
        return cls(config, model_storage, resource, execution_context)
