"""Bulk actions: one person doing the same thing to many rows at once (retry the selected failed
refunds, resolve the selected differences with one remark, approve the selected manual refunds).

Each row goes through the single action, with all its checks, its own transaction and its own
audit entry; a row refused (not retryable any more, decided meanwhile, one's own request under
four eyes) is reported with its code and message and does not stop the others. The role and the
remark are checked once, before any row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.context import Services
from app.errors import DomainError
from app.operations import errors
from app.operations.actions import decide_manual_refund, resolve_difference, retry_refund
from app.operations.models import Role
from app.operations.services import Actor, clean_remark, require

BULK_MAX = 200


@dataclass(frozen=True)
class RowOutcome:
    id: int
    ok: bool
    code: str = ""
    message: str = ""
    detail: str = ""  # what was done (a retried refund's new number)


def selection(values: list[str]) -> list[int]:
    """The ticked rows' ids, each once, in the order given; raises TooManySelected for none, more
    than BULK_MAX, or a value that is not an id."""
    ids: list[int] = []
    for value in values:
        if not (value.isascii() and value.isdigit() and len(value) <= 18 and int(value) > 0):
            raise errors.TooManySelected()
        if int(value) not in ids:
            ids.append(int(value))
    if not 0 < len(ids) <= BULK_MAX:
        raise errors.TooManySelected()
    return ids


async def _each(ids: list[int], one: Callable[[int], Awaitable[str]]) -> list[RowOutcome]:
    done = []
    for row_id in ids:
        try:
            detail = await one(row_id)
        except DomainError as exc:
            done.append(RowOutcome(row_id, False, exc.code, exc.message))
        else:
            done.append(RowOutcome(row_id, True, detail=detail))
    return done


async def retry_refunds(services: Services, actor: Actor, ids: list[int], remark: object) -> list[RowOutcome]:
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)

    async def one(refund_id: int) -> str:
        refund = await retry_refund(services, actor, refund_id, text)
        return refund.out_refund_no

    return await _each(ids, one)


async def resolve_differences(services: Services, actor: Actor, ids: list[int], remark: object) -> list[RowOutcome]:
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)

    async def one(difference_id: int) -> str:
        await resolve_difference(services, actor, difference_id, text)
        return ""

    return await _each(ids, one)


async def approve_manual_refunds(services: Services, actor: Actor, ids: list[int], remark: object
                                 ) -> list[RowOutcome]:
    """Never one's own: a request the approver raised is refused for that row (four eyes)."""
    require(actor, Role.APPROVER)
    text = clean_remark(remark)

    async def one(manual_id: int) -> str:
        await decide_manual_refund(services, actor, manual_id, True, text)
        return ""

    return await _each(ids, one)
