"""Locks, idempotency keys and sessions behind one small interface.

`RedisStore` (redis.asyncio) when a Redis URL is configured; `MemoryStore` for the
single-process embedded default. Both honour the same contract, tested by one suite.
Rate limits are `app/rate_limits.py`'s, in the same Redis namespace.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import LockError


class LockTimeout(Exception):
    """The lock could not be acquired in time."""


class KeyValueStore(Protocol):
    async def ping(self) -> bool: ...

    async def close(self) -> None: ...

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: float) -> None: ...

    async def set_if_absent(self, key: str, value: str, ttl_seconds: float) -> bool: ...

    async def delete(self, key: str) -> None: ...

    async def pop(self, key: str) -> str | None:
        """Take a value and delete it in one step: of two callers at once, one gets it."""
        ...

    def lock(self, name: str, ttl: float, wait: float) -> AbstractAsyncContextManager[None]:
        """Hold `name` for at most `ttl` seconds; wait at most `wait`. Raises LockTimeout."""
        ...


class MemoryStore:
    """In-process store for one process (the embedded default and tests)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _alive(self, key: str) -> str | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[1] < time.monotonic():
            self._data.pop(key, None)
            return None
        return item[0]

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()

    async def clear(self) -> None:
        """Forget everything (tests; never used by the service)."""
        self._data.clear()

    async def get(self, key: str) -> str | None:
        return self._alive(key)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        self._data[key] = (value, time.monotonic() + ttl_seconds)

    async def set_if_absent(self, key: str, value: str, ttl_seconds: float) -> bool:
        if self._alive(key) is not None:
            return False
        await self.set(key, value, ttl_seconds)
        return True

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def pop(self, key: str) -> str | None:
        value = self._alive(key)
        self._data.pop(key, None)
        return value

    @asynccontextmanager
    async def lock(self, name: str, ttl: float, wait: float) -> AsyncIterator[None]:
        lock = self._locks.setdefault(name, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), wait)
        except TimeoutError as exc:
            raise LockTimeout(name) from exc
        try:
            yield
        finally:
            lock.release()


MAX_CONNECTIONS = 100  # per process
CONNECTION_WAIT_SECONDS = 5.0


class RedisStore:
    """Redis-backed store: SET NX PX for idempotency, redis Lock."""

    def __init__(self, url: str, namespace: str = "shebao", *, max_connections: int = MAX_CONNECTIONS,
                 wait_seconds: float = CONNECTION_WAIT_SECONDS) -> None:
        # a blocking pool: past `max_connections` an operation waits for a connection (up to
        # `wait_seconds`, then RedisError: 503 store_unavailable) — redis-py's default pool raises
        # "Too many connections" at once past 100 operations in flight: found under the paths bench
        # when each payments page asked upstream several shares at once (no longer), and any burst
        # of requests on one worker (sessions, rate limits, idempotency keys) can reach it
        pool = aioredis.BlockingConnectionPool.from_url(url, decode_responses=True, max_connections=max_connections,
                                                        timeout=wait_seconds)
        self._redis = aioredis.Redis.from_pool(pool)  # closing the client closes its pool
        self._ns = namespace

    def _k(self, key: str) -> str:
        return f"{self._ns}:{key}"

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()

    async def clear(self) -> None:
        """Delete every key of this namespace (tests; never used by the service)."""
        async for key in self._redis.scan_iter(match=self._k("*"), count=500):
            await self._redis.delete(key)

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._k(key))
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        await self._redis.set(self._k(key), value, px=int(ttl_seconds * 1000))

    async def set_if_absent(self, key: str, value: str, ttl_seconds: float) -> bool:
        return bool(await self._redis.set(self._k(key), value, px=int(ttl_seconds * 1000), nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def pop(self, key: str) -> str | None:
        value = await self._redis.getdel(self._k(key))  # GETDEL: atomic (Redis 6.2+)
        return None if value is None else str(value)

    @asynccontextmanager
    async def lock(self, name: str, ttl: float, wait: float) -> AsyncIterator[None]:
        lock = self._redis.lock(self._k(f"lock:{name}"), timeout=ttl, blocking_timeout=wait)
        if not await lock.acquire(token=secrets.token_hex(8)):
            raise LockTimeout(name)
        try:
            yield
        finally:
            try:
                await lock.release()
            except LockError:  # expired meanwhile: it is no longer ours to release
                pass


def create_store(redis_url: str, namespace: str = "shebao") -> MemoryStore | RedisStore:
    return RedisStore(redis_url, namespace) if redis_url else MemoryStore()
