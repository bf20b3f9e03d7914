"""bot.ops.nlu_eval.metrics: the figures from hand-made predictions (no model, no Rasa)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.core.rasa_events import FIRE_INTENT
from bot.ops.nlu_eval.data import VAGUE, Example, Prediction
from bot.ops.nlu_eval.entities import GoldNormaliser
from bot.ops.nlu_eval.metrics import (
    _match_vague,
    classifier_only_scores,
    entity_scores,
    fire_scores,
    intent_scores,
    prf,
    subset_scores,
    timing,
)


def pred(text, gold_intent, intent, *, gold=None, entities=(), fire_signal=None, subset=None,
         classifier_intent=None, seconds=0.01):
    example = Example(text, gold_intent, subset, [], list(gold) if gold is not None else [])
    return Prediction(example, intent, 0.9, list(entities), fire_signal, seconds, {},
                      classifier_intent or intent)


def test_prf_counts_and_empty_cases():
    assert prf(8, 2, 0) == {"precision": 0.8, "recall": 1.0, "f1": 0.8889, "tp": 8, "fp": 2, "fn": 0}
    assert prf(0, 0, 0)["f1"] == 1.0  # nothing to find, nothing found
    assert prf(0, 0, 3)["precision"] == 0.0 and prf(0, 0, 3)["recall"] == 0.0


def test_a_vague_gold_date_takes_a_spare_predicted_value():
    assert _match_vague(Counter({VAGUE: 1}), Counter({"2023-07-01": 1})) == Counter({"2023-07-01": 1})
    # an exact gold value keeps its own match; the vague one stays unmatched without a spare
    assert _match_vague(Counter({VAGUE: 1, "2023-01-01": 1}), Counter({"2023-01-01": 1})) == Counter(
        {VAGUE: 1, "2023-01-01": 1}
    )
    # with roles, only a value of the same role will do
    assert _match_vague(Counter({(VAGUE, "purchase"): 1}), Counter({("2023-07-01", None): 1})) == Counter(
        {(VAGUE, "purchase"): 1}
    )


def test_entity_scores_compare_normalised_values_and_list_errors():
    preds = [
        pred("my a1234 from may", "check_recall", "check_recall",
             gold=[("model_number", "A1234", None), ("date", "2023-05-01", "purchase")],
             entities=[{"entity": "model_number", "value": "A1234"},
                       {"entity": "date", "value": "2023-05-01", "role": None}]),
        pred("is b99 ok", "check_recall", "check_recall", gold=[("model_number", "B99", None)], entities=[]),
    ]
    scores, errors = entity_scores(preds, GoldNormaliser())
    assert scores["model_number"] == prf(1, 0, 1)
    assert scores["date"] == prf(1, 0, 0)
    assert scores["date+role"] == prf(0, 1, 1)  # right date, role missing
    assert scores["ambiguous_dates"] == {"n": 0, "flagged_ambiguous": 0, "missed": []}
    assert errors == [{"text": "is b99 ok", "entity": "model_number", "gold": ["B99"], "predicted": []}]


def test_fire_scores_count_the_safety_net_and_the_classifier_apart():
    preds = [
        pred("it caught fire", FIRE_INTENT, FIRE_INTENT, fire_signal={"phrase": "caught fire"},
             classifier_intent="greet"),
        pred("smoke came out", FIRE_INTENT, FIRE_INTENT),
        pred("it got hot", FIRE_INTENT, "check_recall"),
        pred("fire sale on chargers?", "check_recall", "check_recall", fire_signal={"phrase": "fire"}),
    ]
    fire = fire_scores(preds)
    assert (fire["tp"], fire["fp"], fire["fn"]) == (2, 1, 1)
    assert fire["flagged_by_safety_net"] == 1 and fire["caught_only_by_classifier"] == 1
    assert fire["missed"] == ["it got hot"]
    assert fire["false_alarms"] == [{"text": "fire sale on chargers?", "gold": "check_recall", "safety_net": True}]

    raw = classifier_only_scores(preds)
    assert raw["fire_recall"] == round(1 / 3, 4) and raw["fire_precision"] == 1.0
    assert raw["fire_missed"] == ["it caught fire", "it got hot"] and raw["fire_false_alarms"] == []


def test_intent_subset_and_timing_figures():
    pytest.importorskip("sklearn")
    preds = [
        pred("hi", "greet", "greet", subset="lookalike", seconds=0.010),
        pred("hello", "greet", "nlu_fallback", subset="lookalike", seconds=0.020),
        pred("bye", "goodbye", "goodbye", seconds=0.030),
        pred("it smokes", FIRE_INTENT, None, subset="fire_smoke", seconds=0.040),
    ]
    intents = intent_scores(preds)
    assert intents["accuracy"] == 0.5 and intents["fallback_count"] == 1
    assert intents["per_intent"]["greet"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert intents["macro_f1"] == 0.5556  # (2/3 + 1 + 0) / 3
    assert subset_scores(preds) == {
        "fire_smoke": {"n": 1, "intent_accuracy": 0.0, "flagged_as_fire": 0},
        "lookalike": {"n": 2, "intent_accuracy": 0.5, "flagged_as_fire": 0},
    }
    t = timing(preds)
    assert t["mean_ms"] == 25.0 and t["max_ms"] == 40.0 and 35.0 < t["p95_ms"] <= 40.0
