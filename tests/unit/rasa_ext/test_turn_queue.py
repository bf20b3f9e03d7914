"""bot.rasa_ext.turn_queue: turns run a few at a time, in the order they arrived."""

from __future__ import annotations

import asyncio

import pytest

from bot.rasa_ext.turn_queue import DEFAULT_CONCURRENT_TURNS, TurnQueue, concurrent_turns


async def test_at_most_slots_run_and_the_rest_go_in_arrival_order() -> None:
    queue = TurnQueue(2)
    running: set[int] = set()
    most = 0
    started: list[int] = []

    async def turn(number: int) -> None:
        nonlocal most
        async with queue:
            started.append(number)
            running.add(number)
            most = max(most, len(running))
            for _ in range(3):  # a turn that yields several times, like a form turn
                await asyncio.sleep(0)
            running.discard(number)

    tasks = []
    for number in range(10):
        tasks.append(asyncio.create_task(turn(number)))
        await asyncio.sleep(0)  # they arrive one after another
    await asyncio.gather(*tasks)
    assert most == 2
    assert started == list(range(10))


async def test_a_newcomer_cannot_take_a_slot_from_the_oldest_waiter() -> None:
    queue = TurnQueue(1)
    order: list[str] = []
    await queue.__aenter__()  # the running turn
    waiter = asyncio.create_task(_take(queue, "waiter", order))
    await asyncio.sleep(0)
    await queue.__aexit__()  # the slot is handed to the waiter now...
    newcomer = asyncio.create_task(_take(queue, "newcomer", order))  # ...before it runs
    await asyncio.gather(waiter, newcomer)
    assert order == ["waiter", "newcomer"]


async def test_a_cancelled_waiter_loses_no_slot() -> None:
    queue = TurnQueue(1)
    await queue.__aenter__()
    cancelled = asyncio.create_task(_take(queue, "cancelled", []))
    await asyncio.sleep(0)
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    await queue.__aexit__()
    order: list[str] = []
    await asyncio.wait_for(_take(queue, "next", order), 1)
    assert order == ["next"] and queue.waiting == 0


async def _take(queue: TurnQueue, name: str, order: list[str]) -> None:
    async with queue:
        order.append(name)
        await asyncio.sleep(0)


def test_the_number_of_turns_comes_from_the_environment() -> None:
    assert concurrent_turns({}) == DEFAULT_CONCURRENT_TURNS
    assert concurrent_turns({"RASA_CONCURRENT_TURNS": "8"}) == 8
    assert concurrent_turns({"RASA_CONCURRENT_TURNS": "0"}) == 0  # off
    with pytest.raises(ValueError, match="whole number"):
        concurrent_turns({"RASA_CONCURRENT_TURNS": "many"})
    with pytest.raises(ValueError):
        TurnQueue(0)
