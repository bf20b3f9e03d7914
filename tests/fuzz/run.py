"""Hostile input against a running stack: `python -m tests.fuzz.run --requests 10000`.

Targets: the REST channel (hostile photos too: polyglots, a decompression bomb, GIF, SVG,
truncated, huge and broken base64, each checked for its clear answer), socket.io, the messaging webhooks
(/webhooks/{telegram,slack,facebook,twilio}/webhook), the console's /api/* and the
/login form. Bodies: huge, empty, binary, malformed JSON, deep nesting, control
characters, SQL and script injection, wrong types.

Fails (exit 1) on any 5xx, on a server that stops answering, or when the tracker of
a fuzzed sender holds an event that is not valid. Without --rasa-url it starts its
own stack (tests/stack.py, with the limited channels) in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import string
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import yarl

INJECTIONS = [
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "A1263' UNION SELECT password_hash FROM console_users --",
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "${jndi:ldap://127.0.0.1/a}",
    "../../../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=y",
    "/restart",
    "/report_fire",
    '/inform{"model_number": "A1263"}',
    "/session_start",
    "\u202eA1263\u202d",
    "A1263\x00from\x00March 2018",
    "\ud800\udfff",
]
VALID_EVENTS = {
    "user", "bot", "action", "slot", "session_started", "action_execution_rejected", "active_loop", "loop",
    "user_featurization", "followup", "reset_slots", "restart", "undo", "rewind", "pause", "resume",
    "reminder", "cancel_reminder", "agent", "export", "form_validation", "entities", "stack", "wrong_utterance",
    "wrong_action", "all_slots_reset",
}


CANT_OPEN = "I can't open that picture. Please send a photo of the label as a JPEG, PNG, WebP or HEIC image, under 10 MB."


def _hostile_photos() -> list[tuple[str, bytes | str, Any]]:
    """(name, bytes or ready base64, expected): "cant_open", "read" (a picture, re-encoded) or 413."""
    import io
    import zlib

    from PIL import Image

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (60_000).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0]))
    bomb += chunk(b"IDAT", zlib.compress(b"\x00" * 2_000_000, 9)) + chunk(b"IEND", b"")
    jpeg = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 60, 90)).save(jpeg, "JPEG")
    zip_tail = b"PK\x03\x04" + b"\x00" * 26 + b"<html><script>alert(1)</script></html>"
    return [
        ("gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "cant_open"),
        ("gifar", b"GIF89a" + b"\x00" * 20 + zip_tail, "cant_open"),
        ("png-bomb", bomb, "cant_open"),
        ("truncated-jpeg", jpeg.getvalue()[: len(jpeg.getvalue()) // 3], "cant_open"),
        ("svg-script", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "cant_open"),
        ("html-as-jpg", b"<!doctype html><script>alert(document.cookie)</script>", "cant_open"),
        ("pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "cant_open"),
        ("not-base64", "this is ** not base64 !!", "cant_open"),
        ("over-10-MB", "A" * 14_000_000, "cant_open"),  # within the body limit (13.4 MiB), over the picture limit
        ("huge-body", "A" * (15 * 1024 * 1024), 413),
        ("jpeg-html-zip-polyglot", jpeg.getvalue() + zip_tail, "read"),  # a real picture: re-encoded, the tail dropped
    ]


def _form_bytes(fields: dict[str, str]) -> bytes:
    """URL-encoded fields, lone surrogates included (aiohttp refuses to encode them)."""
    return urllib.parse.urlencode(fields, encoding="utf-8", errors="surrogatepass").encode("ascii")


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _random_text(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return ""
    if kind == 1:
        return "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randrange(1, 50)))
    if kind == 2:
        return rng.choice(INJECTIONS)
    if kind == 3:
        return "A1263 " * rng.randrange(300, 2000)
    if kind == 4:
        return "".join(chr(rng.randrange(0x80, 0x2FFF)) for _ in range(rng.randrange(1, 300)))
    if kind == 5:
        return rng.choice(["is my A1263 from March 2018 recalled?", "hi", "A-1257 made sept 2023", "help"]) + rng.choice(INJECTIONS)
    if kind == 6:
        return " " * rng.randrange(1, 100)
    if kind == 7:
        return "".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 400)))
    return rng.choice(["hello", "model 1263", "made in 2019", "I want a refund", "talk to a human"])


def _wrong_type(rng: random.Random) -> Any:
    return rng.choice([None, 0, -1, 1.5e308, True, [], ["a"], {}, {"$gt": ""}, "x" * 300, "", "a\nb", "\x00"])


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    senders: set[str] = field(default_factory=set)

    def record(self, target: str, status: int | str, detail: str = "", *, unsigned: bool = False) -> None:
        """Count an answer; a 5xx, a dropped connection, or a 2xx to an unsigned webhook call fails."""
        self.counts[(target, status)] += 1
        broken = (isinstance(status, int) and status >= 500) or status in ("ServerDisconnectedError", "ClientConnectorError")
        accepted_unsigned = unsigned and isinstance(status, int) and 200 <= status < 300
        if (broken or accepted_unsigned) and len(self.failures) < 50:
            reason = " (an unsigned webhook call was accepted)" if accepted_unsigned else ""
            self.failures.append(f"{target} -> {status}{reason} {detail[:200]}")


@dataclass
class Target:
    rasa_url: str
    console_url: str
    rasa_token: str
    console_token: str


class Fuzzer:
    def __init__(self, target: Target, seed: int) -> None:
        self.t = target
        self.rng = random.Random(seed)
        self.report = Report()

    def _rest_body(self) -> tuple[bytes, dict[str, str]]:
        rng = self.rng
        sender = str(uuid.uuid4())
        kind = rng.randrange(10)
        headers = {"Content-Type": "application/json"}
        if kind == 0:
            return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000))), headers
        if kind == 1:
            return b"", headers
        if kind == 2:
            return _deep(rng.choice([100, 1000, 20000])).encode(), headers
        if kind == 3:
            return json.dumps({"sender": sender, "message": "x"})[:-rng.randrange(1, 10)].encode(), headers
        if kind == 4:
            return json.dumps({"sender": _wrong_type(rng), "message": _random_text(rng)}).encode(), headers
        if kind == 5:
            return json.dumps({"sender": sender, "message": _wrong_type(rng)}).encode(), headers
        if kind == 6:
            metadata: Any = json.loads(_deep(50)) if rng.random() < 0.5 else {"a": "\x00" * 10, "b": _random_text(rng)}
            self.report.senders.add(sender)
            return json.dumps({"sender": sender, "message": _random_text(rng), "metadata": metadata}).encode(), headers
        if kind == 7:
            return ("x" * rng.choice([70_000, 1_100_000])).encode(), headers
        if kind == 8:
            return json.dumps([{"sender": sender, "message": "hi"}]).encode(), {"Content-Type": "text/plain"}
        self.report.senders.add(sender)
        return json.dumps({"sender": sender, "message": _random_text(rng)}).encode(), headers

    def _webhook_body(self) -> tuple[bytes, dict[str, str]]:
        rng = self.rng
        kind = rng.randrange(5)
        if kind == 0:
            return json.dumps({"update_id": _wrong_type(rng), "message": {"text": _random_text(rng), "chat": _wrong_type(rng)}}).encode(), {"Content-Type": "application/json"}
        if kind == 1:
            return f"Body={_random_text(rng)[:500]}&From=%00&MessageSid={'x' * rng.randrange(1, 100)}".encode(errors="replace"), {"Content-Type": "application/x-www-form-urlencoded"}
        if kind == 2:
            return json.dumps({"object": "page", "entry": [{"messaging": [_wrong_type(rng)]}]}).encode(), {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=00"}
        if kind == 3:
            return json.dumps({"type": "event_callback", "event": {"type": "message", "text": _random_text(rng), "user": _wrong_type(rng)}}).encode(), {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=00"}
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000))), {"Content-Type": rng.choice(["application/json", "application/x-www-form-urlencoded", "text/plain"])}

    async def one(self, http: aiohttp.ClientSession, number: int) -> None:
        rng = self.rng
        choice = rng.random()
        try:
            if choice < 0.45:
                body, headers = self._rest_body()
                await self._send(http, "rest", "POST", f"{self.t.rasa_url}/webhooks/rest/webhook", data=body, headers=headers)
            elif choice < 0.65:
                channel = rng.choice(["telegram", "slack", "facebook", "twilio"])
                body, headers = self._webhook_body()
                method = rng.choice(["POST", "POST", "POST", "GET"])
                query = "?hub.mode=subscribe&hub.verify_token=%00&hub.challenge=<x>" if method == "GET" else ""
                # None of these carries a valid signature, secret or verify token: never a 2xx.
                await self._send(http, channel, method, f"{self.t.rasa_url}/webhooks/{channel}/webhook{query}", data=body if method == "POST" else None, headers=headers, unsigned=True)
            elif choice < 0.8:
                await self._console(http)
            elif choice < 0.9:
                await self._socketio_http(http)
            else:
                await self._rasa_api(http)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.report.record("transport", type(error).__name__, str(error))

    async def _send(
        self, http: aiohttp.ClientSession, target: str, method: str, url: str | yarl.URL, *, unsigned: bool = False, **kwargs: Any
    ) -> None:
        async with http.request(method, url, **kwargs) as response:
            text = await response.read()
            self.report.record(target, response.status, text[:200].decode(errors="replace"), unsigned=unsigned)

    async def _console(self, http: aiohttp.ClientSession) -> None:
        rng = self.rng
        junk = rng.choice(INJECTIONS + ["", "x" * 5000, "%ff%fe", "1 OR 1=1"])
        auth = rng.choice([{"Authorization": f"Bearer {self.t.console_token}"}, {"Authorization": "Bearer " + junk[:100].replace("\n", "")}, {}, {"Authorization": "Basic Zm9vOmJhcg=="}])
        path = rng.choice(["/api/tickets", "/api/handoffs", "/api/health", f"/api/tickets/{uuid.uuid4().hex[:6]}/status", "/login"])
        if path == "/login":
            form = {rng.choice(["username", "password", "csrf", "next", "x" * 50]): junk for _ in range(3)}
            body = _form_bytes(form)  # lone surrogates go out as the invalid bytes they are
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            await self._send(http, "console", "POST", f"{self.t.console_url}/login", data=body, headers=headers, allow_redirects=False)
        elif path.endswith("/status"):
            await self._send(http, "console", "POST", f"{self.t.console_url}{path}", data=self._rest_body()[0], headers={**auth, "Content-Type": "application/json"})
        else:
            query = _form_bytes({"conversation_id": junk[:2000]}).decode("ascii")
            await self._send(http, "console", "GET", yarl.URL(f"{self.t.console_url}{path}?{query}", encoded=True), headers=auth)

    async def _socketio_http(self, http: aiohttp.ClientSession) -> None:
        rng = self.rng
        query = rng.choice(["EIO=4&transport=polling", "EIO=3&transport=polling", "EIO=99&transport=x", "transport=websocket", "EIO=4&transport=polling&sid=" + "x" * 100])
        if rng.random() < 0.5:
            await self._send(http, "socketio-http", "GET", f"{self.t.rasa_url}/socket.io/?{query}")
        else:
            await self._send(http, "socketio-http", "POST", f"{self.t.rasa_url}/socket.io/?{query}", data=self._rest_body()[0])

    async def _rasa_api(self, http: aiohttp.ClientSession) -> None:
        rng = self.rng
        token = rng.choice([self.t.rasa_token, "wrong", ""])
        sender = rng.choice([f"fuzz-{uuid.uuid4().hex[:8]}", "%00", "..%2f..%2f", "x" * 300])
        await self._send(http, "rasa-api", "GET", f"{self.t.rasa_url}/conversations/{sender}/tracker?token={token}")

    async def socketio_session(self, count: int) -> None:
        """Emit hostile socket.io events over a real connection."""
        import socketio

        client = socketio.AsyncClient(reconnection=False)
        replies: list[Any] = []
        client.on("bot_uttered", lambda data: replies.append(data))
        try:
            await client.connect(self.t.rasa_url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=10)
        except Exception as error:  # noqa: BLE001 - reported, not raised
            self.report.record("socketio", "connect-failed", str(error))
            return
        session_id = str(uuid.uuid4())
        self.report.senders.add(session_id)
        await client.emit("session_request", self.rng.choice([{"session_id": session_id}, None, "junk", {"session_id": ["x"]}]))
        await client.emit("session_request", {"session_id": session_id})
        for _ in range(count):
            payload = self.rng.choice(
                [
                    {"session_id": session_id, "message": _random_text(self.rng)},
                    {"session_id": _wrong_type(self.rng), "message": "hi"},
                    {"session_id": session_id, "message": _wrong_type(self.rng)},
                    {"session_id": session_id, "message": "hi", "metadata": "{not json"},
                    "just a string",
                    ["a", "list"],
                    None,
                ]
            )
            try:
                await client.emit("user_uttered", payload)
                self.report.record("socketio", "emitted")
            except Exception as error:  # noqa: BLE001
                self.report.record("socketio", type(error).__name__, str(error))
            await asyncio.sleep(0.02)
        await asyncio.sleep(1)
        self.report.record("socketio", "connected-after" if client.connected else "dropped")
        await client.disconnect()

    async def hostile_photos(self, http: aiohttp.ClientSession) -> None:
        """Each hostile file once over REST (and one over socket.io): the clear answer, nothing else."""
        import base64

        for name, data, expected in _hostile_photos():
            sender = str(uuid.uuid4())
            self.report.senders.add(sender)
            encoded = data if isinstance(data, str) else base64.b64encode(data).decode()
            body = json.dumps({"sender": sender, "message": "", "metadata": {"image": {"content_type": "image/jpeg", "data": encoded}}})
            async with http.post(f"{self.t.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}) as response:
                status = response.status
                raw = await response.read()
            target = f"photo:{name}"
            if expected == 413:
                self.report.record(target, status)
                if status != 413 and len(self.report.failures) < 50:
                    self.report.failures.append(f"{target} -> {status}, expected 413")
                continue
            texts = [r.get("text") for r in json.loads(raw)] if status == 200 else []
            self.report.record(target, status)
            ok = texts == [CANT_OPEN] if expected == "cant_open" else (len(texts) >= 1 and CANT_OPEN not in texts and texts[0].startswith("I couldn't"))
            if not ok and len(self.report.failures) < 50:
                self.report.failures.append(f"{target} -> {status} {texts!r}")

    async def alive(self, http: aiohttp.ClientSession) -> list[str]:
        dead = []
        for name, url in (
            ("rasa", f"{self.t.rasa_url}/status?token={self.t.rasa_token}"),
            ("console", f"{self.t.console_url}/api/health"),
        ):
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=20)) as response:
                    if response.status != 200:
                        dead.append(f"{name} answers {response.status}")
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                dead.append(f"{name} unreachable: {error}")
        return dead

    async def check_trackers(self, http: aiohttp.ClientSession, sample: int = 40) -> list[str]:
        problems = []
        for sender in list(self.report.senders)[:sample]:
            url = f"{self.t.rasa_url}/conversations/{sender}/tracker?token={self.t.rasa_token}"
            async with http.get(url) as response:
                if response.status != 200:
                    problems.append(f"tracker {sender}: {response.status}")
                    continue
                tracker = await response.json()
            for event in tracker.get("events") or []:
                name = event.get("event") if isinstance(event, dict) else None
                if name not in VALID_EVENTS:
                    problems.append(f"{sender}: unknown event {str(event)[:100]}")
                if name == "user":
                    text = event.get("text")
                    if not isinstance(text, str) or "\x00" in text or len(text) > 2000:
                        problems.append(f"{sender}: bad user text {str(text)[:80]!r} ({len(str(text))} chars)")
        return problems

    async def run(self, requests: int, concurrency: int = 8) -> int:
        started = time.monotonic()
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for number in range(requests):
                queue.put_nowait(number)

            async def worker() -> None:
                while not queue.empty():
                    await self.one(http, queue.get_nowait())

            sockets = [self.socketio_session(max(5, requests // 100)) for _ in range(max(1, requests // 2000))]
            await asyncio.gather(*(worker() for _ in range(concurrency)), *sockets, self.hostile_photos(http))
            dead = await self.alive(http)
            garbage = await self.check_trackers(http)
        elapsed = time.monotonic() - started
        self.print(requests, elapsed, dead, garbage)
        return 1 if (self.report.failures or dead or garbage) else 0

    def print(self, requests: int, elapsed: float, dead: list[str], garbage: list[str]) -> None:
        print(f"\n== fuzz: {requests} requests in {elapsed:.0f} s ({requests / elapsed:.0f}/s) ==")
        by_target: dict[str, Counter] = {}
        for (target, status), count in self.report.counts.items():
            by_target.setdefault(target, Counter())[str(status)] += count
        for target, statuses in sorted(by_target.items()):
            print(f"  {target:<14} " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
        for line in self.report.failures[:20]:
            print(f"  FAIL {line}")
        for line in dead:
            print(f"  DEAD {line}")
        for line in garbage[:20]:
            print(f"  GARBAGE {line}")
        print("  result: " + ("FAILED" if (self.report.failures or dead or garbage) else "no 5xx, servers alive, trackers clean"))


def _own_stack() -> contextlib.AbstractContextManager[Any]:
    """The stack in a temporary folder, with the messaging channels on the fake provider (as in tests/e2e)."""
    from bot.ops.model_build import MODEL_PATH, ensure_model
    from tests.stack import running_stack

    model = MODEL_PATH if MODEL_PATH.exists() else ensure_model()[0]
    return running_stack(model, label="fuzz", channels=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rasa-url")
    parser.add_argument("--console-url")
    parser.add_argument("--rasa-token", default="dev-rasa-token")
    parser.add_argument("--console-token", default="dev-console-token")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as own:
        if args.rasa_url:
            target = Target(args.rasa_url, args.console_url or args.rasa_url, args.rasa_token, args.console_token)
        else:
            running = own.enter_context(_own_stack())
            target = Target(running.rasa_url, running.console_url, running.rasa_token, running.console_token)
        return asyncio.run(Fuzzer(target, args.seed).run(args.requests, args.concurrency))


if __name__ == "__main__":
    sys.exit(main())
