"""Tell the customer when a custom action failed in their turn (action server down).

Rasa 3.6 catches the error of a custom action that could not run (action server
down, timeout, 500), logs "Encountered an exception while running action '<name>'"
from `rasa.core.processor` and carries on without its events, so the customer hears
nothing. The limited channels (bot.channels.rest_socketio) `install()` a log handler on
that logger once and run each message inside `watch_turn()`; the handler records
the failed action in the turn's context (the whole turn runs in the channel's
task), and the channel then answers `SOMETHING_WENT_WRONG`.

A fire report needs no notice: FireSafetyPolicy has already given the safety
answer and paused the conversation, and the handoff `action_escalate_fire` could
not write is recorded later by the console's reconciler.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterator

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side. Please try again in a moment. If your power "
    "bank is burning, smoking or very hot, stop using it and keep away from it."
)



def something_went_wrong(customer_text: str) -> str:
    """`SOMETHING_WENT_WRONG` in the language of the customer's message (English when its
    words can't tell): the channel has no tracker at hand when the action server is down."""
    from bot.i18n.detect import language_of
    from bot.i18n.texts import text

    return text(language_of(customer_text), "something_went_wrong")


#: Failures that the fire policy and the reconciler already cover.
COVERED_ACTIONS = frozenset({"action_escalate_fire"})

PROCESSOR_LOGGER = "rasa.core.processor"
_FAILURE = re.compile(r"Encountered an exception while running action '([^']+)'")

_failed_actions: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("failed_actions", default=None)


class _FailureRecorder(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        failed = _failed_actions.get()
        if failed is None:
            return
        match = _FAILURE.match(str(record.msg))
        if match:
            failed.append(match.group(1))


_recorder = _FailureRecorder(level=logging.ERROR)


def install() -> None:
    """Listen to Rasa's processor log (idempotent); the Rasa server's channels call it once."""
    processor_logger = logging.getLogger(PROCESSOR_LOGGER)
    if _recorder not in processor_logger.handlers:
        processor_logger.addHandler(_recorder)


class Turn:
    """What went wrong while Rasa handled one message."""

    def __init__(self) -> None:
        self.failed_actions: list[str] = []

    @property
    def needs_notice(self) -> bool:
        """Whether the customer should be told to try again."""
        return any(name not in COVERED_ACTIONS for name in self.failed_actions)


@contextlib.contextmanager
def watch_turn() -> Iterator[Turn]:
    """Record the custom actions that fail while the body handles one message (after install())."""
    turn = Turn()
    token = _failed_actions.set(turn.failed_actions)
    try:
        yield turn
    finally:
        _failed_actions.reset(token)
