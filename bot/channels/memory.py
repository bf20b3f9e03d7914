"""Small in-process memories with expiry: offered choices and already-seen deliveries.

They live in the Rasa server's process. With several Rasa servers, route each
sender to one server (docs/DEPLOYMENT.md); a choice offered on one server is then
answered on the same one.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from bot.channels.formatting import Button, choice_for_reply

V = TypeVar("V")


class ExpiringMemory(Generic[V]):
    """A bounded mapping whose entries expire `ttl` seconds after they were stored."""

    def __init__(
        self,
        *,
        ttl: float,
        max_items: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_items = max_items
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()

    def put(self, key: Hashable, value: V) -> None:
        """Store a value (replacing an older one) and forget what has expired."""
        self._items.pop(key, None)
        self._items[key] = (self._clock() + self._ttl, value)
        self._forget_expired()
        while len(self._items) > self._max_items:
            self._items.popitem(last=False)

    def get(self, key: Hashable) -> V | None:
        """The value stored for `key`, or None if there is none or it expired."""
        entry = self._items.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._items[key]
            return None
        return value

    def pop(self, key: Hashable) -> V | None:
        """Like `get`, and forget the entry."""
        value = self.get(key)
        self._items.pop(key, None)
        return value

    def seen(self, key: Hashable) -> bool:
        """Whether `key` was recorded and has not expired; records it either way."""
        known = self.get(key) is not None
        if not known:
            self.put(key, True)  # type: ignore[arg-type]
        return known

    def _forget_expired(self) -> None:
        now = self._clock()
        # entries are in order of storing, so the oldest come first
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now:
                break
            del self._items[key]


class OfferedChoices:
    """The buttons last offered to each sender as numbered text, for a while.

    Only the sender's next message may pick one: `resolve` forgets the offer, so a
    "2" typed later in the conversation is read as plain text.
    """

    def __init__(self, *, ttl: float = 30 * 60, clock: Callable[[], float] = time.monotonic):
        self._offers: ExpiringMemory[Sequence[Button]] = ExpiringMemory(ttl=ttl, clock=clock)

    def offer(self, sender_id: str, buttons: Sequence[Button]) -> None:
        """Remember the buttons just sent to `sender_id` as numbered choices."""
        self._offers.put(sender_id, [dict(button) for button in buttons])

    def forget(self, sender_id: str) -> None:
        """Drop the offer (the sender answered it another way, e.g. with a button)."""
        self._offers.pop(sender_id)

    def resolve(self, sender_id: str, text: str) -> str:
        """The payload picked by a reply to the last offer, else the reply itself."""
        buttons = self._offers.pop(sender_id)
        if not buttons:
            return text
        return choice_for_reply(text, buttons) or text
