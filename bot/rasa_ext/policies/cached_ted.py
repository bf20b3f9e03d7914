"""Rasa's TEDPolicy with its predictions memoised on their exact input.

TED runs for every action Rasa predicts (three or four times a turn with forms),
and was the largest part of the Rasa server's CPU left under load (py-spy,
docs/DEPLOYMENT.md, Performance). Its prediction is a pure function of the last
`max_history` dialogue states (intents, entity names, slot features, active form,
previous action): the model is fixed once loaded and runs without dropout. So the
prediction for states already seen is looked up instead of recomputed: the same
probabilities, bit for bit, for any conversation. Conversations of a recall walk
the same few paths: over the 24 conversation tests, 121 predictions have only 83
distinct inputs, and later customers find nearly all of theirs.

Only predictions made from intents are kept: a TED trained on end-to-end stories
would read the message text, and is left to compute every time.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from rasa.core.featurizers.precomputation import MessageContainerForCoreFeaturization
from rasa.core.policies.policy import PolicyPrediction, SupportedData
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

CACHE_SIZE = 4096


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT], is_trainable=True
)
class CachedTEDPolicy(TEDPolicy):
    """`TEDPolicy` that remembers its last CACHE_SIZE predictions by dialogue states."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: OrderedDict[str, PolicyPrediction] = OrderedDict()
        self.remembered = self.computed = 0  # predictions answered each way (for benchmarks)

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        precomputations: MessageContainerForCoreFeaturization | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        key = self._states_key(tracker, domain, rule_only_data)
        known = self._known.get(key) if key is not None else None
        if known is not None:
            self._known.move_to_end(key)
            self.remembered += 1
            return _copy(known)
        self.computed += 1
        prediction = super().predict_action_probabilities(
            tracker, domain, rule_only_data=rule_only_data, precomputations=precomputations, **kwargs
        )
        if key is not None and not prediction.events and not prediction.optional_events:
            self._known[key] = _copy(prediction)
            if len(self._known) > CACHE_SIZE:
                self._known.popitem(last=False)
        return prediction

    def _states_key(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None
    ) -> str | None:
        """The model's whole input, as text; None when the prediction would read message text."""
        if self.model is None or self.only_e2e or TEXT in self.fake_features:
            return None
        ml_only = self.supported_data() == SupportedData.ML_DATA
        states = self.featurizer.prediction_states(
            [tracker],
            domain,
            use_text_for_last_user_input=False,
            ignore_rule_only_turns=ml_only,
            rule_only_data=rule_only_data,
            ignore_action_unlikely_intent=ml_only,
        )
        return json.dumps(states, sort_keys=True)


def _copy(prediction: PolicyPrediction) -> PolicyPrediction:
    """A prediction the ensemble may change (it zeroes rejected actions in place)."""
    return PolicyPrediction(
        list(prediction.probabilities),
        prediction.policy_name,
        prediction.policy_priority,
        is_end_to_end_prediction=prediction.is_end_to_end_prediction,
        is_no_user_prediction=prediction.is_no_user_prediction,
        diagnostic_data=prediction.diagnostic_data,
        hide_rule_turn=prediction.hide_rule_turn,
        action_metadata=prediction.action_metadata,
    )
