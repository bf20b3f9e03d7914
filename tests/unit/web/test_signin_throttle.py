"""Sign-in throttling, as attacks on the real console app through aiohttp's test client.

Each attack runs with the counters in memory and in the real Redis (a fresh key
prefix per test). The throttle's clock is a fake one the tests move forward; nothing
else is replaced. Passwords are real argon2id hashes, so a test makes few guesses
that reach the password check.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass

import pytest
import pytest_asyncio
import redis
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.core.db import get_engine, init_db, session_scope
from bot.core.settings import load_settings
from bot.web import users
from bot.web.app import create_app
from bot.web.auth import SESSION_COOKIE
from bot.web.signin_throttle import (
    ACCOUNT,
    ADDRESS,
    DEVICE_COOKIE,
    SIGNIN_THROTTLE,
    Budget,
    MemoryCounters,
    RedisCounters,
    SigninThrottle,
)
from tests.conftest import REDIS_URL, redis_up

PASSWORD = "correct password"
WRONG = "wrong password"
REDIS_VARS = ("RATE_LIMIT_REDIS_URL", "REDIS_URL", "LOCK_STORE_URL")



class Clock:
    """The throttle's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Console:
    client: TestClient
    app: web.Application
    clock: Clock


REDIS_UP = redis_up()


@pytest.fixture(
    params=["memory", pytest.param("redis", marks=pytest.mark.skipif(not REDIS_UP, reason="no Redis"))]
)
def backend(request, monkeypatch):
    for name in REDIS_VARS:
        monkeypatch.delenv(name, raising=False)
    if request.param == "redis":
        monkeypatch.setenv("RATE_LIMIT_REDIS_URL", REDIS_URL)
    prefix = f"test-signin-{uuid.uuid4().hex[:10]}:"
    yield prefix
    if request.param == "redis":
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)


@pytest.fixture
def settings(tmp_path):
    url = f"sqlite:///{tmp_path / 'console.db'}"
    init_db(get_engine(url))
    with session_scope(url) as session:
        users.create_user(session=session, username="alice", password=PASSWORD, role="agent")
    return load_settings(
        {"APP_ENV": "development", "DATABASE_URL": url, "CONSOLE_URL": "http://console.test"}
    )


@pytest_asyncio.fixture
async def start(settings, backend, monkeypatch):
    """Start a console process: `await start(trusted="10.0.0.1")`; all share the clock and counters."""
    clock = Clock()
    started: list[TestClient] = []

    async def start_console(*, trusted: str = "127.0.0.1,::1") -> Console:
        monkeypatch.setenv("TRUSTED_PROXIES", trusted)
        app = create_app(settings, run_background=False)
        app[SIGNIN_THROTTLE] = SigninThrottle.from_environment(prefix=backend, clock=clock)
        client = TestClient(TestServer(app))
        await client.start_server()
        started.append(client)
        return Console(client, app, clock)

    yield start_console
    for client in started:
        await client.close()


async def attempt(client: TestClient, username: str, password: str = WRONG, *, address: str | None = None):
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    return await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/agent"},
        headers={"X-Forwarded-For": address} if address else {},
        allow_redirects=False,
    )


def sign_out(client: TestClient) -> None:
    """Forget the session cookie (as after signing out), keep the others."""
    client.session.cookie_jar.clear(lambda cookie: cookie.key == SESSION_COOKIE)


async def statuses(client: TestClient, usernames, *, address=None) -> list[int]:
    return [(await attempt(client, name, address=address)).status for name in usernames]


# -- the attacks ---------------------------------------------------------------------------


async def test_clients_behind_the_trusted_proxy_are_counted_apart(start):
    console = await start()
    first = await statuses(
        console.client, [f"junk{n}" for n in range(ADDRESS.free + 1)], address="203.0.113.1"
    )
    assert first[-1] == 429  # the first client tried too many names
    assert (await attempt(console.client, "junk-other", address="203.0.113.2")).status == 401


async def test_an_untrusted_peer_cannot_choose_its_address(start):
    console = await start(trusted="10.0.0.1")  # the test client connects from 127.0.0.1
    seen = [
        (await attempt(console.client, f"junk{n}", address=f"198.51.100.{n}")).status
        for n in range(ADDRESS.free + 1)
    ]
    assert seen[-1] == 429  # one peer, however many X-Forwarded-For addresses it claims


