"""Message shaping shared by the channels, and the small memories they keep."""

from __future__ import annotations

import pytest

from bot.channels.formatting import choice_for_reply, numbered_choices, shorten, split_text
from bot.channels.memory import ExpiringMemory, OfferedChoices

REMEDY_BUTTONS = [
    {"title": "Refund", "payload": '/inform{"remedy": "refund"}'},
    {"title": "Replacement", "payload": '/inform{"remedy": "replacement"}'},
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("limit", [20, 50, 160, 1600])
def test_split_text_keeps_every_word_and_the_limit(limit: int) -> None:
    text = " ".join(f"word{i}" for i in range(400)) + ". End."
    parts = split_text(text, limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert " ".join(parts).split() == text.split()


def test_a_short_text_is_one_part() -> None:
    assert split_text("  Hello there.  ", 1600) == ["Hello there."]
    assert split_text("   ", 10) == []


def test_split_prefers_paragraphs_then_sentences() -> None:
    first, second = "A" * 30 + " first paragraph.", "Second paragraph here."
    assert split_text(f"{first}\n\n{second}", 60) == [first, second]
    text = "One sentence is here. Another sentence follows it closely."
    assert split_text(text, 40) == ["One sentence is here.", "Another sentence follows it closely."]


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_text_refuses_a_useless_limit() -> None:
    with pytest.raises(ValueError):
        split_text("text", 0)


def test_the_fire_safety_text_splits_within_twilio_and_messenger_limits() -> None:
    fire = "This is urgent, so safety first. " * 80
    for limit in (1600, 2000):
        parts = split_text(fire, limit)
        assert len(parts) == 2 and all(part.endswith(".") for part in parts)


def test_numbered_choices() -> None:
    assert numbered_choices("Would you like a refund or a replacement?", REMEDY_BUTTONS) == (
        "Would you like a refund or a replacement?\n\nReply with a number:\n1. Refund\n2. Replacement"
    )


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("1", '/inform{"remedy": "refund"}'),
        (" 2 ", '/inform{"remedy": "replacement"}'),
        ("2.", '/inform{"remedy": "replacement"}'),
        ("#1", '/inform{"remedy": "refund"}'),
        ("replacement", '/inform{"remedy": "replacement"}'),
        ("3", None),
        ("0", None),
        ("I want a refund please", None),
        ("", None),
    ],
)
def test_choice_for_reply(reply: str, expected: str | None) -> None:
    assert choice_for_reply(reply, REMEDY_BUTTONS) == expected


def test_shorten() -> None:
    assert shorten("Something is burning or smoking", 20) == "Something is burnin…"
    assert shorten("Refund", 20) == "Refund"


def test_expiring_memory_forgets_after_its_ttl() -> None:
    clock = Clock()
    memory: ExpiringMemory[str] = ExpiringMemory(ttl=10, clock=clock)
    memory.put("a", "1")
    clock.now += 9
    assert memory.get("a") == "1"
    clock.now += 2
    assert memory.get("a") is None


def test_expiring_memory_is_bounded() -> None:
    memory: ExpiringMemory[int] = ExpiringMemory(ttl=100, max_items=3)
    for number in range(5):
        memory.put(number, number)
    assert [memory.get(n) for n in range(5)] == [None, None, 2, 3, 4]


def test_seen_records_a_delivery_once() -> None:
    memory: ExpiringMemory[bool] = ExpiringMemory(ttl=100)
    assert memory.seen("SM1") is False
    assert memory.seen("SM1") is True


def test_an_offer_maps_only_the_next_reply() -> None:
    choices = OfferedChoices()
    choices.offer("+15550002222", REMEDY_BUTTONS)
    assert choices.resolve("+15550009999", "1") == "1"  # another sender
    assert choices.resolve("+15550002222", "2") == '/inform{"remedy": "replacement"}'
    assert choices.resolve("+15550002222", "2") == "2"  # the offer was answered


def test_a_different_answer_ends_the_offer() -> None:
    choices = OfferedChoices()
    choices.offer("s", REMEDY_BUTTONS)
    assert choices.resolve("s", "my power bank caught fire") == "my power bank caught fire"
    assert choices.resolve("s", "1") == "1"


def test_an_offer_expires() -> None:
    clock = Clock()
    choices = OfferedChoices(ttl=60, clock=clock)
    choices.offer("s", REMEDY_BUTTONS)
    clock.now += 61
    assert choices.resolve("s", "1") == "1"
