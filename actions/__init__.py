"""Thin Rasa SDK actions: read slots, call one `bot.` service, return events."""

from actions import ask, handoff, recall, returns, ticket_status  # noqa: F401  (registers the actions)
