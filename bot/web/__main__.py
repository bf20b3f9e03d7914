"""Serve the console: `python -m bot.web` (port from `CONSOLE_PORT`, default 8000)."""

from __future__ import annotations

import logging
import os

from aiohttp import web

from bot.core.settings import get_settings
from bot.web.app import create_app


def main() -> None:
    settings = get_settings()
    settings.check_secure()
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Development binds to this machine only; a deployment sets CONSOLE_HOST.
    all_interfaces = "0.0.0.0"  # noqa: S104 - outside development the console serves the network
    host = os.environ.get("CONSOLE_HOST") or ("127.0.0.1" if settings.is_development else all_interfaces)
    web.run_app(
        create_app(settings),
        host=host,
        port=settings.console_port,
        access_log=None,
        print=lambda _: print(
            f"Console on {settings.console_url} (listening on {host}:{settings.console_port})", flush=True
        ),
    )


if __name__ == "__main__":
    main()
