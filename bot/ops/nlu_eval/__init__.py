"""Evaluate the trained NLU model on the held-out set (tests/nlu_holdout.yml).

    python -m bot.ops.nlu_eval [--model models/] [--holdout tests/nlu_holdout.yml]
                           [--out results/eval] [--cv-folds 5] [--strict]

Loads the newest model (or the given .tar.gz), parses every held-out message
through the whole pipeline (so the rule-based entity extraction and the fire
safety net in bot/rasa_ext/nlu/recall_understanding.py are included) and reports:

* intent accuracy and macro-F1, and a per-intent precision/recall table;
* entity precision/recall/F1 for `model_number` and `date`, compared after
  normalisation (predicted values are already normalised; gold spans go through
  `bot.understanding.model_numbers`), plus the learned entities (remedy, ticket_id, email);
* fire-report recall and precision, counting a message as a predicted fire report
  when its intent is `report_fire` or the parse carries a truthy `fire_signal`;
* per-message parse time (mean, p95);
* per-subset accuracy (the holdout's `metadata: subset:` tags: lookalike, fire_*,
  model_typo, ambiguous_date);

and writes results/eval/report.json and results/eval/confusion_matrix.png.
`--cv-folds N` also runs `rasa test nlu --cross-validation` on data/ with
config.yml into results/eval/cv and prints its intent macro-F1.
`--strict` makes the exit status 1 when a target is missed.

The package, by role: data.py (the messages and their loaders), entities.py (gold
and predicted entities as comparable values), metrics.py (the figures, no Rasa),
report.py (the tables, the confusion matrix, report.json), run.py (the model, the
parses, the command line); __main__.py runs `main`. Everything the single module
offered before the split is re-exported here, so importers need no change.
"""

from __future__ import annotations

from bot.ops.nlu_eval.data import (
    BLIND_DIR,
    BLIND_ENTITY_KEYS,
    VAGUE,
    Example,
    Prediction,
    load_blind,
    load_examples,
    load_holdout,
)
from bot.ops.nlu_eval.entities import (
    LEARNED_ENTITIES,
    NORMALISED_ENTITIES,
    GoldNormaliser,
    gold_entities,
    predicted_entities,
)
from bot.ops.nlu_eval.metrics import (
    TARGETS,
    ambiguous_date_check,
    classifier_only_scores,
    entity_scores,
    fire_scores,
    intent_scores,
    prf,
    subset_scores,
    timing,
)
from bot.ops.nlu_eval.report import print_report, print_side_by_side, save_confusion_matrix, write_report
from bot.ops.nlu_eval.run import (
    cross_validate,
    evaluate,
    main,
    parse_all,
    quiet_logs,
    record_classifier_intent,
    resolve_model,
)

__all__ = [
    "BLIND_DIR",
    "BLIND_ENTITY_KEYS",
    "LEARNED_ENTITIES",
    "NORMALISED_ENTITIES",
    "TARGETS",
    "VAGUE",
    "Example",
    "GoldNormaliser",
    "Prediction",
    "ambiguous_date_check",
    "classifier_only_scores",
    "cross_validate",
    "entity_scores",
    "evaluate",
    "fire_scores",
    "gold_entities",
    "intent_scores",
    "load_blind",
    "load_examples",
    "load_holdout",
    "main",
    "parse_all",
    "predicted_entities",
    "prf",
    "print_report",
    "print_side_by_side",
    "quiet_logs",
    "record_classifier_intent",
    "resolve_model",
    "save_confusion_matrix",
    "subset_scores",
    "timing",
    "write_report",
]
