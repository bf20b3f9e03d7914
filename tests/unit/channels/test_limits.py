"""bot.channels.limits and bot.channels.rest_socketio: length, body size, rates, cleaning, fire reports pass,
"something went wrong" when a custom action fails.

The channels are served by a real Sanic server in the test's event loop, with a
recording `on_new_message` in place of Rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from unittest.mock import ANY

import aiohttp
import jwt
import pytest
import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.action_failures import SOMETHING_WENT_WRONG
from bot.channels.limits import (
    LANGUAGE_SAMPLE_CHARS,
    Limits,
    MemoryBuckets,
    RateLimiter,
    RedisBuckets,
    Refusal,
    clean_metadata,
    clean_text,
    client_address,
    fire_report_excerpt,
    load_limits,
    notice_language,
    too_fast_text,
    too_long_text,
    web_conversation_id,
)
from bot.channels.rest_socketio import LimitedRestInput, LimitedSocketIOInput, MessageGate, RefusedError
from bot.i18n.texts import text as catalogue_text
from tests.conftest import REDIS_URL, free_port, redis_up
from tests.unit.photos.conftest import photo_dir  # noqa: F401  (fixture)

FIRE = "my power bank caught fire on the desk last night"
JWT_KEY = "a-host-site-signing-key-of-32-characters-or-more"


def test_too_long_text_is_the_agreed_sentence() -> None:
    assert too_long_text(2500, 2000) == "Your message is too long (2500 characters); please send at most 2000."
    assert too_fast_text() == "You are sending messages very quickly; please wait a few seconds and send that again."


@pytest.mark.parametrize(
    ("language", "too_long", "too_fast"),
    [
        ("fr", "Votre message est trop long (2500 caractères)", "Vous envoyez des messages très rapidement"),
        ("es", "Su mensaje es demasiado largo (2500 caracteres)", "Está enviando mensajes muy seguidos"),
        ("de", "Ihre Nachricht ist zu lang (2500 Zeichen)", "Sie senden Nachrichten sehr schnell"),
    ],
)
def test_the_refusals_in_each_language(language: str, too_long: str, too_fast: str) -> None:
    assert too_long_text(2500, 2000, language).startswith(too_long) and "2000" in too_long_text(2500, 2000, language)
    assert too_fast_text(language).startswith(too_fast)


# A customer's message in each language, made too long by repeating it.
WRITTEN_IN = {
    "fr": "Bonjour, je voudrais savoir si ma batterie externe est concernée par le rappel. ",
    "es": "Hola, quisiera saber si mi batería externa está afectada por la retirada del mercado. ",
    "de": "Guten Tag, ich möchte wissen, ob meine Powerbank von dem Rückruf betroffen ist. ",
}


@pytest.mark.parametrize("language", sorted(WRITTEN_IN))
async def test_a_too_long_message_is_answered_in_its_language(language: str) -> None:
    text = WRITTEN_IN[language] * 30
    with pytest.raises(RefusedError) as refused:
        await MessageGate(Limits()).admit(sender="s", text=text, address=None)
    assert refused.value.reason is Refusal.TOO_LONG and refused.value.status == 200
    assert refused.value.text == too_long_text(len(text), 2000, language) != too_long_text(len(text), 2000)


@pytest.mark.parametrize("language", sorted(WRITTEN_IN))
async def test_a_too_fast_message_is_answered_in_its_language(language: str) -> None:
    gate = MessageGate(Limits(sender_rate_per_minute=60, sender_burst=1, ip_rate_per_minute=0))
    await gate.admit(sender="s", text=WRITTEN_IN[language], address=None)
    with pytest.raises(RefusedError) as refused:
        await gate.admit(sender="s", text=WRITTEN_IN[language], address=None)
    assert refused.value.reason is Refusal.TOO_FAST and refused.value.status == 429
    assert refused.value.text == too_fast_text(language) != too_fast_text()


# Fire reports in French, Spanish and German: never refused, whatever their length or rate.
FIRES = {
    "fr": "ma batterie externe a pris feu sur le bureau hier soir",
    "es": "mi batería externa se incendió en el escritorio anoche",
    "de": "meine Powerbank hat gestern Abend auf dem Schreibtisch Feuer gefangen",
}


@pytest.mark.parametrize("language", sorted(FIRES))
async def test_a_fire_report_in_any_language_passes_length_and_rate(language: str) -> None:
    fire = FIRES[language]
    gate = MessageGate(Limits(sender_rate_per_minute=60, sender_burst=1, ip_rate_per_minute=0))
    long_report = WRITTEN_IN[language] * 20 + fire + " " + WRITTEN_IN[language] * 10
    passed = await gate.admit(sender="s", text=long_report, address=None)
    assert fire in passed and len(passed) <= 2000
    for _ in range(3):  # over the rate
        assert await gate.admit(sender="s", text=fire, address=None) == fire


def test_the_notice_language_when_the_words_cannot_tell() -> None:
    assert notice_language("A1263 " * 3000) == "en"  # model numbers say nothing
    assert notice_language("x" * 5000) == "en"
    assert notice_language("") == "en"
    # Only the start is read: the detector's cost is bounded whatever the length.
    assert notice_language(WRITTEN_IN["de"] * 30 + "the rest is in English " * 200) == "de"
    assert notice_language("x " * LANGUAGE_SAMPLE_CHARS + WRITTEN_IN["fr"] * 10) == "en"


def test_a_failing_detector_still_gives_an_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.i18n.detect

    def broken(text: str) -> str:
        raise RuntimeError("lingua failed")

    monkeypatch.setattr(bot.i18n.detect, "language_of", broken)
    assert notice_language(WRITTEN_IN["fr"]) == "en"


def test_limits_from_the_environment() -> None:
    limits = load_limits({"MAX_MESSAGE_CHARS": "50", "LOCK_STORE_URL": "redis://r:6379/1", "IP_RATE_PER_MINUTE": "0"})
    assert limits.max_message_chars == 50
    assert limits.redis_url == "redis://r:6379/1"
    assert limits.ip_rate_per_minute == 0
    assert load_limits({"LOCK_STORE_URL": "redis-host"}).redis_url is None


def test_bucket_allows_a_burst_then_refills() -> None:
    buckets = MemoryBuckets(rate=1.0, burst=3)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a", now=0.0) == pytest.approx(1.0)
    assert buckets.take("b", now=0.0) == 0.0  # other keys are not affected
    assert buckets.take("a", now=1.5) == 0.0


def test_bucket_memory_is_bounded() -> None:
    buckets = MemoryBuckets(rate=1.0, burst=1, max_keys=10)
    for number in range(100):
        buckets.take(str(number), now=0.0)
    assert len(buckets._buckets) == 10


@pytest.mark.skipif(not redis_up(), reason="no Redis")
async def test_redis_buckets_are_shared_between_servers() -> None:
    prefix = f"test-rate-{uuid.uuid4().hex[:8]}:"
    one = RedisBuckets(REDIS_URL, rate=0.5, burst=2, prefix=prefix)
    two = RedisBuckets(REDIS_URL, rate=0.5, burst=2, prefix=prefix)
    assert await one.take("s") == 0.0
    assert await two.take("s") == 0.0
    assert await one.take("s") > 0.0
    assert await two.take("other") == 0.0


async def test_redis_down_falls_back_to_memory() -> None:
    buckets = RedisBuckets("redis://127.0.0.1:1/0", rate=1.0, burst=1, prefix="x:")
    assert await buckets.take("s") == 0.0
    assert await buckets.take("s") > 0.0


def test_cleaning() -> None:
    assert clean_text("a\x00b\x07c\nd\te\ud800") == "abc\nd\te"
    assert clean_text("normal text") == "normal text"
    good = str(uuid.uuid4())
    assert web_conversation_id(good) == good and web_conversation_id(good.upper()) == good
    for bad in (None, True, "", "   ", "x" * 129, ["a"], {"a": 1}, 1.5, "a\x00b", "abc-123", 42, uuid.uuid4().hex,
                str(uuid.uuid1()), "+447700900123", "whatsapp:+15550001111", "telegram:12345"):
        assert web_conversation_id(bad) is None
    assert clean_metadata({"a": "x\x00y", "n": [1, 2.5, None, True]}) == {"a": "xy", "n": [1, 2.5, None, True]}
    assert clean_metadata("not a dict") == {}
    deep: Any = {}
    node = deep
    for _ in range(10):
        node["k"] = {}
        node = node["k"]
    assert clean_metadata(deep) == {}
    assert clean_metadata({"big": "x" * 10_000}) == {}


def test_client_address_trusts_headers_only_from_the_proxy() -> None:
    headers = {"x-real-ip": "203.0.113.9", "x-forwarded-for": "198.51.100.1, 10.0.0.1"}
    assert client_address("127.0.0.1", headers, ("127.0.0.1",)) == "203.0.113.9"
    # X-Forwarded-For is read from the right: the client's own entries come first.
    assert client_address("127.0.0.1", {"x-forwarded-for": "198.51.100.1, 10.0.0.1"}, ("127.0.0.1",)) == "10.0.0.1"
    assert client_address("127.0.0.1", {"x-forwarded-for": "198.51.100.1, 10.0.0.1"}, ("127.0.0.1", "10.0.0.0/8")) == "198.51.100.1"
    # Attack: a client behind a proxy that only appends X-Forwarded-For picks a new address each time.
    spoofed = {client_address("127.0.0.1", {"x-forwarded-for": f"203.0.113.{n}, 192.0.2.7"}, ("127.0.0.1",)) for n in range(20)}
    assert spoofed == {"192.0.2.7"}
    assert client_address("127.0.0.1", {"x-forwarded-for": "junk\x00, "}, ("127.0.0.1",)) == "127.0.0.1"
    assert client_address("192.0.2.7", headers, ("127.0.0.1",)) == "192.0.2.7"
    assert client_address("172.18.0.5", headers, ("10.0.0.0/8", "172.16.0.0/12")) == "203.0.113.9"
    assert client_address("172.18.0.5", headers, ("nginx", "bad/net")) == "172.18.0.5"


def test_a_too_long_fire_report_keeps_its_fire_part() -> None:
    text = "blah " * 100 + FIRE + " blah" * 1000
    excerpt = fire_report_excerpt(text, 200)
    assert excerpt is not None and len(excerpt) <= 200 and "caught fire" in excerpt
    # Beyond 4 x the limit nothing is searched (the detector's cost is bounded).
    assert fire_report_excerpt("blah " * 400 + FIRE, 200) is None
    assert fire_report_excerpt("blah " * 1000, 200) is None


async def test_gate_refuses_too_fast_but_never_a_fire_report() -> None:
    gate = MessageGate(Limits(sender_rate_per_minute=60, sender_burst=2, ip_rate_per_minute=0))
    assert await gate.admit(sender="s", text="hi", address=None) == "hi"
    assert await gate.admit(sender="s", text="hi", address=None) == "hi"
    with pytest.raises(RefusedError) as refused:
        await gate.admit(sender="s", text="hi", address=None)
    assert refused.value.status == 429 and refused.value.text == too_fast_text()
    assert refused.value.reason is Refusal.TOO_FAST
    for _ in range(5):
        assert await gate.admit(sender="s", text=FIRE, address=None) == FIRE


async def test_gate_limits_per_address() -> None:
    gate = MessageGate(Limits(sender_rate_per_minute=0, ip_rate_per_minute=60, ip_burst=1))
    await gate.admit(sender="a", text="hi", address="192.0.2.1")
    with pytest.raises(RefusedError):
        await gate.admit(sender="b", text="hi", address="192.0.2.1")
    await gate.admit(sender="c", text="hi", address="192.0.2.2")


# -- the channels, served ------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.messages: list[UserMessage] = []

    async def __call__(self, message: UserMessage) -> None:
        """Echo the length, or behave as Rasa does when a custom action fails or Rasa breaks."""
        self.messages.append(message)
        if message.text.startswith("fail "):  # e.g. "fail action_check_recall"
            action = message.text.split()[1]
            logging.getLogger("rasa.core.processor").error(
                f"Encountered an exception while running action '{action}'.Bot will continue, "
                "but the actions events are lost."
            )
            return
        if message.text == "crash":
            raise RuntimeError("tracker store down")
        await message.output_channel.send_text_message(message.sender_id, f"echo {len(message.text)}")


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, Recorder]]:
    limits = replace(Limits(), sender_rate_per_minute=60, sender_burst=3, ip_rate_per_minute=0, max_body_bytes=8192)
    recorder = Recorder()
    Sanic.test_mode = True  # lets Sanic prepare its protocol again for the other channel tests' apps
    app = Sanic(f"limits_{uuid.uuid4().hex[:8]}")
    rest = LimitedRestInput(limits)
    sock = LimitedSocketIOInput(session_persistence=True)
    sock.gate = MessageGate(limits)
    signed = LimitedSocketIOInput(session_persistence=True, socketio_path="/signed.io", jwt_key=JWT_KEY, jwt_method="HS256")
    signed.gate = MessageGate(limits)
    app.blueprint(rest.blueprint(recorder), url_prefix="/webhooks/rest")
    app.blueprint(sock.blueprint(recorder))
    app.blueprint(signed.blueprint(recorder), url_prefix="/webhooks/signed")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    task = asyncio.create_task(server.serve_forever())
    try:
        yield f"http://127.0.0.1:{port}", recorder
    finally:
        server.close()
        await server.wait_closed()
        task.cancel()
        with __import__("contextlib").suppress(asyncio.CancelledError):
            await task


async def _post(base: str, body: Any, raw: bytes | None = None) -> tuple[int, Any, dict]:
    async with aiohttp.ClientSession() as http:
        data = raw if raw is not None else json.dumps(body).encode()
        async with http.post(f"{base}/webhooks/rest/webhook", data=data) as reply:
            text = await reply.text()
            return reply.status, (json.loads(text) if text else None), dict(reply.headers)


async def test_channels_limits(served: tuple[str, Recorder], photo_dir) -> None:  # noqa: F811
    # One Sanic server per process: sanic 21.12 cannot "touch up" a second app.
    await _rest_channel_limits(*served)
    await _photos_over_rest_and_socketio(*served)
    await _socketio_channel_limits(*served)
    await _socketio_session_ownership(served[0])
    await _rest_body_refused_before_it_is_read(served[0])
    await _signed_socket_is_bound_to_its_session(*served)


U = {name: str(uuid.uuid4()) for name in ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "sock-1", "sock-2")}


async def _rest_channel_limits(base: str, recorder: Recorder) -> None:
    status, body, _ = await _post(base, {"sender": U["u1"], "message": "hello\x00"})
    assert status == 200 and body == [{"recipient_id": U["u1"], "text": "echo 5"}]
    assert recorder.messages[-1].text == "hello" and recorder.messages[-1].input_channel == "rest"

    status, body, _ = await _post(base, {"sender": U["u2"], "message": "x" * 2500})
    assert status == 200
    assert body == [{"recipient_id": U["u2"], "text": too_long_text(2500, 2000)}]
    assert all(m.sender_id != U["u2"] for m in recorder.messages)  # never reached NLU
    spanish = WRITTEN_IN["es"] * 30
    status, body, _ = await _post(base, {"sender": U["u6"], "message": spanish})
    assert (status, body) == (200, [{"recipient_id": U["u6"], "text": too_long_text(len(spanish), 2000, "es")}])

    assert (await _post(base, None, raw=b"{not json"))[0] == 400
    assert (await _post(base, ["a list"]))[0] == 400
    assert (await _post(base, {"sender": {"a": 1}, "message": "hi"}))[0] == 400
    assert (await _post(base, {"sender": U["u3"], "message": 5}))[0] == 400
    assert (await _post(base, {"sender": U["u3"], "message": "x" * 9000}))[0] == 413

    statuses = [(await _post(base, {"sender": U["u4"], "message": "hi"}))[0] for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
    status, body, headers = await _post(base, {"sender": U["u4"], "message": "hi"})
    assert status == 429 and body[0]["text"] == too_fast_text() and int(headers["Retry-After"]) >= 1
    status, body, _ = await _post(base, {"sender": U["u4"], "message": FIRE})
    assert status == 200 and recorder.messages[-1].text == FIRE
    for _ in range(6):  # the burst of 3, then "please wait", in French
        status, body, _ = await _post(base, {"sender": U["u7"], "message": WRITTEN_IN["fr"]})
        if status == 429:
            break
    assert status == 429 and body == [{"recipient_id": U["u7"], "text": too_fast_text("fr")}]
    assert (await _post(base, None, raw=b"[" * 4000 + b"]" * 4000))[0] == 400

    wrong = [{"recipient_id": U["u5"], "text": SOMETHING_WENT_WRONG}]
    assert await _post(base, {"sender": U["u5"], "message": "fail action_check_recall"}) == (200, wrong, ANY)
    assert await _post(base, {"sender": U["u5"], "message": "crash"}) == (200, wrong, ANY)
    # the fire policy already answered and the reconciler records the handoff: no notice
    assert (await _post(base, {"sender": U["u5"], "message": "fail action_escalate_fire"}))[:2] == (200, [])

    # Attack: write into an SMS/WhatsApp customer's conversation (keyed by the phone number)
    # and read the bot's replies. Any id that is not an unguessable UUIDv4 is refused.
    for victim in ("+447700900123", "whatsapp:+15550001111", "12345678", "e2e-abc"):
        status, body, _ = await _post(base, {"sender": victim, "message": "what address do you have for me?"})
        assert status == 400 and "UUID" in body["error"]
        assert all(m.sender_id != victim for m in recorder.messages)

    # python-engineio answers a polling POST without a session with a 500; ours with 400.
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/socket.io/?EIO=4&transport=polling", data=b"junk") as reply:
            assert reply.status == 400


def _png(size: tuple[int, int] = (40, 30)) -> str:
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


async def _photos_over_rest_and_socketio(base: str, recorder: Recorder) -> None:
    """A picture in metadata.image is stored and replaced by metadata.photo; never passed on itself."""
    sender = str(uuid.uuid4())
    status, _, _ = await _post(base, {"sender": sender, "message": "", "metadata": {"image": {"content_type": "image/png", "data": _png()}, "lang": "en"}})
    sent = recorder.messages[-1]
    assert status == 200 and sent.sender_id == sender and sent.text == ""
    assert set(sent.metadata) == {"photo", "lang", "origin"} and sent.metadata["photo"]["content_type"] == "image/png"
    assert len(sent.metadata["photo"]["id"]) >= 20

    # A photo bigger than the message limit (8 KiB here) is admitted; the same size without one is not.
    big = _png((300, 300))
    assert len(big) > 8192
    status, _, _ = await _post(base, {"sender": str(uuid.uuid4()), "message": "the label", "metadata": {"image": {"data": big}}})
    assert status == 200 and recorder.messages[-1].metadata["photo"]["content_type"] == "image/png"
    assert (await _post(base, {"sender": str(uuid.uuid4()), "message": "hi", "metadata": {"note": big}}))[0] == 413

    # A client's own `photo` (someone else's id) is dropped; broken base64 is a refused picture.
    await _post(base, {"sender": str(uuid.uuid4()), "message": "hi", "metadata": {"photo": {"id": "someone-elses"}}})
    assert "photo" not in recorder.messages[-1].metadata
    await _post(base, {"sender": str(uuid.uuid4()), "message": "", "metadata": {"image": {"data": "%%% not base64"}}})
    assert recorder.messages[-1].metadata["photo"] == {"error": "not_an_image"}
    await _post(base, {"sender": str(uuid.uuid4()), "message": "", "metadata": {"image": {"data": "R0lGODlhAQABAAAAACw="}}})
    assert recorder.messages[-1].metadata["photo"] == {"error": "unsupported_type"}  # a GIF

    client = socketio.AsyncClient()
    answers: asyncio.Queue[Any] = asyncio.Queue()
    client.on("bot_uttered", lambda data: answers.put_nowait(data))
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    await client.connect(base, socketio_path="/socket.io", transports=["websocket"])
    try:
        session_id = str(uuid.uuid4())
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.get(), 5)
        await client.emit("user_uttered", {"session_id": session_id, "message": "", "metadata": {"image": {"data": big}}})
        assert (await asyncio.wait_for(answers.get(), 10))["text"] == "echo 0"
        sent = recorder.messages[-1]
        assert sent.sender_id == session_id and sent.input_channel == "socketio"
        assert sent.metadata["photo"]["content_type"] == "image/png"
    finally:
        await client.disconnect()


async def _socketio_channel_limits(base: str, recorder: Recorder) -> None:
    client = socketio.AsyncClient()
    answers: asyncio.Queue[Any] = asyncio.Queue()
    client.on("bot_uttered", lambda data: answers.put_nowait(data))
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    await client.connect(base, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": U["sock-1"]})
        assert await asyncio.wait_for(confirmed.get(), 5) == U["sock-1"]
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": "hi there"})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == "echo 8"
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": "y" * 3000})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == too_long_text(3000, 2000)
        german = WRITTEN_IN["de"] * 30
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": german})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == too_long_text(len(german), 2000, "de")
        await client.emit("user_uttered")  # no data at all
        assert "could not read" in (await asyncio.wait_for(answers.get(), 5))["text"]
        await client.emit("user_uttered", "not a dict")
        assert "could not read" in (await asyncio.wait_for(answers.get(), 5))["text"]
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": ["wrong"]})
        assert "could not read" in (await asyncio.wait_for(answers.get(), 5))["text"]
        french = {"locale": "fr-CA"}
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": None, "metadata": french})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == catalogue_text("fr", "message_unreadable")
        for _ in range(3):
            await client.emit("user_uttered", {"session_id": U["sock-1"], "message": "again"})
            await asyncio.wait_for(answers.get(), 5)
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": FIRE})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == f"echo {len(FIRE)}"
        await client.emit("session_request", {"session_id": U["sock-2"]})
        assert await asyncio.wait_for(confirmed.get(), 5) == U["sock-2"]
        for text in ("fail validate_recall_form", "crash"):
            await client.emit("user_uttered", {"session_id": U["sock-2"], "message": text})
            assert (await asyncio.wait_for(answers.get(), 5))["text"] == SOMETHING_WENT_WRONG
        # Attack: a socket confirmed for sock-2 sends as sock-1 (someone else's session).
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": "hijack"})
        assert "could not read" in (await asyncio.wait_for(answers.get(), 5))["text"]
        await client.emit("user_uttered", {"session_id": U["sock-1"], "message": "hola, mi batería se calienta mucho"})
        assert (await asyncio.wait_for(answers.get(), 5))["text"] == catalogue_text("es", "message_unreadable")
        assert all(m.text != "hijack" for m in recorder.messages)
        # A guessable session id is never taken: a fresh UUIDv4 conversation is confirmed instead.
        await client.emit("session_request", {"session_id": "+447700900123"})
        fresh = await asyncio.wait_for(confirmed.get(), 5)
        assert fresh != "+447700900123" and web_conversation_id(fresh) == fresh
    finally:
        await client.disconnect()
    texts = [m.text for m in recorder.messages if m.sender_id == U["sock-1"]]
    assert texts[0] == "hi there" and texts[-1] == FIRE and all(len(t) <= 2000 for t in texts)
    assert texts.count("again") < 3  # the burst of 3 was spent: at least one was refused


def test_rate_limiter_can_be_switched_off() -> None:
    limiter = RateLimiter(Limits(sender_rate_per_minute=0, ip_rate_per_minute=0))
    assert asyncio.run(limiter.check(sender="s", address="a")) == 0.0


async def _socket(base: str) -> tuple[socketio.AsyncClient, asyncio.Queue[Any], asyncio.Queue[Any]]:
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    secrets: asyncio.Queue[Any] = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    client.on("session_secret", lambda data: secrets.put_nowait(data))
    await client.connect(base, socketio_path="/socket.io", transports=["websocket"])
    return client, confirmed, secrets


async def _socketio_session_ownership(base: str) -> None:
    """Attack: join a live customer's socket.io session knowing only its id, to read the replies."""
    session = str(uuid.uuid4())
    owner, owner_confirmed, owner_secrets = await _socket(base)
    stranger, stranger_confirmed, _ = await _socket(base)
    same_browser, same_confirmed, _ = await _socket(base)
    try:
        await owner.emit("session_request", {"session_id": session})
        assert await asyncio.wait_for(owner_confirmed.get(), 5) == session
        secret = (await asyncio.wait_for(owner_secrets.get(), 5))["session_secret"]
        await stranger.emit("session_request", {"session_id": session, "session_secret": "guess"})
        assert await asyncio.wait_for(stranger_confirmed.get(), 5) != session  # refused: a new session
        await same_browser.emit("session_request", {"session_id": session, "session_secret": secret})
        assert await asyncio.wait_for(same_confirmed.get(), 5) == session  # another tab of the owner's browser
    finally:
        for client in (owner, stranger, same_browser):
            await client.disconnect()
    # The owner gone, the same browser reconnects without trouble.
    again, again_confirmed, _ = await _socket(base)
    try:
        await again.emit("session_request", {"session_id": session})
        assert await asyncio.wait_for(again_confirmed.get(), 5) == session
    finally:
        await again.disconnect()


