"""The providers' API clients, made in one place so tests can point them elsewhere.

`CHANNEL_API_BASE_URL` (unset in production) sends every outbound call of every
channel to one base URL instead of api.telegram.org, slack.com, graph.facebook.com
and api.twilio.com; the tests point it at a local fake (tests/fakes/provider.py).
Paths stay the providers' own, e.g. `{base}/bot<token>/sendMessage`,
`{base}/api/chat.postMessage`, `{base}/v25.0/me/messages`,
`{base}/2010-04-01/Accounts/<sid>/Messages.json`.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlparse, urlunparse

from fbmessenger import MessengerClient
from slack_sdk.web.async_client import AsyncWebClient
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client as TwilioClient

API_BASE_URL_ENV = "CHANNEL_API_BASE_URL"
TELEGRAM_API_BASE = "https://api.telegram.org"
GRAPH_API_VERSION = "25.0"
REQUEST_TIMEOUT_SECONDS = 10.0

# twilio logs every request and its headers at INFO; keep only its warnings
_twilio_http_log = logging.getLogger("bot.channels.twilio_http")
_twilio_http_log.setLevel(logging.WARNING)


def api_base_override() -> str | None:
    """The base URL all providers' APIs are redirected to, if one is set."""
    base = os.environ.get(API_BASE_URL_ENV, "").strip()
    return base.rstrip("/") or None


def telegram_api_base() -> str:
    """Where the Telegram Bot API is reached (`{base}/bot<token>/<method>`)."""
    return api_base_override() or TELEGRAM_API_BASE


def slack_client(token: str, *, proxy: str | None = None) -> AsyncWebClient:
    """A Slack Web API client (one aiohttp session per call, nothing to close)."""
    base = api_base_override()
    base_url = f"{base}/api/" if base else AsyncWebClient.BASE_URL
    return AsyncWebClient(token, base_url=base_url, proxy=proxy, timeout=int(REQUEST_TIMEOUT_SECONDS))


def messenger_client(page_access_token: str, *, api_version: str = GRAPH_API_VERSION) -> MessengerClient:
    """An fbmessenger client for the Graph API's Send API (synchronous: call it in a thread)."""
    client = MessengerClient(page_access_token, api_version=api_version)
    base = api_base_override()
    if base:
        client.graph_url = f"{base}/v{api_version}"
    return client


class _TwilioClient(TwilioClient):
    """twilio's client, with every request's host replaced when a base URL is set."""

    def get_hostname(self, uri: str) -> str:
        uri = super().get_hostname(uri)
        base = api_base_override()
        if not base:
            return uri
        target, parsed = urlparse(base), urlparse(uri)
        return urlunparse(
            parsed._replace(
                scheme=target.scheme,
                netloc=target.netloc,
                path=target.path.rstrip("/") + parsed.path,
            )
        )


def twilio_client(account_sid: str, auth_token: str) -> TwilioClient:
    """A twilio REST client for `create_async` calls (one aiohttp session per call)."""
    return _TwilioClient(
        account_sid,
        auth_token,
        http_client=AsyncTwilioHttpClient(
            pool_connections=False, timeout=REQUEST_TIMEOUT_SECONDS, logger=_twilio_http_log
        ),
    )
