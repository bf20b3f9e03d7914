"""Checks on the NLU training data (data/nlu/*.yml) and the held-out set.

The files are read with Rasa's own reader so that what is checked is what
`rasa train` sees.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
NLU_DIR = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "nlu_holdout.yml"
# Every language's held-out set (tests/nlu_holdout_fr.yml ...): none of it may be trained on.
HOLDOUTS = sorted((ROOT / "tests").glob("nlu_holdout*.yml"))

INTENTS = {
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "out_of_scope",
    "affirm",
    "deny",
    "cancel",
    "check_recall",
    "inform",
    "ask_where_model_number",
    "ask_where_date",
    "dont_know",
    "ask_recall_info",
    "report_overheating",
    "report_fire",
    "request_human",
    "request_return",
    "ticket_status",
    "label_photo",  # also set by our NLU component on any message with a photo (issue 17)
    "change_language",  # also set by our NLU component on "en français svp" (issue 18)
}
ENTITIES = {"model_number", "date", "remedy", "ticket_id", "email"}
ROLES = {"date": {"purchase"}}
REMEDY_VALUES = {"refund", "replacement"}

MIN_TRAIN = 40
MIN_TRAIN_RICH = {"report_fire": 80, "check_recall": 80, "inform": 80}
MIN_HOLDOUT = 15
MIN_HOLDOUT_FIRE = 50
MIN_HOLDOUT_LOOKALIKES = 25
MIN_HOLDOUT_TOTAL = 320


def norm(text: str) -> str:
    """Lower-case, collapse whitespace, drop trailing punctuation."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    return text.rstrip(" .!?")


def subset(message) -> str | None:
    meta = message.get("metadata") or {}
    intent_meta = meta.get("intent") or {}
    return intent_meta.get("subset") if isinstance(intent_meta, dict) else None


@pytest.fixture(scope="module")
def train():
    return load_data(str(NLU_DIR))


@pytest.fixture(scope="module")
def holdout():
    return load_data(str(HOLDOUT))


def _counts(td) -> Counter:
    return Counter(m.get("intent") for m in td.intent_examples)


def test_training_intents_are_exactly_the_declared_ones(train):
    assert set(_counts(train)) == INTENTS


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_training_examples_per_intent(train, intent):
    need = MIN_TRAIN_RICH.get(intent, MIN_TRAIN)
    have = _counts(train)[intent]
    assert have >= need, f"{intent}: {have} training examples, need {need}"


def test_no_training_example_in_two_intents(train):
    owners = defaultdict(set)
    for m in train.intent_examples:
        owners[norm(m.get("text"))].add(m.get("intent"))
    clashes = {t: sorted(i) for t, i in owners.items() if len(i) > 1}
    assert not clashes, clashes


def test_no_duplicate_training_examples(train):
    counts = Counter(norm(m.get("text")) for m in train.intent_examples)
    dups = [t for t, n in counts.items() if n > 1]
    assert not dups, dups


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_no_holdout_message_in_training(train, path):
    trained = {norm(m.get("text")) for m in train.intent_examples}
    leaked = [m.get("text") for m in load_data(str(path)).intent_examples if norm(m.get("text")) in trained]
    assert not leaked, leaked


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_has_no_internal_duplicates(path):
    counts = Counter(norm(m.get("text")) for m in load_data(str(path)).intent_examples)
    dups = [t for t, n in counts.items() if n > 1]
    assert not dups, dups


def test_holdout_size_and_coverage(holdout):
    counts = _counts(holdout)
    assert set(counts) == INTENTS
    assert sum(counts.values()) >= MIN_HOLDOUT_TOTAL
    short = {i: n for i, n in counts.items() if n < MIN_HOLDOUT}
    assert not short, short
    assert counts["report_fire"] >= MIN_HOLDOUT_FIRE


def test_holdout_fire_lookalikes(holdout):
    lookalikes = [m for m in holdout.intent_examples if subset(m) == "lookalike"]
    assert len(lookalikes) >= MIN_HOLDOUT_LOOKALIKES
    assert all(m.get("intent") != "report_fire" for m in lookalikes)
    fire_words = re.compile(r"fire|flame|smoke|burn|explo|spark|melt", re.I)
    assert sum(bool(fire_words.search(m.get("text"))) for m in lookalikes) >= MIN_HOLDOUT_LOOKALIKES


