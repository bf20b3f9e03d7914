"""The trained model runs in one thread of its own, off the Rasa server's event loop.

Rasa 3.6 runs its graph (the NLU pipeline for a message, the policies for each next
action) synchronously on the event loop: while DIET or TED predicts, nothing else moves,
not another customer's HTTP request, not an action server's answer, not a tracker read
that has finished. At 50 customers that was most of the loop's lag (issue 16). Here
both passes go to a single worker thread: TensorFlow releases the interpreter while it
computes, so the loop serves other turns meanwhile, and since there is only one worker,
the graph's components (DIET, TED and its memo, spaCy, the fire policy) are never used by
two threads at once, exactly as before.

Only the two graph calls of a customer's turn move (`MessageProcessor.parse_message` and
the prediction in `MessageProcessor._run_prediction_loop`); everything around them is
Rasa's own code. `RASA_MODEL_THREAD=0` keeps Rasa's behaviour. Installed by
bot.channels.rest_socketio, which the Rasa server loads from credentials.yml.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import functools
import logging
import os
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.processor import MessageProcessor, structlogger
from rasa.exceptions import ActionLimitReached
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

ENV = "RASA_MODEL_THREAD"
ENV_VARS = (ENV,)  # for the deployment files' check (tests/unit/ops/test_deploy_files.py)

T = TypeVar("T")

_executor: concurrent.futures.ThreadPoolExecutor | None = None

# Rasa's own two methods, as they were before install() replaced them.
rasa_parse_message = MessageProcessor.parse_message
rasa_run_prediction_loop = MessageProcessor._run_prediction_loop


def enabled(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """On unless RASA_MODEL_THREAD is 0, false, no or off."""
    return environ.get(ENV, "").strip().lower() not in {"0", "false", "no", "off"}


async def in_model_thread(function: Callable[..., T], *args: Any) -> T:
    """Run `function(*args)` in the model's thread and wait for it without blocking the loop."""
    global _executor
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="rasa-model")
    return await asyncio.get_running_loop().run_in_executor(_executor, functools.partial(function, *args))


async def parse_message(
    self: MessageProcessor,
    message: Any,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """Rasa 3.6's `MessageProcessor.parse_message`, with the graph run in the model's thread."""
    if self.http_interpreter:
        parse_data = await self.http_interpreter.parse(message)
    else:
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        parse_data = await in_model_thread(self._parse_message_with_graph, message, tracker, only_output_properties)

    self._update_full_retrieval_intent(parse_data)
    structlogger.debug(
        "processor.message.parse",
        parse_data_text=copy.deepcopy(parse_data["text"]),
        parse_data_intent=parse_data["intent"],
        parse_data_entities=copy.deepcopy(parse_data["entities"]),
    )
    self._check_for_unseen_features(parse_data)
    return parse_data


async def run_prediction_loop(self: MessageProcessor, output_channel: Any, tracker: DialogueStateTracker) -> None:
    """Rasa 3.6's `MessageProcessor._run_prediction_loop`, with each prediction in the model's thread."""
    should_predict_another_action = True
    while should_predict_another_action and self._should_handle_message(tracker):
        try:
            action, prediction = await in_model_thread(self.predict_next_with_tracker_if_should, tracker)
        except ActionLimitReached:
            logger.warning(
                "Circuit breaker tripped. Stopped predicting more actions for sender '%s'.", tracker.sender_id
            )
            if self.on_circuit_break:
                self.on_circuit_break(tracker, output_channel, self.nlg)
            break

        if prediction.is_end_to_end_prediction:
            tracker = await self.run_action_extract_slots(output_channel, tracker)

        should_predict_another_action = await self._run_action(action, tracker, output_channel, self.nlg, prediction)


def install() -> None:
    """Move the model's two passes off the event loop (idempotent; RASA_MODEL_THREAD=0 leaves Rasa's)."""
    if not enabled() or getattr(MessageProcessor.parse_message, "_in_model_thread", False):
        return
    parse_message._in_model_thread = True  # type: ignore[attr-defined]
    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]
    MessageProcessor._run_prediction_loop = run_prediction_loop  # type: ignore[method-assign]
