"""Declarations and payments as their viewer may see them, serialised for an answer."""

from __future__ import annotations

from app import certificates, paying
from app.context import Services
from app.declarations import Declaration
from app.identity import User
from app.payments import Payment
from miniprogram_api import responses as out
from miniprogram_api.views import declaration_view, payment_view


async def declaration_payload(d: Declaration, viewer_id: int) -> out.DeclarationOut:
    status = await paying.declaration_status(d)
    return declaration_view(d, viewer_id, status.item, status.payment, status.refund)


async def payment_payload(services: Services, p: Payment, viewer: User | int) -> out.PaymentOut:
    """The payment whole for the user who made it; for a person it paid for, only their shares;
    and whether its certificate may be asked for now."""
    status = await paying.payment_status(p, viewer)
    return payment_view(p, status.items, status.declarations, status.refunds,
                        viewer if isinstance(viewer, int) else viewer.id,
                        await certificates.offer_for_payment(services, p, (status.items, status.declarations)),
                        status.by_same_person)
