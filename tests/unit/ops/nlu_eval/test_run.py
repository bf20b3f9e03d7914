"""bot.ops.nlu_eval.run: `main` end to end with the model's parses faked (no model, no Rasa)."""

from __future__ import annotations

import json
import subprocess
from types import SimpleNamespace

import pytest

from bot.core.rasa_events import FIRE_INTENT
from bot.ops.nlu_eval import run
from bot.ops.nlu_eval.data import Example, Prediction


@pytest.fixture
def faked(monkeypatch):
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    examples = [
        Example("hello there", "greet", None, []),
        Example("my charger caught fire", FIRE_INTENT, "fire_plain", []),
    ]

    async def parse_all(model_path, items):  # the classifier misses the fire report
        return [Prediction(ex, "greet", 0.99, [], None, 0.01) for ex in items]

    monkeypatch.setattr(run, "quiet_logs", lambda: None)
    monkeypatch.setattr(run, "resolve_model", lambda model: "models/fake.tar.gz")
    monkeypatch.setattr(run, "load_examples", lambda path, language=None: examples)
    monkeypatch.setattr(run, "parse_all", parse_all)
    return examples


def test_main_writes_the_report_and_the_confusion_matrix(faked, tmp_path, capsys):
    argv = ["--holdout", "h.yml", "--blind", "", "--languages", "en", "--out", str(tmp_path)]
    assert run.main(argv) == 0
    assert run.main([*argv, "--strict"]) == 1  # the fire report was missed
    report = json.loads((tmp_path / "report.json").read_text())
    assert (tmp_path / "confusion_matrix.png").stat().st_size > 0
    assert report["model"] == "models/fake.tar.gz" and report["n_messages"] == 2
    assert report["targets"]["fire_recall"] == {"value": 0.0, "target": 1.0, "met": False}
    assert report["targets"]["model_number_f1"]["met"]  # nothing to find, nothing found
    assert [e["text"] for e in report["intent_errors"]] == ["my charger caught fire"]
    out = capsys.readouterr().out
    assert "MISSED fire report: 'my charger caught fire'" in out
    assert f"wrote {tmp_path / 'report.json'}" in out


def test_cross_validation_figure_lands_in_report_json(faked, tmp_path, monkeypatch):
    def fake_rasa(cmd, **kwargs):
        out = cmd[cmd.index("--out") + 1]
        (tmp_path / "cv").joinpath("intent_report.json").write_text(
            json.dumps({"macro avg": {"f1-score": 0.9}, "accuracy": 0.92})
        )
        assert out == str(tmp_path / "cv")
        return SimpleNamespace(returncode=0)

    monkeypatch.setattr(subprocess, "run", fake_rasa)
    assert run.main(["--blind", "", "--out", str(tmp_path), "--cv-folds", "3"]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["cross_validation"] == {"folds": 3, "intent_macro_f1": 0.9}
