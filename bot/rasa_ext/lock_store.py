"""An atomic, fair Redis lock store for Rasa (several Rasa servers, one conversation at a time).

Rasa's own `RedisLockStore` issues tickets with a GET then a SET (two servers can
hold one conversation), waiters poll every second and a ticket lives 60 s
(docs/DEPLOYMENT.md, "Several machines"). This one:

- takes the lock with one Lua script: free -> `SET key token PX ttl`;
- releases only by its owner (Lua compare-and-delete), and hands the lock straight
  to the first live waiter in a per-conversation FIFO queue;
- wakes that waiter with `RPUSH` on its own list, where it waits in `BLPOP`
  (no polling; a waiter also re-checks when the holder's TTL would have run out);
- keeps the TTL short and renews it while the holder is alive, so a holder killed
  with -9 blocks its conversation for at most `lock_ttl` seconds;
- gives up after `wait_timeout` seconds with Rasa's `LockError`;
- gives every acquisition a fencing token, higher than any earlier one for that
  conversation (INCR of a per-conversation counter, in the same script that hands
  out the lease, never below Redis's clock in microseconds so that it keeps rising
  when Redis restarts empty). The turn's `Lease` (conversation, token) is set in a
  context variable for the body of the `async with`: Rasa's Agent.handle_message
  takes the lock and its MessageProcessor reads and saves the tracker in that same
  task. The tracker store (bot.rasa_ext.tracker_store) writes only while no later token has
  touched the conversation; when it refuses, the lease is marked lost and leaving
  the `async with` raises `LeaseLostError`, so the channel tells the customer to
  try again (Rasa's FailSafeTrackerStore swallows errors raised by a save).

If Redis cannot be reached the turn is refused with `LockStoreUnavailableError`
(a `LockError`; the channel answers "try again"). There is no per-process fallback:
another Rasa server may be handling the same conversation. Without a configured
lock store Rasa uses its in-memory one (one server, the embedded default).

endpoints.yml::

    lock_store:
      type: bot.rasa_ext.lock_store.AtomicRedisLockStore
      url: redis://127.0.0.1:6379/1     # or a host name, with port/db/password keys
      lock_ttl: 15                       # optional, seconds
      wait_timeout: 60                   # optional, seconds
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
import uuid
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aioredis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_LOCK_TTL = 15.0
DEFAULT_KEY_PREFIX = "recall:lock:"
#: An idle conversation's fence counter is dropped after this; the clock floor keeps
#: the next token above the old ones.
FENCE_TTL_MS = 30 * 24 * 3600 * 1000


class LockStoreUnavailableError(LockError):
    """Redis could not be reached: the turn is refused (the channel says "try again")."""


class LeaseLostError(LockError):
    """The turn's lease ran out and a later turn took the conversation: its events were not saved."""


@dataclass
class Lease:
    """One turn's hold on a conversation: its fencing token, and whether a save was refused."""

    conversation_id: str
    fence: int
    lost: bool = False


_leases: contextvars.ContextVar[tuple[Lease, ...]] = contextvars.ContextVar("recall_lock_leases", default=())


def current_lease(conversation_id: str) -> Lease | None:
    """The lease the running turn holds on this conversation, if it holds one."""
    for lease in reversed(_leases.get()):
        if lease.conversation_id == conversation_id:
            return lease
    return None


_PROMOTE = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- Hand the free lock to the first waiter still within its deadline; drop the others.
local function promote(now, ttl, wake_prefix)
  while true do
    local head = redis.call('LPOP', KEYS[2])
    if not head then return false end
    local deadline = tonumber(redis.call('HGET', KEYS[3], head) or '0')
    redis.call('HDEL', KEYS[3], head)
    if deadline >= now then
      redis.call('SET', KEYS[1], head, 'PX', ttl)
      local wake = wake_prefix .. head
      redis.call('RPUSH', wake, '1')
      redis.call('PEXPIRE', wake, ttl)
      return head
    end
  end
