"""bot.ops.nlu_eval as a package: the names importers used keep working, the figures
need no Rasa, and `python -m bot.ops.nlu_eval` is the same command line."""

from __future__ import annotations

import subprocess
import sys

from bot.core.settings import PROJECT_DIR


def test_the_package_offers_the_names_of_the_single_module():
    from bot.ops import nlu_eval
    from bot.ops.nlu_eval import data, entities, metrics, report, run

    assert nlu_eval.Example is data.Example and nlu_eval.load_blind is data.load_blind
    assert nlu_eval.GoldNormaliser is entities.GoldNormaliser and nlu_eval.gold_entities is entities.gold_entities
    assert nlu_eval.entity_scores is metrics.entity_scores and nlu_eval.TARGETS is metrics.TARGETS
    assert nlu_eval.print_report is report.print_report and nlu_eval.main is run.main
    assert all(hasattr(nlu_eval, name) for name in nlu_eval.__all__)


def test_the_figures_import_no_rasa():
    code = (
        "import sys; import bot.ops.nlu_eval.metrics, bot.ops.nlu_eval.report; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rasa'))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "[]"


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "bot.ops.nlu_eval", "--help"], cwd=PROJECT_DIR, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("usage: python -m bot.ops.nlu_eval")
    assert "Evaluate the trained NLU model on the held-out set (tests/nlu_holdout.yml)." in done.stdout
    for option in ("--model", "--holdout", "--blind", "--out", "--cv-folds", "--data", "--config", "--strict"):
        assert option in done.stdout
