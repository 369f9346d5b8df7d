"""Domain objects with what their viewer may see about them, loaded for a response."""

from __future__ import annotations

from app.declarations.models import Declaration
from app.identity.models import User
from app.payments.models import Payment, PaymentItem
from app.refunds.services import refunds_by_item
from miniprogram_api import responses as out
from miniprogram_api.views import declaration_view, payment_view


async def declaration_payload(d: Declaration, viewer_id: int) -> out.DeclarationOut:
    item = payment = None
    if d.current_payment_id:
        payment = await Payment.get(id=d.current_payment_id)
        item = await PaymentItem.get_or_none(payment_id=payment.id, declaration_id=d.id)
    return declaration_view(d, viewer_id, item, payment)


async def payment_payload(p: Payment, viewer: User | int) -> out.PaymentOut:
    """The payment whole for the user who made it; for a person it paid for, only their shares."""
    viewer_id = viewer if isinstance(viewer, int) else viewer.id
    items = await PaymentItem.filter(payment_id=p.id).order_by("id")
    declarations = {d.id: d for d in await Declaration.filter(id__in=[i.declaration_id for i in items])}
    if p.user_id != viewer_id:
        index = viewer.id_number_index if isinstance(viewer, User) else None
        items = [i for i in items if index and declarations[i.declaration_id].payer_id_index == index]
    return payment_view(p, items, declarations, await refunds_by_item([p.id]), viewer_id)
