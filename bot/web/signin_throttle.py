"""Sign-in throttling: slow guessing down per account and per client address; never lock.

An attempt that reaches the password check counts as a failure until it succeeds, so
a burst of parallel guesses is counted before any of them is checked. After `free`
failures the next attempt must wait `base * 2**k` seconds after the last one, at most
`cap`; an attempt refused for that is neither checked nor counted.

- Per account (the username as typed, NFKC and case-folded): 5 free, then 2 s doubling
  to 60 s. A stranger can slow an account down, never for more than a minute, and a
  browser that has signed in to the account before (the signed `console_device`
  cookie) has a budget of its own, so a stranger's guesses do not slow it at all.
- Per client address (`bot.channels.limits.client_address`: X-Real-IP / X-Forwarded-For only
  from TRUSTED_PROXIES): 10 free, then 1 s doubling to 5 min, so one address trying
  many names (credential stuffing) is slowed more than any one account.

Counters are forgotten 15 minutes after their last attempt. They live in Redis when
RATE_LIMIT_REDIS_URL, REDIS_URL or LOCK_STORE_URL is a redis:// URL (shared by every
console process; this process's memory while Redis is down), else in a bounded memory
that forgets the oldest entries first, never all of them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.channels.limits import client_address, load_limits
from bot.channels.memory import ExpiringMemory

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 15 * 60
MAX_MEMORY_KEYS = 100_000
DEFAULT_PREFIX = "recall:signin:"
DEVICE_COOKIE = "console_device"
DEVICE_COOKIE_SECONDS = 180 * 24 * 3600


@dataclass(frozen=True)
class Budget:
    """`free` failures, then a wait of `base` seconds doubling with each failure, at most `cap`."""

    free: int
    base: float
    cap: float

    def wait(self, failures: int) -> float:
        """Seconds that must pass after the last attempt, given the failures so far."""
        if failures < self.free:
            return 0.0
        return min(self.base * 2.0 ** min(failures - self.free, 64), self.cap)


ACCOUNT = Budget(free=5, base=2.0, cap=60.0)
ADDRESS = Budget(free=10, base=1.0, cap=300.0)


def account_name(username: str) -> str:
    """The account a typed username counts against ("Alice " and "alice" are one)."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


# -- counters -----------------------------------------------------------------------------


