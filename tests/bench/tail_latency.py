"""No customer waits behind another: `python -m tests.bench.tail_latency` (part of `make bench`).

The profile of issue 16, measured in one run on this machine: over REST, each simulated
customer walks a recall check in a loop (greeting, question, model number, date,
thanks, goodbye; a new conversation each time round), 1, 10 and 50 customers at once,
against one Rasa server of ours (the `make run` stack: action server, Rasa server,
console, SQLite) and against Rasa's starter assistant (`rasa init`, served by `rasa run`).

Prints, and writes to results/bench/ (not committed), one table: per level, turns,
messages/s, p50/p95/p99 per turn, errors, the event-loop lag of our Rasa server
(bot/channels/loop_lag.py) and peak memory; then the ratios to the starter against the
targets, the start-up time of both (trained model, until every process answers) and,
with --train, training from scratch. Asserts nothing: the figures are for people.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.load import customer_session, rest_turn, start_baseline, stop
from tests.bench.serving import memory_mb, percentile

PROJECT_DIR = Path(__file__).resolve().parents[2]
RESULTS_DIR = PROJECT_DIR / "results" / "bench"
RECALL_CHECK = [
    "hi",
    "is my power bank part of the recall?",
    "it's an A1263",
    "made in March 2018",
    "thanks",
    "bye",
]
LEVELS = (1, 10, 50)
WARM_UP_SECONDS = 5.0
#: (level, figure, most ours / starter may be): the targets of issue 16.
TARGETS = (
    (50, "p95", 1.0),
    (50, "p99", 1.2),
    (10, "p95", 1.0),
    (1, "p50", 1.2),
)
THROUGHPUT_TARGET = (50, 1.2)  # msg/s at 50 customers: at least x1.2 the starter's
LOOP_LAG_TARGET_MS = 50.0  # p99 at 50 customers


@dataclass
class Level:
    target: str
    customers: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    loop_lag: list[float] = field(default_factory=list)

    def figure(self, name: str) -> float:
        values = self.latencies or [0.0]
        return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "p99": percentile(values, 0.99)}[name]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float | int | str | None]:
        lag = self.loop_lag
        return {
            "target": self.target,
            "customers": self.customers,
            "turns": len(self.latencies),
            "msg_per_s": round(self.rate, 1),
            "p50_ms": round(self.figure("p50")),
            "p95_ms": round(self.figure("p95")),
            "p99_ms": round(self.figure("p99")),
            "errors": self.errors,
            "loop_lag_p50_ms": round(statistics.median(lag), 1) if lag else None,
            "loop_lag_p99_ms": round(percentile(lag, 0.99), 1) if lag else None,
        }


# -- customers ---------------------------------------------------------------------------


async def customer(number: int, url: str, measure_from: float, until: float, level: Level) -> None:
    async with customer_session(number) as http:
        while time.perf_counter() < until:
            sender = str(uuid.uuid4())
            for text in RECALL_CHECK:
                started = time.perf_counter()
                if started >= until:
                    return
                ok = await rest_turn(http, url, sender, text)
                if started < measure_from:
                    continue  # warming up
                if ok:
                    level.latencies.append((time.perf_counter() - started) * 1000)
                else:
                    level.errors += 1


async def run_level(url: str, level: Level, seconds: float) -> tuple[float, float]:
    """Customers in a loop for `seconds` after the warm-up; returns the measured window (unix times)."""
    begin = time.perf_counter()
    measure_from = begin + WARM_UP_SECONDS
    until = measure_from + seconds
    window_start = time.time() + WARM_UP_SECONDS
    await asyncio.gather(*(customer(n, url, measure_from, until, level) for n in range(level.customers)))
    level.seconds = max(time.perf_counter() - measure_from, 0.001)
    return window_start, window_start + level.seconds


# -- the two assistants ------------------------------------------------------------------


def start_ours(model: Path, lag_file: Path, concurrent_turns: str | None):
    from tests.stack import start_stack

    env = {"SENDER_RATE_PER_MINUTE": "0", "IP_RATE_PER_MINUTE": "0", "RECALL_LOOP_LAG_FILE": str(lag_file)}
    if concurrent_turns is not None:
        env["RASA_CONCURRENT_TURNS"] = concurrent_turns
    started = time.perf_counter()
    running = start_stack(model, label="tail", env=env)
    return running, time.perf_counter() - started


def measure(name: str, url: str, pid: int, levels: list[int], seconds: float, lag_file: Path | None) -> tuple[list[Level], float]:
    from bot.channels.loop_lag import read_lag

    results = []
    for customers in levels:
        level = Level(name, customers)
        since, until = asyncio.run(run_level(url, level, seconds))
        if lag_file is not None:
            time.sleep(1.5)  # the watcher writes once a second
            level.loop_lag = read_lag(lag_file, since, until)
        results.append(level)
        print(_row(level.summary()), flush=True)
    return results, memory_mb(pid)[1]


def train_from_scratch() -> float:
    """Seconds for this project's `rasa train --force` (as `make run` trains), into a temporary folder."""
    from tests.bench import training

    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        return training.train_from_scratch(Path(out))


# -- report ------------------------------------------------------------------------------

HEADER = f"{'target':<8} {'cust':>4} {'turns':>6} {'msg/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'lag p50':>7} {'lag p99':>7}"


