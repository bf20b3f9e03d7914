"""The console's aiohttp application: chat page, agents' console, review, JSON API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from aiohttp import web

from bot.db import get_engine, init_db
from bot.rasa_api import RasaClient
from bot.settings import Settings
from bot.web import agent, api, auth, background, chat, review
from bot.web.keys import JINJA, RASA, SETTINGS
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
    app[JINJA] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
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
    app.router.add_static("/static/", WEB_DIR / "static", name="static")
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    url = app[SETTINGS].database_url
    await asyncio.to_thread(init_db, get_engine(url))
    yield


async def _rasa_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    client = RasaClient(settings.rasa_url, settings.rasa_api_token)
    app[RASA] = client
    yield
    await client.close()
