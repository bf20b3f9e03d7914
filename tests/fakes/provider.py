"""A local stand-in for the messaging providers' APIs (Telegram, Slack, Graph, Twilio).

Point the channels at it with `CHANNEL_API_BASE_URL=<FakeProvider.start()>`. Every
request is recorded; each answer is what the provider answers on success.

Files customers sent (photos) are served too: `add_file` puts bytes at a path, with the
provider's ways (an Authorization it requires, a redirect, a delay, no Content-Length);
`add_telegram_file` also makes Telegram's getFile answer for its file_id.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_TELEGRAM = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
_SLACK = re.compile(r"^/api/(?P<method>[\w.]+)$")
_GRAPH = re.compile(r"^/v[\d.]+/me/messages$")
_TWILIO = re.compile(r"^/2010-04-01/Accounts/(?P<sid>\w+)/Messages\.json$")


@dataclass
class RecordedRequest:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: str
    json: Any = None
    form: dict[str, list[str]] | None = None
    received_at: float = field(default_factory=time.time)

    @property
    def data(self) -> Any:
        """The parsed body: the JSON value, else the form as a name -> value dict."""
        if self.json is not None:
            return self.json
        if self.form is not None:
            return {name: values[-1] for name, values in self.form.items()}
        return None


@dataclass
class FakeFile:
    """A file the fake serves at a path (GET)."""

    data: bytes = b""
    content_type: str = "image/jpeg"
    status: int = HTTPStatus.OK
    #: the Authorization header the request must carry (else 401), as the provider checks it
    authorization: str | None = None
    #: answer 307 with this Location instead (Twilio's media URLs redirect to its CDN)
    redirect_to: str | None = None
    #: seconds to wait before answering (a slow provider)
    delay: float = 0.0
    #: send the body chunked, without Content-Length
    chunked: bool = False


def basic_auth(user: str, password: str) -> str:
    """The Authorization header value of HTTP basic auth."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class FakeProvider:
    """A threaded HTTP server that records requests and answers like the providers."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._requests: list[RecordedRequest] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._files: dict[str, FakeFile] = {}
        self._telegram_files: dict[str, dict[str, Any]] = {}
        self.base_url = ""

    def start(self) -> str:
        """Start serving; the base URL to use as CHANNEL_API_BASE_URL."""
        provider = self

        class Handler(_Handler):
            fake = provider

        self._server = ThreadingHTTPServer(self._address, Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-provider",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def requests(self, path_contains: str | None = None) -> list[RecordedRequest]:
        """The requests received so far (those whose path contains the string)."""
        with self._changed:
            return [r for r in self._requests if path_contains is None or path_contains in r.path]

    def wait_for(self, predicate: Callable[[RecordedRequest], bool], timeout: float = 10) -> RecordedRequest:
        """The first recorded request that matches, waiting up to `timeout` seconds.

        Raises:
            TimeoutError: no matching request arrived in time (the message lists what did).
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for request in self._requests:
                    if predicate(request):
                        return request
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{r.method} {r.path} {r.body[:120]}" for r in self._requests]
                    raise TimeoutError(f"no matching request in {timeout}s; received: {seen}")
                self._changed.wait(remaining)

    def add_file(self, path: str, data: bytes = b"", **options: Any) -> str:
        """Serve `data` at `path` (FakeFile's options); the file's absolute URL."""
        self._files[path] = FakeFile(data=data, **options)
        return f"{self.base_url}{path}"

    def add_telegram_file(
        self, token: str, file_id: str, data: bytes, *, file_path: str = "photos/file_1.jpg", **options: Any
    ) -> str:
        """A file Telegram keeps: getFile answers for `file_id`, the bytes are at /file/bot<token>/."""
        self._telegram_files[file_id] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": file_path,
        }
        return self.add_file(f"/file/bot{token}/{file_path}", data, **options)

    def file(self, path: str) -> FakeFile | None:
        return self._files.get(path)

    def clear(self) -> None:
        """Forget the recorded requests."""
        with self._changed:
            self._requests.clear()

    def __enter__(self) -> FakeProvider:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def _record(self, request: RecordedRequest) -> None:
        with self._changed:
            self._requests.append(request)
            self._changed.notify_all()

    def _answer(self, request: RecordedRequest) -> tuple[int, Any]:
        path, data = request.path, request.data or {}
        if match := _TELEGRAM.match(path):
            return HTTPStatus.OK, self._telegram(match["method"], data)
        if match := _SLACK.match(path):
            return HTTPStatus.OK, self._slack(match["method"], data)
        if _GRAPH.match(path):
            recipient = (data.get("recipient") or {}).get("id")
            if "sender_action" in data:
                return HTTPStatus.OK, {"recipient_id": recipient}
            return HTTPStatus.OK, {"recipient_id": recipient, "message_id": f"m_fake{next(self._ids)}"}
        if (match := _TWILIO.match(path)) and request.method == "POST":
            return HTTPStatus.CREATED, self._twilio_message(match["sid"], data)
        return HTTPStatus.NOT_FOUND, {"error": "not found", "path": path}

    def _telegram(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        if method == "sendMessage":
            result: Any = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": data.get("chat_id"), "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Recall", "username": "recall_bot"},
                "text": data.get("text"),
            }
            if data.get("reply_markup"):
                result["reply_markup"] = data["reply_markup"]
            return {"ok": True, "result": result}
        if method == "getMe":
            return {
                "ok": True,
                "result": {"id": 1, "is_bot": True, "first_name": "Recall", "username": "recall_bot"},
            }
        if method == "setWebhook":
            return {"ok": True, "result": True, "description": "Webhook was set"}
        if method == "getFile":
            found = self._telegram_files.get(str(data.get("file_id")))
            if found is None:
                return {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return {"ok": True, "result": found}
        return {"ok": True, "result": True}

    def _slack(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            message = {"type": "message", "bot_id": "BFAKE", "text": data.get("text", ""), "ts": ts}
            if data.get("blocks"):
                message["blocks"] = data["blocks"]
            return {"ok": True, "channel": data.get("channel"), "ts": ts, "message": message}
        return {"ok": True}

    def _twilio_message(self, account_sid: str, data: dict[str, Any]) -> dict[str, Any]:
        sid = f"SM{next(self._ids):032x}"
        now = formatdate(usegmt=True)
        return {
            "sid": sid,
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": data.get("Body", ""),
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": data.get("From"),
            "to": data.get("To"),
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json"},
            "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeProvider
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        url = urlsplit(self.path)
        served = self.fake.file(url.path) if self.command == "GET" else None
        if served is not None:
            self._serve_file(url.path, served)
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = raw.decode("utf-8", "replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        request = RecordedRequest(
            method=self.command,
            path=url.path,
            query=parse_qs(url.query, keep_blank_values=True),
            headers={name: value for name, value in self.headers.items()},
            body=body,
        )
        if content_type == "application/json" and body:
            try:
                request.json = json.loads(body)
            except ValueError:
                pass
        elif content_type == "application/x-www-form-urlencoded":
            request.form = parse_qs(body, keep_blank_values=True)
        status, answer = self.fake._answer(request)
        self.fake._record(request)
        payload = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _serve_file(self, path: str, served: FakeFile) -> None:
        self.fake._record(
            RecordedRequest(
                method=self.command,
                path=path,
                query=parse_qs(urlsplit(self.path).query, keep_blank_values=True),
                headers={name: value for name, value in self.headers.items()},
                body="",
            )
        )
        if served.delay:
            time.sleep(served.delay)
        try:
            if served.authorization is not None and self.headers.get("Authorization") != served.authorization:
                self._answer_bytes(HTTPStatus.UNAUTHORIZED, b'{"message": "Authenticate"}', "application/json")
            elif served.redirect_to is not None:
                self.send_response(HTTPStatus.TEMPORARY_REDIRECT)
                self.send_header("Location", served.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif served.chunked:
                self.send_response(served.status)
                self.send_header("Content-Type", served.content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(served.data), 256 * 1024):
                    piece = served.data[start : start + 256 * 1024]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self._answer_bytes(served.status, served.data, served.content_type)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client stopped reading: what a size cap does

    def _answer_bytes(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorded requests are the log."""
