"""The tasks of the job queue: what runs outside any request, one task per kind of follow-up work,
and the periodic sweeps that catch whatever a lost job, a crash or a down dependency left behind.

Every task is idempotent (the work is compare-and-set on our rows, and every outside call can
be repeated with the same number): a job run twice, or re-run after its worker died, does no
harm. A task raises `RetryLater` when work is left that only time can finish (a channel or
upstream down, an unknown result); the queue then retries it with exponential back-off, up to
the cap, and the periodic sweeps pick up whatever is still open after that.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from procrastinate import Blueprint, RetryStrategy

from app import logs
from app.clock import SHANGHAI
from app.context import Services

log = logging.getLogger("shebao.jobs")
blueprint = Blueprint()
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])

# 3 s, 9 s, 27 s … 10 attempts: about 16 hours at the last, well inside every region's deadline
RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)
WORK_QUEUE = "work"
SWEEP_QUEUE = "sweeps"
_bound: list[Services] = []


class RetryLater(Exception):
    """Some of the job's work waits on a dependency: ask again later (with back-off)."""


def bind(services: Services) -> None:
    """The services the tasks of this process use (the worker binds them once at start)."""
    _bound[:] = [services]


def services() -> Services:
    if not _bound:
        raise RuntimeError("no services bound: the worker calls app.jobs.tasks.bind(services) first")
    return _bound[0]


def _last_success_key(name: str) -> str:
    return f"job_last_success:{name}"


def recorded(name: str) -> Callable[[F], F]:
    """Record when a task last succeeded (for /metrics: a sweep that stopped running shows)."""

    def wrap(func: F) -> F:
        @wraps(func)
        async def run(*args: Any, **kwargs: Any) -> Any:
            logs.bind(job=name, **{k: v for k, v in kwargs.items() if k.endswith("_id")})
            result = await func(*args, **kwargs)
            await services().kv.set(_last_success_key(name), datetime.now(UTC).isoformat(), 30 * 86400)
            return result

        return run  # type: ignore[return-value]

    return wrap


async def last_success(kv: Any, name: str) -> datetime | None:
    value = await kv.get(_last_success_key(name))
    return datetime.fromisoformat(value) if value else None


# ---- follow-up work of one payment ----

@blueprint.task(name="payments.post", queue=WORK_QUEUE, retry=RETRY)
@recorded("payments.post")
async def post_payment(payment_id: int) -> str:
    """到账确认 of every share of a paid payment not yet posted (and the unknown ones asked about)."""
    from app.payments.models import Payment, PaymentItem, PostingState
    from app.payments.posting import WAITING, settle_unknown_postings

    svc = services()
    payment = await Payment.get(id=payment_id)
    await settle_unknown_postings(svc, payment)
    if await PaymentItem.filter(payment_id=payment_id, posting_state=PostingState.FAILED).exists():
        await svc.queue.defer_refunds(payment_id)
    open_items = await PaymentItem.filter(
        payment_id=payment_id,
        posting_state__in=[PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN],
    ).exclude(posting_reason_code=WAITING).count()
    from app.certificates.services import reissue_if_changed

    await reissue_if_changed(svc, payment_id)  # a certificate of fewer shares is superseded
    if open_items:  # upstream down or unclear: not a failure, ask again with back-off
        raise RetryLater(f"{open_items} share(s) of payment {payment_id} not posted yet")
    return "posted"


@blueprint.task(name="refunds.refund_shares", queue=WORK_QUEUE, retry=RETRY)
@recorded("refunds.refund_shares")
async def refund_shares(payment_id: int) -> str:
    """Refund every share of the payment that must be refunded, once each; ask about open ones."""
    from app.operations.actions import carry_out_manual_refunds, link_manual_refunds
    from app.payments.models import Payment
    from app.refunds.models import Refund, RefundState
    from app.refunds.services import ask_about_open_refunds, refund_failed_shares

    svc = services()
    payment = await Payment.get(id=payment_id)
    # approved manual refunds: their shares given up behind the fence first
    manual_waiting = await carry_out_manual_refunds(svc, payment_id)
    # each share's refund: made once, sent (again, with its number, if the channel never took it)
    await refund_failed_shares(svc, payment, actor="system:refund_job")
    await link_manual_refunds(payment_id)
    await ask_about_open_refunds(svc, payment, actor="system:refund_job")  # unknown answers: ask
    from app.certificates.services import reissue_if_changed

    await reissue_if_changed(svc, payment_id)  # what was paid changed: reissued, not edited
    stuck = await Refund.filter(payment_id=payment_id, state__in=[RefundState.CREATED, RefundState.UNKNOWN]).count()
    if stuck or manual_waiting:
        raise RetryLater(f"{stuck} refund(s) of payment {payment_id} not taken by the channel yet, "
                         f"{manual_waiting} approved manual refund(s) waiting for upstream")
    return "refunds sent"