class MemoryCounters:
    """(failures, last attempt) per key in this process, bounded, oldest forgotten first."""

    def __init__(
        self,
        *,
        ttl: float = WINDOW_SECONDS,
        max_items: int = MAX_MEMORY_KEYS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self._items: ExpiringMemory[tuple[int, float]] = ExpiringMemory(
            ttl=ttl, max_items=max_items, clock=clock
        )

    def failures(self, key: str) -> int:
        return (self._items.get(key) or (0, 0.0))[0]

    async def admit(self, keys: Sequence[str], budgets: Sequence[Budget]) -> float:
        """0.0 and one more failure on every key, or the seconds still to wait (nothing counted)."""
        now = self._clock()
        states = [self._items.get(key) or (0, now) for key in keys]
        wait = max(budget.wait(n) - (now - last) for (n, last), budget in zip(states, budgets, strict=True))
        if wait > 0:
            return wait
        for key, (n, _) in zip(keys, states, strict=True):
            self._items.put(key, (n + 1, now))
        return 0.0

    async def succeeded(self, *, clear: str, release: str) -> None:
        """Forget `clear`'s failures; take back the attempt just counted on `release`."""
        self._items.pop(clear)
        state = self._items.get(release)
        if state and state[0] > 0:
            self._items.put(release, (state[0] - 1, state[1]))

    async def close(self) -> None:
        return None


# KEYS: the counters. ARGV: now, ttl in ms, then free, base, cap for each key.
# Returns the wait in ms (0: admitted, one more failure on every key).
ADMIT_SCRIPT = """
local now, ttl, wait = tonumber(ARGV[1]), tonumber(ARGV[2]), 0
for i, key in ipairs(KEYS) do
  local state = redis.call('HMGET', key, 'n', 'last')
  local n, last = tonumber(state[1]) or 0, tonumber(state[2]) or now
  local free, base, cap = tonumber(ARGV[i * 3]), tonumber(ARGV[i * 3 + 1]), tonumber(ARGV[i * 3 + 2])
  if n >= free then wait = math.max(wait, math.min(base * 2 ^ math.min(n - free, 64), cap) - (now - last)) end
end
if wait > 0 then return math.ceil(wait * 1000) end
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'n', 1)
  redis.call('HSET', key, 'last', ARGV[1])
  redis.call('PEXPIRE', key, ttl)
end
return 0
"""
# KEYS: the counter to clear, the counter to take one failure back from.
SUCCEEDED_SCRIPT = """
redis.call('DEL', KEYS[1])
if (tonumber(redis.call('HGET', KEYS[2], 'n')) or 0) > 0 then redis.call('HINCRBY', KEYS[2], 'n', -1) end
return 0
"""


class RedisCounters:
    """The same counters in Redis, shared by every console process; memory when Redis is down."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        ttl: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self._ttl_ms = int(ttl * 1000)
        self._clock = clock
        self.fallback = MemoryCounters(ttl=ttl, clock=clock)
        self._client: Any = None
        self._scripts: dict[str, Any] = {}
        self._last_error = 0.0

    def _script(self, name: str) -> Any:
        if self._client is None:
            import redis.asyncio as aioredis

            self._client = aioredis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
            self._scripts = {
                "admit": self._client.register_script(ADMIT_SCRIPT),
                "succeeded": self._client.register_script(SUCCEEDED_SCRIPT),
            }
        return self._scripts[name]

    def _unreachable(self, error: Exception) -> None:
        if time.monotonic() - self._last_error > 30:
            self._last_error = time.monotonic()
            logger.error("sign-in throttle: Redis unreachable (%s); counting in this process", error)

    async def admit(self, keys: Sequence[str], budgets: Sequence[Budget]) -> float:
        import redis

        args: list[float] = [self._clock(), self._ttl_ms]
        for budget in budgets:
            args += [budget.free, budget.base, budget.cap]
        try:
            wait_ms = await self._script("admit")(keys=[self.prefix + key for key in keys], args=args)
            return int(wait_ms) / 1000
        except (redis.RedisError, OSError) as error:
            self._unreachable(error)
            return await self.fallback.admit(keys, budgets)

    async def succeeded(self, *, clear: str, release: str) -> None:
        import redis

        try:
            await self._script("succeeded")(keys=[self.prefix + clear, self.prefix + release])
        except (redis.RedisError, OSError) as error:
            self._unreachable(error)
        await self.fallback.succeeded(clear=clear, release=release)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


# -- the throttle -------------------------------------------------------------------------


def _digest(text: str) -> str:
    # a mistyped password often lands in the username box: keep no names in the counters
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class SigninThrottle:
    """The two budgets of every sign-in attempt: its account (or known browser) and its address."""

    def __init__(self, *, trusted_proxies: tuple[str, ...], counters: MemoryCounters | RedisCounters) -> None:
        self.trusted_proxies = trusted_proxies
        self.counters = counters

    @classmethod
    def from_environment(
        cls, *, prefix: str = DEFAULT_PREFIX, clock: Callable[[], float] = time.time
    ) -> SigninThrottle:
        """TRUSTED_PROXIES and the Redis URL as the chat channels read them (`bot.channels.limits.load_limits`)."""
        limits = load_limits()
        counters = (
            RedisCounters(limits.redis_url, prefix=prefix, clock=clock)
            if limits.redis_url
            else MemoryCounters(clock=clock)
        )
        return cls(trusted_proxies=limits.trusted_proxies, counters=counters)

    def address_of(self, request: web.Request) -> str:
        """The client's address (the proxy's header only when the peer is a trusted proxy)."""
        return client_address(request.remote, request.headers, self.trusted_proxies) or "unknown"

    @staticmethod
    def _keys(username: str, address: str, device: str | None) -> list[str]:
        who = f"device:{_digest(device)}" if device else f"account:{_digest(account_name(username))}"
        return [who, f"address:{_digest(address)}"]

    async def admit(self, *, account: str, address: str, device: str | None = None) -> float:
        """0.0 if this attempt may check its password (counted as failed until it succeeds), else seconds to wait.

        Args:
            account: the username as typed.
            address: the client's address (`address_of`).
            device: the id from a valid known-browser cookie (`known_device`), if any.
        """
        return await self.counters.admit(self._keys(account, address, device), [ACCOUNT, ADDRESS])

    async def succeeded(self, *, account: str, address: str, device: str | None = None) -> None:
        """The password was right: clear the account's (or browser's) failures, take back the address's."""
        clear, release = self._keys(account, address, device)
        await self.counters.succeeded(clear=clear, release=release)

    async def close(self) -> None:
        await self.counters.close()


SIGNIN_THROTTLE = web.AppKey("signin_throttle", SigninThrottle)


# -- the known-browser cookie ---------------------------------------------------------------


def _device_mac(secret: str, username: str, device: str) -> str:
    message = f"signin-device|{account_name(username)}|{device}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def new_device_cookie(*, secret: str, username: str) -> str:
    """A cookie value saying "this browser has signed in to this account" (signed with SECRET_KEY)."""
    device = secrets.token_urlsafe(16)
    return f"{device}.{_device_mac(secret, username, device)}"


def known_device(*, secret: str, username: str, cookie: str | None) -> str | None:
    """The browser's id if `cookie` was given to it at a sign-in to this account, else None."""
    if not cookie or len(cookie) > 200 or "." not in cookie:
        return None
    device, mac = cookie.split(".", 1)
    return (
        device if hmac.compare_digest(mac.encode(), _device_mac(secret, username, device).encode()) else None
    )
