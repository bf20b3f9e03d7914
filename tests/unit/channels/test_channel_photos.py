"""Photos on the messaging channels: fetched from the (fake) provider over real HTTP, stored.

The fake provider (tests/fakes/provider.py) serves the files as each provider does (Telegram's
getFile and file host, Twilio's authenticated media URL redirecting to its CDN, Messenger's
CDN URL, Slack's url_private behind the bot token); bot.photos.intake really re-encodes and
stores what the channel downloaded, in a temporary database and directory.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from PIL import Image

from bot.channels import media
from bot.channels.facebook import VerifiedFacebookInput, parse_messaging_events
from bot.channels.slack import VerifiedSlackInput
from bot.channels.telegram import TelegramFile, VerifiedTelegramInput, parse_update
from bot.channels.twilio import VerifiedTwilioInput, is_own_media_url
from bot.core import db
from bot.core.settings import get_settings
from bot.photos import intake, storage
from bot.photos.records import get_photo
from bot.understanding.label_photo import MAX_BYTES
from tests.fakes import payloads
from tests.fakes.channel_app import ChannelServer, post, serve_channel
from tests.fakes.provider import FakeProvider, basic_auth
from tests.fixtures.labels.make_labels import label_photo

TELEGRAM_TOKEN = "123456:photo-telegram-token"
TELEGRAM_SECRET = "photo-telegram-secret"
TWILIO_SID = "AC" + "2" * 32
TWILIO_TOKEN = "photo-twilio-auth-token"
TWILIO_URL = "https://bot.example.com/webhooks/twilio/webhook"
OUR_NUMBER = "+15550001111"
FACEBOOK_SECRET = "photo-facebook-app-secret"
SLACK_SECRET = "photo-slack-signing-secret"
SLACK_TOKEN = "xoxb-photo"


# --- fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def label_jpeg() -> bytes:
    return label_photo("A1263", "PowerCore 10000", "MFD 2018.03")


@pytest.fixture(scope="module")
def label_png(label_jpeg: bytes) -> bytes:
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(label_jpeg)) as image:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def _clear_caches() -> None:
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._session_factory.cache_clear()
    storage.get_store.cache_clear()
    intake.reset_rate_limits()


@pytest.fixture
def photo_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """bot.photos.intake on a fresh SQLite database and photo directory."""
    from bot.ops.schema import create_tables

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'photos.db'}")
    monkeypatch.setenv("PHOTO_DIR", str(tmp_path / "photos"))
    monkeypatch.setenv("PHOTO_STORE", "directory")
    _clear_caches()
    create_tables()
    yield tmp_path / "photos"
    db.get_engine().dispose()
    _clear_caches()


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    with FakeProvider() as provider:
        monkeypatch.setenv("CHANNEL_API_BASE_URL", provider.base_url)
        yield provider


@pytest.fixture
def elsewhere() -> Iterator[FakeProvider]:
    """Another local server: a forged URL must never reach it."""
    with FakeProvider() as provider:
        yield provider


def _stored(message_metadata: dict[str, Any] | None, conversation_id: str, channel: str) -> dict[str, Any]:
    """The photo the message points to, read back from the database."""
    assert message_metadata is not None
    photo = message_metadata["photo"]
    assert set(photo) == {"id", "content_type"}, photo
    with db.session_scope() as session:
        row = get_photo(session=session, public_id=photo["id"], conversation_id=conversation_id)
        assert row is not None
        return {"content_type": row.content_type, "channel": row.channel, "width": row.width, "key": row.storage_key}


async def _until(condition, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


# --- the download itself -------------------------------------------------------------


def test_a_file_is_downloaded_whole(fake_api: FakeProvider, label_jpeg: bytes) -> None:
    url = fake_api.add_file("/files-pri/T1/F1/label.jpg", label_jpeg, authorization="Bearer t")
    data = asyncio.run(media.download(url, media.SLACK, headers={"Authorization": "Bearer t"}))
    assert data == label_jpeg


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_file_over_the_limit_is_refused(fake_api: FakeProvider, chunked: bool) -> None:
    url = fake_api.add_file("/big.jpg", b"\xff" * (MAX_BYTES + 1), chunked=chunked)
    with pytest.raises(media.MediaTooLargeError):
        asyncio.run(media.download(url, media.FACEBOOK))
    # exactly at the limit is fine
    url = fake_api.add_file("/limit.jpg", b"\xff" * MAX_BYTES, chunked=chunked)
    assert len(asyncio.run(media.download(url, media.FACEBOOK))) == MAX_BYTES


def test_the_cap_stops_reading_a_stream(fake_api: FakeProvider) -> None:
    """A 10 MB cap with max_bytes lowered: the read stops long before a 40 MB body is done."""
    url = fake_api.add_file("/endless.jpg", b"\x00" * (40 * 1024 * 1024), chunked=True)

    async def fetch() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(media.MediaTooLargeError):
            await media.download(url, media.FACEBOOK, max_bytes=1024 * 1024)
        return loop.time() - started

    assert asyncio.run(fetch()) < 5


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/label.jpg",
        "https://files.slack.com.evil.example.com/label.jpg",
        "http://files.slack.com/files-pri/T1/F1/label.jpg",
        "https://files.slack.com:8443/files-pri/T1/F1/label.jpg",
        "https://user:pw@files.slack.com/files-pri/T1/F1/label.jpg",
        "file:///etc/passwd",
        "/files-pri/T1/F1/label.jpg",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_only_the_providers_hosts_over_https(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.delenv("CHANNEL_API_BASE_URL", raising=False)
    with pytest.raises(media.MediaError):
        media.checked_url(url, media.SLACK)


@pytest.mark.parametrize(
    ("url", "hosts"),
    [
        ("https://files.slack.com/files-pri/T1/F1/label.jpg", media.SLACK),
        ("https://api.telegram.org/file/bot1:x/photos/file_1.jpg", media.TELEGRAM),
        ("https://scontent.xx.fbcdn.net/v/t1.15752-9/123.jpg?oh=1", media.FACEBOOK),
        ("https://cdn.fbsbx.com/v/t59.2708-21/label.jpg", media.FACEBOOK),
        ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", media.TWILIO),
        ("https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc", media.TWILIO),
    ],
)
def test_the_providers_own_hosts_are_allowed(monkeypatch: pytest.MonkeyPatch, url: str, hosts: media.Hosts) -> None:
    monkeypatch.delenv("CHANNEL_API_BASE_URL", raising=False)
    assert str(media.checked_url(url, hosts)) == url


def test_amazon_s3_only_under_twilios_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHANNEL_API_BASE_URL", raising=False)
    with pytest.raises(media.MediaError):
        media.checked_url("https://s3-external-1.amazonaws.com/someone-elses-bucket/x", media.TWILIO)
    with pytest.raises(media.MediaError):
        media.checked_url("https://files.slack.com/x.jpg", media.FACEBOOK)


def test_another_local_server_is_never_contacted(fake_api: FakeProvider, elsewhere: FakeProvider) -> None:
    target = elsewhere.add_file("/label.jpg", b"secret")
    with pytest.raises(media.MediaError, match="host_not_allowed|not_https"):
        asyncio.run(media.download(target, media.SLACK))
    assert elsewhere.requests() == []


def test_a_redirect_off_the_providers_hosts_is_not_followed(
    fake_api: FakeProvider, elsewhere: FakeProvider
) -> None:
    target = elsewhere.add_file("/label.jpg", b"secret")
    url = fake_api.add_file("/media/1", redirect_to=target)
    with pytest.raises(media.MediaError):
        asyncio.run(media.download(url, media.TWILIO))
    assert len(fake_api.requests("/media/1")) == 1
    assert elsewhere.requests() == []


def test_a_redirect_to_another_https_host_is_refused_before_any_request(fake_api: FakeProvider) -> None:
    url = fake_api.add_file("/media/2", redirect_to="https://evil.example.com/label.jpg")
    with pytest.raises(media.MediaError, match="host_not_allowed"):
        asyncio.run(media.download(url, media.TWILIO))


def test_a_redirect_loop_ends(fake_api: FakeProvider) -> None:
    url = fake_api.add_file("/loop", redirect_to="/loop")
    with pytest.raises(media.MediaError, match="too_many_redirects"):
        asyncio.run(media.download(url, media.TWILIO))
    assert len(fake_api.requests("/loop")) == media.MAX_REDIRECTS + 1


def test_a_slow_provider_times_out(fake_api: FakeProvider) -> None:
    url = fake_api.add_file("/slow.jpg", b"\xff\xd8", delay=3)

    async def fetch() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(media.MediaError, match="timeout"):
            await media.download(url, media.FACEBOOK, timeout=0.5)
        return loop.time() - started

    assert asyncio.run(fetch()) < 2


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"status": 404}, "http_404"),
        ({"status": 500}, "http_500"),
        ({"authorization": "Bearer right"}, "http_401"),
        ({"content_type": "text/html; charset=utf-8", "data": b"<html>Sign in</html>"}, "not_a_file"),
    ],
)
def test_provider_failures(fake_api: FakeProvider, options: dict[str, Any], reason: str) -> None:
    url = fake_api.add_file("/failing.jpg", **{"data": b"\xff\xd8\xff", **options})
    with pytest.raises(media.MediaError, match=reason):
        asyncio.run(media.download(url, media.SLACK, headers={"Authorization": "Bearer wrong"}))


def test_names_resolving_inside_are_refused() -> None:
    async def resolve() -> None:
        resolver = media.PublicOnlyResolver()
        try:
            await resolver.resolve("localhost", 443)
        finally:
            await resolver.close()

    with pytest.raises(OSError, match="no public address"):
        asyncio.run(resolve())


def test_the_event_loop_keeps_running_during_a_download(fake_api: FakeProvider) -> None:
    url = fake_api.add_file("/slow.jpg", b"\xff\xd8\xff", delay=1)

    async def scenario() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.create_task(tick())
        await media.download(url, media.FACEBOOK)
        ticker.cancel()
        return ticks

    assert asyncio.run(scenario()) >= 10


# --- Telegram ------------------------------------------------------------------------


def _telegram() -> VerifiedTelegramInput:
    return VerifiedTelegramInput.from_credentials(
        {"access_token": TELEGRAM_TOKEN, "verify": "recall_test_bot", "secret_token": TELEGRAM_SECRET}
    )


async def _telegram_send(server: ChannelServer, update: dict[str, Any]) -> tuple[int, str]:
    return await post(server.webhook_url, json.dumps(update), payloads.telegram_headers(TELEGRAM_SECRET))


def test_telegram_takes_the_largest_photo_size_that_fits() -> None:
    update = payloads.telegram_photo(7, [("small", 1200), ("large", 90_000), ("huge", MAX_BYTES + 1)])
    incoming = parse_update(update)
    assert incoming is not None
    assert incoming.text is None
    assert incoming.photo == TelegramFile("large", 90_000)


def test_telegram_image_documents_only() -> None:
    assert parse_update(payloads.telegram_document(7, "doc", "image/png")).photo == TelegramFile("doc", 1000)  # type: ignore[union-attr]
    assert parse_update(payloads.telegram_document(7, "doc", "application/pdf")) is None
    edited = payloads.telegram_photo(7, [("p", 10)], caption="model A1263")
    edited["edited_message"] = edited.pop("message")
    assert parse_update(edited).photo is None  # type: ignore[union-attr]


def test_a_telegram_photo_is_downloaded_stored_and_passed_on(
    fake_api: FakeProvider, photo_store: Path, label_jpeg: bytes
) -> None:
    fake_api.add_telegram_file(TELEGRAM_TOKEN, "large", label_jpeg, file_path="photos/file_7.jpg")
    update = payloads.telegram_photo(4242, [("small", 900), ("large", len(label_jpeg))], caption="is it recalled?")

    async def scenario() -> ChannelServer:
        async with serve_channel(_telegram()) as server:
            assert await _telegram_send(server, update) == (200, "ok")
            return server

    server = asyncio.run(scenario())
    assert server.texts == ["is it recalled?"]
    stored = _stored(server.received[0].metadata, "telegram:4242", "telegram")
    assert stored["content_type"] == "image/jpeg" and stored["channel"] == "telegram"
    assert len(list(photo_store.rglob(stored["key"]))) == 1
    assert fake_api.requests("/getFile")[0].json == {"file_id": "large"}
    assert len(fake_api.requests("/file/bot")) == 1


def test_a_telegram_png_document_stays_png(fake_api: FakeProvider, photo_store: Path, label_png: bytes) -> None:
    fake_api.add_telegram_file(TELEGRAM_TOKEN, "doc", label_png, file_path="documents/file_3.png", content_type="image/png")

    async def scenario() -> ChannelServer:
        async with serve_channel(_telegram()) as server:
            await _telegram_send(server, payloads.telegram_document(4243, "doc", "image/png", file_size=len(label_png)))
            return server

    server = asyncio.run(scenario())
    assert server.texts == [""]
    assert _stored(server.received[0].metadata, "telegram:4243", "telegram")["content_type"] == "image/png"


def test_a_telegram_photo_that_cannot_be_fetched_gets_an_answer(fake_api: FakeProvider, photo_store: Path) -> None:
    async def scenario() -> ChannelServer:
        async with serve_channel(_telegram()) as server:
            assert await _telegram_send(server, payloads.telegram_photo(4244, [("gone", 5000)])) == (200, "ok")
            return server

    server = asyncio.run(scenario())
    assert server.received == []
    answers = [r.json["text"] for r in fake_api.requests("/sendMessage")]
    assert answers == [media.DOWNLOAD_FAILED_TEXT]


def test_a_telegram_photo_too_large_is_passed_on_as_too_large(fake_api: FakeProvider, photo_store: Path) -> None:
    async def scenario() -> ChannelServer:
        async with serve_channel(_telegram()) as server:
            await _telegram_send(server, payloads.telegram_document(4245, "big", "image/jpeg", file_size=MAX_BYTES + 1))
            return server

    server = asyncio.run(scenario())
    assert server.received[0].metadata == {"photo": {"error": "too_large"}}
    assert fake_api.requests("/getFile") == []  # refused on Telegram's word, nothing fetched


def test_a_caption_still_goes_on_when_the_photo_fails(fake_api: FakeProvider, photo_store: Path) -> None:
    fake_api.add_telegram_file(TELEGRAM_TOKEN, "slow", b"\xff\xd8", delay=3)

    async def scenario() -> ChannelServer:
        async with serve_channel(_telegram()) as server:
            update = payloads.telegram_photo(4246, [("slow", 2)], caption="my power bank caught fire")
            await _telegram_send(server, update)
            return server

    original = media.DOWNLOAD_TIMEOUT_SECONDS
    media.DOWNLOAD_TIMEOUT_SECONDS = 0.5
    try:
        server = asyncio.run(scenario())
    finally:
        media.DOWNLOAD_TIMEOUT_SECONDS = original
    assert server.texts == ["my power bank caught fire"]
    assert server.received[0].metadata in (None, {})
    assert [r.json["text"] for r in fake_api.requests("/sendMessage")] == [media.DOWNLOAD_FAILED_TEXT]


# --- Twilio (SMS, WhatsApp) --------------------------------------------------------


def _twilio() -> VerifiedTwilioInput:
    return VerifiedTwilioInput.from_credentials(
        {"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "twilio_number": OUR_NUMBER, "webhook_url": TWILIO_URL}
    )


async def _twilio_send(server: ChannelServer, fields: dict[str, str]) -> tuple[int, str]:
    return await post(server.webhook_url, urlencode(fields), payloads.twilio_headers(TWILIO_TOKEN, TWILIO_URL, fields))


def _twilio_media(fake_api: FakeProvider, data: bytes, *, account: str = TWILIO_SID, **options: Any) -> str:
    """A media URL that needs our basic auth and redirects to the CDN, as Twilio's does."""
    cdn = fake_api.add_file(f"/media.twiliocdn.com/{account}/0123abcd", data, **options)
    return fake_api.add_file(
        payloads.twilio_media_path(account, "MM" + "1" * 32),
        authorization=basic_auth(TWILIO_SID, TWILIO_TOKEN),
        redirect_to=cdn,
    )


