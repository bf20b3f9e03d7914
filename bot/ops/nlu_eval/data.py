"""The evaluated messages and their parses: `Example` (a message with its gold intent,
subset and entities), `Prediction` (what the pipeline made of it), and the loaders
for the held-out set (tests/nlu_holdout.yml, Rasa's NLU format) and the blind set
(tests/blind/messages_*.yml, gold values already normalised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.rasa_events import FIRE_INTENT

BLIND_DIR = "tests/blind"
BLIND_ENTITY_KEYS = {"model_number": ("model_number", None), "date": ("date", None),
                     "purchase_date": ("date", "purchase"), "remedy": ("remedy", None),
                     "ticket_id": ("ticket_id", None), "email": ("email", None)}

VAGUE = "*"


@dataclass
class Example:
    text: str
    intent: str
    subset: str | None
    entities: list[dict[str, Any]]
    # Blind-set examples carry their gold values already normalised, as
    # (entity, value, role) triples; held-out examples carry spans instead.
    gold: list[tuple[str, str, str | None]] | None = None


@dataclass
class Prediction:
    example: Example
    intent: str | None
    confidence: float
    entities: list[dict[str, Any]]
    fire_signal: Any
    seconds: float
    unit_details: dict[str, Any] = field(default_factory=dict)
    classifier_intent: str | None = None  # the intent before the safety net overrode it

    @property
    def predicted_fire(self) -> bool:
        return self.intent == FIRE_INTENT or bool(self.fire_signal)


def load_holdout(path: str) -> list[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    td = load_data(path)
    examples = []
    for m in td.intent_examples:
        meta = m.get("metadata") or {}
        intent_meta = meta.get("intent") if isinstance(meta, dict) else None
        subset = intent_meta.get("subset") if isinstance(intent_meta, dict) else None
        examples.append(Example(m.get("text"), m.get("intent"), subset, list(m.get("entities") or [])))
    return examples


def load_blind(path: str = BLIND_DIR) -> list[Example]:
    """The blind set's single messages (tests/blind/messages_*.yml), gold values normalised.

    A date written ``vague`` (a season, "two years ago") is left out of the date scores.
    """
    import yaml

    files = sorted(Path(path).glob("messages_*.yml")) if Path(path).is_dir() else [Path(path)]
    examples = []
    for file in files:
        for item in yaml.safe_load(file.read_text(encoding="utf-8"))["messages"]:
            gold = []
            for key, value in (item.get("entities") or {}).items():
                name, role = BLIND_ENTITY_KEYS[key]
                if value is None:
                    continue
                if str(value).lower() == "vague":  # any reading of "summer 2023" will do
                    value = VAGUE
                gold.append((name, str(value).upper() if name in ("model_number", "ticket_id") else str(value), role))
            examples.append(Example(str(item["text"]), item["intent"], file.stem, [], gold))
    return examples


def load_examples(path: str) -> list[Example]:
    """A held-out set in Rasa's NLU format, or the blind set (a directory or messages_*.yml)."""
    if Path(path).is_dir() or Path(path).name.startswith("messages_"):
        return load_blind(path)
    return load_holdout(path)
