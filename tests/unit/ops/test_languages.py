"""Every configured language is complete (bot.ops.languages), and the check finds a gap."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED
from bot.ops import languages


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_configured_language_is_complete(language: str) -> None:
    assert languages.problems(language) == []


def test_a_language_without_its_parts_is_reported(capsys) -> None:
    assert languages.main(["it"]) == 1
    out = capsys.readouterr().out
    assert "data/nlu/it: 0 examples of greet" in out
    assert "utter_greet: 0 variations for it" in out
    assert "missing tests/nlu_holdout_it.yml" in out
    assert "widget.js: no it strings" in out
    assert "missing bot/i18n/catalogue/it.yml" in out
    assert "missing bot/understanding/fire/data/it.txt" in out