def test_a_whatsapp_picture_is_downloaded_with_basic_auth(
    fake_api: FakeProvider, photo_store: Path, label_jpeg: bytes
) -> None:
    url = _twilio_media(fake_api, label_jpeg)
    fields = payloads.twilio_message(
        TWILIO_SID, "whatsapp:+15550002222", OUR_NUMBER, "", media=[("https://example.com/x.vcf", "text/vcard"), (url, "image/jpeg")]
    )

    async def scenario() -> ChannelServer:
        async with serve_channel(_twilio()) as server:
            assert (await _twilio_send(server, fields))[0] == 200
            return server

    server = asyncio.run(scenario())
    assert server.texts == [""]
    assert _stored(server.received[0].metadata, "twilio:whatsapp:+15550002222", "twilio")["content_type"] == "image/jpeg"
    first = fake_api.requests("/Media/")[0]
    assert first.headers["Authorization"] == basic_auth(TWILIO_SID, TWILIO_TOKEN)
    assert len(fake_api.requests("/media.twiliocdn.com/")) == 1


def test_twilio_media_of_another_account_is_not_fetched(
    fake_api: FakeProvider, photo_store: Path, label_jpeg: bytes
) -> None:
    other = "AC" + "9" * 32
    url = _twilio_media(fake_api, label_jpeg, account=other)
    assert not is_own_media_url(url, TWILIO_SID)
    fields = payloads.twilio_message(TWILIO_SID, "+15550002222", OUR_NUMBER, "", media=[(url, "image/jpeg")])

    async def scenario() -> ChannelServer:
        async with serve_channel(_twilio()) as server:
            await _twilio_send(server, fields)
            return server

    server = asyncio.run(scenario())
    assert server.received == []
    assert fake_api.requests(f"/Accounts/{other}/") == []
    sent = fake_api.requests("/Messages.json")
    assert [r.data["Body"] for r in sent] == [media.DOWNLOAD_FAILED_TEXT]
    assert sent[0].data["To"] == "+15550002222"


