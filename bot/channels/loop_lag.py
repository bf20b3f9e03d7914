"""Event-loop lag of the Rasa server, for the benchmarks: how late a timer fires.

Off unless the environment variable RECALL_LOOP_LAG_FILE names a file. Then a task on
the server's event loop sleeps INTERVAL_SECONDS again and again and records how much
later than asked it woke: the time the loop spent on something that did not yield
(while it does, every other customer waits). About once a second it appends the
samples to the file as lines `<unix time> <lag in ms>`; tests/bench reads the window of
each load level from it.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

ENV = "RECALL_LOOP_LAG_FILE"
INTERVAL_SECONDS = 0.01
FLUSH_SECONDS = 1.0

_task: asyncio.Task | None = None


def start() -> None:
    """Start watching this loop, when RECALL_LOOP_LAG_FILE is set (idempotent)."""
    global _task
    path = os.environ.get(ENV)
    if not path or (_task is not None and not _task.done()):
        return
    _task = asyncio.get_running_loop().create_task(_watch(Path(path)))


async def _watch(path: Path) -> None:
    samples: list[str] = []
    flushed = time.monotonic()
    while True:
        asked = time.perf_counter()
        await asyncio.sleep(INTERVAL_SECONDS)
        late = max(0.0, time.perf_counter() - asked - INTERVAL_SECONDS)
        samples.append(f"{time.time():.3f} {late * 1000:.2f}\n")
        if time.monotonic() - flushed >= FLUSH_SECONDS:
            with path.open("a") as file:  # ~2 kB a second, only while benchmarking
                file.write("".join(samples))
            samples.clear()
            flushed = time.monotonic()


def read_lag(path: Path, since: float, until: float) -> list[float]:
    """The lag samples (ms) recorded between two unix times."""
    if not path.exists():
        return []
    lags = []
    for line in path.read_text().splitlines():
        moment, _, lag = line.partition(" ")
        try:
            if since <= float(moment) <= until:
                lags.append(float(lag))
        except ValueError:
            continue
    return lags
