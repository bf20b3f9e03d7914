"""The quick model load (bot/rasa_ext/patches.py) gives the model Rasa's own load gives.

The trained model is loaded twice in this process, once as Rasa loads it (a training
step first) and once the quick way; the two must parse every held-out message and
predict every conversation's next action identically.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.agent import load_agent
from rasa.core.channels.channel import UserMessage
from rasa.utils.tensorflow.models import RasaModel

from bot.ops.model_build import ensure_model
from bot.ops.nlu_eval import load_holdout
from bot.rasa_ext import patches
from tests.bench.load import CONVERSATIONS
from tests.unit.fire_phrases import FIRE_REPORTS

HOLDOUT = "tests/nlu_holdout.yml"


def _understood(model: str) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        agent = await load_agent(model_path=model)
        texts = [example.text for example in load_holdout(HOLDOUT)[:200]] + list(FIRE_REPORTS)[:50]
        parses = []
        for text in texts:
            parsed = await agent.parse_message(text)
            parses.append(
                (
                    text,
                    parsed["intent"]["name"],
                    round(parsed["intent"]["confidence"], 4),
                    [(e["entity"], e.get("value")) for e in parsed["entities"]],
                )
            )
        predictions = []
        for number, script in enumerate(CONVERSATIONS):
            for text in script:
                await agent.processor.log_message(UserMessage(text, sender_id=f"load-{number}"))
                predicted = await agent.predict_next_for_sender_id(f"load-{number}")
                predictions.append((text, predicted["policy"], [round(s["score"], 4) for s in predicted["scores"]]))
        return {"parses": parses, "predictions": predictions}

    return asyncio.run(run())


def test_the_quick_load_predicts_exactly_as_rasas_load(monkeypatch: pytest.MonkeyPatch) -> None:
    model = str(ensure_model()[0])
    patches.install()
    quick_load = RasaModel.__dict__["load"]
    monkeypatch.setattr(RasaModel, "load", patches.rasa_model_load())
    as_rasa_loads = _understood(model)
    monkeypatch.setattr(RasaModel, "load", quick_load)
    loaded_quickly = _understood(model)
    assert loaded_quickly["parses"] == as_rasa_loads["parses"]
    assert loaded_quickly["predictions"] == as_rasa_loads["predictions"]
    assert {intent for _, intent, _, _ in as_rasa_loads["parses"]} >= {"report_fire", "greet"}
