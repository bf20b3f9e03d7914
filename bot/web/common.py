"""Helpers every route module uses: database work off the event loop, templates, errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.orm import Session

from bot.core.db import session_scope
from bot.web.keys import JINJA, SETTINGS

T = TypeVar("T")

_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    502: web.HTTPBadGateway,
}


async def run_db(app: web.Application, work: Callable[[Session], T]) -> T:
    """Run `work(session)` in a worker thread, in one transaction (committed on success).

    SQLite waits up to 30 s for a lock that Rasa holds; that wait must not stop the
    event loop.
    """
    url = app[SETTINGS].database_url

    def in_thread() -> T:
        with session_scope(url) as session:
            return work(session)

    return await asyncio.to_thread(in_thread)


def render(request: web.Request, template: str, *, status: int = 200, **context: Any) -> web.Response:
    """An HTML response from a template (autoescaped)."""
    context.setdefault("user", request.get("user"))
    context.setdefault("csrf_token", request.get("csrf_token", ""))
    html = request.app[JINJA].get_template(template).render(**context)
    return web.Response(text=html, status=status, content_type="text/html")


def json_error(status: int, message: str) -> web.HTTPException:
    """An HTTP error (to raise) whose body is `{"error": message}`."""
    error_class = _ERRORS.get(status, web.HTTPBadRequest)
    return error_class(text=json.dumps({"error": message}), content_type="application/json")


async def read_json_object(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 with a JSON error."""
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise json_error(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise json_error(400, "the body must be a JSON object")
    return body
