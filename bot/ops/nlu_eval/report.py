"""The report: the console tables (`print_report`, and `print_side_by_side` for the
held-out and blind targets), the intent confusion matrix (confusion_matrix.png,
matplotlib) and report.json (`write_report`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.ops.nlu_eval.data import Prediction


def save_confusion_matrix(preds: list[Prediction], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    gold = [p.example.intent for p in preds]
    got = [p.intent or "None" for p in preds]
    labels = sorted(set(gold)) + sorted(set(got) - set(gold))
    cm = confusion_matrix(gold, got, labels=labels)
    fig, ax = plt.subplots(figsize=(13, 11))
    ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(len(labels)))
    ax.set_yticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=8)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("true intent")
    ax.set_title(f"NLU holdout confusion matrix (n={len(preds)})")
    top = cm.max() or 1
    for i in range(len(labels)):
        for j in range(len(labels)):
            if cm[i, j]:
                ax.text(
                    j,
                    i,
                    str(cm[i, j]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if cm[i, j] > top / 2 else ("black" if i == j else "red"),
                )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_report(report: dict[str, Any], *, with_messages: bool = True) -> None:
    """The report on the console; `with_messages=False` prints the figures only, no message
    (the blind set's: whoever tunes must not read its misses; report.json keeps them)."""
    intents = report["intents"]
    print(f"\nModel:   {report['model']}")
    print(f"Holdout: {report['holdout']} ({report['n_messages']} messages)\n")
    print(f"{'intent':<24}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>5}")
    for name, s in intents["per_intent"].items():
        print(f"{name:<24}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>5}")
    print(
        f"\nintent accuracy {intents['accuracy']:.4f}   macro-F1 {intents['macro_f1']:.4f}"
        f"   (nlu_fallback predicted {intents['fallback_count']} times)"
    )

    print(f"\n{'entity':<14}{'prec':>7}{'rec':>7}{'f1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for name, s in report["entities"].items():
        if name == "ambiguous_dates":
            continue
        print(
            f"{name:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}"
        )
    amb = report["entities"]["ambiguous_dates"]
    print(
        f"ambiguous dates (left out of date F1): {amb['flagged_ambiguous']}/{amb['n']} flagged in unit_details"
    )
    if report["gold_normalisation_problems"]:
        print(f"  gold spans bot.understanding.model_numbers could not read: {report['gold_normalisation_problems']}")

    fire = report["fire"]
    print(
        f"\nfire reports: recall {fire['recall']:.4f}  precision {fire['precision']:.4f}"
        f"  (tp {fire['tp']}, fp {fire['fp']}, fn {fire['fn']};"
        f" safety net flagged {fire['flagged_by_safety_net']}, classifier alone {fire['caught_only_by_classifier']})"
    )
    if with_messages:
        for text in fire["missed"]:
            print(f"  MISSED fire report: {text!r}")
        for fa in fire["false_alarms"]:
            print(f"  false alarm ({fa['gold']}, net={fa['safety_net']}): {fa['text']!r}")

    raw = report["classifier_only"]
    print(
        f"classifier alone (no safety net): intent macro-F1 {raw['intent_macro_f1']:.4f},"
        f" fire recall {raw['fire_recall']:.4f}, precision {raw['fire_precision']:.4f}"
    )
    if with_messages:
        for text in raw["fire_missed"]:
            print(f"  classifier missed: {text!r}")
        for text in raw["fire_false_alarms"]:
            print(f"  classifier false alarm: {text!r}")

    print("\nsubsets:")
    for name, s in report["subsets"].items():
        print(
            f"  {name:<16} n={s['n']:<4} intent acc {s['intent_accuracy']:.3f}  flagged as fire {s['flagged_as_fire']}"
        )

    t = report["timing"]
    print(f"\nparse time: mean {t['mean_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms, max {t['max_ms']:.1f} ms")

    print("\ntargets:")
    for name, row in report["targets"].items():
        mark = "ok  " if row["met"] else "MISS"
        print(f"  {mark} {name:<18} {row['value']:.4f} (target {row['target']})")

    if not with_messages:
        print("\n(the misses are left out here; they are in this set's report.json)")
        return
    errors = report["intent_errors"]
    if errors:
        print(f"\nintent errors ({len(errors)}):")
        for e in errors:
            print(f"  {e['gold']:<22} -> {e['predicted']:<22} {e['confidence']:.2f}  {e['text']!r}")
    if report["entity_errors"]:
        print(f"\nentity errors ({len(report['entity_errors'])}):")
        for e in report["entity_errors"]:
            print(f"  {e['entity']:<12} gold {e['gold']} got {e['predicted']}  {e['text']!r}")


def print_side_by_side(holdout: dict[str, Any], blind: dict[str, Any]) -> None:
    """The targets of the held-out and the blind set in one table."""
    print(f"\n{'figure':<20}{'held-out':>10}{'blind':>10}{'target':>8}")
    for name, row in holdout["targets"].items():
        other = blind["targets"][name]
        marks = "" if other["met"] else "  MISS on blind"
        print(f"{name:<20}{row['value']:>10.4f}{other['value']:>10.4f}{row['target']:>8}{marks}")
    print(f"{'messages':<20}{holdout['n_messages']:>10}{blind['n_messages']:>10}")


def print_languages(by_language: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Every language's figures, held-out and blind side by side, with the targets."""
    columns = [(lang, name) for lang, sets in by_language.items() for name in sets]
    print("\n" + "=" * 30 + " by language " + "=" * 30)
    print(f"{'figure':<18}" + "".join(f"{lang + ' ' + name:>14}" for lang, name in columns))
    names = list(next(iter(next(iter(by_language.values())).values()))["targets"])
    for figure in names:
        cells = []
        for lang, name in columns:
            row = by_language[lang][name]["targets"].get(figure)
            cells.append(f"{row['value']:>13.4f}{'' if row['met'] else '*'}" if row else f"{'-':>14}")
        print(f"{figure:<18}" + "".join(cells))
    print(f"{'messages':<18}" + "".join(f"{by_language[lang][name]['n_messages']:>14}" for lang, name in columns))
    print("* below its target (English: the English targets; other languages: LANGUAGE_TARGETS)")


def write_report(report: dict[str, Any], out_dir: Path) -> None:
    """report.json in `out_dir`, which must exist."""
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
