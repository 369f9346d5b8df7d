"""One contract for the in-process store and Redis (run against Redis when SHEBAO_TEST_REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from app.kv import LockTimeout, MemoryStore, RedisStore

STORES = ["memory"] + (["redis"] if os.environ.get("SHEBAO_TEST_REDIS_URL") else [])


@pytest.fixture(params=STORES)
async def store(request):  # type: ignore[no-untyped-def]
    s = MemoryStore() if request.param == "memory" else RedisStore(
        os.environ["SHEBAO_TEST_REDIS_URL"], namespace=f"t{uuid.uuid4().hex[:8]}"
    )
    yield s
    await s.close()


async def test_set_get_delete_and_expiry(store):
    assert await store.ping()
    await store.set("a", "1", 10)
    assert await store.get("a") == "1"
    await store.delete("a")
    assert await store.get("a") is None
    await store.set("b", "2", 0.05)
    await asyncio.sleep(0.12)
    assert await store.get("b") is None


async def test_set_if_absent_is_one_winner_under_concurrency(store):
    results = await asyncio.gather(*(store.set_if_absent("idem", str(i), 10) for i in range(20)))
    assert results.count(True) == 1


async def test_lock_serialises_and_times_out(store):
    inside = 0
    peak = 0

    async def critical() -> None:
        nonlocal inside, peak
        async with store.lock("L", ttl=5, wait=5):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(critical() for _ in range(10)))
    assert peak == 1
    async with store.lock("M", ttl=5, wait=1):
        with pytest.raises(LockTimeout):
            async with store.lock("M", ttl=5, wait=0.1):
                pass


async def test_more_operations_at_once_than_connections_wait_for_one() -> None:
    """Past its connections, an operation waits for one instead of failing: redis-py's default
    pool raised "Too many connections" (503 store_unavailable) once a worker had 100 in flight."""
    if not os.environ.get("SHEBAO_TEST_REDIS_URL"):
        pytest.skip("needs Redis (SHEBAO_TEST_REDIS_URL)")
    store = RedisStore(os.environ["SHEBAO_TEST_REDIS_URL"], namespace=f"t{uuid.uuid4().hex[:8]}", max_connections=3)
    try:
        await asyncio.gather(*(store.set(f"k{i}", str(i), 10) for i in range(60)))
        assert await asyncio.gather(*(store.get(f"k{i}") for i in range(60))) == [str(i) for i in range(60)]
    finally:
        await store.close()
