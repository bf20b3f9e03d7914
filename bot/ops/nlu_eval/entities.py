"""Gold and predicted entities as comparable (entity, value, role) triples.

`GoldNormaliser` turns a held-out gold span into the value the pipeline should
produce (model numbers and dates through `bot.understanding.model_numbers`, imported
lazily), remembering spans it could not read and dates that read two ways;
`gold_entities` and `predicted_entities` list the triples the entity scores compare.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.ops.nlu_eval.data import Example, Prediction

NORMALISED_ENTITIES = ("model_number", "date")
LEARNED_ENTITIES = ("remedy", "ticket_id", "email")


@dataclass
class GoldNormaliser:
    """Turns a gold span into the value the pipeline should produce."""

    model_fn: Callable[[str], Any] | None = None
    dates_fn: Callable[[str], Any] | None = None
    problems: list[dict[str, str]] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> GoldNormaliser:
        norm = cls()
        try:  # imported lazily: bot.understanding.model_numbers is owned by the lead
            from bot.understanding.model_numbers import find_dates, normalise_model_number

            norm.model_fn, norm.dates_fn = normalise_model_number, find_dates
        except ImportError as exc:  # pragma: no cover - only before bot.understanding.model_numbers exists
            print(f"WARNING: bot.understanding.model_numbers not importable ({exc}); using a crude fallback", file=sys.stderr)
        return norm

    def model(self, span: str) -> str:
        value = None
        if self.model_fn is not None:
            try:
                value = _value_of(self.model_fn(span))
            except ValueError:  # a product name ("PowerCore 10000"), not a number
                value = self._from_product_name(span)
        if not value:
            if self.model_fn is not None:
                self.problems.append({"entity": "model_number", "span": span})
            value = "".join(ch for ch in span.upper() if ch.isalnum())
        return value

    @staticmethod
    def _from_product_name(span: str) -> str | None:
        try:
            from bot.understanding.model_numbers import find_model_numbers
        except ImportError:  # pragma: no cover
            return None
        for mention in find_model_numbers(span):
            if mention.value:
                return mention.value
            if mention.candidates:  # a name shared by several models: no single value
                return "AMBIGUOUS:" + "|".join(mention.candidates)
        return None

    def date(self, span: str, context: str | None = None) -> str | None:
        """The ISO value; None for a date that reads two ways (04/05/2023).

        An ambiguous date must not become an entity (the dialogue asks which one
        is meant), so it is left out of the date F1 and checked separately. The
        message around the span decides as it does for the pipeline: "04/05/2019" in
        "fabriqué le 04/05/2019" is the 4th of May (French writes the day first).
        """
        if self.dates_fn is not None:
            found = self._in_context(span, context) or self.dates_fn(span)
            if found:
                value = _value_of(found[0])
                if value:
                    return value
                if getattr(found[0], "problem", None) == "ambiguous":
                    self.ambiguous.append(span)
                    return None
        self.problems.append({"entity": "date", "span": span})
        return f"UNPARSED:{span.lower()}"


    def _in_context(self, span: str, context: str | None) -> list[Any]:
        """What the date reader finds for `span` when it reads the whole message."""
        if not context or self.dates_fn is None:
            return []
        return [d for d in self.dates_fn(context) if getattr(d, "text", None) == span][:1]


def _value_of(result: Any) -> str | None:
    if result is None:
        return None
    if isinstance(result, str):
        return result
    value = getattr(result, "value", None)
    if value is None and isinstance(result, dict):
        value = result.get("value")
    return str(value) if value else None


def gold_entities(example: Example, norm: GoldNormaliser) -> list[tuple[str, str, str | None]]:
    if example.gold is not None:
        return list(example.gold)
    out = []
    for e in example.entities:
        name = e.get("entity")
        span = example.text[e["start"] : e["end"]]
        if name == "model_number":
            out.append((name, norm.model(span), None))
        elif name == "date":
            value = norm.date(span, example.text)
            if value is not None:
                out.append((name, value, e.get("role")))
        elif name in LEARNED_ENTITIES:
            out.append((name, str(e.get("value") or span), None))
    return out


def predicted_entities(pred: Prediction) -> list[tuple[str, str, str | None]]:
    out = []
    for e in pred.entities:
        name = e.get("entity")
        if name in NORMALISED_ENTITIES or name in LEARNED_ENTITIES:
            out.append((name, str(e.get("value")), e.get("role")))
    return out
