"""The console JSON API of docs/INTERFACES.md (`Authorization: Bearer <CONSOLE_API_TOKEN>`)."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.escalation import handoffs
from bot.photos.records import ticket_photos
from bot.recall import tickets
from bot.recall.tickets import TicketError, TicketStatus
from bot.web.common import json_error, read_json_object, run_db
from bot.web.keys import SETTINGS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_ID_CHARS = 255


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/health", health)
    app.router.add_get("/api/tickets", list_tickets)
    app.router.add_post("/api/tickets/{public_id}/status", set_ticket_status)
    app.router.add_get("/api/handoffs", list_handoffs)


def require_api_token(handler: Handler) -> Handler:
    """401 unless the request carries `Authorization: Bearer <console API token>`."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        expected = request.app[SETTINGS].console_api_token
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
            error = json_error(401, "a valid bearer token is required")
            error.headers["WWW-Authenticate"] = 'Bearer realm="console"'
            raise error
        return await handler(request)

    return wrapper


def _conversation_id(request: web.Request) -> str:
    conversation_id = request.query.get("conversation_id", "").strip()
    if not conversation_id:
        raise json_error(400, "the query parameter conversation_id is required")
    if len(conversation_id) > MAX_ID_CHARS:
        raise json_error(400, f"conversation_id is longer than {MAX_ID_CHARS} characters")
    return conversation_id


async def health(request: web.Request) -> web.StreamResponse:
    """Liveness and database reachability; open to load balancers, says nothing private."""

    def ping(session: Session) -> None:
        session.execute(text("SELECT 1"))

    try:
        await run_db(request.app, ping)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return web.json_response({"status": "error", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


@require_api_token
async def list_tickets(request: web.Request) -> web.StreamResponse:
    conversation_id = _conversation_id(request)

    def listed(session: Session) -> list[dict]:
        found = tickets.list_tickets(session=session, conversation_id=conversation_id)
        photos = ticket_photos(session=session, ticket_ids=[t.id for t in found])
        return [tickets.as_api_dict(t, photos[t.id]) for t in found]

    return web.json_response({"tickets": await run_db(request.app, listed)})


@require_api_token
async def list_handoffs(request: web.Request) -> web.StreamResponse:
    conversation_id = _conversation_id(request)
    found = await run_db(
        request.app,
        lambda s: [
            handoffs.as_api_dict(h)
            for h in handoffs.list_handoffs(session=s, conversation_id=conversation_id)
        ],
    )
    return web.json_response({"handoffs": found})


@require_api_token
async def set_ticket_status(request: web.Request) -> web.StreamResponse:
    """Move a ticket on: `{"status": "label_sent"}`; 409 when the move is not allowed."""
    public_id = request.match_info["public_id"]
    body = await read_json_object(request)
    raw_status = body.get("status")
    try:
        status = TicketStatus(raw_status)
    except ValueError:
        allowed = ", ".join(s.value for s in TicketStatus)
        raise json_error(400, f"status must be one of: {allowed}") from None

    def move(session: Session) -> dict | None:
        if tickets.get_ticket(session=session, public_id=public_id) is None:
            return None
        return tickets.as_api_dict(tickets.set_status(session=session, public_id=public_id, status=status))

    try:
        moved = await run_db(request.app, move)
    except TicketError as error:
        raise json_error(409, str(error)) from None
    if moved is None:
        raise json_error(404, f"no ticket {public_id}")
    return web.json_response({"ticket": moved})
