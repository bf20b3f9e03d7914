"""Security headers on every response, and errors that never leak a traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from yarl import URL

from bot.web.keys import SETTINGS

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Pages that another site may show in a frame: only the customer chat page.
FRAMEABLE_PATHS = {"/"}
# Readable from other sites (the embeddable widget fetches its history); no cookies.
CROSS_ORIGIN_READABLE = {"/chat/history"}
PRIVATE_PREFIXES = ("/agent", "/review", "/login", "/logout", "/api/", "/chat/history")


def rasa_origins(rasa_public_url: str) -> list[str]:
    """The Rasa server's origin for `connect-src`, over HTTP(S) and WebSocket."""
    url = URL(rasa_public_url)
    if not url.scheme or not url.host:
        return []
    origin = str(url.origin())
    ws_scheme = "wss" if url.scheme == "https" else "ws"
    return [origin, str(url.origin().with_scheme(ws_scheme))]


def content_security_policy(rasa_public_url: str, *, frameable: bool) -> str:
    connect = " ".join(["'self'", *rasa_origins(rasa_public_url)])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {connect}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors *" if frameable else "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set the security headers on every response (pages, JSON, static files, errors)."""
    headers = response.headers
    path = request.path
    frameable = path in FRAMEABLE_PATHS
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(request.app[SETTINGS].rasa_public_url, frameable=frameable),
    )
    if not frameable:
        headers.setdefault("X-Frame-Options", "DENY")
    if path.startswith(PRIVATE_PREFIXES):
        headers.setdefault("Cache-Control", "no-store")
    if path in CROSS_ORIGIN_READABLE:
        headers.setdefault("Access-Control-Allow-Origin", "*")
    if request.secure or request.app[SETTINGS].console_url.startswith("https://"):
        # Served over https (directly or behind a TLS proxy): browsers never fall back to http.
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def wants_json(request: web.Request) -> bool:
    """Whether the caller reads JSON (API, polling endpoints, fetch from our scripts)."""
    return (
        request.path.startswith("/api/")
        or request.path in CROSS_ORIGIN_READABLE
        or request.path.endswith(".json")
        or "application/json" in request.headers.get("Accept", "")
    )


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """JSON callers get JSON errors; nobody gets a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400 or not wants_json(request) or error.content_type == "application/json":
            raise
        error.text = json.dumps({"error": error.reason if error.status != 404 else "not found"})
        error.content_type = "application/json"
        raise
    except Exception:
        logger.exception("error in %s %s", request.method, request.path)
        if wants_json(request):
            return web.json_response({"error": "internal error"}, status=500)
        return web.Response(text="Something went wrong on our side. Please try again.", status=500)
