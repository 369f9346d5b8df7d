"""Rate limits (app/rate_limits.py) in memory and, when SHEBAO_TEST_REDIS_URL is set, in Redis."""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass

import pytest
from limits import RateLimitItemPerMinute, RateLimitItemPerSecond
from redis import asyncio as aioredis

from app import rate_limits
from app.rate_limits import RULES, RateLimiter
from config.settings import Settings

REDIS_URL = os.environ.get("SHEBAO_TEST_REDIS_URL", "")
BACKENDS = ["memory"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=BACKENDS)
async def limiter(request):  # type: ignore[no-untyped-def]
    made = RateLimiter(REDIS_URL if request.param == "redis" else "", f"t{uuid.uuid4().hex[:8]}")
    yield made
    await made.reset()
    await made.close()


async def test_counts_up_to_the_limit_and_refuses_without_counting(limiter):  # type: ignore[no-untyped-def]
    three = RateLimitItemPerMinute(3)
    assert [await limiter.hit(three, "sign_in", "203.0.113.7") for _ in range(5)] == [True, True, True, False, False]
    assert await limiter.remaining(three, "sign_in", "203.0.113.7") == 0
    assert await limiter.hit(three, "sign_in", "203.0.113.8")  # another key
    assert await limiter.hit(three, "binding", "203.0.113.7")  # another limit


async def test_a_moving_window_frees_one_attempt_as_it_ages(limiter):  # type: ignore[no-untyped-def]
    two = RateLimitItemPerSecond(2)
    assert await limiter.hit(two, "x", "k")
    await asyncio.sleep(0.4)
    assert await limiter.hit(two, "x", "k")
    assert not await limiter.hit(two, "x", "k")
    await asyncio.sleep(0.7)  # the first attempt is more than a second old, the second is not
    assert await limiter.hit(two, "x", "k")
    assert not await limiter.hit(two, "x", "k")


async def test_parallel_attempts_get_no_more_than_the_limit(limiter):  # type: ignore[no-untyped-def]
    five = RateLimitItemPerMinute(5)
    results = await asyncio.gather(*(limiter.hit(five, "burst", "k") for _ in range(30)))
    assert results.count(True) == 5


async def test_reset_forgets_every_count(limiter):  # type: ignore[no-untyped-def]
    one = RateLimitItemPerMinute(1)
    assert await limiter.hit(one, "x", "k") and not await limiter.hit(one, "x", "k")
    await limiter.reset()
    assert await limiter.hit(one, "x", "k")


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis")
async def test_redis_keys_live_in_the_stores_namespace_and_namespaces_do_not_meet() -> None:
    one = RateLimitItemPerMinute(1)
    tag = uuid.uuid4().hex[:6]
    first, second = RateLimiter(REDIS_URL, f"nsa-{tag}"), RateLimiter(REDIS_URL, f"nsb-{tag}")
    client = aioredis.from_url(REDIS_URL, decode_responses=True)
    try:
        assert await first.hit(one, "sign_in", "k") and not await first.hit(one, "sign_in", "k")
        assert await second.hit(one, "sign_in", "k")  # the other namespace counts apart
        keys = [k async for k in client.scan_iter(match=f"nsa-{tag}:*")]
        assert len(keys) == 1 and keys[0].startswith(f"nsa-{tag}:rate:") and ":rate:LIMITER/sign_in/k/" in keys[0]
    finally:
        for made in (first, second):
            await made.reset()
            await made.close()
        await client.aclose()


@dataclass
class _Services:  # what rate_limits.allow reads
    settings: Settings
    rate_limiter: RateLimiter


async def test_every_limit_reads_its_setting_at_each_call() -> None:
    assert set(RULES) == set(rate_limits.Limit.__args__)  # type: ignore[attr-defined]
    services = _Services(Settings(login_rate_per_minute=2), RateLimiter())
    try:
        answers = [await rate_limits.allow(services, "sign_in", "a") for _ in range(3)]  # type: ignore[arg-type]
        assert answers == [True, True, False]
        services.settings = Settings(login_rate_per_minute=3)  # a new limit counts anew
        assert await rate_limits.allow(services, "sign_in", "a")  # type: ignore[arg-type]
        item = RULES["operator_unknown_user"](Settings(operator_lockout_attempts=5, operator_lockout_minutes=15))
        assert (item.amount, item.get_expiry()) == (5, 900)
        assert RULES["identity_check"](Settings()).get_expiry() == 3600
        assert await rate_limits.remaining(services, "binding", 7) == Settings().binding_rate_per_hour  # type: ignore[arg-type]
    finally:
        await services.rate_limiter.close()
