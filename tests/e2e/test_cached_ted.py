"""CachedTEDPolicy: in real conversations (trained model, real action server), every
prediction it answers from memory is the one TED computes, and it does answer from memory."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.agent import load_agent
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig

from bot.ops.model_build import ensure_model
from bot.rasa_ext.policies.cached_ted import CachedTEDPolicy
from tests.bench.load import CONVERSATIONS
from tests.stack import RunningStack


def test_remembered_predictions_are_teds_own(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    predict = CachedTEDPolicy.predict_action_probabilities

    def recording(self: CachedTEDPolicy, tracker: Any, domain: Any, **kwargs: Any) -> Any:
        remembered_before = self.remembered
        prediction = predict(self, tracker, domain, **kwargs)
        calls.append(
            {"policy": self, "tracker": tracker.copy(), "domain": domain, "kwargs": kwargs,
             "probabilities": list(prediction.probabilities), "remembered": self.remembered > remembered_before}
        )
        return prediction

    monkeypatch.setattr(CachedTEDPolicy, "predict_action_probabilities", recording)  # before the graph loads it

    async def converse() -> None:
        model, _ = ensure_model()
        endpoints = AvailableEndpoints(action=EndpointConfig(url=f"{stack.action_url}/webhook"))
        agent = await load_agent(model_path=str(model), endpoints=endpoints)
        for round_ in range(2):  # the same conversations twice, by other customers
            for number, script in enumerate(CONVERSATIONS):
                for text in script:
                    await agent.handle_text(text, sender_id=f"ted-cache-{round_}-{number}")

    asyncio.run(converse())

    assert calls and all(isinstance(call["policy"], CachedTEDPolicy) for call in calls)
    second_round = calls[len(calls) // 2 :]
    assert any(call["remembered"] for call in second_round), "nothing was answered from memory"
    for call in calls:
        computed = TEDPolicy.predict_action_probabilities(call["policy"], call["tracker"], call["domain"], **call["kwargs"])
        assert call["probabilities"] == pytest.approx(computed.probabilities, abs=1e-6)
