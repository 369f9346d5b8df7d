"""What every job shares: act on each item on its own, log the failures with the item's id and
carry on (STYLE: a job catches per item; nothing else catches bare Exception); `RetryLater` for
work only time can finish; when each task last succeeded (for /metrics)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from app.jobs.queue import CERTIFICATE, FINISH_BATCH, POST, REFUND, RETRY, SWEEP_QUEUE, WORK_QUEUE, JobQueue

T = TypeVar("T")
log = logging.getLogger("shebao.jobs")


class RetryLater(Exception):
    """Some of the job's work waits on a dependency: ask again later (with back-off)."""


async def for_each(job: str, items: Iterable[T], act: Callable[[T], Awaitable[object]]) -> int:
    """Apply `act` to every item; returns how many items there were."""
    count = 0
    for item in items:
        count += 1
        try:
            await act(item)
        except Exception:  # noqa: BLE001 - one item's failure must not stop the others
            log.exception("%s: %r failed", job, item)
    return count


def _last_success_key(name: str) -> str:
    return f"job_last_success:{name}"


async def record_success(kv: Any, name: str) -> None:
    await kv.set(_last_success_key(name), datetime.now(UTC).isoformat(), 30 * 86400)


async def last_success(kv: Any, name: str) -> datetime | None:
    value = await kv.get(_last_success_key(name))
    return datetime.fromisoformat(value) if value else None

__all__ = [
    "CERTIFICATE",
    "FINISH_BATCH",
    "JobQueue",
    "POST",
    "REFUND",
    "RETRY",
    "RetryLater",
    "SWEEP_QUEUE",
    "WORK_QUEUE",
    "for_each",
    "last_success",
    "record_success",
]
