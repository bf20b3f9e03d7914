"""Photos sent on the messaging channels: fetched from the provider's own hosts, safely.

Each connector finds the picture in its provider's webhook (bot.channels.telegram, twilio,
facebook, slack) and downloads it here; the bytes go to bot.photos.intake, which checks,
re-encodes and stores them. Every download:

- goes over HTTPS to one of the provider's hosts only (`TELEGRAM_HOSTS`, `TWILIO_HOSTS`,
  `FACEBOOK_HOSTS`, `SLACK_HOSTS`), and so does every redirect it follows (at most
  `MAX_REDIRECTS`); a webhook naming any other host, or a redirect leading elsewhere, is
  not fetched (no server-side request forgery through a forged URL or a provider's bug);
- refuses a host name that resolves to a private, loopback or link-local address;
- sends the channel's credentials (HTTP basic auth, a bearer token) to the first host only,
  never along a redirect to another host;
- is streamed and cut at `MAX_PHOTO_BYTES` (a `Content-Length` above it is refused before
  any byte is read), within `DOWNLOAD_TIMEOUT_SECONDS` in all, on the event loop without
  blocking it (aiohttp).

A picture over the limit reaches the conversation as ``{"photo": {"error": "too_large"}}``
(the same answer as on the web); any other failure is answered here with
`DOWNLOAD_FAILED_TEXT`, and a caption still reaches the bot as text.

Tests: when `CHANNEL_API_BASE_URL` is set (bot.channels.outbound; never in production), its
origin stands in for every provider host, over http too (the fake provider on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import ThreadedResolver
from rasa.core.channels.channel import OutputChannel
from yarl import URL

from bot.channels import outbound
from bot.channels.limits import MAX_IMAGE_BYTES
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = MAX_IMAGE_BYTES  # bot.photos.intake.MAX_PHOTO_BYTES
DOWNLOAD_TIMEOUT_SECONDS = 10.0  # Twilio waits 15 s for the webhook, Messenger 20 s
MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
DOWNLOAD_FAILED_TEXT = "I couldn't download that picture, please try again or type the model number."
TOO_LARGE = "too_large"  # bot.understanding.label_photo.Reason.TOO_LARGE

#: Where each provider serves customers' files (a leading dot: any subdomain).
TELEGRAM_HOSTS = ("api.telegram.org",)
TWILIO_HOSTS = ("api.twilio.com", "media.twiliocdn.com", "mms.twiliocdn.com")
#: Twilio's media redirects end on Amazon S3, but only under its own bucket path.
TWILIO_S3 = (("s3-external-1.amazonaws.com", "/media.twiliocdn.com/"),)
FACEBOOK_HOSTS = (".fbcdn.net", ".fbsbx.com", "fbcdn.net", "fbsbx.com")
SLACK_HOSTS = ("files.slack.com",)


class MediaError(Exception):
    """A picture could not be downloaded; `reason` says why (for logs and tests)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MediaTooLargeError(MediaError):
    """The picture is larger than MAX_PHOTO_BYTES."""

    def __init__(self) -> None:
        super().__init__(TOO_LARGE)


@dataclass(frozen=True)
class Hosts:
    """The hosts a provider's files may come from."""

    names: tuple[str, ...]
    #: (host, path prefix) pairs allowed only under that path (Twilio's S3 bucket).
    paths: tuple[tuple[str, str], ...] = ()

    def allows(self, url: URL) -> bool:
        host = (url.host or "").lower().rstrip(".")
        if any(host == name or (name.startswith(".") and host.endswith(name)) for name in self.names):
            return True
        return any(host == name and url.path.startswith(prefix) for name, prefix in self.paths)


TELEGRAM = Hosts(TELEGRAM_HOSTS)
TWILIO = Hosts(TWILIO_HOSTS, TWILIO_S3)
FACEBOOK = Hosts(FACEBOOK_HOSTS)
SLACK = Hosts(SLACK_HOSTS)


def _test_origin() -> URL | None:
    base = outbound.api_base_override()
    return URL(base).origin() if base else None


def _is_test_provider(url: URL) -> bool:
    origin = _test_origin()
    return origin is not None and url.origin() == origin


def checked_url(url: str | URL, hosts: Hosts) -> URL:
    """`url` if a download may go there (HTTPS, the provider's host), else MediaError."""
    try:
        parsed = URL(str(url)) if isinstance(url, str) else url
    except (TypeError, ValueError) as error:
        raise MediaError("bad_url") from error
    if not parsed.is_absolute() or parsed.user or parsed.password:
        raise MediaError("bad_url")
    if _is_test_provider(parsed):
        return parsed
    if parsed.scheme != "https" or parsed.port not in (None, 443):
        raise MediaError("not_https")
    if not hosts.allows(parsed):
        raise MediaError("host_not_allowed")
    return parsed


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


