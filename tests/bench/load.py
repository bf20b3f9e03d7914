"""Simulated customers under load: `python -m tests.bench.load` (part of `make bench`).

Customers hold whole conversations (a recall check, a return, a fire report) over
REST and socket.io at concurrency 1, 10, 50 and 100, against

- `default`:  the one-machine default (bot.ops.launcher: one Rasa server, SQLite),
- `cluster`:  bot.ops.cluster (two Rasa servers behind nginx, PostgreSQL, Redis, RabbitMQ),
- `baseline`: Rasa's own starter assistant (`rasa init --no-prompt`, trained in a
  temporary folder) served the same way (`rasa run --enable-api`),

and prints per-turn p50/p95/p99, messages/s, errors, peak memory per process and the
ratios to the baseline. Then a short cProfile of the assistant's message handling
in-process says where the time of a turn goes. Asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from tests.bench.serving import memory_mb, percentile

RECALL = ["hi", "is my A1263 from March 2018 recalled?", "what should I do?", "thanks, bye"]
RETURN = [
    "is my A1257 made in September 2023 recalled?",
    "I'd like a replacement please",
    "Jane Smith",
    "jane@example.com",
    "12 High Street",
    "Leeds",
    "LS1 4AP",
    "United Kingdom",
    "yes",
]
FIRE = ["hello", "my power bank caught fire on the desk", "is anyone there?"]
CONVERSATIONS = [RECALL, RETURN, FIRE]
LEVELS = (1, 10, 50, 100)


@dataclass
class Result:
    target: str
    channel: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    memory: dict[str, float] = field(default_factory=dict)

    def row(self) -> str:
        lat = self.latencies or [0.0]
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (
            f"{self.target:<9} {self.channel:<9} {self.concurrency:>4}  {len(self.latencies):>5}  "
            f"{statistics.median(lat):7.0f} {percentile(lat, 0.95):7.0f} {percentile(lat, 0.99):7.0f}  "
            f"{rate:7.1f}  {self.errors:>5}"
        )


# -- customers -------------------------------------------------------------------------


def customer_address(number: int) -> str:
    """Each customer's own source address (127.0.x.y), as real customers have.

    nginx keeps a customer on one Rasa server by address (sticky socket.io), so
    customers sharing one address would all land on one server of the cluster.
    """
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


def customer_session(number: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(local_addr=(customer_address(number), 0))
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120))


async def rest_turn(http: aiohttp.ClientSession, url: str, sender: str, text: str) -> bool:
    """One customer message over REST; whether it was answered (200)."""
    try:
        async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
            await reply.read()
            return reply.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def rest_customer(number: int, url: str, script: list[str], result: Result) -> None:
    sender = str(uuid.uuid4())
    async with customer_session(number) as http:
        for text in script:
            started = time.perf_counter()
            ok = await rest_turn(http, url, sender, text)
            if ok:
                result.latencies.append((time.perf_counter() - started) * 1000)
            else:
                result.errors += 1


async def socketio_customer(number: int, url: str, script: list[str], result: Result, silent: frozenset[int]) -> None:
    import socketio

    http = customer_session(number)
    client = socketio.AsyncClient(reconnection=False, http_session=http)
    replies: asyncio.Queue[Any] = asyncio.Queue()
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    session_id = str(uuid.uuid4())
    try:
        await client.connect(url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.sleep(0.05)
        for turn, text in enumerate(script):
            while not replies.empty():
                replies.get_nowait()
            started = time.perf_counter()
            await client.emit("user_uttered", {"session_id": session_id, "message": text})
            # A turn the bot answers with nothing (ours: a paused conversation after the
            # fire report) is sent but not waited for: socket.io has no "done" signal.
            if turn not in silent:
                try:
                    await asyncio.wait_for(replies.get(), 60)
                    result.latencies.append((time.perf_counter() - started) * 1000)
                except asyncio.TimeoutError:
                    result.errors += 1
            # Let the rest of this turn's messages arrive before the next turn.
            await asyncio.sleep(0.1)
    except Exception:  # noqa: BLE001 - counted
        result.errors += 1
    finally:
        if client.connected:
            await client.disconnect()
        await http.close()


async def silent_turns(url: str) -> list[frozenset[int]]:
    """For each conversation, the turns the bot answers with nothing (asked once over REST).

    Rasa's starter assistant, trained afresh for each run, says nothing to some of our
    messages; a socket.io customer would wait for a reply that never comes.
    """
    silent = []
    async with customer_session(0) as http:
        for script in CONVERSATIONS:
            sender, quiet = str(uuid.uuid4()), set()
            for turn, text in enumerate(script):
                async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
                    if reply.status == 200 and not await reply.json():
                        quiet.add(turn)
            silent.append(frozenset(quiet))
    return silent


async def run_level(
    url: str, channel: str, concurrency: int, conversations: int, result: Result, silent: list[frozenset[int]]
) -> None:
    semaphore = asyncio.Semaphore(concurrency)

    async def one(number: int) -> None:
        async with semaphore:
            script = CONVERSATIONS[number % len(CONVERSATIONS)]
            if channel == "rest":
                await rest_customer(number, url, script, result)
            else:
                await socketio_customer(number, url, script, result, silent[number % len(CONVERSATIONS)])

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(conversations)))
    result.seconds = time.perf_counter() - started


# -- targets ---------------------------------------------------------------------------


@dataclass
class Running:
    name: str
    url: str
    stack: Any
    pids: dict[str, int]


def _no_limits() -> dict[str, str]:
    return {"SENDER_RATE_PER_MINUTE": "0", "IP_RATE_PER_MINUTE": "0"}


def start_default(model: Path) -> Running:
    from tests.stack import start_stack

    running = start_stack(model, label="load", env=_no_limits())
    return Running("default", running.rasa_url, running.stack, running.pids)


def start_cluster(model: Path) -> Running:
    from bot.ops.cluster.__main__ import prepare
    from bot.ops.cluster.stack import build_cluster, start_order
    from bot.ops.cluster.topology import ClusterConfig
    from tests.conftest import free_port

    name = uuid.uuid4().hex[:8]
    config = ClusterConfig(
        public_port=free_port(), rasa_ports=(free_port(), free_port()), action_ports=(free_port(), free_port()),
        actions_lb_port=free_port(), rasa_api_lb_port=free_port(), console_port=free_port(), consumer_port=free_port(),
        database_url=f"postgresql://postgres@127.0.0.1:5432/recall_load_{name}",
        queue=f"recall_events_load_{name}", exchange=f"rasa-exchange-load-{name}",
    )
    prepare(config)
    var_dir = Path(tempfile.mkdtemp(prefix="recall-load-cluster-"))
    stack = build_cluster(config, var_dir=var_dir, model_path=model, environ={**os.environ, "APP_ENV": "development", **_no_limits()})
    stack.start(start_order(stack), timeout=400)
    stack.config = config  # for clean-up
    return Running("cluster", config.public_url, stack, {n: s.process.pid for n, s in stack.services.items()})


def start_baseline() -> Running:
    """Rasa's starter assistant, trained in a temporary folder, served like ours."""
    from bot.core.settings import load_settings
    from bot.ops.launcher import BIN, Service, Stack
    from bot.ops.model_build import rasa_env
    from tests.conftest import free_port

    folder = Path(tempfile.mkdtemp(prefix="rasa-starter-"))
    env = rasa_env()
    log = folder / "init.log"
    with log.open("w") as out:
        subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder, env=env,
                       stdout=out, stderr=subprocess.STDOUT, check=True, timeout=1200)
    (folder / "credentials.yml").write_text("rest:\nsocketio:\n  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n  session_persistence: true\n")
    port = free_port()
    service = Service(
        "rasa",
        [str(BIN / "rasa"), "run", "--enable-api", "--auth-token", "bench", "--port", str(port), "--interface", "127.0.0.1",
         "--model", str(folder / "models"), "--credentials", str(folder / "credentials.yml"),
         "--endpoints", str(folder / "endpoints.yml"), "--cors", "*"],
        f"http://127.0.0.1:{port}/status?token=bench",
        folder / "rasa.log",
        env,
    )
    stack = Stack(load_settings({"APP_ENV": "development"}))
    stack.services["rasa"] = service
    stack.start(("rasa",), timeout=300)
    stack.folder = folder
    return Running("baseline", f"http://127.0.0.1:{port}", stack, {"rasa": service.process.pid})


