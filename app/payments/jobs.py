"""Jobs that keep money moving without a person tapping 查验状态: every debit ends posted (or,
with the reconciliation job, refunded). Each catches per item, logs the ids and carries on."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import cast

from app.context import Services
from app.jobs import for_each
from app.payments.models import OPEN_PAYMENT_STATES, Payment, PaymentItem, PaymentState, PostingState
from app.payments.posting import settle_unknown_postings
from app.payments.services import close_open_payment, settle_with_channel
from app.refunds.jobs import retry_refunds

log = logging.getLogger("shebao.jobs")
ACTOR = "system:retry"


async def retry_postings(services: Services) -> int:
    """Settle and post every share of a paid payment that is not posted yet; returns how many
    payments were looked at."""
    ids = await PaymentItem.filter(
        payment__state=PaymentState.PAID,
        posting_state__in=[PostingState.NOT_POSTED, PostingState.UNKNOWN, PostingState.POSTING],
    ).distinct().values_list("payment_id", flat=True)


    async def retry(payment_id: int) -> None:
        await settle_unknown_postings(services, await Payment.get(id=payment_id))

    return await for_each("retry_postings", sorted(set(cast(list[int], ids))), retry)


async def settle_open_payments(services: Services, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Ask the channel about payments still open (created, awaiting, unknown) after a while."""
    before = datetime.now(UTC) - older_than
    payments = await Payment.filter(state__in=list(OPEN_PAYMENT_STATES), updated_at__lt=before).order_by("id")
    return await for_each("settle_open_payments", payments,
                          lambda payment: settle_with_channel(services, payment, actor=ACTOR))


async def close_expired_payments(services: Services, grace: timedelta = timedelta(minutes=5)) -> int:
    """Close channel orders the payer abandoned (past time_expire), asking the channel first, so
    their declarations can be paid again or voided."""
    before = datetime.now(UTC) - timedelta(minutes=services.settings.payment_expire_minutes) - grace
    payments = await Payment.filter(state=PaymentState.AWAITING_PAYMENT, created_at__lt=before).order_by("id")
    return await for_each("close_expired_payments", payments,
                          lambda payment: close_open_payment(services, payment, actor=ACTOR))


async def run_forever(services: Services, interval_seconds: float) -> None:
    """The in-process scheduler of the embedded default (one worker)."""
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await settle_open_payments(services)
            await close_expired_payments(services)
            await retry_postings(services)
            await retry_refunds(services)
        except Exception:  # noqa: BLE001 - the loop must outlive a database hiccup
            log.exception("jobs round failed")