end
"""

_FENCE = """
-- The next fencing token: counter + 1, but never below Redis's clock in microseconds
-- (exact in Lua's doubles until 2255), so that it keeps rising after Redis lost the counter.
local function next_fence(key, ttl)
  local fence = redis.call('INCR', key)
  local t = redis.call('TIME')
  local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])
  if fence < floor then
    fence = floor
    redis.call('SET', key, string.format('%.0f', fence))
  end
  redis.call('PEXPIRE', key, ttl)
  return fence
end
"""

# KEYS: lock, queue, deadlines, my wake list, fence counter.
# ARGV: token, ttl ms, wait ms, wake prefix, fence ttl ms.
# Returns the caller's fencing token (> 0) when it holds the lock, else minus the ms
# until the holder's TTL ends.
ACQUIRE = (
    _PROMOTE
    + _FENCE
    + """
local token, ttl, wait = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local holder = redis.call('GET', KEYS[1])
if not holder then
  local head = promote(now, ttl, ARGV[4])
  if not head then
    redis.call('SET', KEYS[1], token, 'PX', ttl)
    holder = token
  else
    holder = head
  end
end
if holder == token then
  redis.call('LREM', KEYS[2], 0, token)
  redis.call('HDEL', KEYS[3], token)
  redis.call('DEL', KEYS[4])
  return next_fence(KEYS[5], ARGV[5])
end
if redis.call('HSETNX', KEYS[3], token, now + wait) == 1 then
  redis.call('RPUSH', KEYS[2], token)
end
redis.call('PEXPIRE', KEYS[2], wait + ttl)
redis.call('PEXPIRE', KEYS[3], wait + ttl)
local left = redis.call('PTTL', KEYS[1])
if left < 1 then left = 1 end
return -left
"""
)

# KEYS: lock, queue, deadlines. ARGV: token, ttl ms, wake prefix. 1 if released.
RELEASE = (
    _PROMOTE
    + """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
promote(now_ms(), tonumber(ARGV[2]), ARGV[3])
return 1
"""
)

# A waiter that gives up (timeout, cancelled request). KEYS: lock, queue, deadlines,
# its wake list. ARGV: token, ttl ms, wake prefix.
ABANDON = (
    _PROMOTE
    + """