@blueprint.task(name="certificates.make", queue=WORK_QUEUE, retry=RETRY)
@recorded("certificates.make")
async def make_certificate(certificate_id: int) -> str:
    """正在制作 → 制作成功: render, sign and keep one certificate (idempotent)."""
    from app.certificates.jobs import make

    return "made" if await make(services(), certificate_id) else "already made"


# ---- sweeps: whatever is open after a lost job, a crash or an outage ----

def _sweep(name: str, cron: str) -> Callable[[Callable[[Services], Awaitable[int]]], Any]:
    def register(work: Callable[[Services], Awaitable[int]]) -> Any:
        @blueprint.periodic(cron=cron, periodic_id=name)
        @blueprint.task(name=f"sweep.{name}", queue=SWEEP_QUEUE, retry=False, queueing_lock=f"sweep.{name}")
        @recorded(f"sweep.{name}")
        async def sweep(timestamp: int) -> int:
            return await work(services())

        return sweep

    return register


@_sweep("settle_open_payments", "* * * * *")
async def _settle_open_payments(svc: Services) -> int:
    from app.payments.jobs import settle_open_payments

    return await settle_open_payments(svc)


@_sweep("close_expired_payments", "* * * * *")
async def _close_expired_payments(svc: Services) -> int:
    from app.payments.jobs import close_expired_payments

    return await close_expired_payments(svc)


@_sweep("expire_declarations", "* * * * *")
async def _expire_declarations(svc: Services) -> int:
    from app.declarations.jobs import expire_unpaid_declarations

    return await expire_unpaid_declarations(svc)


@_sweep("post_unposted", "*/5 * * * *")
async def _post_unposted(svc: Services) -> int:
    from app.payments.jobs import payments_with_unposted_shares

    return await svc.queue.sweep_postings(await payments_with_unposted_shares())


@_sweep("release_assessments", "*/5 * * * *")
async def _release_assessments(svc: Services) -> int:
    from app.declarations.services import release_voided_assessments

    return await release_voided_assessments(svc)


@_sweep("fail_overdue_shares", "*/10 * * * *")
async def _fail_overdue_shares(svc: Services) -> int:
    from app.payments.jobs import fail_overdue_shares

    return await fail_overdue_shares(svc)


@_sweep("refunds", "*/5 * * * *")
async def _refunds(svc: Services) -> int:
    from app.refunds.jobs import payments_with_refunds_due

    return await svc.queue.sweep_refunds(await payments_with_refunds_due(older_than=timedelta(minutes=1)))


@_sweep("certificates", "*/5 * * * *")
async def _certificates(svc: Services) -> int:
    from app.certificates.jobs import making_too_long

    return await making_too_long(svc)


@_sweep("batch_debit", "0 10 * * *")
async def _batch_debit(svc: Services) -> int:
    """批扣清册 once a day, for each region and type in collection with settings to debit."""
    from app.batch_debit.lists import issue_due

    return await issue_due(svc)


@_sweep("finish_batch_debits", "*/10 * * * *")
async def _finish_batch_debits(svc: Services) -> int:
    """A run whose debits all have their results is done: its payers may pay elsewhere again."""
    from app.batch_debit.lists import finish_lists

    return await finish_lists()


@_sweep("cancel_revoked_agreements", "*/10 * * * *")
async def _cancel_revoked_agreements(svc: Services) -> int:
    """Revoked agreements whose cancel the bank has not taken yet (it was down): tell it again."""
    from app.agreements.services import cancel_revoked_at_bank

    return await cancel_revoked_at_bank(svc)


@_sweep("retry_stalled_jobs", "* * * * *")
async def _retry_stalled_jobs(svc: Services) -> int:
    """Jobs whose worker died (no heartbeat for a while) go back to the queue: they are idempotent."""
    return await svc.queue.retry_stalled()


@_sweep("prune_jobs", "15 3 * * *")
async def _prune_jobs(svc: Services) -> int:
    return await svc.queue.prune()


@_sweep("reconcile", "30 * * * *")
async def _reconcile(svc: Services) -> int:
    """日切对账, every hour, of each day of the last week without a finished run — yesterday once
    WeChat's bill is out (after 10:00), and any day whose run failed or whose worker died."""
    from app.reconciliation.services import days_due, reconcile

    now = datetime.now(SHANGHAI)
    latest: date = now.date() - timedelta(days=1 if now.hour >= 10 else 2)
    runs = 0
    for channel in svc.channels:
        for day in await days_due(channel, latest):
            await reconcile(svc, channel, day)
            runs += 1
    return runs