class PublicOnlyResolver(AbstractResolver):
    """Resolves as usual, but only to public addresses (a provider's name pointing inside is refused)."""

    def __init__(self) -> None:
        self._resolver = ThreadedResolver()

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict[str, Any]]:
        found = await self._resolver.resolve(host, port, family)
        public = [entry for entry in found if _public(entry["host"])]
        if not public:
            raise OSError(f"{host} resolves to no public address")
        return public

    async def close(self) -> None:
        await self._resolver.close()


async def download(
    url: str,
    hosts: Hosts,
    *,
    headers: Mapping[str, str] | None = None,
    auth: aiohttp.BasicAuth | None = None,
    max_bytes: int = MAX_PHOTO_BYTES,
    timeout: float | None = None,
) -> bytes:
    """The bytes at `url`, fetched within the rules of this module.

    Args:
        url: The file's address, from the provider's webhook or API.
        hosts: The provider's hosts; the URL and every redirect must be one of them.
        headers: Sent to the first host only (e.g. Slack's bearer token).
        auth: HTTP basic auth, sent to the first host only (Twilio).
        max_bytes: The most that is read.
        timeout: Seconds for the whole download (DOWNLOAD_TIMEOUT_SECONDS by default).

    Raises:
        MediaTooLargeError: the file is larger than `max_bytes`.
        MediaError: anything else (host, scheme, status, network, timeout).
    """
    target = checked_url(url, hosts)
    first_origin = target.origin()
    seconds = DOWNLOAD_TIMEOUT_SECONDS if timeout is None else timeout
    connector = None if _test_origin() == first_origin else aiohttp.TCPConnector(resolver=PublicOnlyResolver())
    try:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=seconds), connector=connector, trust_env=False
        ) as session:
            return await asyncio.wait_for(
                _follow(session, target, first_origin, hosts, headers, auth, max_bytes), timeout=seconds
            )
    except MediaError:
        raise
    except asyncio.TimeoutError as error:
        raise MediaError("timeout") from error
    except (aiohttp.ClientError, OSError) as error:
        raise MediaError(f"network: {type(error).__name__}") from error


async def _follow(
    session: aiohttp.ClientSession,
    target: URL,
    first_origin: URL,
    hosts: Hosts,
    headers: Mapping[str, str] | None,
    auth: aiohttp.BasicAuth | None,
    max_bytes: int,
) -> bytes:
    for _ in range(MAX_REDIRECTS + 1):
        same_host = target.origin() == first_origin
        async with session.get(
            target,
            headers=dict(headers or {}) if same_host else None,
            auth=auth if same_host else None,
            allow_redirects=False,
        ) as reply:
            if reply.status in (301, 302, 303, 307, 308):
                location = reply.headers.get("Location")
                if not location:
                    raise MediaError("redirect_without_location")
                target = checked_url(target.join(URL(location)), hosts)
                continue
            if reply.status != 200:
                raise MediaError(f"http_{reply.status}")
            if reply.content_type.startswith("text/"):
                # Slack answers its login page (200, HTML) when the token lacks files:read
                raise MediaError(f"not_a_file: {reply.content_type}")
            if reply.content_length is not None and reply.content_length > max_bytes:
                raise MediaTooLargeError()
            body = bytearray()
            async for chunk in reply.content.iter_chunked(CHUNK_BYTES):
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise MediaTooLargeError()
            return bytes(body)
    raise MediaError("too_many_redirects")


async def photo_metadata_for(
    fetch: Callable[[], Awaitable[bytes]],
    *,
    conversation_id: str,
    channel: str,
    output: OutputChannel,
) -> dict[str, Any] | None:
    """The metadata for a message that came with a picture, or None when it could not be had.

    On None the customer has been told (`DOWNLOAD_FAILED_TEXT`); a caption may still go on.

    Args:
        fetch: Downloads the picture (a call to `download`, after any provider API calls).
        conversation_id: The namespaced conversation id (the tracker's sender id).
        channel: The channel's name, for the photo record.
        output: The customer's channel, for the answer.
    """
    try:
        data = await fetch()
    except MediaTooLargeError:
        logger.info("%s photo from %s over the size limit", channel, mask_identifier(conversation_id))
        return {"photo": {"error": TOO_LARGE}}
    except MediaError as error:
        # never the URL: Telegram's holds the bot token, Slack's and Twilio's identify the file
        logger.warning(
            "%s photo from %s not downloaded: %s", channel, mask_identifier(conversation_id), error.reason
        )
        await output.send_text_message(conversation_id, DOWNLOAD_FAILED_TEXT)
        return None
    from bot.photos.intake import photo_metadata

    return await photo_metadata(data, sender_id=conversation_id, channel=channel)
