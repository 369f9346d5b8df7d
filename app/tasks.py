"""The tasks of the job queue: what runs outside any request, one task per kind of follow-up work,
and the periodic sweeps that catch whatever a lost job, a crash or a down dependency left behind.

This module composes the features (posting, refunds, manual refunds, certificates, 批扣清册,
reconciliation): it imports them, none imports it. The composition root registers `blueprint`
with the queue (`JobQueue.serve`), and every task gets the services from its job context.

Every task is idempotent (the work is compare-and-set on our rows, and every outside call can
be repeated with the same number): a job run twice, or re-run after its worker died, does no
harm. A task raises `RetryLater` when work is left that only time can finish (a channel or
upstream down, an unknown result); the queue then retries it with exponential back-off, up to
the cap, and the periodic sweeps pick up whatever is still open after that.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps
from typing import Any

from procrastinate import Blueprint, JobContext

from app import clock, logs
from app import payments as payment_sweeps
from app.agreements import cancel_revoked_at_bank
from app.certificates import learn_treasury_entries, make, making_too_long, reissue_if_changed
from app.context import Services
from app.declarations import expire_unpaid_declarations, release_voided_assessments
from app.jobs import CERTIFICATE, FINISH_BATCH, POST, REFUND, RETRY, SWEEP_QUEUE, WORK_QUEUE, RetryLater, record_success
from app.operations import carry_out_manual_refunds, link_manual_refunds, manual_refunds_due
from app.paying import finish_list, finish_lists, issue_due
from app.payments import HELD, WAITING, Payment, PaymentItem, PostingState, post_waiting, sync_unknown_postings
from app.reconciliation import days_due, reconcile
from app.refunds import Refund, RefundState, ask_about_open_refunds, payments_with_refunds_due, refund_failed_shares

log = logging.getLogger("shebao.jobs")
blueprint = Blueprint()


def _services(context: JobContext) -> Services:
    services: Services = context.additional_context["services"]
    return services


Task = Callable[..., Awaitable[Any]]


def recorded(name: str) -> Callable[[Task], Task]:
    """Log with the job's ids, and record when the task last succeeded (for /metrics: a sweep
    that stopped running shows)."""

    def wrap(func: Task) -> Task:
        @wraps(func)
        async def run(context: JobContext, **kwargs: Any) -> Any:
            logs.bind(job=name, **{k: v for k, v in kwargs.items() if k.endswith("_id")})
            services = _services(context)
            await services.sync_clock()
            result = await func(services, **kwargs)
            await record_success(services.kv, name)
            return result

        return run

    return wrap


# ---- follow-up work of one payment, one certificate, one 批扣清册 ----

@blueprint.task(name=POST, queue=WORK_QUEUE, retry=RETRY, pass_context=True)
@recorded(POST)
async def post_payment(services: Services, payment_id: int) -> str:
    """到账确认 of every share of a paid payment not yet posted (and the unknown ones asked about)."""
    payment = await Payment.get(id=payment_id)
    await sync_unknown_postings(services, payment)
    if await PaymentItem.filter(payment_id=payment_id, posting_state=PostingState.FAILED).exists():
        await services.queue.defer_refunds(payment_id)
    open_items = await PaymentItem.filter(
        payment_id=payment_id,
        posting_state__in=[PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN],
    ).exclude(posting_reason_code__in=[WAITING, HELD]).count()
    await reissue_if_changed(services, payment_id)  # a certificate of fewer shares is superseded
    if open_items:  # upstream down or unclear: not a failure, ask again with back-off
        raise RetryLater(f"{open_items} share(s) of payment {payment_id} not posted yet")
    return "posted"


@blueprint.task(name=REFUND, queue=WORK_QUEUE, retry=RETRY, pass_context=True)
@recorded(REFUND)
async def refund_shares(services: Services, payment_id: int) -> str:
    """Refund every share of the payment that must be refunded, once each; ask about open ones."""
    payment = await Payment.get(id=payment_id)
    # approved manual refunds: their shares given up behind the fence first
    manual_waiting = await carry_out_manual_refunds(services, payment_id)
    # each share's refund: made once, sent (again, with its number, if the channel never took it)
    await refund_failed_shares(services, payment, actor="system:refund_job")
    await link_manual_refunds(payment_id)
    await ask_about_open_refunds(services, payment, actor="system:refund_job")  # unknown answers: ask
    await reissue_if_changed(services, payment_id)  # what was paid changed: reissued, not edited
    stuck = await Refund.filter(payment_id=payment_id, state__in=[RefundState.CREATED, RefundState.UNKNOWN]).count()
    if stuck or manual_waiting:
        raise RetryLater(f"{stuck} refund(s) of payment {payment_id} not taken by the channel yet, "
                         f"{manual_waiting} approved manual refund(s) waiting for upstream")
    return "refunds sent"


@blueprint.task(name=CERTIFICATE, queue=WORK_QUEUE, retry=RETRY, pass_context=True)
@recorded(CERTIFICATE)
async def make_certificate(services: Services, certificate_id: int) -> str:
    """正在制作 → 制作成功: render, sign and keep one certificate (idempotent)."""
    return "made" if await make(services, certificate_id) else "already made"


@blueprint.task(name=FINISH_BATCH, queue=WORK_QUEUE, retry=RETRY, pass_context=True)
@recorded(FINISH_BATCH)
async def finish_batch(services: Services, batch_id: int) -> str:
    """A 批扣清册 is done once its last debit has its result."""
    return "done" if await finish_list(batch_id) else "not yet"


# ---- sweeps: whatever is open after a lost job, a crash or an outage ----

@dataclass(frozen=True)
class Sweep:
    name: str
    cron: str
    work: Callable[[Services], Awaitable[int]]
    doc: str = ""


async def _post_unposted(services: Services) -> int:
    return await services.queue.sweep_postings(await payment_sweeps.payments_with_unposted_shares())


async def _expire_declarations(services: Services) -> int:
    async def then(declaration: Any) -> None:  # later periods that waited for it may post now
        await post_waiting(services, declaration)

    return await expire_unpaid_declarations(services, then)


async def _refunds(services: Services) -> int:
    due = await payments_with_refunds_due(older_than=timedelta(minutes=1))
    manual = await manual_refunds_due(older_than=timedelta(minutes=1))
    return await services.queue.sweep_refunds(sorted({*due, *manual}))


async def _finish_batch_debits(services: Services) -> int:
    return await finish_lists()


async def _retry_stalled_jobs(services: Services) -> int:
    return await services.queue.retry_stalled()


async def _prune_jobs(services: Services) -> int:
    return await services.queue.prune()


BATCH_DEBIT_HOUR = 10  # 批扣清册 go out at 10:00 China time


async def _batch_debit(services: Services) -> int:
    """批扣清册 of the day, not before 10:00 in China (a sweep run at once after the sandbox's clock
    moved, or a schedule missed and caught up, waits for the hour as the daily one does)."""
    if clock.in_china().hour < BATCH_DEBIT_HOUR:
        return 0
    return await issue_due(services)


async def _reconcile(services: Services) -> int:
    """日切对账, every hour, of each day of the last week without a finished run — yesterday once
    WeChat's bill is out (after 10:00), and any day whose run failed or whose worker died."""
    now = clock.in_china()
    latest: date = now.date() - timedelta(days=1 if now.hour >= 10 else 2)
    runs = 0
    for channel in services.channels:
        for day in await days_due(channel, latest):
            await reconcile(services, channel, day)
            runs += 1
    return runs