def test_a_twilio_picture_gone_404_with_a_caption(fake_api: FakeProvider, photo_store: Path) -> None:
    url = fake_api.add_file(payloads.twilio_media_path(TWILIO_SID, "MM" + "3" * 32), status=404)
    fields = payloads.twilio_message(TWILIO_SID, "+15550003333", OUR_NUMBER, "model A1263", media=[(url, "image/jpeg")])

    async def scenario() -> ChannelServer:
        async with serve_channel(_twilio()) as server:
            await _twilio_send(server, fields)
            return server

    server = asyncio.run(scenario())
    assert server.texts == ["model A1263"]
    assert not (server.received[0].metadata or {}).get("photo")
    assert [r.data["Body"] for r in fake_api.requests("/Messages.json")] == [media.DOWNLOAD_FAILED_TEXT]


# --- Messenger ---------------------------------------------------------------------


def _facebook() -> VerifiedFacebookInput:
    return VerifiedFacebookInput.from_credentials(
        {"verify": "photo-verify", "secret": FACEBOOK_SECRET, "page-access-token": "photo-page-token"}
    )


async def _facebook_send(server: ChannelServer, payload: dict[str, Any]) -> tuple[int, str]:
    body = json.dumps(payload).encode()
    return await post(server.webhook_url, body, payloads.facebook_headers(FACEBOOK_SECRET, body))


