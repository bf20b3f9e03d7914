"""Running the evaluation: finding the model, quietening Rasa's logs, parsing every
message through the whole pipeline (`parse_all`, with the classifier's own intent
recorded before the fire safety net overrides it), putting the figures into a
report (`evaluate`), `rasa test nlu --cross-validation` (`cross_validate`) and the
command line (`main`, behind `python -m bot.ops.nlu_eval`). Imports Rasa lazily."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.i18n import SUPPORTED
from bot.ops.nlu_eval.data import BLIND_DIR, Example, Prediction, language_sets, load_examples
from bot.ops.nlu_eval.entities import GoldNormaliser
from bot.ops.nlu_eval.metrics import (
    classifier_only_scores,
    entity_scores,
    fire_scores,
    intent_scores,
    language_id_scores,
    subset_scores,
    targets_for,
    timing,
)
from bot.ops.nlu_eval.report import (
    print_languages,
    print_report,
    print_side_by_side,
    save_confusion_matrix,
    write_report,
)

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def resolve_model(model: str) -> str:
    from rasa.model import get_latest_model

    if os.path.isfile(model):
        return model
    latest = get_latest_model(model)
    if not latest:
        raise SystemExit(f"no trained model (*.tar.gz) in {model!r}; run `rasa train` first")
    return latest


def quiet_logs() -> None:
    try:  # Rasa's structlog prints every parse at debug level otherwise
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.ERROR)
    except Exception as exc:  # pragma: no cover
        logging.getLogger(__name__).debug("structlog not configured: %s", exc)
    for name in ("rasa", "tensorflow", "absl", "matplotlib", "sanic", "asyncio"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
    except Exception as exc:  # pragma: no cover
        logging.getLogger(__name__).debug("tensorflow logger not quietened: %s", exc)


def record_classifier_intent() -> bool:
    """Keeps the classifier's intent when the safety net forces report_fire.

    The pipeline component overrides the intent in place; wrapping its override
    (in this process only) lets the report show what the classifier alone did.
    """
    try:
        from bot.rasa_ext.nlu import recall_understanding as ru
    except ImportError:
        return False
    force = getattr(ru, "_force_fire_intent", None)
    if force is None or getattr(force, "_eval_wrapped", False):
        return force is not None

    def wrapped(message: Any) -> None:
        intent = message.get("intent") or {}
        message.set("classifier_intent", intent.get("name"), add_to_output=True)
        force(message)

    wrapped._eval_wrapped = True  # type: ignore[attr-defined]
    ru._force_fire_intent = wrapped
    return True


_AGENTS: dict[str, Any] = {}


async def parse_all(model_path: str, examples: Iterable[Example]) -> list[Prediction]:
    from rasa.core.agent import Agent

    record_classifier_intent()
    if model_path not in _AGENTS:  # one load for every set of one run
        _AGENTS[model_path] = Agent.load(model_path)
    agent = _AGENTS[model_path]
    examples = list(examples)
    if examples:  # warm-up, not timed (first call builds TF functions)
        await agent.parse_message(examples[0].text)
    preds = []
    for ex in examples:
        start = time.perf_counter()
        parse = await agent.parse_message(ex.text)
        seconds = time.perf_counter() - start
        intent = parse.get("intent") or {}
        preds.append(
            Prediction(
                ex,
                intent.get("name"),
                float(intent.get("confidence") or 0.0),
                list(parse.get("entities") or []),
                parse.get("fire_signal"),
                seconds,
                parse.get("unit_details") or {},
                parse.get("classifier_intent") or intent.get("name"),
            )
        )
    return preds

def evaluate(model: str, holdout: str, out: str, language: str = "en") -> dict[str, Any]:
    quiet_logs()
    model_path = resolve_model(model)
    examples = load_examples(holdout, language)
    preds = asyncio.run(parse_all(model_path, examples))
    norm = GoldNormaliser.load()

    intents = intent_scores(preds)
    entities, entity_errors = entity_scores(preds, norm)
    fire = fire_scores(preds)
    languages = language_id_scores(preds)
    values = {
        "intent_macro_f1": intents["macro_f1"],
        "model_number_f1": entities["model_number"]["f1"],
        "date_f1": entities["date"]["f1"],
        "fire_recall": fire["recall"],
        "fire_precision": fire["precision"],
        "language_id": languages["accuracy"],
    }
    targets = targets_for(language)
    report = {
        "model": model_path,
        "holdout": holdout,
        "language": language,
        "language_id": languages,
        "n_messages": len(preds),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "intents": intents,
        "entities": entities,
        "fire": fire,
        "subsets": subset_scores(preds),
        "classifier_only": classifier_only_scores(preds),
        "timing": timing(preds),
        "targets": {k: {"value": v, "target": targets[k], "met": v >= targets[k]} for k, v in values.items()},
        "gold_normalisation_problems": norm.problems,
        "intent_errors": [
            {
                "text": p.example.text,
                "gold": p.example.intent,
                "predicted": p.intent or "None",
                "confidence": round(p.confidence, 3),
                "fire_signal": bool(p.fire_signal),
                "subset": p.example.subset,
            }
            for p in preds
            if p.intent != p.example.intent
        ],
        "entity_errors": entity_errors,
    }
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_confusion_matrix(preds, out_dir / "confusion_matrix.png")
    write_report(report, out_dir)
    return report


def cross_validate(folds: int, data: str, config: str, out: str) -> float | None:
    cv_dir = Path(out) / "cv"
    cv_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "rasa",
        "test",
        "nlu",
        "--nlu",
        data,
        "--config",
        config,
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(cv_dir),
        "--no-plot",
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    print(f"\ncross-validation ({folds} folds), log in {cv_dir / 'cv.log'} ...", flush=True)
    with open(cv_dir / "cv.log", "w") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
    report_path = cv_dir / "intent_report.json"
    if rc != 0 or not report_path.exists():
        print(f"cross-validation failed (exit {rc}); see {cv_dir / 'cv.log'}")
        return None
    report = json.loads(report_path.read_text())
    macro = float(report["macro avg"]["f1-score"])
    print(f"cross-validation intent macro-F1: {macro:.4f} (accuracy {float(report.get('accuracy', 0)):.4f})")
    return macro


def main(argv: list[str] | None = None) -> int:
    from bot.ops import nlu_eval  # the package docstring describes the command

    parser = argparse.ArgumentParser(prog="python -m bot.ops.nlu_eval", description=nlu_eval.__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", default="models/", help="model .tar.gz or a directory (newest model is used)"
    )
    parser.add_argument("--holdout", default="tests/nlu_holdout.yml", help="the English held-out set; "
                        "other languages' sit beside it (tests/nlu_holdout_fr.yml)")
    parser.add_argument("--blind", default=BLIND_DIR, help="the blind set (never trained on); '' to skip")
    parser.add_argument("--languages", default=",".join(SUPPORTED), help="comma-separated language codes")
    parser.add_argument("--out", default="results/eval")
    parser.add_argument("--cv-folds", type=int, default=0, help="also run N-fold cross-validation (0 = skip)")
    parser.add_argument("--data", default="data", help="training data for cross-validation")
    parser.add_argument("--config", default="config.yml", help="pipeline config for cross-validation")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    report = evaluate(args.model, args.holdout, args.out)
    print_report(report)
    blind = None
    if args.blind and Path(args.blind).exists():
        print("\n" + "=" * 30 + " blind set " + "=" * 30)
        blind = evaluate(args.model, args.blind, str(Path(args.out) / "blind"), "en")
        print_report(blind, with_messages=False)  # blind: figures only on the console
        print_side_by_side(report, blind)
    by_language: dict[str, dict[str, Any]] = {"en": {"held-out": report, **({"blind": blind} if blind else {})}}
    for language in [code.strip() for code in args.languages.split(",") if code.strip() not in ("", "en")]:
        holdout, blind_set = language_sets(args.holdout, args.blind, language)
        sets = {"held-out": holdout, "blind": blind_set}
        for name, path in sets.items():
            if path:
                out = Path(args.out) / language / ("blind" if name == "blind" else "")
                by_language.setdefault(language, {})[name] = evaluate(args.model, path, str(out), language)
    if len(by_language) > 1:
        print_languages(by_language)
    if args.cv_folds:
        macro = cross_validate(args.cv_folds, args.data, args.config, args.out)
        report["cross_validation"] = {"folds": args.cv_folds, "intent_macro_f1": macro}
        write_report(report, Path(args.out))
    print(f"\nwrote {Path(args.out) / 'report.json'} and {Path(args.out) / 'confusion_matrix.png'}")
    missed = [
        f"{language} {name} {k}"
        for language, sets in by_language.items()
        for name, result in sets.items()
        for k, row in result["targets"].items()
        if not row["met"]
    ]
    return 1 if args.strict and missed else 0
