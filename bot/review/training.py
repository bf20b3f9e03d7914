"""Training data from reviewed conversations: Rasa NLU examples and test stories (YAML).

Entity annotations use Rasa's markup: `[text](entity)`, or
`[text]{"entity": "date", "role": "purchase"}` when there is a role, group or value.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.core.rasa_events import HOUSEKEEPING_ACTIONS, Event
from bot.core.settings import PROJECT_DIR
from bot.review.masking import PII_SLOTS, Masker

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-.]{0,99}$")
MARKUP_RE = re.compile(
    r"\[(?P<text>[^\]\n]+?)\]" r"(?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|(?P<json>\{[^{}\n]+\}))"
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Slots a story need not (or must not) carry: personal data, Rasa's own bookkeeping.
STORY_SKIPPED_SLOTS = frozenset(PII_SLOTS) | {"session_started_metadata"}
STORY_SKIPPED_EVENTS = HOUSEKEEPING_ACTIONS | {"action_default_ask_affirmation"}


@functools.lru_cache(maxsize=1)
def _domain_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    import yaml

    try:
        domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return (), ()

    def names(key: str) -> tuple[str, ...]:
        found = []
        for entry in domain.get(key) or []:
            name = next(iter(entry), None) if isinstance(entry, dict) else entry
            if isinstance(name, str) and valid_name(name):
                found.append(name)
        return tuple(found)

    return names("intents"), names("entities")


def domain_intents() -> tuple[str, ...]:
    """The intents of the assistant's domain.yml (for the flag form's suggestions)."""
    return _domain_names()[0]


def domain_entities() -> tuple[str, ...]:
    """The entities of the assistant's domain.yml."""
    return _domain_names()[1]


class MarkupError(ValueError):
    """An annotated example that cannot be read."""


def one_line(text: str) -> str:
    """One line of text without control characters (YAML block scalars need that)."""
    return " ".join(CONTROL_RE.sub(" ", text or "").split())


def valid_name(name: str) -> bool:
    return bool(NAME_RE.match(name or ""))


