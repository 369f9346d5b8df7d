"""Payment and share transitions, and the declarations that follow them, each in one unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from app import clock, words
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import DECLARATION, Declaration, DeclarationState
from app.payments.models import (
    FINAL_PAYMENT_STATES,
    PAYMENT,
    SHARE,
    Payment,
    PaymentItem,
    PaymentState,
    PostingState,
)
from app.uow import unit_of_work
from app.workdays import add_working_days

PAYER_STATUS_LABELS = words.PAYER_STATUS_LABELS


async def transition(
    services: Services,
    payment: Payment,
    to_state: PaymentState,
    *,
    actor: str,
    expect: Iterable[PaymentState] | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    deadline: datetime | None = None,
    **changes: Any,
) -> bool:
    """Move the payment to `to_state` (the PAYMENT table decides from where; `expect` narrows it);
    False when it did not move. The caller's `payment` is refreshed.

    Declarations follow the payment in the same unit of work: CLOSED/FAILED release them (payable
    again); PAID marks them paid, or, when another payment holds a declaration meanwhile (or it was
    voided), marks this share for refund (a second debit must never stand). `deadline`: with
    PAID, each share's posting deadline. A 批扣清册's debit that ends has its list looked at (a job:
    the list is done with its last result).
    """
    async with unit_of_work() as uow:
        row = await PAYMENT.move(payment.id, to_state, actor=actor, expect=expect, why=reason, data=data,
                                 **changes)
        if row is None:
            return False
        if to_state in (PaymentState.CLOSED, PaymentState.FAILED):
            await _free_declarations(row, actor)
        elif to_state == PaymentState.PAID:
            await _hold_paid(row, actor, deadline)
        if row.batch_debit_list_id is not None and to_state in FINAL_PAYMENT_STATES:
            uow.after_commit(services.queue.defer_finish_batch, row.batch_debit_list_id)
    await payment.refresh_from_db()
    return True


async def _free_declarations(payment: Payment, actor: str) -> None:
    for declaration in await Declaration.filter(current_payment_id=payment.id):
        await DECLARATION.move(declaration.id, DeclarationState.DECLARED, actor=actor, action="freed",
                               expect=[DeclarationState.PROCESSING], where={"current_payment_id": payment.id},
                               why=f"缴款{payment.out_trade_no}未成功", current_payment_id=None)


async def _hold_paid(payment: Payment, actor: str, deadline: datetime | None) -> None:
    paid = {"out_trade_no": payment.out_trade_no}
    for item in await PaymentItem.filter(payment_id=payment.id):
        await PaymentItem.filter(id=item.id, posting_deadline=None).update(posting_deadline=deadline)
        held = await DECLARATION.move(  # held by this payment: now paid
            item.declaration_id, DeclarationState.PROCESSING, actor=actor, action="paid", data=paid,
            expect=[DeclarationState.PROCESSING], where={"paid": False, "current_payment_id": payment.id}, paid=True)
        if held is None:  # freed meanwhile (the payment had closed): held again, paid
            held = await DECLARATION.move(
                item.declaration_id, DeclarationState.PROCESSING, actor=actor, action="paid", data=paid,
                expect=[DeclarationState.DECLARED], where={"paid": False, "current_payment_id": None},
                paid=True, current_payment_id=payment.id)
        if held is not None:
            continue
        declaration = await Declaration.get(id=item.declaration_id)
        if declaration.state == DeclarationState.VOIDED:  # paid after it was closed, and the declaration voided
            code, reason = "declaration_voided", "该申报已作废，本笔费款将按原渠道退还"
        else:
            code, reason = "duplicate_debit", "该申报已由另一笔缴款支付，本笔费款将按原渠道退还"
        await set_posting(item, PostingState.FAILED, actor=actor, reason_code=code, reason=reason)


async def set_posting(
    item: PaymentItem,
    to_state: PostingState,
    *,
    actor: str,
    expect: Iterable[PostingState] | None = None,
    reason_code: str | None = None,
    reason: str | None = None,
    **changes: Any,
) -> bool:
    """Move one share's posting state (the SHARE table decides from where; `expect` narrows it),
    with its reason, atomically; its declaration follows (posted → declared and paid; failed →
    voided). False when it did not move."""
    async with unit_of_work():
        row = await SHARE.move(
            item.id, to_state, actor=actor, expect=expect, action="posting", why=reason or "",
            data={"reason_code": reason_code} if reason_code else None,
            posting_reason_code=reason_code, posting_reason=reason, **changes)
        if row is None:
            return False
        if to_state == PostingState.FAILED:
            await _void_failed_share(row, actor, reason)
        elif to_state == PostingState.POSTED:
            await DECLARATION.move(row.declaration_id, DeclarationState.DECLARED, actor=actor, action="posted",
                                   expect=[DeclarationState.PROCESSING], data={"posting_no": row.posting_no})
    return True


async def _void_failed_share(item: PaymentItem, actor: str, reason: str | None) -> None:
    """A share upstream refused for good (or not posted by its deadline): its money is refunded
    and its declaration is voided for good — never payable again, so the refused assessment is
    never debited twice. The payer declares anew once the cause is fixed. Only when this payment
    is the one holding the declaration (a second debit's share leaves it alone)."""
    why = words.say(words.VOID_REASONS["not_posted"], {"reason": words.foreign(reason)})
    await DECLARATION.move(item.declaration_id, DeclarationState.VOIDED, actor=actor, action="void", why=why,
                           where={"current_payment_id": item.payment_id}, current_payment_id=None, paid=False,
                           active_key=None, voided_at=clock.now(), void_reason=why)


def posting_deadline(refund_deadline_working_days: int, paid_at: datetime) -> datetime:
    """The end of the day by which a share must post, else it is refunded: the region's refund
    deadline in working days after the payment day, one working day kept for the refund itself
    (Hubei 7 → the end of the 6th working day; Guizhou 5 → of the 4th)."""
    paid_on = paid_at.astimezone(SHANGHAI).date()
    last = add_working_days(paid_on, max(refund_deadline_working_days - 1, 1))
    return datetime.combine(last, time(23, 59, 59), SHANGHAI)


def payer_status(payment: Payment, items: list[PaymentItem]) -> str:
    """缴款中 / 缴款成功 / 缴款失败 as the payer sees it: success means paid AND posted."""
    if payment.state in (PaymentState.CLOSED, PaymentState.FAILED):
        return "failed"
    if payment.state != PaymentState.PAID:
        return "paying"
    states = {i.posting_state for i in items}
    if states == {PostingState.POSTED}:
        return "paid"
    if states <= {PostingState.FAILED, PostingState.POSTED} and PostingState.FAILED in states:
        return "failed" if states == {PostingState.FAILED} else "partly_failed"
    return "paying"


def item_status(payment: Payment, item: PaymentItem) -> str:
    if payment.state in (PaymentState.CLOSED, PaymentState.FAILED) or item.posting_state == PostingState.FAILED:
        return "failed"
    if payment.state == PaymentState.PAID and item.posting_state == PostingState.POSTED:
        return "paid"
    return "paying"
