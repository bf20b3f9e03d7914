"""bot.ops.nlu_eval.report: the tables and report.json, from a report built like `evaluate` builds one."""

from __future__ import annotations

import json

import pytest

from bot.core.rasa_events import FIRE_INTENT
from bot.ops.nlu_eval.data import Example, Prediction
from bot.ops.nlu_eval.entities import GoldNormaliser
from bot.ops.nlu_eval.metrics import (
    TARGETS,
    classifier_only_scores,
    entity_scores,
    fire_scores,
    intent_scores,
    subset_scores,
    timing,
)
from bot.ops.nlu_eval.report import print_report, print_side_by_side, write_report


@pytest.fixture
def report():
    pytest.importorskip("sklearn")
    preds = [
        Prediction(Example("my a1234 is recalled?", "check_recall", "lookalike", [], [("model_number", "A1234", None)]),
                   "check_recall", 0.97, [{"entity": "model_number", "value": "A1234"}], None, 0.012),
        Prediction(Example("it caught fire", FIRE_INTENT, "fire_plain", [], []),
                   "greet", 0.41, [], None, 0.020),
    ]
    norm = GoldNormaliser()
    intents = intent_scores(preds)
    entities, entity_errors = entity_scores(preds, norm)
    fire = fire_scores(preds)
    values = {"intent_macro_f1": intents["macro_f1"], "model_number_f1": entities["model_number"]["f1"],
              "date_f1": entities["date"]["f1"], "fire_recall": fire["recall"], "fire_precision": fire["precision"]}
    return {
        "model": "models/test.tar.gz", "holdout": "tests/nlu_holdout.yml", "n_messages": len(preds),
        "intents": intents, "entities": entities, "fire": fire, "subsets": subset_scores(preds),
        "classifier_only": classifier_only_scores(preds), "timing": timing(preds),
        "targets": {k: {"value": v, "target": TARGETS[k], "met": v >= TARGETS[k]} for k, v in values.items()},
        "gold_normalisation_problems": norm.problems,
        "intent_errors": [{"text": "it caught fire", "gold": FIRE_INTENT, "predicted": "greet",
                           "confidence": 0.41, "fire_signal": False, "subset": "fire_plain"}],
        "entity_errors": entity_errors,
    }


def test_print_report_shows_every_table(report, capsys):
    print_report(report)
    out = capsys.readouterr().out
    assert "Holdout: tests/nlu_holdout.yml (2 messages)" in out
    assert "MISSED fire report: 'it caught fire'" in out
    assert "classifier missed: 'it caught fire'" in out
    assert "lookalike" in out and "fire_plain" in out
    assert "MISS fire_recall" in out and "ok   model_number_f1" in out
    assert "intent errors (1):" in out


def test_the_blind_report_prints_figures_and_no_message(report, capsys):
    print_report(report, with_messages=False)
    out = capsys.readouterr().out
    assert "MISS fire_recall" in out and "intent accuracy" in out
    assert "it caught fire" not in out and "a1234" not in out
    assert "they are in this set's report.json" in out


def test_side_by_side_marks_a_target_the_blind_set_misses(report, capsys):
    print_side_by_side(report, report)
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("fire_recall") and line.endswith("MISS on blind") for line in lines)
    assert lines[-1].split() == ["messages", "2", "2"]


def test_write_report_writes_the_json(report, tmp_path):
    write_report(report, tmp_path)
    assert json.loads((tmp_path / "report.json").read_text()) == report
