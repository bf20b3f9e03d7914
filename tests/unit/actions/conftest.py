"""Action tests: a real Tracker, a CollectingDispatcher and the real domain.yml."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_PATH = Path(__file__).resolve().parents[3] / "domain.yml"


@functools.lru_cache(maxsize=1)
def load_domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_PATH.read_text())


def default_slots() -> dict[str, Any]:
    slots = load_domain()["slots"]
    return {name: spec.get("initial_value") for name, spec in slots.items()} | {"requested_slot": None}


def make_tracker(
    *,
    slots: dict[str, Any] | None = None,
    intent: str = "inform",
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    unit_details: dict[str, Any] | None = None,
    fire_signal: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender_id: str = "test-conversation",
    metadata: dict[str, Any] | None = None,
    channel: str = "rest",
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "unit_details": unit_details or {"models": [], "dates": []},
        "metadata": metadata or {},
    }
    if fire_signal:
        latest["fire_signal"] = fire_signal
    user = {
        "event": "user", "text": text, "parse_data": latest, "input_channel": channel, "metadata": metadata or {}
    }
    return Tracker(
        sender_id=sender_id,
        slots=default_slots() | (slots or {}),
        latest_message=latest,
        events=events or [user],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def domain() -> dict[str, Any]:
    return load_domain()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
