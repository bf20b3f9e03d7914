"""`make test`'s short fuzz run (500 requests) against the end-to-end stack; `make bench` runs 10,000."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.fuzz.run import Fuzzer, Target

pytestmark = pytest.mark.e2e


def test_500_hostile_requests_no_5xx_no_garbage(stack: Any) -> None:
    target = Target(stack.rasa_url, stack.console_url, stack.rasa_token, stack.console_token)
    fuzzer = Fuzzer(target, seed=500)
    assert asyncio.run(fuzzer.run(500, concurrency=6)) == 0, "\n".join(fuzzer.report.failures[:20])
