"""Replies to form questions: answers, clear stops, fire reports, corrections."""

from __future__ import annotations

import pytest

from bot.safety import detect_fire_report
from bot.understanding.form_answers import find_correction, is_clear_stop, reads_as_detail


@pytest.mark.parametrize("text", ["stop", "cancel that", "forget it", "never mind", "ok never mind thanks", "nvm", "Stop!", "I changed my mind"])
def test_clear_stops(text: str) -> None:
    assert is_clear_stop(text)


@pytest.mark.parametrize("text", ["Mario Rossi", "what do you mean", "stop sign street 4", "don't cancel, my name is Ann Lee"])
def test_not_stops(text: str) -> None:
    assert not is_clear_stop(text)


def _fire_words(text: str) -> str | None:
    signal = detect_fire_report(text)
    return signal.matched if signal else None


@pytest.mark.parametrize(
    ("slot", "text"),
    [("customer_name", "Hannah Sparks"), ("customer_name", "Ashley Burns"), ("customer_name", "tyler burns"),
     ("country", "United Kingdom"), ("country", "Royaume-Uni"),  # the classifier once heard a fire in it
     ("street", "Flame Street 3, 80331 München"),
     ("street", "12 Burns Road, Leeds LS1 4AB"), ("email", "firefighter@example.com"),
     # a street named with a word the net reads as a misspelt fire word ("Burnet" ~ "burnt")
     ("street", "5100 Burnet Rd Apt 210, Austin, TX 78756, USA")],
)
def test_fire_words_inside_a_name_or_address(slot: str, text: str) -> None:
    assert reads_as_detail(slot, text, _fire_words(text))


@pytest.mark.parametrize(
    ("slot", "text"),
    [("customer_name", "FIRE"), ("customer_name", "Help Fire"), ("customer_name", "Fire Fire"), ("customer_name", "my name is on fire"),
     ("customer_name", "it burns"), ("customer_name", "charger burns"), ("customer_name", "everything burns"),
     ("street", "Smoke coming out at 12 Main St"), ("street", "the house is on fire at 12 Main St"), ("street", "Fire at 12 Main Street"),
     ("city", "it's smoking!!"), ("customer_name", "Smoke Everywhere")],
)
def test_fire_reports_in_a_form_are_still_fire_reports(slot: str, text: str) -> None:
    """Safety first: only a fire word that plainly names the person or the street passes."""
    assert not reads_as_detail(slot, text, _fire_words(text) or "fire")


@pytest.mark.parametrize(
    ("slot", "text"),
    [("customer_name", "Seamus Gallagher"), ("street", "Flat 3, 12 Church Lane, Leeds LS6 2AB, United Kingdom"),
     ("street", "Musterweg 3, 80331 München"), ("postcode", "75011")],
)
def test_the_classifier_alone_does_not_make_a_name_or_an_address_a_fire_report(slot: str, text: str) -> None:
    """No fire word the safety net knows, and the reply is the detail asked for."""
    assert _fire_words(text) is None
    assert reads_as_detail(slot, text, None)


@pytest.mark.parametrize(("slot", "text"), [("street", "it is getting hot"), ("city", "help please"), ("customer_name", "help")])
def test_the_classifier_alone_is_heard_when_the_reply_is_not_the_detail(slot: str, text: str) -> None:
    assert not reads_as_detail(slot, text, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the postcode is wrong, it should be 80331", {"postcode": "80331"}),
        ("my email is wrong", {"email": None}),
        ("email should be jan@example.nl", {"email": "jan@example.nl"}),
        ("the address", {"street": None, "city": None, "postcode": None, "country": None}),
        ("wrong address: Musterweg 3, 80331 München", {"address": "Musterweg 3, 80331 München"}),
        ("the house number is 12 not 21", {"street": None}),
        ("city should be Leeds", {"city": "Leeds"}),
        ("actually can i get a refund instead", {"remedy": "refund"}),
        ("change my name to Anna Schmidt", {"customer_name": "Anna Schmidt"}),
        ("no", None),
        ("yes that's right", None),
    ],
)
def test_corrections(text: str, expected: dict | None) -> None:
    assert find_correction(text) == expected
