"""The old dotted paths that stored models, deploy files and operators name still resolve,
to the very same objects as the new ones (one release of grace)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from bot.core.settings import PROJECT_DIR

OLD_TO_NEW = {
    "bot.nlu.recall_understanding": "bot.rasa_ext.nlu.recall_understanding",
    "bot.policies.fire_safety": "bot.rasa_ext.policies.fire_safety",
    "bot.policies.cached_ted": "bot.rasa_ext.policies.cached_ted",
    "bot.tracker_store": "bot.rasa_ext.tracker_store",
    "bot.lock_store": "bot.rasa_ext.lock_store",
    "bot.limited_channels": "bot.channels.rest_socketio",
    "bot.cli": "bot.ops.cli",
    "bot.cluster.topology": "bot.ops.cluster.topology",
}


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW.items())
def test_an_old_module_path_is_the_new_module(old: str, new: str) -> None:
    assert importlib.import_module(old) is importlib.import_module(new)


def test_rasa_finds_the_classes_by_their_old_names() -> None:
    from rasa.shared.utils.common import class_from_module_path

    for path in (
        "bot.nlu.recall_understanding.RecallUnderstanding",
        "bot.tracker_store.RecallTrackerStore",
        "bot.limited_channels.LimitedRestInput",
    ):
        new_module = OLD_TO_NEW[path.rsplit(".", 1)[0]]
        assert class_from_module_path(path) is getattr(importlib.import_module(new_module), path.rsplit(".", 1)[1])


def test_python_dash_m_old_cli_still_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--help"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "usage" in done.stdout.lower()
