"""Time, China's business date, and the sandbox's movable clock.

Every collection rule, deadline and business number is dated in China (Asia/Shanghai), whatever
time zone the process runs under: a declaration made at 00:30 on 12-07 in China is numbered
SB20261207…, even where the machine's clock says 12-06 16:30 UTC. Instants are aware datetimes
(UTC inside); a date is a China date.

`now()` is the one "now" of the business: the services, jobs, sweeps and sandboxes ask it. On the
embedded default and staging it can be moved forward (`POST /sandbox/clock`), like a payment
platform's test clock, so a deadline can be seen to pass without editing rows. It is the real time
plus an offset: the offset lives in this process and, when the service runs on Redis, under
`OFFSET_KEY`, from which every process (API workers, job workers, the sandbox process) takes it
before each request and job (`sync`). Production never moves it: the endpoint refuses, and
`sync` is not called there.

What is not business time stays on the real clock: sessions and identity checks expire on it, the
job queue schedules on it, and signatures on the wire carry it (a channel checks them against its
own real clock).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFSET_KEY = "sandbox:clock_offset_seconds"
log = logging.getLogger("shebao.clock")
_OFFSET_TTL = 400 * 86400  # far longer than any sandbox session; reset by DELETE /sandbox/clock

_offset = timedelta(0)


class OffsetStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: float) -> None: ...


def now() -> datetime:
    """The current instant of the business (aware, UTC): the real time plus the sandbox's offset."""
    return datetime.now(UTC) + _offset


def offset() -> timedelta:
    """How far this process's business clock runs ahead of the real one."""
    return _offset


def set_offset(value: timedelta) -> None:
    """Move this process's business clock to run `value` ahead of the real one (tests, `sync`)."""
    global _offset
    _offset = value


async def sync(store: OffsetStore) -> None:
    """Take the offset the service's processes share (one GET), so every process tells one time.
    No shared offset (the clock was never moved): this process keeps its own."""
    try:
        raw = await store.get(OFFSET_KEY)
    except Exception:  # noqa: BLE001 - a sandbox convenience must not fail a request: the store
        # (Redis) restarting or unreachable, this process keeps the time it had; the request goes
        # on and meets the store's outage, if at all, where it needs the store
        log.warning("the shared sandbox clock could not be read; keeping this process's", exc_info=True)
        return
    if raw is not None:
        set_offset(timedelta(seconds=float(raw)))


async def move_to(store: OffsetStore, offset_value: timedelta) -> None:
    """Set the shared offset and this process's, together (back to the real time is an offset of
    0, kept like any other, so that every process goes back too)."""
    await store.set(OFFSET_KEY, repr(offset_value.total_seconds()), _OFFSET_TTL)
    set_offset(offset_value)


def in_china(at: datetime | None = None) -> datetime:
    """`at` (default: now) on China's wall clock."""
    return (at or now()).astimezone(SHANGHAI)


def business_date(at: datetime | None = None) -> date:
    """The date in China at `at` (default: now): "today" for every rule and number."""
    return in_china(at).date()


def stamp(fmt: str, at: datetime | None = None) -> str:
    """`at` (default: now) formatted on China's wall clock, for business numbers (SB20261207…)."""
    return in_china(at).strftime(fmt)
