"""Thin Rasa SDK actions: read slots, call one `bot.` service, return events."""

from actions import (  # noqa: F401  (registers the actions)
    ask,
    handoff,
    photos,
    recall,
    returns,
    ticket_status,
)