# Crons are read in UTC (procrastinate's croniter is given epoch seconds): 02:00 UTC is 10:00 in China.
SWEEPS = {sweep.name: sweep for sweep in (
    Sweep("sync_open_payments", "* * * * *", payment_sweeps.sync_open_payments),
    Sweep("close_expired_payments", "* * * * *", payment_sweeps.close_expired_payments),
    Sweep("expire_declarations", "* * * * *", _expire_declarations),
    Sweep("post_unposted", "*/5 * * * *", _post_unposted),
    Sweep("release_assessments", "*/5 * * * *", release_voided_assessments),
    Sweep("fail_overdue_shares", "*/10 * * * *", payment_sweeps.fail_overdue_shares),
    Sweep("refunds", "*/5 * * * *", _refunds),
    Sweep("certificates", "*/5 * * * *", making_too_long),
    Sweep("treasury_entries", "*/10 * * * *", learn_treasury_entries,
          "Guizhou: the 入库 day of posted shares, from upstream, kept on the share (pages of payments ask nothing)"),
    Sweep("batch_debit", "0 2 * * *", _batch_debit,
          "批扣清册 once a day at 10:00 China time, per region and type in collection"),
    Sweep("finish_batch_debits", "*/10 * * * *", _finish_batch_debits,
          "a 批扣清册 whose debits all have their results is done: its payers may pay elsewhere again"),
    Sweep("cancel_revoked_agreements", "*/10 * * * *", cancel_revoked_at_bank,
          "revoked agreements whose cancel the bank has not taken yet (it was down): tell it again"),
    Sweep("retry_stalled_jobs", "* * * * *", _retry_stalled_jobs,
          "jobs whose worker died (no heartbeat for a while) go back to the queue: they are idempotent"),
    Sweep("prune_jobs", "15 3 * * *", _prune_jobs),
    Sweep("reconcile", "30 * * * *", _reconcile),
)}


def _register(sweep: Sweep) -> None:
    name = f"sweep.{sweep.name}"

    @blueprint.periodic(cron=sweep.cron, periodic_id=sweep.name)
    @blueprint.task(name=name, queue=SWEEP_QUEUE, retry=False, queueing_lock=name, pass_context=True)
    @recorded(name)
    async def run(services: Services, timestamp: int) -> int:
        return await sweep.work(services)


for _sweep in SWEEPS.values():
    _register(_sweep)
