"""domain.yml's responses: the English variation first, then exactly one per configured language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.i18n import DEFAULT, LANGUAGE_SLOT, SUPPORTED

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def language_of(variation: dict) -> str | None:
    conditions = variation.get("condition") or []
    assert all(c.get("type") == "slot" and c.get("name") == LANGUAGE_SLOT for c in conditions), conditions
    assert len(conditions) <= 1
    return conditions[0]["value"] if conditions else None


def by_language(name: str) -> dict[str | None, list[dict]]:
    found: dict[str | None, list[dict]] = {}
    for variation in RESPONSES[name]:
        found.setdefault(language_of(variation), []).append(variation)
    return found


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_english_first_unconditioned_then_one_variation_per_language(name):
    assert "condition" not in RESPONSES[name][0], "the English variation comes first, with no condition"
    found = by_language(name)
    assert set(found) == {None, *(lang for lang in SUPPORTED if lang != DEFAULT)}
    assert all(len(variations) == 1 for variations in found.values()), name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_variation_keeps_the_placeholders_and_the_buttons(name):
    english = RESPONSES[name][0]
    for variation in RESPONSES[name][1:]:
        assert variation["text"].strip() and variation["text"] != english["text"]
        assert set(PLACEHOLDER.findall(variation["text"])) == set(PLACEHOLDER.findall(english["text"]))
        payloads = [b["payload"] for b in variation.get("buttons", [])]
        assert payloads == [b["payload"] for b in english.get("buttons", [])]
        assert all(b["title"].strip() for b in variation.get("buttons", []))


def test_the_fire_safety_answer_keeps_every_instruction_in_every_language():
    """The emergency numbers, and the dangers it warns of, in every language."""
    musts = {
        "fr": ["112", "911", "999", "eau", "ordures ménagères", "équipe"],
        "es": ["112", "911", "999", "agua", "basura doméstica", "equipo"],
        "de": ["112", "911", "999", "Wasser", "Hausmüll", "Sicherheitsteam"],
    }
    found = by_language("utter_fire_safety")
    for lang, words in musts.items():
        said = found[lang][0]["text"]
        assert all(word in said for word in words), (lang, [w for w in words if w not in said])
