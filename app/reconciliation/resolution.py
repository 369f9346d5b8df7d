"""What 日切对账 does about one difference: only what is safe without a person.

Safe means asking the channel or upstream and applying *their* answer through the same service
functions a notification or a refresh uses (invariant 4: only a query decides an unknown). It
never refunds, posts, or changes an amount because of a difference; a contradiction goes to a
person with the answers as evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from app import upstream as up
from app.context import Services
from app.payments import (
    Payment,
    PaymentItem,
    PaymentState,
    PostingState,
    apply_trade_status,
    set_posting,
    sync_unknown_postings,
)
from app.reconciliation import verdicts as v
from app.reconciliation.models import DifferenceState
from app.refunds import Refund, RefundState, sync_refund
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.reconciliation")
ACTOR = "system:reconciliation"


@dataclass(frozen=True)
class Outcome:
    state: DifferenceState
    note: str  # what was done, or why it waits or needs a person (Chinese)
    answer: dict[str, Any] | None = None  # what the channel or upstream said


async def resolve(services: Services, found: v.Found) -> Outcome:
    """Act on one difference as its `action` allows; channel or upstream failures leave it OPEN
    (asked again by the next run), contradictions give NEEDS_PERSON."""
    act = _ACTIONS.get(found.action)
    if act is None:
        return Outcome(DifferenceState.NEEDS_PERSON, f"不可自动处理：{found.why}")
    try:
        return await act(services, found)
    except (ch.ChannelError, up.UpstreamError) as exc:
        log.warning("reconciliation: %s %s: %s", found.kind, found.ident, exc)
        return Outcome(DifferenceState.OPEN, f"查询失败，下次对账再查：{exc}", {"error": str(exc)})


def trade_answer(status: ch.TradeStatus) -> dict[str, Any]:
    found = asdict(status)
    found.pop("raw", None)
    found["state"] = status.state.value
    found["success_time"] = status.success_time.isoformat() if status.success_time else None
    return found


async def _sync_payment(services: Services, found: v.Found) -> Outcome:
    """The statement has a debit of our amount that we do not record paid: ask, and apply a
    confirmed SUCCESS of that amount (what sync_with_channel does, nothing else)."""
    payment = await Payment.get(id=found.payment_id)
    status = await services.channel(payment.channel).query_order(payment.out_trade_no)
    answer = trade_answer(status)
    if status.state != ch.TradeState.PAID or status.amount_fen != payment.amount_fen:
        why = f"对账单有扣款，渠道查询为{status.provider_state}（{status.amount_fen}分），与本系统不一致"
        return Outcome(DifferenceState.NEEDS_PERSON, why, answer)
    await apply_trade_status(services, payment, status, ACTOR)
    await payment.refresh_from_db()
    if payment.state == PaymentState.PAID:
        return Outcome(DifferenceState.AUTO_RESOLVED, "已向渠道查询确认支付成功，按渠道结果记为已支付", answer)
    return Outcome(DifferenceState.NEEDS_PERSON, f"渠道确认支付成功，本系统仍为{payment.state}", answer)


async def _sync_refund(services: Services, found: v.Found) -> Outcome:
    refund = await sync_refund(services, await Refund.get(id=found.refund_id), actor=ACTOR)
    answer = {"refund_state": refund.state.value, "refund_id": refund.refund_id}
    if refund.state == RefundState.SUCCEEDED:
        return Outcome(DifferenceState.AUTO_RESOLVED, "已向渠道查询确认退款成功，按渠道结果记为已退款", answer)
    if refund.state == RefundState.FAILED:
        return Outcome(DifferenceState.NEEDS_PERSON, "对账单有退款，渠道查询为退款失败：切勿再次退款", answer)
    return Outcome(DifferenceState.OPEN, f"渠道暂未确认退款成功（{refund.state}），下次对账再查", answer)


async def _sync_posting(services: Services, found: v.Found) -> Outcome:
    """Upstream lists a posting of a paid share we do not record posted: ask upstream about it
    (query_posting) and apply its answer through the posting code."""
    item = await PaymentItem.get(id=found.item_id)
    if item.posting_state == PostingState.NOT_POSTED:  # so that the query path asks about it
        await set_posting(item, PostingState.UNKNOWN, actor=ACTOR, expect=[PostingState.NOT_POSTED],
                          reason_code="result_unknown", reason="对账：经办机构到账信息已有此笔，查询后更新")
    await sync_unknown_postings(services, await Payment.get(id=item.payment_id))
    item = await PaymentItem.get(id=item.id)
    answer = {"posting_state": item.posting_state.value, "posting_ref": item.posting_ref}
    if item.posting_state == PostingState.POSTED:
        return Outcome(DifferenceState.AUTO_RESOLVED, "已向经办机构查询确认到账，按查询结果记为已到账确认", answer)
    if item.posting_state in (PostingState.UNKNOWN, PostingState.POSTING):
        return Outcome(DifferenceState.OPEN, "经办机构暂未答复，下次对账再查", answer)
    return Outcome(DifferenceState.NEEDS_PERSON, f"经办机构列为已到账，查询后本系统为{item.posting_state}", answer)


async def _confirm_payment(services: Services, found: v.Found) -> Outcome:
    """We record it paid, the statement lacks it: still paid at the channel means a late statement."""
    payment = await Payment.get(id=found.payment_id)
    status = await services.channel(payment.channel).query_order(payment.out_trade_no)
    answer = trade_answer(status)
    if status.state in (ch.TradeState.PAID, ch.TradeState.REFUNDED) and status.amount_fen == payment.amount_fen:
        return Outcome(DifferenceState.OPEN, "渠道确认已支付：对账单未列入（迟到），留待次日对账", answer)
    return Outcome(DifferenceState.NEEDS_PERSON,
                   f"本系统记为已支付，渠道查询为{status.provider_state}（{status.amount_fen}分）", answer)


async def _confirm_refund(services: Services, found: v.Found) -> Outcome:
    refund = await Refund.get(id=found.refund_id)
    payment = await Payment.get(id=refund.payment_id)
    status = await services.channel(refund.channel).query_refund(refund.out_refund_no, payment.out_trade_no)
    answer = {"state": status.state.value, "provider_state": status.provider_state, "amount_fen": status.amount_fen,
              "refund_id": status.refund_id, "out_trade_no": status.out_trade_no}
    if status.state == ch.RefundState.SUCCEEDED and status.amount_fen in (None, refund.amount_fen):
        return Outcome(DifferenceState.OPEN, "渠道确认已退款：对账单未列入（迟到），留待次日对账", answer)
    return Outcome(DifferenceState.NEEDS_PERSON, f"本系统记为已退款，渠道查询为{status.provider_state}", answer)


async def _ask_channel(services: Services, found: v.Found) -> Outcome:
    payment = await Payment.get(id=found.payment_id)
    try:
        answer = trade_answer(await services.channel(payment.channel).query_order(payment.out_trade_no))
    except ch.ChannelError as exc:
        answer = {"error": str(exc)}
    return Outcome(DifferenceState.NEEDS_PERSON, f"不可自动处理：{found.why}", answer)


async def _ask_upstream(services: Services, found: v.Found) -> Outcome:
    try:
        result = await services.upstream.query_posting(found.posting_no or "")
        answer: dict[str, Any] = {"state": result.state.value, "upstream_ref": result.upstream_ref,
                                  "reason_code": result.reason_code, "reason": result.reason,
                                  "posted_at": result.posted_at.isoformat() if result.posted_at else None}
    except up.UpstreamError as exc:
        answer = {"error": str(exc)}
    return Outcome(DifferenceState.NEEDS_PERSON, f"不可自动处理：{found.why}", answer)


_ACTIONS: dict[str, Callable[[Services, v.Found], Awaitable[Outcome]]] = {
    v.SYNC_PAYMENT: _sync_payment,
    v.SYNC_REFUND: _sync_refund,
    v.SYNC_POSTING: _sync_posting,
    v.CONFIRM_PAYMENT: _confirm_payment,
    v.CONFIRM_REFUND: _confirm_refund,
    v.ASK_CHANNEL: _ask_channel,
    v.ASK_UPSTREAM: _ask_upstream,
}
