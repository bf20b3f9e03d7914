"""Trains the Rasa model when its inputs changed, and reuses it otherwise."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.core.settings import PROJECT_DIR

MODELS_DIR = PROJECT_DIR / "models"
MODEL_NAME = "recall-assistant"
MODEL_PATH = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / f"{MODEL_NAME}.fingerprint"
# What the trained model depends on. Our NLU component and fire policy are not
# trainable: they load from bot/ at run time, so code changes there need no training.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
# An incremental retrain (`train --finetune`, after a lead's reviewed examples are merged
# into data/) starts from the current model and runs this share of each policy's and
# classifier's epochs. Measured in docs/DEPLOYMENT.md ("Training and retraining").
FINETUNE_EPOCH_FRACTION = 0.2


def fingerprint(project_dir: Path = PROJECT_DIR) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = project_dir / name
        files = sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(project_dir)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def model_is_current() -> bool:
    return (
        MODEL_PATH.exists()
        and FINGERPRINT_PATH.exists()
        and FINGERPRINT_PATH.read_text().strip() == fingerprint()
    )


def rasa_env() -> dict[str, str]:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["PYTHONPATH"] = str(PROJECT_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def ensure_model(
    *, force: bool = False, finetune: bool = False, log_path: Path | None = None
) -> tuple[Path, float | None]:
    """Train when needed.

    Args:
        force: Train even when the model is current.
        finetune: Start from the current model (new examples of the intents it knows);
            when Rasa refuses (the config, the domain or the intents changed), train from
            scratch instead.

    Returns:
        The model path, and the training time in seconds (None when it was reused).

    Raises:
        RuntimeError: when training fails (the log says why).
    """
    if not force and model_is_current():
        return MODEL_PATH, None
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with _training_lock():
        # Another process may have trained while we waited for the lock.
        if not force and model_is_current():
            return MODEL_PATH, None
        if finetune and MODEL_PATH.exists():
            try:
                return _train(log_path, finetune_from=MODEL_PATH)
            except RuntimeError as error:
                print(f"fine-tuning refused ({error}); training from scratch", file=sys.stderr)
        return _train(log_path)


@contextlib.contextmanager
def _training_lock():
    """One training at a time per checkout (tests and `make run` may start together)."""
    with (MODELS_DIR / ".train.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rasa_train_command(*, out: Path = MODELS_DIR, finetune_from: Path | None = None) -> list[str]:
    """`rasa train` as this project runs it (also timed by tests/bench/training.py): Rasa's
    command without the training cache it would never read (bot/ops/rasa_train.py)."""
    command = [
        sys.executable,
        "-m",
        "bot.ops.rasa_train",
        "train",
        "--fixed-model-name",
        MODEL_NAME,
        "--out",
        str(out),
        "--force",
    ]
    if finetune_from is not None:
        # Rasa's data validation reads all the data a second time (8 s of a fine-tune); the
        # base model's data passed it, and Rasa's own fine-tune check refuses new intents,
        # entities, slots or actions: the fine-tune then trains from scratch, validated.
        command += ["--finetune", str(finetune_from), "--epoch-fraction", str(FINETUNE_EPOCH_FRACTION), "--skip-validation"]
    return command


def _train(log_path: Path | None, *, finetune_from: Path | None = None) -> tuple[Path, float]:
    log_path = log_path or PROJECT_DIR / "var" / "logs" / "train.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    stamp = fingerprint()
    previous = MODEL_PATH.stat().st_mtime if MODEL_PATH.exists() else None
    with log_path.open("w") as log:
        result = subprocess.run(
            rasa_train_command(finetune_from=finetune_from),
            cwd=PROJECT_DIR,
            env=rasa_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    written = MODEL_PATH.exists() and MODEL_PATH.stat().st_mtime != previous
    if result.returncode != 0 or not written:
        raise RuntimeError(f"training failed; see {log_path}")
    FINGERPRINT_PATH.write_text(stamp)
    return MODEL_PATH, time.monotonic() - started
