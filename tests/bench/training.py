"""Training time: from scratch, and the incremental retrain after a lead's review.

    python -m tests.bench.training [--eval]

1. Trains the assistant from scratch as `make train` does (bot.ops.model_build's command),
   into a temporary folder.
2. Copies config.yml, domain.yml and data/ to a temporary project, adds the examples a
   support lead would merge after a review (new wordings of intents the model knows, in
   every language: REVIEWED_EXAMPLES), and retrains it with `--finetune` from the model
   of step 1, as `python -m bot.ops.cli train --finetune` does.
3. With --eval, runs `python -m bot.ops.nlu_eval` (held-out and blind sets, every
   language) on both models and prints the intent macro-F1 side by side.

Prints the figures and writes them to results/bench/ (not committed). Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.core.settings import PROJECT_DIR
from bot.ops.model_build import MODEL_NAME, TRAINING_INPUTS, rasa_env, rasa_train_command

RESULTS_DIR = PROJECT_DIR / "results" / "bench"
TRAINING_TARGET_S = 150.0
FINETUNE_TARGET_S = 60.0

# What a lead's review adds: customers' wordings the model had not seen, filed under the
# intents it knows (the review's export, bot/review/training.py, writes this format).
REVIEWED_EXAMPLES: dict[str, list[str]] = {
    "check_recall": [
        "got one of those anker bricks from costco, is it on the list",
        "does the recall cover the one my daughter uses for school",
        "ma batterie achetée chez Fnac est-elle dans la liste ?",
        "la que compré en el Corte Inglés entra en la retirada?",
        "gilt der Rückruf auch für die Powerbank vom Elektromarkt?",
    ],
    "request_return": [
        "just send me a new one and I'll bin the old one",
        "je voudrais qu'on me l'échange, elle est dans le rappel",
        "mándenme otra, la mía está afectada",
        "ich will mein Geld zurück für das betroffene Teil",
    ],
    "ticket_status": [
        "any news on the replacement you promised me last week",
        "où en est l'envoi de ma nouvelle batterie ?",
        "cuándo llega el reemplazo que pedí",
        "wann kommt endlich mein Ersatzgerät",
    ],
    "request_human": [
        "can a real person call me back about this",
        "je voudrais parler à quelqu'un du service client",
        "quiero hablar con una persona de verdad",
        "kann ich bitte mit jemandem vom Support sprechen",
    ],
    "thank": [
        "cheers for sorting that out so quick",
        "merci pour votre aide, c'est réglé",
        "muchas gracias, todo claro",
        "danke, hat alles geklappt",
    ],
}


def _run(command: list[str], cwd: Path, log: Path) -> float:
    started = time.perf_counter()
    with log.open("w") as handle:
        subprocess.run(command, cwd=cwd, env=rasa_env(), stdout=handle, stderr=subprocess.STDOUT, check=True)
    seconds = time.perf_counter() - started
    graph_line = [line for line in log.read_text().splitlines() if line.startswith("training graph")]
    print(f"  ({seconds:.0f} s in all; {graph_line[-1] if graph_line else 'no graph timing in the log'})", flush=True)
    return seconds


def train_from_scratch(out: Path) -> float:
    """Seconds for this project's `rasa train --force`, into `out`."""
    return _run(rasa_train_command(out=out), PROJECT_DIR, out / "train.log")


def reviewed_project(folder: Path) -> Path:
    """A copy of the training inputs with REVIEWED_EXAMPLES merged in as data/nlu/reviewed.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TRAINING_INPUTS:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    lines = ['version: "3.1"', "nlu:"]
    for intent, examples in REVIEWED_EXAMPLES.items():
        lines += [f"  - intent: {intent}", "    examples: |"] + [f"      - {text}" for text in examples]
    (folder / "data" / "nlu" / "reviewed.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def train_incremental(base_model: Path, project: Path, out: Path) -> float:
    """Seconds for `rasa train --finetune` of `project` from `base_model`, as `train --finetune` runs it."""
    return _run(rasa_train_command(out=out, finetune_from=base_model), project, out / "finetune.log")


def intent_f1(model: Path, out: Path) -> dict[str, float]:
    """Intent macro-F1 per language and set ("fr held-out", "fr blind"...), from nlu_eval's report."""
    subprocess.run(
        [sys.executable, "-m", "bot.ops.nlu_eval", "--model", str(model), "--out", str(out)],
        cwd=PROJECT_DIR, env=rasa_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    figures: dict[str, float] = {}
    for report in sorted(out.rglob("report.json")):
        data = json.loads(report.read_text())
        kind = "blind" if report.parent.name == "blind" else "held-out"
        figures[f"{data.get('language', 'en')} {kind}"] = data["intents"]["macro_f1"]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.training", description=__doc__.split("\n")[0])
    parser.add_argument("--eval", action="store_true", help="also compare intent F1 of both models (a few minutes)")
    parser.add_argument("--base", type=Path, help="fine-tune this model instead of training one from scratch first")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-training-") as folder:
        root = Path(folder)
        scratch, finetuned = root / "scratch", root / "finetuned"
        scratch.mkdir()
        finetuned.mkdir()
        figures: dict[str, object] = {"cores": os.cpu_count()}
        if args.base:
            base = args.base.resolve()
        else:
            figures["from_scratch_s"] = train_from_scratch(scratch)
            print(f"training from scratch: {figures['from_scratch_s']:.0f} s (target <= {TRAINING_TARGET_S:.0f})", flush=True)
            base = scratch / f"{MODEL_NAME}.tar.gz"
        project = reviewed_project(root / "project")
        figures["finetune_s"] = train_incremental(base, project, finetuned)
        added = sum(len(v) for v in REVIEWED_EXAMPLES.values())
        print(f"incremental retrain (--finetune, {added} reviewed examples): {figures['finetune_s']:.0f} s "
              f"(target <= {FINETUNE_TARGET_S:.0f})", flush=True)
        if args.eval:
            before = intent_f1(base, root / "eval-scratch")
            after = intent_f1(finetuned / f"{MODEL_NAME}.tar.gz", root / "eval-finetuned")
            figures["intent_f1"] = {"from_scratch": before, "finetuned": after}
            print(f"\n{'intent macro-F1':<16} {'scratch':>8} {'finetuned':>9}")
            for key in sorted(before):
                print(f"{key:<16} {before[key]:>8.4f} {after.get(key, float('nan')):>9.4f}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"training-{stamp}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\nwritten to {path.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
