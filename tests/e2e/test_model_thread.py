"""The model's passes run off the event loop (bot/rasa_ext/model_thread.py), answering as before.

The trained model is loaded once; the same conversations go through Rasa's own
`Agent.handle_message` with the model on the loop (Rasa's code) and in its thread (ours):
the bot must say the same things, and every graph run of ours must happen in the model's
thread while the event loop keeps ticking.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from rasa.core.agent import Agent, load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor

from bot.ops.model_build import ensure_model
from bot.rasa_ext import model_thread, patches

# Turns answered by responses and rules alone (no action server in this test).
CONVERSATIONS = [
    ["hi", "what is this recall about?", "thanks, bye"],
    ["hello there", "thank you"],
    ["bonjour", "merci, au revoir"],
    ["hola", "gracias"],
    ["hallo", "danke, tschüss"],
]


async def _answers(agent: Agent, prefix: str) -> list[list[str]]:
    said = []
    for number, script in enumerate(CONVERSATIONS):
        for text in script:
            channel = CollectingOutputChannel()
            await agent.handle_message(UserMessage(text, channel, sender_id=f"{prefix}-{number}"))
            said.append([message.get("text") or message.get("template") or "" for message in channel.messages])
    return said


@pytest.fixture(scope="module")
def agent() -> Agent:
    patches.install()
    return asyncio.run(load_agent(model_path=str(ensure_model()[0])))


def test_the_model_runs_in_its_own_thread_and_answers_as_on_the_loop(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    graph_threads: list[str] = []
    rasa_run = agent.processor.graph_runner.run

    def run(*args: Any, **kwargs: Any) -> Any:
        graph_threads.append(threading.current_thread().name)
        return rasa_run(*args, **kwargs)

    monkeypatch.setattr(agent.processor.graph_runner, "run", run)
    # Rasa's own methods, even when an earlier test imported the channel that installs ours
    monkeypatch.setattr(MessageProcessor, "parse_message", model_thread.rasa_parse_message)
    monkeypatch.setattr(MessageProcessor, "_run_prediction_loop", model_thread.rasa_run_prediction_loop)

    on_the_loop = asyncio.run(_answers(agent, "loop"))
    assert graph_threads and set(graph_threads) == {threading.main_thread().name}
    assert all(said and all(said) for said in on_the_loop), on_the_loop  # every turn answered in words

    graph_threads.clear()
    monkeypatch.setattr(MessageProcessor, "parse_message", model_thread.parse_message)
    monkeypatch.setattr(MessageProcessor, "_run_prediction_loop", model_thread.run_prediction_loop)
    in_its_thread = asyncio.run(_answers(agent, "thread"))

    assert in_its_thread == on_the_loop
    assert graph_threads and all(name.startswith("rasa-model") for name in graph_threads)


def test_the_loop_keeps_ticking_while_the_model_works(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    rasa_run = agent.processor.graph_runner.run

    def slow_run(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.2)  # a model pass as long as one under heavy load
        return rasa_run(*args, **kwargs)

    monkeypatch.setattr(agent.processor.graph_runner, "run", slow_run)
    monkeypatch.setattr(MessageProcessor, "parse_message", model_thread.parse_message)
    monkeypatch.setattr(MessageProcessor, "_run_prediction_loop", model_thread.run_prediction_loop)

    async def turn_while_ticking() -> list[float]:
        gaps: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        await agent.handle_message(UserMessage("hi", CollectingOutputChannel(), sender_id="ticking"))
        done.set()
        await ticking
        return gaps

    gaps = asyncio.run(turn_while_ticking())
    assert len(gaps) > 20  # the turn took >= 0.4 s (two model passes at least) and the loop ran meanwhile
    assert max(gaps) < 0.15  # never blocked for a model pass (0.2 s each)


def test_rasa_model_thread_0_keeps_rasas_behaviour(monkeypatch: pytest.MonkeyPatch) -> None:
    assert model_thread.enabled({})
    assert model_thread.enabled({"RASA_MODEL_THREAD": "1"})
    assert not model_thread.enabled({"RASA_MODEL_THREAD": "0"})
    assert not model_thread.enabled({"RASA_MODEL_THREAD": " off "})

    # install() itself: with 0 Rasa's methods stay; otherwise ours replace them
    monkeypatch.setattr(MessageProcessor, "parse_message", model_thread.rasa_parse_message)
    monkeypatch.setattr(MessageProcessor, "_run_prediction_loop", model_thread.rasa_run_prediction_loop)
    monkeypatch.setenv("RASA_MODEL_THREAD", "0")
    model_thread.install()
    assert MessageProcessor.parse_message is model_thread.rasa_parse_message
    assert MessageProcessor._run_prediction_loop is model_thread.rasa_run_prediction_loop
    monkeypatch.setenv("RASA_MODEL_THREAD", "1")
    model_thread.install()
    assert MessageProcessor.parse_message is model_thread.parse_message
    assert MessageProcessor._run_prediction_loop is model_thread.run_prediction_loop