def test_holdout_fire_subsets(holdout):
    fire_subsets = Counter(subset(m) for m in holdout.intent_examples if m.get("intent") == "report_fire")
    assert fire_subsets["fire_indirect"] >= 10
    assert fire_subsets["fire_noisy"] >= 10


def _check_annotations(td, where: str) -> None:
    problems = []
    for m in td.intent_examples:
        text = m.get("text")
        for e in m.get("entities") or []:
            name = e.get("entity")
            if name not in ENTITIES:
                problems.append((text, f"unknown entity {name!r}"))
                continue
            role = e.get("role")
            if role is not None and role not in ROLES.get(name, set()):
                problems.append((text, f"unknown role {role!r} for {name}"))
            span = text[e["start"] : e["end"]]
            if not span.strip() or span != span.strip():
                problems.append((text, f"bad span {span!r}"))
            if name == "remedy" and e.get("value") not in REMEDY_VALUES and span.lower() not in REMEDY_VALUES:
                problems.append((text, f"remedy value {e.get('value')!r}"))
            if name == "ticket_id" and not re.fullmatch(r"RT-\d{6}", span):
                problems.append((text, f"ticket id {span!r}"))
            if name == "email" and "@" not in span:
                problems.append((text, f"email {span!r}"))
    assert not problems, f"{where}: {problems}"


def test_training_annotations_use_known_entities(train):
    _check_annotations(train, "training")


def test_holdout_annotations_use_known_entities(holdout):
    _check_annotations(holdout, "holdout")


def test_entity_synonyms_map_to_remedies_or_normalised_models(train):
    for key, value in train.entity_synonyms.items():
        if value in REMEDY_VALUES:
            continue
        # model numbers: lower case -> the normalised form the pipeline produces
        assert re.fullmatch(r"A\d{4}", value) and key == value.lower(), (key, value)


def test_every_annotated_model_number_is_pinned_by_a_synonym(train):
    """Rasa's EntitySynonymMapper adds a self-reference for the first spelling of
    each annotated value; a lower-case "a1647" would then rewrite the pipeline's
    normalised "A1647". A synonym entry per model number prevents that."""
    pinned = {k for k, v in train.entity_synonyms.items() if re.fullmatch(r"A\d{4}", v)}
    for m in train.entity_examples:
        for e in m.get("entities") or []:
            value = str(e.get("value"))
            if e.get("entity") == "model_number" and re.fullmatch(r"[Aa]\d{4}", value):
                assert value.lower() in pinned, value


def test_model_and_ticket_mentions_are_annotated(train, holdout):
    """A model number like A1263 or a ticket id that is not annotated is a slip."""
    pattern = re.compile(r"\b(?:[Aa][-\s]?1\d{3}|RT-\d{6})\b")
    missing = []
    for td in (train, holdout):
        for m in td.intent_examples:
            text = m.get("text")
            spans = [(e["start"], e["end"]) for e in m.get("entities") or []]
            for hit in pattern.finditer(text):
                if not any(s <= hit.start() and hit.end() <= e for s, e in spans):
                    missing.append((text, hit.group()))
    # Corrections deliberately leave the wrong model unannotated ("... not a1681").
    missing = [x for x in missing if f"not {x[1].lower()}" not in x[0].lower()]
    assert not missing, missing


def test_holdout_gold_spans_are_readable_by_the_normaliser(holdout):
    """bot.ops.nlu_eval compares after normalisation: every gold span must normalise
    (a date that reads two ways is allowed; it is scored separately)."""
    pytest.importorskip("bot.understanding.model_numbers")
    from bot.ops.nlu_eval import Example, GoldNormaliser, gold_entities

    norm = GoldNormaliser.load()
    for m in holdout.intent_examples:
        gold_entities(Example(m.get("text"), m.get("intent"), None, list(m.get("entities") or [])), norm)
    assert not norm.problems, norm.problems
    assert len(norm.ambiguous) >= 3


def test_no_blind_message_in_training(train):
    """The blind set (tests/blind/) measures messages nobody trained on: never train on it."""
    from bot.ops.nlu_eval import load_blind

    trained = {norm(m.get("text")) for m in train.intent_examples}
    leaked = [e.text for e in load_blind() if norm(e.text) in trained]
    assert not leaked, leaked