async def test_a_flood_of_names_does_not_reset_the_target(start):
    console = await start()
    assert set(await statuses(console.client, ["alice"] * ACCOUNT.free, address="203.0.113.1")) == {401}
    assert (await attempt(console.client, "alice", address="203.0.113.1")).status == 429
    # 10,001 junk names, each from its own address (a botnet), through the same counters
    throttle = console.app[SIGNIN_THROTTLE]
    for n in range(10_001):
        await throttle.admit(account=f"junk{n}", address=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    answer = await attempt(console.client, "alice", PASSWORD, address="203.0.113.99")
    assert answer.status == 429


async def test_a_stranger_does_not_lock_alice_out(start):
    console = await start()
    for n in range(50):  # a stranger from many addresses, a guess every 5 s
        await attempt(console.client, "alice", address=f"198.51.100.{n}")
        console.clock.now += 5
    console.client.session.cookie_jar.clear()
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 429
    console.clock.now += 60  # the longest an account is slowed down
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 303


async def test_alice_on_her_known_browser_is_not_slowed_by_a_stranger(start):
    console = await start()
    jar = console.client.session.cookie_jar
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 303
    device = {cookie.key: cookie.value for cookie in jar}[DEVICE_COOKIE]
    jar.clear()
    for n in range(50):
        await attempt(console.client, "alice", address=f"198.51.100.{n}")
        console.clock.now += 5
    jar.clear()
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 429
    jar.update_cookies({DEVICE_COOKIE: device})
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 303


async def test_a_stolen_device_cookie_is_slowed_too(start):
    console = await start()
    jar = console.client.session.cookie_jar
    assert (await attempt(console.client, "alice", PASSWORD, address="192.0.2.10")).status == 303
    sign_out(console.client)
    seen = [
        (await attempt(console.client, "alice", address=f"198.51.100.{n}")).status
        for n in range(ACCOUNT.free + 1)
    ]
    assert DEVICE_COOKIE in {cookie.key for cookie in jar}
    assert seen[-1] == 429


async def test_one_address_trying_many_names_is_slowed(start):
    console = await start()
    seen = await statuses(console.client, [f"user{n}" for n in range(100)], address="203.0.113.7")
    assert seen.count(401) <= ADDRESS.free
    assert seen[-1] == 429


async def test_a_burst_of_parallel_guesses_is_counted(start):
    console = await start()
    answers = await asyncio.gather(
        *(attempt(console.client, "alice", address=f"198.51.100.{n}") for n in range(20))
    )
    assert sum(answer.status == 401 for answer in answers) <= ACCOUNT.free


async def test_a_slowed_sign_in_says_how_long_to_wait(start):
    console = await start()
    await statuses(console.client, ["alice"] * ACCOUNT.free, address="203.0.113.1")
    answer = await attempt(console.client, "alice", PASSWORD, address="203.0.113.1")
    assert answer.status == 429
    wait = int(answer.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert f"Please wait {wait} seconds" in await answer.text()
    console.clock.now += wait
    assert (await attempt(console.client, "alice", PASSWORD, address="203.0.113.1")).status == 303


async def test_a_right_password_clears_the_account(start):
    console = await start()
    await statuses(console.client, ["alice"] * (ACCOUNT.free - 1), address="203.0.113.1")
    assert (await attempt(console.client, "alice", PASSWORD, address="203.0.113.1")).status == 303
    sign_out(console.client)
    assert set(await statuses(console.client, ["alice"] * (ACCOUNT.free - 1), address="203.0.113.1")) == {401}


@pytest.mark.skipif(not REDIS_UP, reason="no Redis")
@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_several_console_processes_share_the_counters(start):
    one, two = await start(), await start()
    await statuses(one.client, ["alice"] * ACCOUNT.free, address="203.0.113.1")
    assert (await attempt(two.client, "alice", PASSWORD, address="203.0.113.2")).status == 429


# -- the pieces ----------------------------------------------------------------------------


def test_waits_double_up_to_the_cap() -> None:
    budget = Budget(free=3, base=2.0, cap=60.0)
    assert [budget.wait(n) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert budget.wait(10_000) == 60


async def test_memory_forgets_the_oldest_entries_only() -> None:
    counters = MemoryCounters(ttl=900, max_items=100, clock=Clock())
    await counters.admit(["target"], [ACCOUNT])
    for n in range(99):
        await counters.admit([f"junk{n}"], [ACCOUNT])
    await counters.admit(["target"], [ACCOUNT])  # touched again: now the newest
    for n in range(99, 198):
        await counters.admit([f"junk{n}"], [ACCOUNT])
    assert counters.failures("target") == 2
    assert counters.failures("junk98") == 0  # the 99 oldest went, one at a time
    assert all(counters.failures(f"junk{n}") == 1 for n in range(99, 198))


async def test_with_redis_down_the_counters_stay_in_this_process() -> None:
    counters = RedisCounters("redis://127.0.0.1:1/0", prefix="x:", clock=Clock())
    for _ in range(ACCOUNT.free):
        assert await counters.admit(["alice"], [ACCOUNT]) == 0.0
    assert await counters.admit(["alice"], [ACCOUNT]) == ACCOUNT.base
    await counters.close()
