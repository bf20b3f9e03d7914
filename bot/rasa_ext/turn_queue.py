"""Turns served in the order they arrived: a first-in, first-out queue in front of Rasa.

Without it, every customer's turn runs at once on the Rasa server's event loop. A turn
of ours gives the loop up several times (the action server is called for the form,
its validation and the recall check), and each time it waits behind every other turn
that is ready, so a form turn among 50 customers waits ~50 times as long as a turn
that never yields: the slowest customers wait far longer than the median (issue 16).
Here at most RASA_CONCURRENT_TURNS turns (default 4) run at a time, the others wait
in arrival order, and a slot goes straight to the oldest waiter when a turn ends: a
turn waits for the turns ahead of it, once, then runs among a few.

The queue is in front of the conversation lock (Agent.handle_message takes it), so a
turn never holds a lock, or a Redis lease, while it waits here. Installed by
bot.channels.rest_socketio, which the Rasa server loads from credentials.yml; every
input channel goes through Agent.handle_message.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import os
from typing import Any

from rasa.core.agent import Agent

ENV = "RASA_CONCURRENT_TURNS"
ENV_VARS = (ENV,)  # for the deployment files' check (tests/unit/ops/test_deploy_files.py)
DEFAULT_CONCURRENT_TURNS = 4


class TurnQueue:
    """An async gate of `slots` places, handed to waiters strictly in arrival order."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a turn queue needs at least one slot")
        self.slots = slots
        self._free = slots
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def waiting(self) -> int:
        return sum(1 for future in self._waiting if not future.done())

    async def __aenter__(self) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        try:
            await future  # the slot is handed over by _release: no newcomer can take it first
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release()  # handed a slot as it was cancelled: pass it on
            else:
                self._waiting.remove(future)
            raise

    async def __aexit__(self, *_: Any) -> None:
        self._release()

    def _release(self) -> None:
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(None)
                return
        self._free += 1


def concurrent_turns(environ: dict[str, str] | os._Environ = os.environ) -> int:
    """RASA_CONCURRENT_TURNS, or the default when unset; 0 turns the queue off."""
    raw = environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT_CONCURRENT_TURNS
    try:
        return max(0, int(raw))
    except ValueError as error:
        raise ValueError(f"{ENV} must be a whole number of turns, not {raw!r}") from error


def install() -> None:
    """Put every Agent.handle_message behind one queue per process (idempotent)."""
    original = Agent.handle_message
    if getattr(original, "_behind_turn_queue", False):
        return
    slots = concurrent_turns()
    if slots == 0:
        return
    queue = TurnQueue(slots)

    @functools.wraps(original)
    async def handle_message(self: Agent, message: Any) -> Any:
        async with queue:
            return await original(self, message)

    handle_message._behind_turn_queue = True  # type: ignore[attr-defined]
    Agent.handle_message = handle_message  # type: ignore[method-assign]
