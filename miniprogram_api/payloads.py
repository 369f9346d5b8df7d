"""Domain objects with what the payer sees about them, loaded for a response."""

from __future__ import annotations

from typing import Any

from app.declarations.models import Declaration
from app.payments.models import Payment, PaymentItem
from app.refunds.services import refunds_by_item
from miniprogram_api.views import declaration_view, payment_view


async def declaration_payload(d: Declaration) -> dict[str, Any]:
    item = payment = None
    if d.current_payment_id:
        payment = await Payment.get(id=d.current_payment_id)
        item = await PaymentItem.get_or_none(payment_id=payment.id, declaration_id=d.id)
    return declaration_view(d, item, payment)


async def payment_payload(p: Payment) -> dict[str, Any]:
    items = await PaymentItem.filter(payment_id=p.id).order_by("id")
    return payment_view(p, items, await refunds_by_item([p.id]))
