"""Other customers' turns while label photos arrive: `python -m tests.bench.photo_turns`.

Issue 17 asks that reading a photo never stall other customers. One run of the real stack
(action server, Rasa server, console, SQLite): `--customers` simulated customers walk a
recall check over REST in a loop, first alone, then while `--photo-senders` customers each
send generated label photos (10-35 % of them phone-size, re-encoded in the Rasa server, read
by the OCR in the action server) back to back. Prints p50/p95/p99 of the text customers'
turns in both phases and the photo turns' own times. Asserts nothing: the figures are for people.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import time
import uuid

import aiohttp

from tests.bench.load import customer_session, rest_turn
from tests.bench.serving import percentile
from tests.bench.tail_latency import RECALL_CHECK

WARM_UP_SECONDS = 5.0


async def text_customer(number: int, url: str, until: float, measure_from: float, out: list[float]) -> None:
    async with customer_session(number) as http:
        while time.perf_counter() < until:
            sender = str(uuid.uuid4())
            for text in RECALL_CHECK:
                started = time.perf_counter()
                if started >= until:
                    return
                if await rest_turn(http, url, sender, text) and started >= measure_from:
                    out.append((time.perf_counter() - started) * 1000)


async def photo_customer(number: int, url: str, photos: list[bytes], until: float, out: list[float]) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
        index = number
        while time.perf_counter() < until:
            data = photos[index % len(photos)]
            index += 1
            body = {
                "sender": str(uuid.uuid4()),
                "message": "",
                "metadata": {"image": {"content_type": "image/jpeg", "data": base64.b64encode(data).decode()}},
            }
            started = time.perf_counter()
            async with http.post(f"{url}/webhooks/rest/webhook", json=body) as reply:
                await reply.read()
                if reply.status == 200:
                    out.append((time.perf_counter() - started) * 1000)


def _row(name: str, values: list[float]) -> str:
    if not values:
        return f"| {name} | 0 | | | |"
    return (
        f"| {name} | {len(values)} | {percentile(values, 0.5):.0f} | {percentile(values, 0.95):.0f} | "
        f"{percentile(values, 0.99):.0f} |"
    )


async def measure(url: str, customers: int, photo_senders: int, seconds: float, photos: list[bytes]) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    for phase, senders in (("text alone", 0), ("text while photos arrive", photo_senders)):
        begin = time.perf_counter()
        measure_from, until = begin + WARM_UP_SECONDS, begin + WARM_UP_SECONDS + seconds
        turns: list[float] = []
        photo_turns: list[float] = []
        await asyncio.gather(
            *(text_customer(n, url, until, measure_from, turns) for n in range(customers)),
            *(photo_customer(n, url, photos, until, photo_turns) for n in range(senders)),
        )
        results[phase] = turns
        if senders:
            results["photo turns (store + OCR + question)"] = photo_turns
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.photo_turns", description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=10)
    parser.add_argument("--photo-senders", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)

    from bot.ops.model_build import ensure_model
    from tests.fixtures.labels.make_labels import available_fonts, catalogue_models, make_sample
    from tests.stack import ROOM_FOR_SCRIPTED_CUSTOMERS, running_stack

    fonts, models = available_fonts(), catalogue_models()
    photos = [make_sample(i, half, 2024, fonts, models)[1] for i in range(6) for half in ("clean", "hard")]
    model, _ = ensure_model()
    room = {**ROOM_FOR_SCRIPTED_CUSTOMERS, "SENDER_BURST": "1000", "PHOTO_BURST": "1000", "PHOTOS_PER_SENDER_PER_HOUR": "100000"}
    with running_stack(model, label="photo-bench", env=room) as running:
        results = asyncio.run(measure(running.rasa_url, args.customers, args.photo_senders, args.seconds, photos))
    print(f"\n{args.customers} text customers, {args.photo_senders} photo senders, {args.seconds:.0f} s per phase")
    print("| turns | n | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- |")
    for name, values in results.items():
        print(_row(name, values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
