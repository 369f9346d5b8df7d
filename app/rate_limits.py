"""Rate limits: every limit the service keeps, counted in moving windows by the `limits` library.

A limit is so many attempts per window, read from the settings at each call (a changed setting
applies at once), counted per key: a client address, a user id, a sender. The count lives in Redis
when `redis_url` is set, under the key-value store's namespace
(`<redis_namespace>:rate:LIMITER/<limit>/<key>/…`), and in this process otherwise. A moving window
counts the attempts of the last minute (hour) whenever it is asked, so no burst slips through at
a window's edge; an attempt that is refused is not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis import asyncio as aioredis

from config.settings import Settings

Limit = Literal[
    "sign_in", "binding", "face_verification", "identity_check", "captcha", "certificate_verification",
    "operator_sign_in", "operator_unknown_user", "unverified_notification", "institution_verification",
    "records_lookup",
]

# each limit: how many attempts per window, from the settings (config/settings.py says per what)
RULES: dict[Limit, Callable[[Settings], RateLimitItem]] = {
    "sign_in": lambda s: RateLimitItemPerMinute(s.login_rate_per_minute),
    "binding": lambda s: RateLimitItemPerHour(s.binding_rate_per_hour),
    "face_verification": lambda s: RateLimitItemPerHour(s.binding_rate_per_hour),
    "identity_check": lambda s: RateLimitItemPerHour(s.identity_check_rate_per_hour),
    "captcha": lambda s: RateLimitItemPerMinute(s.captcha_rate_per_minute),
    "certificate_verification": lambda s: RateLimitItemPerMinute(s.certificate_verification_rate_per_minute),
    "operator_sign_in": lambda s: RateLimitItemPerMinute(s.operator_sign_in_rate_per_minute),
    "operator_unknown_user": lambda s: RateLimitItemPerMinute(s.operator_lockout_attempts,
                                                              s.operator_lockout_minutes),
    "records_lookup": lambda s: RateLimitItemPerHour(s.records_lookup_rate_per_hour),
    "unverified_notification": lambda s: RateLimitItemPerMinute(s.unverified_notifications_per_minute),
    # per institution API key; a key's own rate_per_minute wins (app/institutions)
    "institution_verification": lambda s: RateLimitItemPerMinute(s.institution_verification_rate_per_minute),
}


class RateLimiter:
    """Moving-window counts in Redis (redis.asyncio, through `limits`' redispy storage) or in memory."""

    def __init__(self, redis_url: str = "", namespace: str = "shebao") -> None:
        self._redis = aioredis.from_url(redis_url) if redis_url else None
        # on our own redis.asyncio client (closed by close()): the URI only names the kind of storage;
        # limits documents connection_pool but types its options as scalars
        self._storage: Storage = MemoryStorage() if self._redis is None else RedisStorage(
            "async+redis://", implementation="redispy", key_prefix=f"{namespace}:rate",
            connection_pool=self._redis.connection_pool)  # type: ignore[arg-type]
        self._limiter = MovingWindowRateLimiter(self._storage)

    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one attempt; False, and not counted, when `item`'s limit is already reached."""
        return await self._limiter.hit(item, *identifiers)

    async def remaining(self, item: RateLimitItem, *identifiers: str) -> int:
        return (await self._limiter.get_window_stats(item, *identifiers)).remaining

    async def reset(self) -> None:
        """Forget every count (tests; never used by the service)."""
        await self._storage.reset()

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()


class _Limited(Protocol):  # the services, as far as a limit needs them
    @property
    def settings(self) -> Settings: ...

    @property
    def rate_limiter(self) -> RateLimiter: ...


async def allow(services: _Limited, limit: Limit, key: str | int) -> bool:
    """Count one attempt of `key` (an address, a user id) against `limit`, as the settings now say.

    Returns: False when the limit is reached: the caller refuses (its own error code, 429).
    """
    return await services.rate_limiter.hit(RULES[limit](services.settings), limit, str(key))


async def remaining(services: _Limited, limit: Limit, key: str | int) -> int:
    """How many more attempts `key` has in `limit`'s window now (0: the next one is refused)."""
    return await services.rate_limiter.remaining(RULES[limit](services.settings), limit, str(key))