def test_messenger_images_not_stickers_or_videos() -> None:
    image = payloads.messenger_attachment("p1", "image", "https://scontent.xx.fbcdn.net/v/label.jpg")
    assert parse_messaging_events(image)[0].image_url == "https://scontent.xx.fbcdn.net/v/label.jpg"
    sticker = payloads.messenger_attachment("p1", "image", "https://scontent.xx.fbcdn.net/t.png", sticker_id=369239263222822)
    video = payloads.messenger_attachment("p1", "video", "https://video.xx.fbcdn.net/v/clip.mp4")
    assert parse_messaging_events(sticker) == []
    assert parse_messaging_events(video) == []


def test_a_messenger_image_is_downloaded_and_stored(fake_api: FakeProvider, photo_store: Path, label_jpeg: bytes) -> None:
    url = fake_api.add_file("/v/t1.15752-9/label.jpg", label_jpeg)

    async def scenario() -> ChannelServer:
        async with serve_channel(_facebook()) as server:
            assert await _facebook_send(server, payloads.messenger_attachment("psid-1", "image", url + "?oh=1")) == (
                200,
                "EVENT_RECEIVED",
            )
            return server

    server = asyncio.run(scenario())
    assert server.texts == [""]
    assert _stored(server.received[0].metadata, "facebook:psid-1", "facebook")["content_type"] == "image/jpeg"


