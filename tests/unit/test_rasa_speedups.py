"""bot.rasa_speedups: action-server responses are checked as strictly as Rasa does, faster."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

GOOD = {
    "events": [{"event": "slot", "name": "model_number", "value": "A1263", "timestamp": None}],
    "responses": [{"text": "Your A1263 is part of the recall."}],
}


def test_good_responses_pass_and_bad_ones_fail_as_in_rasa() -> None:
    rasa_speedups.install()
    rasa_speedups.install()  # idempotent
    action = RemoteAction("action_check_recall", None)
    assert action._validate_action_result(GOOD) is True
    assert action._validate_action_result({}) is True
    for bad in ({"events": "not a list"}, {"events": [{"no": "event key"}]}, {"responses": [5]}):
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(bad)


def test_a_good_response_skips_rasas_schema_check() -> None:
    """jsonschema.validate re-checks the schema itself on each call: 19 ms against 0.3 ms here."""
    from unittest import mock

    rasa_speedups.install()
    action = RemoteAction("action_check_recall", None)
    with mock.patch("jsonschema.validate", side_effect=AssertionError("schema checked again")):
        assert action._validate_action_result(GOOD) is True
    assert rasa_speedups._response_validator() is rasa_speedups._response_validator()
