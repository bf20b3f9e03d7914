"""Start-up time, per-turn latency over REST and memory of the one-machine default.

Run with `make bench`. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
import uuid
from pathlib import Path

CONVERSATION = [
    "hi",
    "is my A1263 from March 2018 recalled?",
    "is my power bank part of the recall?",
    "A1257",
    "made in sept 22",
    "thanks, bye",
]


def memory_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process and its children, in MB."""
    import os

    def read(p: int) -> tuple[int, int]:
        rss = peak = 0
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
        except OSError:
            pass
        return rss, peak

    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/stat").read_text().split()[3] == str(pid):
                    pids.append(int(entry))
            except OSError:
                continue
    totals = [read(p) for p in pids]
    return sum(t[0] for t in totals) / 1024, sum(t[1] for t in totals) / 1024


def post(url: str, body: dict) -> list:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


def fire_to_handoff(settings, alerts) -> tuple[list[float], list[float], list[float]]:
    """Seconds from a fire report to its safety answer, its urgent handoff in the
    console API and the alert webhook call, over a few reports."""
    answer, queue, webhook = [], [], []
    for _ in range(5):
        sender = str(uuid.uuid4())
        alerts.event.clear()
        t0 = time.perf_counter()
        post(f"{settings.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": "my power bank caught fire"})
        answer.append(time.perf_counter() - t0)
        url = f"{settings.console_url}/api/handoffs?conversation_id={sender}"
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {settings.console_api_token}"})
        while True:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if json.loads(response.read())["handoffs"]:
                    queue.append(time.perf_counter() - t0)
                    break
            time.sleep(0.02)
        while not any(b.get("handoff", {}).get("conversation_id") == sender for b in alerts.bodies):
            time.sleep(0.02)
        webhook.append(time.perf_counter() - t0)
    return answer, queue, webhook


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(rounds: int = 30) -> None:
    from bot.ops.model_build import ensure_model
    from tests.stack import ROOM_ABOVE_PAGING_CAPS, recording_webhook, running_stack

    model, trained = ensure_model()
    with recording_webhook() as alerts, running_stack(model, label="bench", alerts=alerts, env=ROOM_ABOVE_PAGING_CAPS) as running:
        report(running, rounds, trained)


def report(running, rounds: int, trained: float | None) -> None:
    """Measure a running stack (tests.stack.RunningStack) and print the figures."""
    settings = running.settings
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    latencies: list[float] = []
    for _ in range(rounds):
        sender = str(uuid.uuid4())
        for text in CONVERSATION:
            t0 = time.perf_counter()
            post(url, {"sender": sender, "message": text})
            latencies.append((time.perf_counter() - t0) * 1000)
    parse_times = []
    for text in CONVERSATION * 10:
        t0 = time.perf_counter()
        post(f"{settings.rasa_url}/model/parse?token={settings.rasa_api_token}", {"text": text})
        parse_times.append((time.perf_counter() - t0) * 1000)
    print("\n== one-machine default, sequential REST turns ==")
    print(f"model: {f'trained in {trained:.0f} s' if trained else 'reused'}")
    print(f"start-up (all three processes ready): {running.start_seconds:.1f} s")
    print(f"REST turn latency over {len(latencies)} turns: p50 {statistics.median(latencies):.0f} ms, "
          f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms")
    print(f"/model/parse: p50 {statistics.median(parse_times):.1f} ms, p95 {percentile(parse_times, 0.95):.1f} ms")
    answer, queue, webhook = fire_to_handoff(settings, running.alerts)
    print(f"fire report -> safety answer: median {statistics.median(answer) * 1000:.0f} ms; "
          f"-> urgent handoff in the console API: median {statistics.median(queue) * 1000:.0f} ms "
          f"(max {max(queue) * 1000:.0f}); -> alert webhook: median {statistics.median(webhook) * 1000:.0f} ms")
    for name, pid in running.pids.items():
        rss, peak = memory_mb(pid)
        print(f"memory {name:<8} rss {rss:7.0f} MB  peak {peak:7.0f} MB")


if __name__ == "__main__":
    main()
