"""bot.channels.loop_lag: a blocked event loop shows up in the samples the benchmark reads."""

from __future__ import annotations

import asyncio
import time

from bot.channels import loop_lag


async def test_a_blocking_call_is_recorded_as_lag(tmp_path, monkeypatch) -> None:
    path = tmp_path / "lag.txt"
    monkeypatch.setenv(loop_lag.ENV, str(path))
    monkeypatch.setattr(loop_lag, "_task", None)
    since = time.time()
    loop_lag.start()
    loop_lag.start()  # idempotent: one watcher
    await asyncio.sleep(0.1)
    time.sleep(0.2)  # what the watcher must catch: the loop held by a blocking call
    await asyncio.sleep(loop_lag.FLUSH_SECONDS + 0.2)
    loop_lag._task.cancel()
    lags = loop_lag.read_lag(path, since, time.time())
    assert len(lags) > 20
    assert max(lags) >= 150
    assert sorted(lags)[len(lags) // 2] < 20  # an idle loop is not late


def test_off_without_the_environment_variable(monkeypatch) -> None:
    monkeypatch.delenv(loop_lag.ENV, raising=False)
    monkeypatch.setattr(loop_lag, "_task", None)
    loop_lag.start()  # no running loop needed: nothing starts
    assert loop_lag._task is None
    assert loop_lag.read_lag(loop_lag.Path("/nonexistent"), 0, 1) == []