def test_a_messenger_image_off_facebooks_cdn_is_not_fetched(
    fake_api: FakeProvider, elsewhere: FakeProvider, photo_store: Path
) -> None:
    target = elsewhere.add_file("/label.jpg", b"\xff\xd8\xff")

    async def scenario() -> ChannelServer:
        async with serve_channel(_facebook()) as server:
            await _facebook_send(server, payloads.messenger_attachment("psid-2", "image", target))
            return server

    server = asyncio.run(scenario())
    assert server.received == []
    assert elsewhere.requests() == []
    sent = fake_api.requests("/me/messages")
    assert [r.json["message"]["text"] for r in sent if "message" in (r.json or {})] == [media.DOWNLOAD_FAILED_TEXT]


def test_a_messenger_image_over_the_limit(fake_api: FakeProvider, photo_store: Path) -> None:
    url = fake_api.add_file("/v/huge.jpg", b"\xff" * (MAX_BYTES + 10), chunked=True)

    async def scenario() -> ChannelServer:
        async with serve_channel(_facebook()) as server:
            await _facebook_send(server, payloads.messenger_attachment("psid-3", "image", url))
            return server

    server = asyncio.run(scenario())
    assert server.received[0].metadata == {"photo": {"error": "too_large"}}


# --- Slack ---------------------------------------------------------------------------


