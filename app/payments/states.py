"""Payment state transitions: lock the row, decide, write, record — one place for all of them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from tortoise.transactions import in_transaction

from app.clock import SHANGHAI
from app.declarations.models import Declaration, DeclarationState
from app.events.services import record
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.workdays import add_working_days

PAYER_STATUS_LABELS = {
    "paying": "缴款中",
    "paid": "缴款成功",
    "failed": "缴款失败",
    "partly_failed": "部分缴款失败",
}


async def transition(
    payment: Payment,
    from_states: Iterable[PaymentState],
    to_state: PaymentState,
    *,
    actor: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    deadline: datetime | None = None,
    **changes: Any,
) -> bool:
    """Move the payment to `to_state` if it is in one of `from_states`; False if it was not.

    Declarations follow the payment: CLOSED/FAILED release them (payable again); PAID marks
    them paid, or, when another payment holds a declaration meanwhile (or it was voided), marks
    this share for refund (a second debit must never stand). `deadline`: with PAID, each share's
    posting deadline.
    """
    allowed = set(from_states)
    async with in_transaction() as conn:
        row = await Payment.select_for_update().using_db(conn).get(id=payment.id)
        if row.state not in allowed:
            return False
        await Payment.filter(id=row.id).using_db(conn).update(state=to_state, updated_at=datetime.now(UTC), **changes)
        await record(
            "payment", row.id, "transition", actor=actor, from_state=row.state, to_state=to_state,
            reason=reason, data=data, using=conn,
        )
        if to_state in (PaymentState.CLOSED, PaymentState.FAILED):
            await _release(row, actor, conn)
        elif to_state == PaymentState.PAID:
            await _hold_paid(row, actor, conn, deadline)
    await payment.refresh_from_db()
    if payment.batch_debit_list_id is not None and to_state in (PaymentState.PAID, PaymentState.CLOSED,
                                                                 PaymentState.FAILED):
        from app.batch_debit.lists import finish_list  # a 批扣清册 is done when its last result comes

        await finish_list(payment.batch_debit_list_id)
    return True


async def _release(payment: Payment, actor: str, conn: Any) -> None:
    for declaration in await Declaration.filter(current_payment_id=payment.id).using_db(conn):
        await Declaration.filter(id=declaration.id).using_db(conn).update(
            current_payment_id=None, state=DeclarationState.DECLARED
        )
        await record(
            "declaration", declaration.id, "released", actor=actor, from_state=declaration.state,
            to_state=DeclarationState.DECLARED, reason=f"缴款{payment.out_trade_no}未成功", using=conn,
        )


async def _hold_paid(payment: Payment, actor: str, conn: Any, deadline: datetime | None) -> None:
    items = await PaymentItem.filter(payment_id=payment.id).using_db(conn)
    for item in items:
        await PaymentItem.filter(id=item.id, posting_deadline=None).using_db(conn).update(posting_deadline=deadline)
        before = await Declaration.filter(id=item.declaration_id).using_db(conn).get()
        held = await Declaration.filter(
            id=item.declaration_id, paid=False, current_payment_id__in=[payment.id]
        ).using_db(conn).update(paid=True, state=DeclarationState.PROCESSING)
        if not held:
            held = await Declaration.filter(
                id=item.declaration_id, paid=False, current_payment_id=None,
                state=DeclarationState.DECLARED,
            ).using_db(conn).update(paid=True, state=DeclarationState.PROCESSING, current_payment_id=payment.id)
        if held:
            await record(
                "declaration", item.declaration_id, "paid", actor=actor,
                from_state=before.state, to_state=DeclarationState.PROCESSING,
                data={"out_trade_no": payment.out_trade_no}, using=conn,
            )
            continue
        if before.state == DeclarationState.VOIDED:  # paid after it was closed, and the declaration voided
            code, reason = "declaration_voided", "该申报已作废，本笔费款将按原渠道退还"
        else:
            code, reason = "duplicate_debit", "该申报已由另一笔缴款支付，本笔费款将按原渠道退还"
        await set_posting(item, PostingState.FAILED, actor=actor, conn=conn, reason_code=code, reason=reason)


async def set_posting(
    item: PaymentItem,
    to_state: PostingState,
    *,
    actor: str,
    conn: Any = None,
    expect: Iterable[PostingState] | None = None,
    reason_code: str | None = None,
    reason: str | None = None,
    **changes: Any,
) -> bool:
    """Change one item's posting state (compare-and-set on `expect`) and record it, atomically."""
    if conn is None:
        async with in_transaction() as own:
            return await set_posting(
                item, to_state, actor=actor, conn=own, expect=expect, reason_code=reason_code, reason=reason,
                **changes,
            )
    query = PaymentItem.filter(id=item.id)
    if expect is not None:
        query = query.filter(posting_state__in=list(expect))
    changed = await query.using_db(conn).update(
        updated_at=datetime.now(UTC), posting_state=to_state, posting_reason_code=reason_code,
        posting_reason=reason, **changes
    )
    if changed:
        await record(
            "payment_item", item.id, "posting", actor=actor, from_state=item.posting_state,
            to_state=to_state, reason=reason or "", data={"reason_code": reason_code} if reason_code else None,
            using=conn,
        )
        if to_state == PostingState.FAILED:
            await _release_failed_share(item, actor, conn, reason)
        if to_state == PostingState.POSTED:
            declared = await Declaration.filter(
                id=item.declaration_id, state=DeclarationState.PROCESSING
            ).using_db(conn).update(state=DeclarationState.DECLARED)
            if declared:
                await record(
                    "declaration", item.declaration_id, "posted", actor=actor,
                    from_state=DeclarationState.PROCESSING, to_state=DeclarationState.DECLARED,
                    data={"posting_no": item.posting_no}, using=conn,
                )
    return bool(changed)


async def _release_failed_share(item: PaymentItem, actor: str, conn: Any, reason: str | None) -> None:
    """A share upstream refused for good (or not posted by its deadline): its money is refunded
    and its declaration is voided for good — never payable again, so the refused assessment is
    never debited twice. The payer declares anew once the cause is fixed. Only when this payment
    is the one holding the declaration (a second debit's share leaves it alone)."""
    why = f"到账确认失败：{reason or '经办机构未确认到账'}，费款按原渠道退还"
    now = datetime.now(UTC)
    voided = await Declaration.filter(
        id=item.declaration_id, current_payment_id=item.payment_id
    ).using_db(conn).update(current_payment_id=None, paid=False, state=DeclarationState.VOIDED, active_key=None,
                            voided_at=now, void_reason=why, updated_at=now)
    if voided:
        await record(
            "declaration", item.declaration_id, "void", actor=actor, from_state=DeclarationState.PROCESSING,
            to_state=DeclarationState.VOIDED, reason=why, using=conn,
        )


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
