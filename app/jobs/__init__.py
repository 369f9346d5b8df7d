"""What every job shares: act on each item on its own, log the failures with the item's id and
carry on (STYLE: a job catches per item; nothing else catches bare Exception)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("shebao.jobs")


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
