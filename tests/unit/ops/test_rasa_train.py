"""bot.ops.rasa_train: Rasa's training command without the training cache's fingerprints."""

from __future__ import annotations

from rasa.engine.training.hooks import TrainingHook

from bot.ops import model_build, rasa_train
from bot.rasa_ext import training_speedups


class _UntouchableCache:
    """A training cache that fails the test if Rasa's hook fingerprints or stores anything."""

    def __getattr__(self, name):
        raise AssertionError(f"the training cache was used: {name}")


def test_the_training_hook_no_longer_fingerprints_or_caches(monkeypatch):
    # monkeypatch restores Rasa's methods after the test
    monkeypatch.setattr(TrainingHook, "on_before_node", TrainingHook.on_before_node)
    monkeypatch.setattr(TrainingHook, "on_after_node", TrainingHook.on_after_node)
    rasa_train.skip_training_cache()
    monkeypatch.setattr(rasa_train, "NODE_SECONDS", {})
    hook = TrainingHook(cache=_UntouchableCache(), model_storage=None, pruned_schema=None)
    timing = hook.on_before_node("train_DIETClassifier", None, {}, {"training_data": object()})
    assert set(timing) == {"started"}
    assert hook.on_after_node("train_DIETClassifier", None, {}, object(), timing) is None
    assert list(rasa_train.NODE_SECONDS) == ["train_DIETClassifier"]  # timed, nothing more


def test_the_log_ends_with_where_the_time_went():
    line = rasa_train.time_spent({"train_DIETClassifier5": 95.04, "train_TEDPolicy3": 30.0, "domain_provider": 0.1, "x": 0.2})
    assert line == "training graph, 125 s: train_DIETClassifier5 95.0 s, train_TEDPolicy3 30.0 s, others 0.3 s"


def test_the_project_trains_through_it(tmp_path):
    command = model_build.rasa_train_command(out=tmp_path)
    assert command[1:4] == ["-m", "bot.ops.rasa_train", "train"] and "--force" in command


def test_it_passes_the_arguments_to_rasas_own_command(monkeypatch):
    seen = {}
    monkeypatch.setattr(rasa_train, "skip_training_cache", lambda: seen.setdefault("patched", True))
    monkeypatch.setattr(training_speedups, "install", lambda: seen.setdefault("sped up", True))
    monkeypatch.setattr("rasa.__main__.main", lambda: seen.setdefault("argv", list(__import__("sys").argv)))
    monkeypatch.setattr("sys.argv", ["x"])
    rasa_train.main(["train", "--force"])
    assert seen == {"patched": True, "sped up": True, "argv": ["rasa", "train", "--force"]}


