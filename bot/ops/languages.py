"""Is every configured language complete? One check per part a language needs.

    python -m bot.ops.languages [fr de ...]

Prints what is missing for each configured language (bot.i18n.SUPPORTED, or the codes
given) and exits 1 when anything is: training data for every intent, a variation of every
domain response, every action text, the fire safety net's words, month names for dates,
the widget's strings, the language detector, and the held-out and blind sets.
docs/LANGUAGES.md says how to add each part.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.i18n import DEFAULT, SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
MIN_EXAMPLES_PER_INTENT = 8
MIN_BLIND_MESSAGES = 120
MIN_BLIND_CONVERSATIONS = 15
# Intents whose examples sit in data/nlu/languages.yml for every language at once.
SHARED_INTENTS = {"change_language"}
# Intents no customer types: set by our NLU component from the message's metadata.
METADATA_INTENTS = {"label_photo"}

Check = Callable[[str], list[str]]


def _domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _intent_counts(folder: Path) -> Counter:
    counts: Counter = Counter()
    for file in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                counts[block["intent"]] += sum(1 for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- "))
    return counts


def training_data(language: str) -> list[str]:
    """data/nlu/<language>/ has examples of every intent (English: data/nlu/*.yml)."""
    folder = ROOT / "data" / "nlu" / ("" if language == DEFAULT else language)
    counts = _intent_counts(folder)
    wanted = [i for i in _domain()["intents"] if i not in SHARED_INTENTS | METADATA_INTENTS]
    return [
        f"data/nlu/{language}: {counts[intent]} examples of {intent} (at least {MIN_EXAMPLES_PER_INTENT})"
        for intent in wanted
        if counts[intent] < MIN_EXAMPLES_PER_INTENT
    ]


def response_variations(language: str) -> list[str]:
    """Every domain response has one variation for the language (English: the unconditioned one)."""
    problems = []
    for name, variations in (_domain().get("responses") or {}).items():
        languages = [_condition_language(v) for v in variations]
        count = languages.count(None if language == DEFAULT else language)
        if count != 1:
            problems.append(f"domain.yml {name}: {count} variations for {language} (one expected)")
    return problems


def _condition_language(variation: dict) -> str | None:
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return str(condition.get("value"))
    return None


def detector(language: str) -> list[str]:
    """lingua knows the language."""
    from lingua import IsoCode639_1

    return [] if hasattr(IsoCode639_1, language.upper()) else [f"lingua does not detect {language}"]


def evaluation_sets(language: str) -> list[str]:
    """A held-out set, and a blind set of single messages and whole customers."""
    problems = []
    if language == DEFAULT:
        holdout, blind = ROOT / "tests" / "nlu_holdout.yml", [ROOT / "tests" / "blind" / "messages_a.yml"]
        conversations = ROOT / "tests" / "blind" / "conversations.yml"
    else:
        holdout, blind = ROOT / "tests" / f"nlu_holdout_{language}.yml", [ROOT / "tests" / "blind" / f"messages_{language}.yml"]
        conversations = ROOT / "tests" / "blind" / f"conversations_{language}.yml"
    for path in (holdout, *blind, conversations):
        if not path.exists():
            problems.append(f"missing {path.relative_to(ROOT)}")
    if language != DEFAULT and not problems:
        messages = len(yaml.safe_load(blind[0].read_text(encoding="utf-8"))["messages"])
        customers = len(yaml.safe_load(conversations.read_text(encoding="utf-8"))["conversations"])
        if messages < MIN_BLIND_MESSAGES:
            problems.append(f"{blind[0].relative_to(ROOT)}: {messages} messages (at least {MIN_BLIND_MESSAGES})")
        if customers < MIN_BLIND_CONVERSATIONS:
            problems.append(f"{conversations.relative_to(ROOT)}: {customers} customers (at least {MIN_BLIND_CONVERSATIONS})")
    return problems


def action_texts(language: str) -> list[str]:
    """The actions' catalogue (bot/i18n/catalogue/<language>.yml) has every English key."""
    from bot.i18n.texts import CATALOGUE_DIR

    path = CATALOGUE_DIR / f"{language}.yml"
    if not path.exists():
        return [f"missing bot/i18n/catalogue/{language}.yml"]
    english = yaml.safe_load((CATALOGUE_DIR / f"{DEFAULT}.yml").read_text(encoding="utf-8"))
    own = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [f"bot/i18n/catalogue/{language}.yml: no {key}" for key in english if key not in own]


def fire_words(language: str) -> list[str]:
    """The fire safety net has the language's words (bot/understanding/fire/data/<language>.txt)."""
    if language == DEFAULT:
        return []
    path = ROOT / "bot" / "understanding" / "fire" / "data" / f"{language}.txt"
    return [] if path.exists() else [f"missing {path.relative_to(ROOT)} (the fire safety net's words)"]


def month_names(language: str) -> list[str]:
    """Dates: every month name the language's texts use is read back as that month."""
    from bot.i18n.texts import catalogue
    from bot.understanding.model_numbers import find_dates

    try:
        months = catalogue(language)["months"]
    except KeyError:
        return [f"no month names for {language}"]
    problems = []
    for number, name in enumerate(months, 1):
        found = [d.value for d in find_dates(f"{name} 2018")]
        if found != [f"2018-{number:02d}"]:
            problems.append(f"dates: '{name} 2018' reads as {found} (bot/understanding/dates.py)")
    return problems


def widget_strings(language: str) -> list[str]:
    """The chat widget has its strings in the language."""
    source = (ROOT / "bot" / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    return [] if re.search(rf"\b{language}\s*:\s*\{{", source) else [f"bot/web/static/widget.js: no {language} strings"]


CHECKS: list[Check] = [
    training_data,
    response_variations,
    action_texts,
    fire_words,
    month_names,
    detector,
    evaluation_sets,
    widget_strings,
]


def problems(language: str) -> list[str]:
    return [problem for check in CHECKS for problem in check(language)]


def main(argv: list[str] | None = None) -> int:
    languages = (argv if argv is not None else sys.argv[1:]) or list(SUPPORTED)
    missing = 0
    for language in languages:
        found = problems(language)
        missing += len(found)
        print(f"{language}: {'complete' if not found else f'{len(found)} missing'}")
        for problem in found:
            print(f"  - {problem}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
