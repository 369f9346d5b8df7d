"""What a payer may see of a declaration or a payment, loaded whole for one answer: a declaration
with the payment and share that hold it; a payment with its shares (only the viewer's own, when
someone else paid for them), their declarations and their refunds."""

from __future__ import annotations

from dataclasses import dataclass

from app.declarations import Declaration
from app.identity import User
from app.payments import Payment, PaymentItem
from app.records import returned_shares, same_person_accounts
from app.refunds import Refund, refunds_by_item


@dataclass(frozen=True)
class DeclarationStatus:
    declaration: Declaration
    payment: Payment | None  # the payment holding it (or, voided, the one whose money comes back)
    item: PaymentItem | None  # its share of that payment
    refund: Refund | None = None  # that share's refund


@dataclass(frozen=True)
class PaymentStatus:
    payment: Payment
    items: list[PaymentItem]  # those the viewer may see
    declarations: dict[int, Declaration]  # by id
    refunds: dict[int, Refund]  # by payment item id
    by_same_person: bool = False  # paid by another account of the viewer's own person (本人缴纳)


async def declaration_status(declaration: Declaration) -> DeclarationStatus:
    if not declaration.current_payment_id:
        returned = await returned_shares([declaration])
        share = returned.shares.get(declaration.id)
        if share is None:
            return DeclarationStatus(declaration, None, None)
        refund = returned.refunds.get(share.id)
        return DeclarationStatus(declaration, returned.payments[share.payment_id], share, refund)
    payment = await Payment.get(id=declaration.current_payment_id)
    item = await PaymentItem.get_or_none(payment_id=payment.id, declaration_id=declaration.id)
    return DeclarationStatus(declaration, payment, item)


async def payment_status(payment: Payment, viewer: User | int) -> PaymentStatus:
    """The payment whole for the user who made it; for a person it paid for, only their shares."""
    viewer_id = viewer if isinstance(viewer, int) else viewer.id
    items = await PaymentItem.filter(payment_id=payment.id).order_by("id")
    declarations = {d.id: d for d in await Declaration.filter(id__in=[i.declaration_id for i in items])}
    if payment.user_id != viewer_id:
        index = viewer.id_number_index if isinstance(viewer, User) else None
        items = [i for i in items if index and declarations[i.declaration_id].payer_id_index == index]
    same = payment.user_id != viewer_id and isinstance(viewer, User) and \
        payment.user_id in await same_person_accounts(viewer)
    return PaymentStatus(payment, items, declarations, await refunds_by_item([payment.id]), same)
