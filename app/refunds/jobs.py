"""What the refund sweep looks for: a share that must be refunded and has no refund yet (e.g. a
posting decided FAILED by a query, no notification or 查验状态 afterwards), and refunds still
open after a while. The refund job of each such payment (app.tasks.refund_shares) does the
work, once per payment at a time."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from tortoise.expressions import Subquery

from app import clock
from app.payments import PaymentItem, PaymentState, PostingState
from app.refunds.models import OPEN_REFUND_STATES, Refund


async def payments_with_refunds_due(older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """Paid payments with a FAILED share without a refund, with a refund open (created, unknown,
    processing) and untouched for `older_than`."""
    unrefunded = await PaymentItem.filter(
        posting_state=PostingState.FAILED, payment__state=PaymentState.PAID,
    ).exclude(
        id__in=Subquery(Refund.filter(payment_item_id__isnull=False).values("payment_item_id"))
    ).distinct().values_list("payment_id", flat=True)
    before = clock.now() - older_than
    open_refunds = await Refund.filter(
        state__in=list(OPEN_REFUND_STATES), updated_at__lt=before).distinct().values_list("payment_id", flat=True)
    return sorted(set(cast(list[int], [*unrefunded, *open_refunds])))
