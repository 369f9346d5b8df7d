"""The refund job: a share upstream refused is refunded even when no notification or 查验状态
arrives afterwards (e.g. a posting the retry job settled as FAILED), and open refunds are asked
about until they end. Each item is caught on its own, logged with its ids; the others carry on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from tortoise.expressions import Subquery

from app.context import Services
from app.jobs import for_each
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.refunds.models import OPEN_REFUND_STATES, Refund, RefundState
from app.refunds.services import refund_failed_shares, send_refund, settle_refund

ACTOR = "system:refund_job"


async def refund_due_shares(services: Services) -> int:
    """Refund every FAILED share of a paid payment that has no refund yet; returns how many
    payments were looked at."""
    ids = await PaymentItem.filter(
        posting_state=PostingState.FAILED, payment__state=PaymentState.PAID,
    ).exclude(
        id__in=Subquery(Refund.filter(payment_item_id__isnull=False).values("payment_item_id"))
    ).distinct().values_list("payment_id", flat=True)


    async def refund(payment_id: int) -> None:
        await refund_failed_shares(services, await Payment.get(id=payment_id), actor=ACTOR)

    return await for_each("refund_due_shares", sorted(set(cast(list[int], ids))), refund)


async def settle_refunds(services: Services, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Ask the channel about refunds still open after a while; ask again for those it never took."""
    before = datetime.now(UTC) - older_than
    refunds = await Refund.filter(state__in=list(OPEN_REFUND_STATES), updated_at__lt=before).order_by("id")

    async def settle(refund: Refund) -> None:
        if refund.state != RefundState.CREATED:
            refund = await settle_refund(services, refund, actor=ACTOR)
        if refund.state == RefundState.CREATED:
            await send_refund(services, refund, actor=ACTOR)

    return await for_each("settle_refunds", refunds, settle)


async def retry_refunds(services: Services) -> None:
    """One round of the refund job (both of the above)."""
    await refund_due_shares(services)
    await settle_refunds(services)
