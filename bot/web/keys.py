"""Typed keys of what the application keeps (aiohttp `AppKey`s)."""

from __future__ import annotations

import asyncio

import jinja2
from aiohttp import web

from bot.core.settings import Settings
from bot.web.rasa_api import RasaClient

SETTINGS = web.AppKey("settings", Settings)
JINJA = web.AppKey("jinja", jinja2.Environment)
RASA = web.AppKey("rasa", RasaClient)
BACKGROUND = web.AppKey("background", asyncio.Task)
