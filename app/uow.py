"""The unit of work: one database transaction, and what is to happen once it has committed.

    async with unit_of_work() as uow:
        payment = await PAYMENT.move(payment.id, PaymentState.PAID, actor=..., ...)
        uow.after_commit(services.queue.defer_posting, payment.id)

Everything inside runs on the transaction's connection (Tortoise routes every query of the task
to it), so nothing threads a connection by hand. A unit of work opened inside another joins it as
a savepoint: its writes commit with the outer one, and its after-commit work waits for the outer
commit (discarded if the savepoint rolls back). After-commit work is deferring jobs: it runs only
once the rows the jobs read are visible, and if the process dies in between, the sweeps find the
work and defer it again (the jobs are idempotent).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from tortoise.transactions import in_transaction

log = logging.getLogger("shebao.uow")
_current: ContextVar[UnitOfWork | None] = ContextVar("shebao_unit_of_work", default=None)

AfterCommit = tuple[Callable[..., Awaitable[Any]], tuple[Any, ...]]


class UnitOfWork:
    """One transaction (or a savepoint within the enclosing unit of work) and its after-commit work."""

    def __init__(self) -> None:
        self._after: list[AfterCommit] = []
        self._outer: UnitOfWork | None = None
        self._tx: Any = None
        self._token: Any = None

    def after_commit(self, work: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """Run `work(*args)` once the outermost transaction has committed (never if it rolls back)."""
        self._after.append((work, args))

    async def __aenter__(self) -> UnitOfWork:
        self._outer = _current.get()
        self._tx = in_transaction()
        await self._tx.__aenter__()
        self._token = _current.set(self)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        _current.reset(self._token)
        await self._tx.__aexit__(exc_type, exc, tb)
        if exc_type is not None:
            return
        if self._outer is not None:  # a savepoint: the work waits for the outer commit
            self._outer._after.extend(self._after)
            return
        for work, args in self._after:
            try:
                await work(*args)
            except Exception:  # noqa: BLE001 - committed already; the sweeps defer it again
                log.warning("after commit: %s%r failed; the sweeps will pick it up", work.__qualname__, args,
                            exc_info=True)


def unit_of_work() -> UnitOfWork:
    """A new unit of work (joining the one open in this task, if any, as a savepoint)."""
    return UnitOfWork()


def current() -> UnitOfWork | None:
    """The unit of work open in this task, if any."""
    return _current.get()
