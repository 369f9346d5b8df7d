"""Sweeps that keep money moving without a person tapping 查验状态: every debit ends posted (or,
with the reconciliation job, refunded). Each catches per item, logs the ids and carries on."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

from tortoise.expressions import Q

from app import clock
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import Declaration, release_assessment
from app.jobs import for_each
from app.payments.models import OPEN_PAYMENT_STATES, Payment, PaymentItem, PaymentState, PostingState
from app.payments.posting import apply_posting, post_waiting
from app.payments.services import close_open_payment, sync_with_channel
from app.payments.states import posting_deadline, set_posting
from app.upstream import PostingState as UpPostingState
from app.upstream import UpstreamError

log = logging.getLogger("shebao.jobs")
ACTOR = "system:retry"
BATCH = 500
EXPIRY_GRACE = timedelta(minutes=5)  # the channel's clock and ours may differ a little


async def payments_with_unposted_shares() -> list[int]:
    """Paid payments with a share not posted yet (or whose posting is unknown): the sweep defers
    their posting job again, whatever happened to the first one."""
    ids = await PaymentItem.filter(
        payment__state=PaymentState.PAID,
        posting_state__in=[PostingState.NOT_POSTED, PostingState.UNKNOWN, PostingState.POSTING],
    ).distinct().values_list("payment_id", flat=True)
    return sorted(set(cast(list[int], ids)))


async def sync_open_payments(services: Services, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Ask the channel about payments still open (created, awaiting, unknown) after a while and
    not yet past their expiry (those are closed by `close_expired_payments`)."""
    now = clock.now()
    payments = await Payment.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now - EXPIRY_GRACE),
        state__in=list(OPEN_PAYMENT_STATES), updated_at__lt=now - older_than,
    ).order_by("id").limit(BATCH)
    return await for_each("sync_open_payments", payments,
                          lambda payment: sync_with_channel(services, payment, actor=ACTOR))


async def close_expired_payments(services: Services) -> int:
    """Close every order the payer abandoned — created, awaiting payment or unknown — once past
    its time_expire (and a grace for the channel's clock), asking the channel first: it is
    closed only when the channel says it is unpaid (closing it there too) or never had it; a
    paid one is applied as paid. Its declarations can then be paid again, voided, or expire."""
    now = clock.now()
    payments = await Payment.filter(
        Q(expires_at__lt=now - EXPIRY_GRACE) | Q(
            expires_at__isnull=True,
            created_at__lt=now - timedelta(minutes=services.settings.payment_expire_minutes) - EXPIRY_GRACE),
        state__in=list(OPEN_PAYMENT_STATES),
    ).order_by("id").limit(BATCH)
    return await for_each("close_expired_payments", payments,
                          lambda payment: close_open_payment(services, payment, actor=ACTOR))


async def backfill_posting_deadlines(services: Services) -> int:
    """Shares paid before posting deadlines existed get theirs, from their payment's day (once)."""
    missing = await PaymentItem.filter(
        posting_deadline__isnull=True, payment__state=PaymentState.PAID,
    ).order_by("id").limit(BATCH).values("id", "payment__region", "payment__paid_at", "payment__updated_at")
    for row in missing:
        days = services.profile(row["payment__region"]).refund_deadline_working_days
        paid_at = row["payment__paid_at"] or row["payment__updated_at"]
        await PaymentItem.filter(id=row["id"], posting_deadline__isnull=True).update(
            posting_deadline=posting_deadline(days, paid_at))
    return len(missing)


async def fail_overdue_shares(services: Services) -> int:
    """A paid share still not posted at its posting deadline (held behind an earlier period, or
    upstream down for days) is given up: FAILED, its declaration voided, and its money refunded
    to the original channel. Only NOT_POSTED shares, and only behind a fence: first its assessment
    is released upstream (from then on upstream refuses any posting of it, even one a frozen
    worker sent long ago), then upstream is asked whether the share posted before that; only if
    not is it given up. When upstream cannot be reached the share waits for the next round."""
    await backfill_posting_deadlines(services)
    overdue = await PaymentItem.filter(
        posting_state=PostingState.NOT_POSTED, payment__state=PaymentState.PAID,
        posting_deadline__lt=clock.now(),
    ).order_by("id").limit(BATCH)

    async def give_up(item: PaymentItem) -> None:
        deadline = item.posting_deadline.astimezone(SHANGHAI).date() if item.posting_deadline else None
        await give_up_share(services, item, actor=ACTOR, expect=[PostingState.NOT_POSTED],
                            reason_code="posting_deadline_passed", reason=f"超过到账确认期限（{deadline}）仍未到账确认")

    return await for_each("fail_overdue_shares", overdue, give_up)


async def give_up_share(
    services: Services, item: PaymentItem, *, actor: str, expect: list[PostingState], reason_code: str, reason: str,
) -> str:
    """Give up posting one paid share, behind the fence, and defer its refund.

    First its assessment is released upstream (from then on upstream refuses any posting of it,
    even one a frozen worker sent long ago), then upstream is asked whether it posted before
    that: posted → the share is recorded posted, nothing refunded. Otherwise, if the share is
    still in one of `expect`, it becomes FAILED with `reason_code`, the next period waiting
    behind it may post, and its refund is deferred.

    Returns "failed", "posted", "waiting" (upstream unreachable: try again later) or "changed"
    (the share moved meanwhile: nothing done).
    """
    declaration = await Declaration.get(id=item.declaration_id)
    if not await release_assessment(services, declaration):
        return "waiting"  # no fence without upstream
    try:
        result = await services.upstream.query_posting(item.posting_no)
    except UpstreamError:
        return "waiting"
    if result.state == UpPostingState.POSTED:  # it landed before the fence: posted, not refunded
        await apply_posting(item, result, expect=expect)
        return "posted"
    failed = await set_posting(item, PostingState.FAILED, actor=actor, expect=expect, reason_code=reason_code,
                               reason=reason)
    if not failed:
        return "changed"
    await post_waiting(services, declaration)
    await services.queue.defer_refunds(item.payment_id)
    return "failed"