def parse_markup(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and the entities (with character offsets) of an annotated example.

    Raises:
        MarkupError: for an entity or role name Rasa would not accept, or bad JSON.
    """
    markup = one_line(markup)
    plain: list[str] = []
    entities: list[dict[str, Any]] = []
    length = 0
    position = 0
    for match in MARKUP_RE.finditer(markup):
        before = markup[position : match.start()]
        plain.append(before)
        length += len(before)
        text = match.group("text")
        entity: dict[str, Any]
        if match.group("json"):
            try:
                entity = json.loads(match.group("json"))
            except ValueError:
                raise MarkupError(f"the annotation of “{text}” is not valid JSON") from None
            if not isinstance(entity, dict):
                raise MarkupError(f"the annotation of “{text}” must be a JSON object")
        else:
            entity = {"entity": match.group("entity")}
            if match.group("value"):
                entity["value"] = match.group("value")
        name = entity.get("entity")
        if not isinstance(name, str) or not valid_name(name):
            raise MarkupError(f"“{name}” is not a valid entity name (letters, digits, _ and -)")
        for key in ("role", "group"):
            if key in entity and not (isinstance(entity[key], str) and valid_name(entity[key])):
                raise MarkupError(f"the {key} of “{text}” is not a valid name")
        found = {"start": length, "end": length + len(text), "value": text, "entity": name}
        if isinstance(entity.get("value"), str) and entity["value"] != text:
            found["value"] = entity["value"]  # a synonym the lead wrote on purpose
            found["synonym"] = True
        for key in ("role", "group"):
            if entity.get(key):
                found[key] = entity[key]
        entities.append(found)
        plain.append(text)
        length += len(text)
        position = match.end()
    plain.append(markup[position:])
    return "".join(plain), entities


def _annotation(span: str, entity: Mapping[str, Any]) -> str:
    # Predicted values are the normaliser's (bot/understanding/model_numbers.py): written out they would
    # become synonyms. Only a value a lead wrote is kept.
    extra = {k: entity[k] for k in ("role", "group") if entity.get(k)}
    if entity.get("synonym") and entity.get("value") and entity["value"] != span:
        extra["value"] = entity["value"]
    if not extra:
        return f"[{span}]({entity['entity']})"
    return f"[{span}]" + json.dumps({"entity": entity["entity"], **extra}, ensure_ascii=False)


def annotate(
    text: str, entities: Iterable[Mapping[str, Any]], *, mask: Callable[[str], str] = lambda s: s
) -> str:
    """The example with its entities marked up; `mask` hides personal data in every piece.

    Entities without offsets, outside the text or overlapping an earlier one are left out.
    """
    spans = []
    for entity in entities:
        start, end, name = entity.get("start"), entity.get("end"), entity.get("entity")
        if not isinstance(start, int) or not isinstance(end, int) or not isinstance(name, str):
            continue
        if 0 <= start < end <= len(text) and valid_name(name):
            spans.append((start, end, entity))
    spans.sort(key=lambda item: (item[0], -item[1]))
    pieces: list[str] = []
    position = 0
    for start, end, entity in spans:
        if start < position:
            continue
        pieces.append(mask(text[position:start]))
        pieces.append(_annotation(mask(text[start:end]), entity))
        position = end
    pieces.append(mask(text[position:]))
    return one_line("".join(pieces))


# --- NLU training data ---------------------------------------------------------------


def nlu_yaml(examples: Iterable[tuple[str, str, list[dict[str, Any]]]]) -> str:
    """Rasa NLU training data (YAML, `version: "3.1"`) from (intent, text, entities).

    Examples are grouped by intent (sorted) and deduplicated.
    """
    grouped: dict[str, list[str]] = defaultdict(list)
    for intent, text, entities in examples:
        if not valid_name(intent):
            continue
        line = annotate(text, entities)
        if line and line not in grouped[intent]:
            grouped[intent].append(line)
    lines = ['version: "3.1"', "nlu:" if grouped else "nlu: []"]
    for intent in sorted(grouped):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {example}" for example in grouped[intent])
    return "\n".join(lines) + "\n"


# --- test stories ---------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """A YAML scalar for a slot value (JSON is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def story_yaml(
    events: Iterable[Event],
    *,
    name: str,
    masker: Masker,
    corrections: Mapping[int, tuple[str, str, list[dict[str, Any]]]] | None = None,
) -> str:
    """A Rasa test story (YAML) of one conversation.

    User steps carry the message (entities marked up, personal data masked) and its
    intent; a lead's correction of a message replaces the prediction. Actions, forms
    and slots follow as Rasa recorded them; personal slots, housekeeping actions and
    everything said while a person had the conversation are left out.

    Args:
        events: the conversation's events, oldest first.
        name: the story's name.
        masker: hides personal data in the messages.
        corrections: event id -> (intent, text, entities) flagged by a lead.
    """
    from bot.review.summaries import is_form_answer

    corrections = corrections or {}
    steps: list[str] = []
    paused = False
    form: str | None = None
    requested: str | None = None
    for event in events:
        kind = event.kind
        if kind == "pause":
            paused = True
        elif kind == "resume":
            paused = False
        elif paused:
            continue
        elif kind == "user":
            personal = requested in PII_SLOTS and is_form_answer(event, active_form=form, requested=requested)
            answer = requested if personal else None
            steps.extend(_user_step(event, masker, corrections.get(event.id), answer))
        elif kind == "action":
            action = event.event_name
            if action and action not in STORY_SKIPPED_EVENTS and valid_name(action):
                steps.append(f"  - action: {action}")
        elif kind in ("active_loop", "form"):
            form = event.event_name
            requested = None if form is None else requested
            if form is None or valid_name(form):
                steps.append(f"  - active_loop: {form if form else 'null'}")
        elif kind in ("restart", "session_started"):
            form, requested = None, None
        elif kind == "slot":
            slot = event.event_name
            value = event.value
            if slot == "requested_slot":
                requested = str(value) if value else None
            if slot and valid_name(slot) and slot not in STORY_SKIPPED_SLOTS and _plain(value):
                steps.append("  - slot_was_set:")
                steps.append(f"    - {slot}: {_scalar(value)}")
    title = one_line(name).replace('"', "'")
    lines = ['version: "3.1"', "stories:", f'- story: "{title}"']
    lines.append("  steps:" if steps else "  steps: []")
    lines.extend(steps)
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _user_step(
    event: Event,
    masker: Masker,
    correction: tuple[str, str, list[dict[str, Any]]] | None,
    answered_slot: str | None,
) -> list[str]:
    if correction is not None:
        intent, text, entities = correction
        annotated = annotate(text, entities)
    else:
        intent = event.intent or ""
        if event.is_payload:
            return _payload_step(event, intent)
        if answered_slot:  # an answer to the form, hidden as a whole when it is personal
            annotated = one_line(masker.answer(answered_slot, event.text))
        else:
            annotated = annotate(event.text, event.entities, mask=masker.text)
    if not valid_name(intent):
        return []
    if not annotated:
        return [f"  - intent: {intent}"]
    return ["  - user: |", f"      {annotated}", f"    intent: {intent}"]


def _payload_step(event: Event, intent: str) -> list[str]:
    if not valid_name(intent):
        return []
    lines = [f"  - intent: {intent}"]
    entities = [
        (e["entity"], e.get("value"))
        for e in event.entities
        if isinstance(e.get("entity"), str) and valid_name(e["entity"]) and _plain(e.get("value"))
    ]
    if entities:
        lines.append("    entities:")
        lines.extend(f"    - {entity}: {_scalar(value)}" for entity, value in entities)
    return lines
