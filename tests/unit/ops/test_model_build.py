"""Training decisions of bot.ops.model_build, with `rasa train` replaced by a recorder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.ops import model_build


@pytest.fixture
def models(tmp_path, monkeypatch):
    monkeypatch.setattr(model_build, "MODELS_DIR", tmp_path)
    monkeypatch.setattr(model_build, "MODEL_PATH", tmp_path / "recall-assistant.tar.gz")
    monkeypatch.setattr(model_build, "FINGERPRINT_PATH", tmp_path / "recall-assistant.fingerprint")
    return tmp_path


def fake_rasa(monkeypatch, models: Path, *, refuse_finetune: bool) -> list[list[str]]:
    calls: list[list[str]] = []

    def run(command, **kwargs):
        calls.append(command)
        if refuse_finetune and "--finetune" in command:
            return subprocess.CompletedProcess(command, 1)
        (models / "recall-assistant.tar.gz").write_bytes(f"model {len(calls)}".encode())
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(model_build.subprocess, "run", run)
    return calls


def test_the_finetune_command_starts_from_the_model_with_a_share_of_the_epochs(models):
    command = model_build.rasa_train_command(out=models, finetune_from=models / "m.tar.gz")
    at = command.index("--finetune")
    assert command[at + 1] == str(models / "m.tar.gz")
    assert command[command.index("--epoch-fraction") + 1] == str(model_build.FINETUNE_EPOCH_FRACTION)
    assert "--skip-validation" in command  # the base model's data was validated; Rasa refuses new labels
    from_scratch = model_build.rasa_train_command(out=models)
    assert "--finetune" not in from_scratch and "--skip-validation" not in from_scratch


def test_fine_tuning_starts_from_the_current_model(models, monkeypatch):
    (models / "recall-assistant.tar.gz").write_bytes(b"old")
    calls = fake_rasa(monkeypatch, models, refuse_finetune=False)
    path, seconds = model_build.ensure_model(finetune=True, log_path=models / "train.log")
    assert len(calls) == 1 and "--finetune" in calls[0]
    assert path.read_bytes() == b"model 1" and seconds is not None
    assert model_build.model_is_current()


def test_a_refused_fine_tuning_trains_from_scratch(models, monkeypatch, capsys):
    (models / "recall-assistant.tar.gz").write_bytes(b"old")
    calls = fake_rasa(monkeypatch, models, refuse_finetune=True)
    path, _ = model_build.ensure_model(finetune=True, log_path=models / "train.log")
    assert ["--finetune" in c for c in calls] == [True, False]
    assert path.read_bytes() == b"model 2"
    assert "training from scratch" in capsys.readouterr().err


def test_without_a_model_there_is_nothing_to_fine_tune(models, monkeypatch):
    calls = fake_rasa(monkeypatch, models, refuse_finetune=False)
    model_build.ensure_model(finetune=True, log_path=models / "train.log")
    assert len(calls) == 1 and "--finetune" not in calls[0]


def test_a_failed_training_that_leaves_the_old_model_is_an_error(models, monkeypatch):
    (models / "recall-assistant.tar.gz").write_bytes(b"old")
    monkeypatch.setattr(model_build.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(command, 0))
    with pytest.raises(RuntimeError, match="training failed"):
        model_build.ensure_model(force=True, log_path=models / "train.log")
