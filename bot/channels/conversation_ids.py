"""Messaging conversation ids: `<channel>:<the provider's id>`.

A messaging customer's conversation is keyed by the channel's name and the provider's
own id for them: `telegram:123`, `twilio:+447700900123`, `twilio:whatsapp:+447700900123`
(Twilio's `whatsapp:` marker stays inside), `facebook:<PSID>`, `slack:<user id>`. The
prefix keeps each channel's customers apart from the others' and from web
conversations, which are random UUIDs (bot.channels.limits.web_conversation_id). Rasa hands an
output channel the conversation id; the channel takes the prefix off before it calls
the provider, and sends nothing to another channel's conversation.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

MESSAGING_CHANNELS = ("telegram", "twilio", "facebook", "slack")


def namespaced(channel: str, raw: str) -> str:
    """The conversation id of the provider's id `raw` on `channel`.

    Raises:
        ValueError: `channel` is not a messaging channel, or `raw` is empty.
    """
    if channel not in MESSAGING_CHANNELS:
        raise ValueError(f"not a messaging channel: {channel!r}")
    if not raw:
        raise ValueError("a provider id cannot be empty")
    return f"{channel}:{raw}"


def split(conversation_id: str) -> tuple[str, str] | None:
    """The (channel, provider id) of a messaging conversation id; None for any other id."""
    channel, colon, raw = conversation_id.partition(":")
    if colon and raw and channel in MESSAGING_CHANNELS:
        return channel, raw
    return None


def provider_id(conversation_id: str) -> str:
    """The provider's id inside a conversation id; any other id as it is."""
    parts = split(conversation_id)
    return parts[1] if parts else conversation_id


def recipient_for(channel: str, conversation_id: str) -> str | None:
    """Whom `channel` sends to for `conversation_id`; None (logged) for another channel's.

    An id without a prefix (one stored before the prefixes, a Slack channel id) goes as
    it is.
    """
    parts = split(conversation_id)
    if parts is None:
        return conversation_id
    if parts[0] != channel:
        logger.warning("The %s channel refused to send to a %s conversation", channel, parts[0])
        return None
    return parts[1]