redis.call('LREM', KEYS[2], 0, ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  promote(now_ms(), tonumber(ARGV[2]), ARGV[3])
end
return 1
"""
)

# KEYS: lock. ARGV: token, ttl ms. 1 if still the owner.
EXTEND = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


def _connection_kwargs(url: str | None, options: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """A redis URL, or Rasa's host/port/db/password style, as (url, keyword arguments)."""
    kwargs: dict[str, Any] = {}
    for name in ("port", "db"):
        if options.get(name) not in (None, ""):
            kwargs[name] = int(options[name])
    for name in ("username", "password"):
        if options.get(name):
            kwargs[name] = str(options[name])
    if options.get("use_ssl") in (True, "true", "True"):
        kwargs["ssl"] = True
    if url and "://" in url:
        return url, kwargs
    kwargs.setdefault("port", 6379)
    kwargs.setdefault("db", 1)
    return None, {"host": url or "localhost", **kwargs}


class AtomicRedisLockStore(LockStore):
    """Per-conversation Redis lock: atomic, owner-only release, FIFO hand-over, no polling."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        *,
        url: str | None = None,
        lock_ttl: float | None = None,
        wait_timeout: float | None = None,
        key_prefix: str | None = None,
        **options: Any,
    ) -> None:
        """Create the store (connections open lazily, one pool per event loop).

        Args:
            endpoint_config: Rasa's `lock_store` section (url and keys), when Rasa builds it.
            url: `redis://host:port/db` or a host name (then `port`, `db`, `password` keys).
            lock_ttl: seconds a holder that stopped renewing keeps the lock.
            wait_timeout: seconds a message waits for its turn before `LockError`.
            key_prefix: prefix of every key this store writes.
            **options: port, db, username, password, use_ssl.
        """
        if endpoint_config is not None:
            url = url or endpoint_config.url
            merged = dict(endpoint_config.kwargs or {})
            lock_ttl = lock_ttl if lock_ttl is not None else merged.pop("lock_ttl", None)
            wait_timeout = wait_timeout if wait_timeout is not None else merged.pop("wait_timeout", None)
            key_prefix = key_prefix or merged.pop("key_prefix", None)
            options = {**merged, **options}
        self.lock_ttl = float(lock_ttl or DEFAULT_LOCK_TTL)
        self.wait_timeout = float(wait_timeout) if wait_timeout else None
        self.key_prefix = str(key_prefix or DEFAULT_KEY_PREFIX)
        self._url, self._kwargs = _connection_kwargs(url, options)
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
        self._sync: redis.Redis | None = None
        self._last_outage_log = 0.0
        super().__init__()

    # -- keys and clients -----------------------------------------------------

    def _keys(self, conversation_id: str) -> tuple[str, str, str, str]:
        base = self.key_prefix + conversation_id
        return base, base + ":queue", base + ":deadlines", base + ":wake:"

    def _fence_key(self, conversation_id: str) -> str:
        # Not deleted with the lock (delete_lock): tokens must keep rising.
        return self.key_prefix + conversation_id + ":fence"

    def _client(self) -> Any:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is None:
            # BLPOP waits up to wait_timeout: the socket must wait longer than that.
            socket_timeout = (self.wait_timeout or LOCK_LIFETIME) + 10
            common = {"socket_timeout": socket_timeout, "socket_connect_timeout": 3, **self._kwargs}
            client = aioredis.Redis.from_url(self._url, **common) if self._url else aioredis.Redis(**common)
            entry = {
                "client": client,
                "acquire": client.register_script(ACQUIRE),
                "release": client.register_script(RELEASE),
                "abandon": client.register_script(ABANDON),
                "extend": client.register_script(EXTEND),
            }
            self._clients[loop] = entry
        return entry

    def _sync_client(self) -> redis.Redis:
        if self._sync is None:
            common = {"socket_timeout": 5, "socket_connect_timeout": 3, **self._kwargs}
            self._sync = redis.Redis.from_url(self._url, **common) if self._url else redis.Redis(**common)
        return self._sync

    async def close(self) -> None:
        """Close this event loop's connections."""
        entry = self._clients.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            await entry["client"].close()

    # -- the lock ---------------------------------------------------------------

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation's lock for the body of the `async with`.

        Args:
            conversation_id: the sender id.
            lock_lifetime: Rasa's ticket lifetime; used as the wait timeout unless
                `wait_timeout` was configured.
            wait_time_in_seconds: ignored (waiters are woken, they do not poll).

        Raises:
            LockError: when the turn does not come within the wait timeout.
            LockStoreUnavailableError: when Redis cannot be reached (no fallback).
            LeaseLostError: after the body, when the tracker store refused to save
                because a later turn took the conversation.
        """
        wait = self.wait_timeout or float(lock_lifetime)
        try:
            entry = self._client()
            token, fence = await self._acquire(entry, conversation_id, wait)
        except (redis.RedisError, OSError) as error:
            self._log_outage(error)
            raise LockStoreUnavailableError(
                f"Redis lock store unreachable: turn for conversation_id '{conversation_id}' refused."
            ) from error
        lease = Lease(conversation_id, fence)
        held = _leases.set((*_leases.get(), lease))
        renewal = asyncio.create_task(self._renew(entry, conversation_id, token))
        try:
            yield TicketLock(conversation_id)
        finally:
            with contextlib.suppress(ValueError):  # finalised in another context: nothing to undo
                _leases.reset(held)
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewal
            await self._release(entry, conversation_id, token)
        if lease.lost:
            raise LeaseLostError(
                f"Lock lease for conversation_id '{conversation_id}' was taken by a later turn; "
                "this turn's events were not saved."
            )

    async def _acquire(self, entry: dict[str, Any], conversation_id: str, wait: float) -> tuple[str, int]:
        lock_key, queue, deadlines, wake_prefix = self._keys(conversation_id)
        token = uuid.uuid4().hex
        wake = wake_prefix + token
        keys = [lock_key, queue, deadlines, wake, self._fence_key(conversation_id)]
        args = [token, int(self.lock_ttl * 1000), int(wait * 1000), wake_prefix, FENCE_TTL_MS]
        deadline = time.monotonic() + wait
        try:
            while True:
                result = int(await entry["acquire"](keys=keys, args=args))
                if result > 0:
                    return token, result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                # Woken by a hand-over, or re-check when the holder's TTL would have run out.
                await entry["client"].blpop([wake], timeout=max(0.01, min(remaining, -result / 1000 + 0.02)))
        except BaseException:
            await self._abandon(entry, keys, token)
            raise

    async def _abandon(self, entry: dict[str, Any], keys: list[str], token: str) -> None:
        prefix = keys[3][: -len(token)]  # the wake list is prefix + token
        with contextlib.suppress(Exception):
            await asyncio.shield(
                entry["abandon"](keys=keys[:4], args=[token, int(self.lock_ttl * 1000), prefix])
            )

    async def _renew(self, entry: dict[str, Any], conversation_id: str, token: str) -> None:
        lock_key = self._keys(conversation_id)[0]
        ttl_ms = int(self.lock_ttl * 1000)
        while True:
            await asyncio.sleep(self.lock_ttl / 3)
            try:
                if not int(await entry["extend"](keys=[lock_key], args=[token, ttl_ms])):
                    logger.warning("lock for conversation %s expired while held", conversation_id)
                    return
            except (redis.ConnectionError, redis.TimeoutError, OSError) as error:
                self._log_outage(error)

    async def _release(self, entry: dict[str, Any], conversation_id: str, token: str) -> None:
        lock_key, queue, deadlines, wake_prefix = self._keys(conversation_id)
        try:
            await asyncio.shield(
                entry["release"](
                    keys=[lock_key, queue, deadlines], args=[token, int(self.lock_ttl * 1000), wake_prefix]
                )
            )
        except (redis.ConnectionError, redis.TimeoutError, OSError) as error:
            # The TTL frees it; waiters re-check when it runs out.
            self._log_outage(error)

    def _log_outage(self, error: BaseException) -> None:
        now = time.monotonic()
        if now - self._last_outage_log > 30:
            self._last_outage_log = now
            logger.error("Redis lock store unreachable (%s): refusing turns until it is back", error)

    # -- Rasa's synchronous interface (inspection and tests) ---------------------

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock if someone holds it (tickets are not exposed)."""
        if self._sync_client().exists(self._keys(conversation_id)[0]):
            return TicketLock(conversation_id)
        return None

    def delete_lock(self, conversation_id: str) -> None:
        """Forget the conversation's lock and queue (administrative reset)."""
        lock_key, queue, deadlines, _ = self._keys(conversation_id)
        deleted = self._sync_client().delete(lock_key, queue, deadlines)
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        """Not used: the lock lives only in Redis, changed by its scripts."""

    def is_someone_waiting(self, conversation_id: str) -> bool:
        """Whether a message for this conversation is queued behind the holder."""
        return bool(self._sync_client().llen(self._keys(conversation_id)[1]))

    def fence(self, conversation_id: str) -> int | None:
        """The last fencing token handed out for this conversation (for tests and diagnostics)."""
        value = self._sync_client().get(self._fence_key(conversation_id))
        return int(value) if value is not None else None

    def holder(self, conversation_id: str) -> str | None:
        """The token of the current holder (for tests and diagnostics)."""
        value = self._sync_client().get(self._keys(conversation_id)[0])
        return value.decode() if isinstance(value, bytes) else value
