"""Messaging conversation ids are `<channel>:<provider id>`, out of the REST channel's reach."""

from __future__ import annotations

import json

import aiohttp
import pytest

from bot.channels.conversation_ids import namespaced, provider_id, recipient_for, split
from bot.channels.limits import Limits
from bot.channels.rest_socketio import LimitedRestInput
from tests.fakes.channel_app import serve_channel


@pytest.mark.parametrize(
    ("channel", "raw", "conversation_id"),
    [
        ("telegram", "123", "telegram:123"),
        ("twilio", "+447700900123", "twilio:+447700900123"),
        ("twilio", "whatsapp:+447700900123", "twilio:whatsapp:+447700900123"),
        ("facebook", "2500000000000001", "facebook:2500000000000001"),
        ("slack", "U0CUSTOMER", "slack:U0CUSTOMER"),
    ],
)
def test_ids_are_built_and_split_back(channel: str, raw: str, conversation_id: str) -> None:
    assert namespaced(channel, raw) == conversation_id
    assert split(conversation_id) == (channel, raw)
    assert provider_id(conversation_id) == raw
    assert recipient_for(channel, conversation_id) == raw


@pytest.mark.parametrize(
    "conversation_id",
    [
        "0b5e7c1e-3f6a-4d2b-9c8e-2a1f5d7e9b3c",
        "+447700900123",
        "whatsapp:+447700900123",
        "rest:1",
        "telegram:",
    ],
)
def test_other_ids_are_not_messaging_ids(conversation_id: str) -> None:
    assert split(conversation_id) is None
    assert provider_id(conversation_id) == conversation_id


@pytest.mark.parametrize(("channel", "raw"), [("rest", "x"), ("socketio", "x"), ("telegram", "")])
def test_only_messaging_channels_and_real_ids_are_namespaced(channel: str, raw: str) -> None:
    with pytest.raises(ValueError):
        namespaced(channel, raw)


def test_a_channel_never_delivers_to_another_channels_customer() -> None:
    assert recipient_for("telegram", "twilio:+447700900123") is None
    assert recipient_for("twilio", "telegram:123") is None
    # an id from before the prefixes (or a Slack channel id) goes as it is
    assert recipient_for("twilio", "whatsapp:+447700900123") == "whatsapp:+447700900123"


@pytest.mark.parametrize(
    "sender", ["+447700900123", "whatsapp:+447700900123", "telegram:123", "twilio:+447700900123", "123"]
)
async def test_the_rest_channel_cannot_reach_a_messaging_conversation(sender: str) -> None:
    async with serve_channel(LimitedRestInput(Limits())) as server:
        async with aiohttp.ClientSession() as http:
            body = json.dumps({"sender": sender, "message": "my power bank caught fire"})
            async with http.post(server.webhook_url, data=body) as reply:
                assert reply.status == 400
        assert server.received == []