def stop(running: Running) -> None:
    running.stack.stop()
    config = getattr(running.stack, "config", None)
    if config is not None:
        from bot.ops.cluster.services import drop_database
        from tests.cluster.conftest import _delete_broker_objects

        drop_database(config.database_url)
        _delete_broker_objects(config)
    folder = getattr(running.stack, "folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


# -- profile ---------------------------------------------------------------------------


def profile(model: Path, action_url: str | None, turns: int = 60) -> None:
    """cProfile of Agent.handle_text in this process (in-memory tracker store)."""
    import cProfile
    import logging
    import pstats

    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from bot.rasa_ext import patches as rasa_speedups

    configure_structlog(logging.WARNING)
    rasa_speedups.install()  # as in the Rasa server (bot.channels.rest_socketio installs it)

    async def go() -> None:
        endpoints = AvailableEndpoints(action=EndpointConfig(url=action_url) if action_url else None)
        agent = await load_agent(model_path=str(model), endpoints=endpoints)
        await agent.handle_text("warm up", sender_id="warm")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for number in range(turns):
            script = CONVERSATIONS[(number // 4) % 2]
            await agent.handle_text(script[number % len(script)], sender_id=f"prof-{number // 4}")
        profiler.disable()
        elapsed = (time.perf_counter() - started) / turns * 1000
        print(f"\n== where a turn's time goes (cProfile, {turns} turns in-process, {elapsed:.0f} ms a turn) ==")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative")
        rows = []
        for func, (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
            filename, _, name = func
            short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
            if any(key in short for key in ("rasa/nlu/", "rasa/core/policies", "rasa/core/processor", "rasa/core/actions/action.py", "bot/", "tensorflow/python/eager/def_function", "rasa/core/tracker_store", "rasa/engine/graph")):
                rows.append((cumulative, f"{short}:{name}"))
        for cumulative, where in sorted(rows, reverse=True)[:18]:
            print(f"  {cumulative / turns * 1000:7.1f} ms/turn  {where}")

    asyncio.run(go())


# -- main ------------------------------------------------------------------------------


def measure(running: Running, channels: list[str], levels: list[int], per_level: Callable[[int], int]) -> list[Result]:
    results = []
    silent = asyncio.run(silent_turns(running.url)) if "socketio" in channels else []  # asked once per target
    for channel in channels:
        for level in levels:
            result = Result(running.name, channel, level)
            asyncio.run(run_level(running.url, channel, level, per_level(level), result, silent))
            result.memory = {name: memory_mb(pid)[1] for name, pid in running.pids.items()}
            print(result.row(), flush=True)
            results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default="baseline,default,cluster")
    parser.add_argument("--channels", default="rest,socketio")
    parser.add_argument("--levels", default=",".join(str(n) for n in LEVELS))
    parser.add_argument("--conversations", type=int, default=0, help="per level (default: max(6, 2 x concurrency))")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    from bot.ops.model_build import MODEL_PATH, ensure_model

    model = MODEL_PATH if MODEL_PATH.exists() else ensure_model()[0]
    levels = [int(n) for n in args.levels.split(",")]
    channels = args.channels.split(",")

    def per_level(level: int) -> int:
        return args.conversations or max(6, 2 * level)

    header = f"{'target':<9} {'channel':<9} {'conc':>4}  {'turns':>5}  {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  {'msg/s':>7}  {'errors':>5}"
    print("\n== load: whole conversations (recall check, return, fire report) ==\n" + header, flush=True)
    all_results: list[Result] = []
    action_url = None
    starters = {"baseline": lambda: start_baseline(), "default": lambda: start_default(model), "cluster": lambda: start_cluster(model)}
    for target in args.targets.split(","):
        running = starters[target]()
        try:
            all_results += measure(running, channels, levels, per_level)
            peaks = {name: memory_mb(pid)[1] for name, pid in running.pids.items()}
            print(f"   peak memory ({target}): " + ", ".join(f"{n} {mb:.0f} MB" for n, mb in peaks.items()), flush=True)
            if target == "default" and not args.no_profile:
                action_url = f"http://127.0.0.1:{running.stack.settings.action_port}/webhook"
                os.environ["DATABASE_URL"] = running.stack.settings.database_url  # the catalogue's names
                profile(model, action_url)
        finally:
            stop(running)
    baseline = {(r.channel, r.concurrency): r for r in all_results if r.target == "baseline"}
    if baseline:
        print("\n== ratios to Rasa's starter assistant (targets: one server msg/s >= x0.80 and p95 <= x1.50; cluster msg/s > x1.00) ==")
        for result in all_results:
            base = baseline.get((result.channel, result.concurrency))
            if result.target == "baseline" or base is None or not base.latencies or not result.latencies:
                continue
            ratio_p50 = statistics.median(result.latencies) / max(statistics.median(base.latencies), 0.001)
            ratio_p95 = percentile(result.latencies, 0.95) / max(percentile(base.latencies, 0.95), 0.001)
            ratio_rate = (len(result.latencies) / result.seconds) / max(len(base.latencies) / base.seconds, 0.001)
            print(
                f"  {result.target:<8} {result.channel:<9} {result.concurrency:>4}:  "
                f"msg/s x{ratio_rate:.2f}, p50 x{ratio_p50:.2f}, p95 x{ratio_p95:.2f}, errors {result.errors}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