def _slack() -> VerifiedSlackInput:
    return VerifiedSlackInput.from_credentials({"slack_token": SLACK_TOKEN, "slack_signing_secret": SLACK_SECRET})


async def _slack_send(server: ChannelServer, payload: dict[str, Any]) -> tuple[int, str]:
    body = json.dumps(payload).encode()
    return await post(server.webhook_url, body, payloads.slack_headers(SLACK_SECRET, body))


def test_a_slack_image_is_downloaded_with_the_bot_token(
    fake_api: FakeProvider, photo_store: Path, label_png: bytes
) -> None:
    url = fake_api.add_file(
        "/files-pri/T0TEAM-F0PHOTO/label.png", label_png, content_type="image/png", authorization=f"Bearer {SLACK_TOKEN}"
    )
    event = payloads.slack_file_share("U0CUSTOMER", "", [payloads.slack_file(url, mimetype="image/png")])

    async def scenario() -> ChannelServer:
        async with serve_channel(_slack()) as server:
            assert (await _slack_send(server, event))[0] == 200
            await _until(lambda: len(server.received) == 1)
            return server

    server = asyncio.run(scenario())
    assert server.texts == [""]
    assert _stored(server.received[0].metadata, "slack:U0CUSTOMER", "slack")["content_type"] == "image/png"
    assert server.received[0].metadata["out_channel"] == "D0CUSTOMER"  # type: ignore[index]


def test_a_slack_file_that_is_not_an_image_is_not_a_message(fake_api: FakeProvider, photo_store: Path) -> None:
    url = fake_api.add_file("/files-pri/T0TEAM-F0PDF/manual.pdf", b"%PDF-1.4")
    event = payloads.slack_file_share("U0CUSTOMER", "", [payloads.slack_file(url, mimetype="application/pdf")])

    async def scenario() -> ChannelServer:
        async with serve_channel(_slack()) as server:
            assert (await _slack_send(server, event))[0] == 200
            await asyncio.sleep(0.3)
            return server

    assert asyncio.run(scenario()).received == []
    assert fake_api.requests("/files-pri/") == []


def test_a_slack_image_without_the_files_scope_gets_an_answer(fake_api: FakeProvider, photo_store: Path) -> None:
    # without files:read Slack answers its sign-in page, 200 and HTML
    url = fake_api.add_file("/files-pri/T0TEAM-F0X/label.jpg", b"<html>Sign in</html>", content_type="text/html")
    event = payloads.slack_file_share("U0CUSTOMER", "", [payloads.slack_file(url)])

    async def scenario() -> ChannelServer:
        async with serve_channel(_slack()) as server:
            await _slack_send(server, event)
            await _until(lambda: len(fake_api.requests("/api/chat.postMessage")) == 1)
            return server

    server = asyncio.run(scenario())
    assert server.received == []
    assert fake_api.requests("/api/chat.postMessage")[0].json["text"] == media.DOWNLOAD_FAILED_TEXT
