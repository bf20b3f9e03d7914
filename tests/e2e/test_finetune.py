"""`python -m bot.ops.cli train --finetune`: a lead's reviewed examples retrain the real model.

Fine-tunes the trained model on a copy of the training inputs with the reviewed examples
of tests/bench/training.py merged in (as a lead merges an export), with the command
bot.ops.model_build runs, and parses them with the new model. The review added NLU
examples only, so the fine-tune keeps the base model's trained policies (bot/ops/finetune.py):
their files are the base model's, and the new model predicts with them.
"""

from __future__ import annotations

import asyncio
import subprocess
import tarfile
from pathlib import Path

from rasa.core.agent import load_agent
from rasa.core.channels.channel import UserMessage

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

    finetuned = out / f"{MODEL_NAME}.tar.gz"
    assert "did not change: keeping the base model's" in result.stdout + result.stderr
    policies = _policy_files(base)
    assert any("CachedTEDPolicy" in name for name in policies)
    assert _policy_files(finetuned) == policies  # byte for byte

    async def intents() -> tuple[dict[str, str], str]:
        agent = await load_agent(model_path=str(finetuned))
        understood = {
            text: (await agent.parse_message(text))["intent"]["name"]
            for examples in REVIEWED_EXAMPLES.values()
            for text in examples
        }
        await agent.processor.log_message(UserMessage("hello", sender_id="finetuned"))
        predicted = await agent.predict_next_for_sender_id("finetuned")
        return understood, max(predicted["scores"], key=lambda score: score["score"])["action"]

    understood, next_action = asyncio.run(intents())
    assert next_action == "utter_greet"
    expected = {text: intent for intent, examples in REVIEWED_EXAMPLES.items() for text in examples}
    right = sum(understood[text] == intent for text, intent in expected.items())
    assert right >= len(expected) - 2, {t: (expected[t], understood[t]) for t in expected if understood[t] != expected[t]}


def _policy_files(model: Path) -> dict[str, bytes]:
    """The trained policies' files in a model archive, by name."""
    with tarfile.open(model) as archive:
        return {
            member.name: archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.isfile() and "Policy" in member.name
        }