def _row(s: dict) -> str:
    lag50 = "-" if s["loop_lag_p50_ms"] is None else f"{s['loop_lag_p50_ms']:.1f}"
    lag99 = "-" if s["loop_lag_p99_ms"] is None else f"{s['loop_lag_p99_ms']:.1f}"
    return (
        f"{s['target']:<8} {s['customers']:>4} {s['turns']:>6} {s['msg_per_s']:>6.1f} {s['p50_ms']:>7} "
        f"{s['p95_ms']:>7} {s['p99_ms']:>7} {s['errors']:>6} {lag50:>7} {lag99:>7}"
    )


def verdicts(ours: list[Level], starter: list[Level]) -> list[str]:
    """One line per target of issue 16: the ratio, the limit, met or not."""
    mine = {level.customers: level for level in ours}
    theirs = {level.customers: level for level in starter}
    lines = []
    for customers, name, limit in TARGETS:
        if customers in mine and customers in theirs:
            ratio = mine[customers].figure(name) / max(theirs[customers].figure(name), 0.001)
            lines.append(f"{customers:>3} customers {name}: x{ratio:.2f} the starter's (target <= x{limit:.1f}) "
                         f"{'met' if ratio <= limit else 'NOT met'}")
    customers, least = THROUGHPUT_TARGET
    if customers in mine and customers in theirs:
        ratio = mine[customers].rate / max(theirs[customers].rate, 0.001)
        lines.append(f"{customers:>3} customers msg/s: x{ratio:.2f} the starter's (target >= x{least:.1f}) "
                     f"{'met' if ratio >= least else 'NOT met'}")
    if customers in mine and mine[customers].loop_lag:
        lag = percentile(mine[customers].loop_lag, 0.99)
        lines.append(f"{customers:>3} customers event-loop lag p99: {lag:.1f} ms (target < {LOOP_LAG_TARGET_MS:.0f} ms) "
                     f"{'met' if lag < LOOP_LAG_TARGET_MS else 'NOT met'}")
    return lines


def write_results(report: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"tail-latency-{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    (RESULTS_DIR / f"tail-latency-{stamp}.txt").write_text("\n".join(report["printed"]) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.tail_latency", description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default=",".join(str(n) for n in LEVELS))
    parser.add_argument("--seconds", type=float, default=40.0, help="measured per level, after a 5 s warm-up")
    parser.add_argument("--targets", default="starter,ours")
    parser.add_argument("--concurrent-turns", default=None, help="RASA_CONCURRENT_TURNS for our server (0: no queue)")
    parser.add_argument("--train", action="store_true", help="also time training from scratch")
    parser.add_argument("--model", type=Path, help="serve this model instead of models/ (e.g. one trained on English only)")
    args = parser.parse_args(argv)
    from bot.ops.model_build import MODEL_PATH, ensure_model

    model = args.model or (MODEL_PATH if MODEL_PATH.exists() else ensure_model()[0])
    levels = [int(n) for n in args.levels.split(",")]
    printed = [f"== tail latency: recall check in a loop over REST, {args.seconds:.0f} s per level ==", HEADER]
    print("\n".join(printed), flush=True)
    results: dict[str, list[Level]] = {}
    extra: dict[str, float] = {}
    for target in args.targets.split(","):
        if target == "starter":
            started = time.perf_counter()
            running = start_baseline()  # trains the starter first: its start-up is timed separately
            extra["starter_start_s"] = _restart_seconds(running)
            results[target], extra["starter_peak_rss_mb"] = measure(target, running.url, running.pids["rasa"], levels, args.seconds, None)
            stop(running)
            extra["starter_setup_s"] = time.perf_counter() - started
        else:
            with tempfile.TemporaryDirectory(prefix="bench-lag-") as folder:
                lag_file = Path(folder) / "loop-lag.txt"
                running, extra["ours_start_s"] = start_ours(model, lag_file, args.concurrent_turns)
                try:
                    rasa_pid = running.pids["rasa"]
                    results[target], extra["ours_peak_rss_mb"] = measure(target, running.rasa_url, rasa_pid, levels, args.seconds, lag_file)
                finally:
                    running.stop()
    for levels_done in results.values():
        printed += [_row(level.summary()) for level in levels_done]
    tail = []
    if "ours" in results and "starter" in results:
        tail += ["", "== against the starter (issue 16 targets) =="] + verdicts(results["ours"], results["starter"])
    if args.train:
        extra["ours_training_s"] = train_from_scratch()
    tail += ["", "== start-up, memory, training =="]
    names = {
        "ours_start_s": ("ours: every process answering (s, target <= 30)", 30.0),
        "starter_start_s": ("starter: Rasa answering (s)", None),
        "ours_peak_rss_mb": ("ours: peak RSS of the Rasa server (MB, target <= 1200)", 1200.0),
        "starter_peak_rss_mb": ("starter: peak RSS of the Rasa server (MB)", None),
        "ours_training_s": ("ours: training from scratch (s, target <= 150)", 150.0),
    }
    for key, (label, limit) in names.items():
        if key in extra:
            verdict = "" if limit is None else ("  met" if extra[key] <= limit else "  NOT met")
            tail.append(f"{label}: {extra[key]:.0f}{verdict}")
    print("\n".join(tail), flush=True)
    printed += tail
    path = write_results(
        {"levels": {t: [lv.summary() for lv in ls] for t, ls in results.items()}, "extra": extra, "printed": printed,
         "cores": os.cpu_count(), "concurrent_turns": args.concurrent_turns}
    )
    print(f"\nwritten to {path.relative_to(PROJECT_DIR)}")
    return 0


def _restart_seconds(running) -> float:
    """The starter's start-up with its model trained: stop its Rasa server and time it answering again."""
    service = running.stack.services["rasa"]
    service.stop()
    started = time.perf_counter()
    running.stack.start(("rasa",), timeout=300)
    running.pids["rasa"] = service.process.pid
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
