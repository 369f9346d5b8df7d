"""The shared sandbox clock: a process takes the offset its peers share, keeps its own when none is
shared, and keeps the time it had when the store does not answer (a Redis restart must not fail
requests that do not need Redis, such as a sandbox's controls or a channel's notification)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from app import clock


class Store:
    def __init__(self, value: str | None = None, fail: bool = False) -> None:
        self.value, self.fail = value, fail

    async def get(self, key: str) -> str | None:
        if self.fail:
            raise RedisConnectionError("Connection refused")
        return self.value if key == clock.OFFSET_KEY else None

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        self.value = value


@pytest.fixture(autouse=True)
def real_time():  # type: ignore[no-untyped-def]
    yield
    clock.set_offset(timedelta(0))


async def test_a_process_takes_the_shared_offset() -> None:
    await clock.sync(Store(repr(86400.0)))
    assert clock.offset() == timedelta(days=1)


async def test_no_shared_offset_keeps_the_process_own() -> None:
    clock.set_offset(timedelta(hours=5))
    await clock.sync(Store(None))
    assert clock.offset() == timedelta(hours=5)


async def test_a_store_that_does_not_answer_keeps_the_time_the_process_had() -> None:
    clock.set_offset(timedelta(days=3))
    await clock.sync(Store(fail=True))
    assert clock.offset() == timedelta(days=3)


async def test_moving_sets_the_shared_offset_and_the_process_own_and_zero_is_kept_too() -> None:
    store = Store()
    await clock.move_to(store, timedelta(days=2))
    assert (store.value, clock.offset()) == (repr(172800.0), timedelta(days=2))
    await clock.move_to(store, timedelta(0))  # back to the real time: the others go back too
    assert store.value == repr(0.0) and clock.offset() == timedelta(0)
