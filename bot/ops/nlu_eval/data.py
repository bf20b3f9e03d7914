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
    language: str = "en"  # the language the set was written in


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


def language_of_file(path: str | Path) -> str:
    """The language a held-out or blind file is written in: its name's last part
    (tests/nlu_holdout_fr.yml, tests/blind/messages_de.yml), English otherwise."""
    from bot.i18n import SUPPORTED

    suffix = Path(path).stem.rsplit("_", 1)[-1]
    return suffix if suffix in SUPPORTED else "en"


def load_holdout(path: str) -> list[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    td = load_data(path)
    examples = []
    for m in td.intent_examples:
        meta = m.get("metadata") or {}
        intent_meta = meta.get("intent") if isinstance(meta, dict) else None
        subset = intent_meta.get("subset") if isinstance(intent_meta, dict) else None
        examples.append(Example(m.get("text"), m.get("intent"), subset, list(m.get("entities") or []), None, language_of_file(path)))
    return examples


def load_blind(path: str = BLIND_DIR, language: str | None = None) -> list[Example]:
    """The blind set's single messages (tests/blind/messages_*.yml), gold values normalised.

    From a directory: every language's files, or only `language`'s (messages_fr.yml for
    French; the files without a language suffix are English). A date written ``vague``
    (a season, "two years ago") is left out of the date scores. An entity may hold a list
    of values when the message names several units or dates.
    """
    import yaml

    files = sorted(Path(path).glob("messages_*.yml")) if Path(path).is_dir() else [Path(path)]
    if language and Path(path).is_dir():
        files = [f for f in files if language_of_file(f) == language]
    examples = []
    for file in files:
        for item in yaml.safe_load(file.read_text(encoding="utf-8"))["messages"]:
            gold = [gold_value for key, values in (item.get("entities") or {}).items()
                    for gold_value in _blind_gold(key, values)]
            examples.append(Example(str(item["text"]), item["intent"], file.stem, [], gold, language_of_file(file)))
    return examples


def _blind_gold(key: str, values: Any) -> list[tuple[str, str, str | None]]:
    """A blind message's gold triples for one entity key: one value, or a list of them when
    the message names several (``model_number: [A1263, A1257]``)."""
    name, role = BLIND_ENTITY_KEYS[key]
    gold = []
    for value in values if isinstance(values, list) else [values]:
        if value is None:
            continue
        if str(value).lower() == "vague":  # any reading of "summer 2023" will do
            value = VAGUE
        gold.append((name, str(value).upper() if name in ("model_number", "ticket_id") else str(value), role))
    return gold


def load_examples(path: str, language: str | None = None) -> list[Example]:
    """A held-out set in Rasa's NLU format, or the blind set (a directory or messages_*.yml),
    of one language when given."""
    if Path(path).is_dir() or Path(path).name.startswith("messages_"):
        return load_blind(path, language)
    return load_holdout(path)


def language_sets(holdout: str, blind: str, language: str) -> tuple[str | None, str | None]:
    """The held-out file and blind set of a language: English uses `holdout` and `blind` as
    given; another language its own files beside them (tests/nlu_holdout_fr.yml,
    tests/blind/messages_fr.yml), None where one does not exist or `blind` is ''."""
    if language == "en":
        return (holdout if Path(holdout).exists() else None, blind if blind and Path(blind).exists() else None)
    own_holdout = Path(holdout).with_name(f"{Path(holdout).stem}_{language}.yml")
    own_blind = Path(blind) / f"messages_{language}.yml" if blind and Path(blind).is_dir() else None
    return (
        str(own_holdout) if own_holdout.exists() else None,
        str(own_blind) if own_blind and own_blind.exists() else None,
    )