@pytest.mark.parametrize(
    ("mode", "header", "status"),
    [("open", "", None), ("off", "", 404), ("token", "", 401), ("token", "Bearer wrong", 401),
     ("token", "Bearer s3cret-rest-token", None)],
)
def test_the_rest_channel_can_be_switched_off_or_put_behind_a_token(mode, header, status):
    from types import SimpleNamespace

    from bot.channels.rest_socketio import _rest_access_refused

    limits = load_limits({"REST_CHANNEL": mode, "REST_CHANNEL_TOKEN": "s3cret-rest-token"})
    refused = _rest_access_refused(SimpleNamespace(headers={"Authorization": header} if header else {}), limits)
    assert (refused.status if refused else None) == status


async def _raw_post(base: str, head: str, body: bytes = b"") -> bytes:
    """Send a request by hand (a declared length the client never sends) and read the answer."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head.encode() + body)
        await writer.drain()
        return await asyncio.wait_for(reader.read(4096), 5)
    finally:
        writer.close()


async def _rest_body_refused_before_it_is_read(base: str) -> None:
    """Attack: tie up the server with bodies it buffers whole before looking at their size."""
    head = (
        "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 50000000\r\n\r\n"
    )
    answer = await _raw_post(base, head, b"{")  # 1 byte of 50 MB: refused at once, not awaited
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    chunked = "POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"x" * 4096
    answer = await _raw_post(base, chunked, (b"1000\r\n" + chunk + b"\r\n") * 3)  # 12 KiB, no end yet
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]


def _token(session_id: Any, **claims: Any) -> str:
    return "Bearer " + jwt.encode({"session_id": session_id, **claims}, JWT_KEY, algorithm="HS256")


async def _signed_socket_is_bound_to_its_session(base: str, recorder: Recorder) -> None:
    """Attack: a token that never expires, or one issued for one conversation used for another."""
    import time

    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    for refused in (_token(mine), _token(mine, exp=int(time.time()) - 60), _token(None, exp=int(time.time()) + 600),
                    "Bearer " + jwt.encode({"session_id": mine, "exp": int(time.time()) + 600}, "wrong-key-" * 4)):
        client = socketio.AsyncClient()
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(base, socketio_path="/signed.io", transports=["websocket"], auth={"token": refused})
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    token = _token(mine, exp=int(time.time()) + 600)
    await client.connect(base, socketio_path="/signed.io", transports=["websocket"], auth={"token": token})
    try:
        await client.emit("session_request", {"session_id": theirs})
        assert await asyncio.wait_for(confirmed.get(), 5) == mine  # the token's conversation, not the asked one
        await client.emit("user_uttered", {"session_id": theirs, "message": "signed hijack"})
        await client.emit("user_uttered", {"session_id": mine, "message": "signed hello"})
        for _ in range(50):
            if any(m.text == "signed hello" for m in recorder.messages):
                break
            await asyncio.sleep(0.1)
    finally:
        await client.disconnect()
    assert [m.sender_id for m in recorder.messages if m.text.startswith("signed")] == [mine]
