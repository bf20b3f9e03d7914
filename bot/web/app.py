"""The console's aiohttp application: chat page, agents' console, review, JSON API."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from aiohttp import web

from bot.core.db import get_engine
from bot.core.settings import Settings
from bot.ops.schema import create_tables
from bot.web import agent, api, auth, background, chat, photos, review
from bot.web.keys import JINJA, RASA, SETTINGS
from bot.web.rasa_api import RasaClient
from bot.web.security import error_middleware, security_headers

WEB_DIR = Path(__file__).resolve().parent
MAX_REQUEST_BYTES = 64 * 1024


def create_app(settings: Settings, *, run_background: bool = True) -> web.Application:
    """Build the console application.

    Args:
        settings: the configuration (database, Rasa URLs and tokens, port).
        run_background: run the fire-report safety net and alert retries every 2 s
            (tests switch it off to drive `bot.web.background.tick` themselves).
    """
    app = web.Application(middlewares=[error_middleware], client_max_size=MAX_REQUEST_BYTES)
    app[SETTINGS] = settings
    app[JINJA] = templates()
    app.on_response_prepare.append(security_headers)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_rasa_client)
    if run_background:
        app.cleanup_ctx.append(background.safety_net)

    chat.add_routes(app)
    auth.add_routes(app)
    agent.add_routes(app)
    review.add_routes(app)
    api.add_routes(app)
    photos.add_routes(app)
    app.router.add_static("/static/", WEB_DIR / "static", name="static")
    return app


def templates() -> jinja2.Environment:
    """The Jinja environment: autoescape on, so anything a customer typed stays text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["duration"] = duration
    env.filters["clock"] = clock
    return env


def duration(seconds: int | float) -> str:
    """`75` -> `1 min 15 s`; `4000` -> `1 h 6 min`."""
    seconds = max(int(seconds or 0), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def clock(epoch: float | None) -> str:
    """An event time as `HH:MM:SS UTC` (the console's script shows local time)."""
    if epoch is None:
        return ""
    try:
        moment = dt.datetime.fromtimestamp(float(epoch), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return ""
    return moment.strftime("%H:%M:%S UTC")


async def _database(app: web.Application) -> AsyncIterator[None]:
    url = app[SETTINGS].database_url
    await asyncio.to_thread(create_tables, get_engine(url))
    yield


async def _rasa_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    client = RasaClient(settings.rasa_url, settings.rasa_api_token)
    app[RASA] = client
    yield
    await client.close()
