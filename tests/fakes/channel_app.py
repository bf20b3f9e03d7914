"""Serve one input channel's blueprint in-process, with a stand-in for the bot.

`serve_channel` mounts the blueprint at `/webhooks/<name>` on a fresh Sanic app in
the running event loop, as Rasa does, and records every UserMessage that reaches
the "bot"; the bot answers each message with the responses given (Rasa response
dicts: text, buttons), through the message's own output channel.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic


@dataclass
class ChannelServer:
    """A running channel: its base URL and what reached the bot."""

    url: str
    webhook_url: str
    received: list[UserMessage] = field(default_factory=list)

    @property
    def texts(self) -> list[str | None]:
        return [message.text for message in self.received]


@asynccontextmanager
async def serve_channel(
    channel: InputChannel, replies: list[dict[str, Any]] | None = None
) -> AsyncIterator[ChannelServer]:
    """Run `channel`'s webhook on a free local port until the block ends."""
    # test mode lets Sanic prepare its protocol again for each new app in a process
    Sanic.test_mode = True
    app = Sanic(f"channel_test_{uuid.uuid4().hex}", configure_logging=False)
    server = ChannelServer(url="", webhook_url="")

    async def on_new_message(message: UserMessage) -> None:
        server.received.append(message)
        for reply in replies or []:
            await message.output_channel.send_response(message.sender_id, copy.deepcopy(reply))

    prefix = f"/webhooks/{channel.url_prefix()}"
    app.blueprint(channel.blueprint(on_new_message), url_prefix=prefix)
    running = await app.create_server(host="127.0.0.1", port=0, return_asyncio_server=True)
    assert running is not None
    await running.startup()
    await running.before_start()
    await running.after_start()
    port = running.server.sockets[0].getsockname()[1]
    server.url = f"http://127.0.0.1:{port}"
    server.webhook_url = f"{server.url}{prefix}/webhook"
    try:
        yield server
    finally:
        await running.before_stop()
        running.close()
        await running.wait_closed()
        await running.after_stop()


async def post(url: str, body: bytes | str, headers: dict[str, str]) -> tuple[int, str]:
    """POST a raw body; the status and the response text."""
    import aiohttp

    data = body.encode("utf-8") if isinstance(body, str) else body
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=data, headers=headers) as reply:
            return reply.status, await reply.text()


async def get(url: str) -> tuple[int, str]:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(url) as reply:
            return reply.status, await reply.text()
