"""`python -m bot.ops.cli train --finetune`: a lead's reviewed examples retrain the real model.

Fine-tunes the trained model on a copy of the training inputs with the reviewed examples
of tests/bench/training.py merged in (as a lead merges an export), with the command
bot.ops.model_build runs, and parses them with the new model.
"""

from __future__ import annotations

import asyncio
import subprocess

from rasa.core.agent import load_agent

from bot.ops.model_build import MODEL_NAME, ensure_model, rasa_env, rasa_train_command
from tests.bench.training import REVIEWED_EXAMPLES, reviewed_project


def test_a_reviewed_example_is_learnt_by_fine_tuning(tmp_path):
    base, _ = ensure_model()
    project = reviewed_project(tmp_path / "project")
    out = tmp_path / "models"
    result = subprocess.run(
        rasa_train_command(out=out, finetune_from=base), cwd=project, env=rasa_env(),
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]

    async def intents() -> dict[str, str]:
        agent = await load_agent(model_path=str(out / f"{MODEL_NAME}.tar.gz"))
        return {
            text: (await agent.parse_message(text))["intent"]["name"]
            for examples in REVIEWED_EXAMPLES.values()
            for text in examples
        }

    understood = asyncio.run(intents())
    expected = {text: intent for intent, examples in REVIEWED_EXAMPLES.items() for text in examples}
    right = sum(understood[text] == intent for text, intent in expected.items())
    assert right >= len(expected) - 2, {t: (expected[t], understood[t]) for t in expected if understood[t] != expected[t]}
