"""Refunds to the original channel: decide under the payment's row lock, ask the channel after.

Invariant 3: a refund never exceeds what was paid, and is never paid out twice. Our
`out_refund_no` is committed (unique) before the channel is asked, so every ask can be repeated
with the same number; a share of a payment has at most one refund (`payment_item` is unique).

Refund states::

    CREATED ──channel accepted──► PROCESSING ──SUCCESS (notification or query)──► SUCCEEDED
       │  ├─channel down: stays CREATED (ask again, same number)   └─CLOSED / ABNORMAL──► FAILED
       │  ├─rejected──► FAILED (the money is still owed: the dashboard shows it)
       │  └─timeout / unsigned──► UNKNOWN ──query──► PROCESSING / SUCCEEDED / FAILED
       │                             └──query: not found──► CREATED (same number, ask again)
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from app import clock, logs, words
from app.context import Services
from app.errors import DomainError
from app.events import record
from app.kv import LockTimeout
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.refunds import errors
from app.refunds.models import LIVE_REFUND_STATES, OPEN_REFUND_STATES, REFUND, Refund, RefundState
from app.uow import unit_of_work
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.refunds")
ACTOR = "system:refunds"
LOCK_WAIT_SECONDS = 15.0
CHANNEL_REASON_MAX = 80  # WeChat Pay shows the reason to the payer; longer ones are refused
REFUNDABLE_POSTING = (PostingState.FAILED,)
_FINAL_FAILURES = {ch.RefundState.CLOSED: "退款已关闭", ch.RefundState.ABNORMAL: "退款异常（如收款账户已注销）"}


def new_out_refund_no() -> str:
    return "SBR" + clock.stamp("%Y%m%d%H%M%S") + secrets.token_hex(5).upper()


def _paid_fen(payment: Payment) -> int:
    return payment.paid_amount_fen if payment.paid_amount_fen is not None else payment.amount_fen


async def _move(refund: Refund, to_state: RefundState, *, actor: str, expect: Iterable[RefundState] | None = None,
                reason: str = "", data: dict[str, Any] | None = None, **changes: Any) -> bool:
    """Move the refund (the REFUND table decides from where; `expect` narrows it); the caller's
    copy is refreshed. False when it did not move."""
    if await REFUND.move(refund.id, to_state, actor=actor, expect=expect, why=reason, data=data, **changes) is None:
        return False
    await refund.refresh_from_db()
    return True


def _check_refundable(payment: Payment, item: PaymentItem, live_fen: int) -> None:
    if payment.state != PaymentState.PAID:
        raise errors.PaymentNotPaid(out_trade_no=payment.out_trade_no)
    if item.posting_state not in REFUNDABLE_POSTING:
        raise errors.ShareNotRefundable(posting_state=item.posting_state.value)
    if live_fen + item.amount_fen > _paid_fen(payment):
        raise errors.RefundExceedsPaid(
            out_trade_no=payment.out_trade_no, paid_fen=_paid_fen(payment), refunded_fen=live_fen,
            amount_fen=item.amount_fen,
        )


async def _open_refund(item: PaymentItem, *, actor: str, reason_code: str, reason: str) -> Refund:
    """The share's refund: the existing one, or a new one written under the payment's row lock."""
    try:
        async with unit_of_work():
            payment = await Payment.select_for_update().get(id=item.payment_id)
            existing = await Refund.filter(payment_item_id=item.id).first()
            if existing is not None:
                return existing
            share = await PaymentItem.get(id=item.id)
            live = await Refund.filter(payment_id=payment.id, state__in=list(LIVE_REFUND_STATES))
            _check_refundable(payment, share, sum(r.amount_fen for r in live))
            return await REFUND.create(
                actor=actor, why=reason,
                data={"out_trade_no": payment.out_trade_no, "payment_item_id": share.id, "amount_fen": share.amount_fen,
                      "reason_code": reason_code},
                out_refund_no=new_out_refund_no(), payment_id=payment.id, payment_item_id=share.id,
                channel=payment.channel, amount_fen=share.amount_fen, reason_code=reason_code, reason=reason)
    except IntegrityError:  # a concurrent caller wrote it first (the unique share)
        return await Refund.get(payment_item_id=item.id)


async def refund_share(services: Services, item: PaymentItem, *, actor: str, reason_code: str, reason: str) -> Refund:
    """Refund one share of a paid payment to the payment's own channel, at most once.

    The refund row (our out_refund_no) and its event are committed under the payment's row lock
    before the channel is asked; the channel is asked after that lock is released. Repeating the
    call for the same share returns the same refund; while it is still `created` (the channel
    was down), the channel is asked again with the same number.

    Args:
        item: the share; only a share whose posting upstream refused for good (FAILED) is refunded.
        actor: who asks (``user:…``, ``staff:…``, ``system:…``), recorded in the event.
        reason_code: a stable code (``posting_refused``, ``duplicate_debit``, …).
        reason: why, in Chinese; its first 80 characters are sent to the channel.

    Raises: PaymentNotPaid, ShareNotRefundable, RefundExceedsPaid (nothing written in each case).
    Channel failures never raise: they show in the refund's state.
    """
    refund = await _open_refund(item, actor=actor, reason_code=reason_code, reason=reason)
    if refund.state == RefundState.CREATED:
        refund = await send_refund(services, refund, actor=actor)
    return refund


async def send_refund(services: Services, refund: Refund, *, actor: str) -> Refund:
    """Ask the channel to pay out a `created` refund with its own out_refund_no (safe to repeat).

    One caller at a time per refund (a KV lock around the channel call; no database lock is held
    while the channel answers). Outcomes: accepted → processing (or succeeded); timeout or
    unreadable answer → unknown (only `sync_refund` decides); unavailable → stays created;
    rejected → failed. Returns the refund as it now stands; raises nothing for channel failures.
    """
    try:
        lock = services.kv.lock(f"refund:{refund.out_refund_no}", services.settings.lock_timeout_seconds,
                                LOCK_WAIT_SECONDS)
        async with lock:
            await refund.refresh_from_db()
            if refund.state == RefundState.CREATED:
                await _ask_channel(services, refund, actor)
    except LockTimeout:  # another caller is asking the channel about this very refund
        log.info("send_refund %s: busy", refund.out_refund_no)
    await refund.refresh_from_db()
    return refund


async def _ask_channel(services: Services, refund: Refund, actor: str) -> None:
    payment = await Payment.get(id=refund.payment_id)
    logs.bind(out_trade_no=payment.out_trade_no, out_refund_no=refund.out_refund_no)
    request = ch.RefundRequest(
        out_trade_no=payment.out_trade_no, out_refund_no=refund.out_refund_no, amount_fen=refund.amount_fen,
        total_fen=payment.amount_fen, reason=refund.reason[:CHANNEL_REASON_MAX],
        notify_url=f"{services.notify_base}/notify/{refund.channel}",
    )
    by = f"channel:{refund.channel}"
    try:
        status = await services.channel(refund.channel).refund(request)
    except ch.ChannelResultUnknown as exc:
        await _move(refund, RefundState.UNKNOWN, expect=[RefundState.CREATED], actor=by, reason=str(exc),
                    data={"code": exc.code, "requested_by": actor})
        return
    except ch.ChannelUnavailable as exc:  # not a change: the timeline still shows the attempt
        await record("refund", refund.id, "channel_unavailable", actor=by, from_state=refund.state,
                     to_state=refund.state, reason=str(exc), data={"code": exc.code, "requested_by": actor})
        return
    except ch.ChannelRejected as exc:
        await _move(refund, RefundState.FAILED, expect=[RefundState.CREATED], actor=by, reason=str(exc),
                    data={"code": exc.code, "raw": exc.raw if isinstance(exc.raw, dict) else None, "flagged": True,
                          "requested_by": actor},
                    failure_code=exc.code[:64] or "REJECTED", failure_reason=str(exc))
        return
    await apply_refund_status(refund, status, actor=by)


def _success_time(status: ch.RefundStatus) -> datetime:
    value = status.raw.get("success_time")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else clock.now()
    except ValueError:
        return clock.now()


async def apply_refund_status(refund: Refund, status: ch.RefundStatus, *, actor: str) -> bool:
    """Apply what the channel says about one of our refunds (an answer, a query, a verified
    notification). Idempotent: returns True only when the refund changed.

    An answer for another number or another amount is never applied: it is recorded, flagged,
    for the operations team.
    """
    if status.out_refund_no != refund.out_refund_no or (
        status.amount_fen is not None and status.amount_fen != refund.amount_fen
    ):
        await record("refund", refund.id, "channel_mismatch", actor=actor, from_state=refund.state,
                     to_state=refund.state, reason=f"渠道返回{status.out_refund_no}，金额{status.amount_fen}分",
                     data={"flagged": True, "provider_state": status.provider_state, "raw": status.raw})
        return False
    data = {"provider_state": status.provider_state, "raw": status.raw}
    ids: dict[str, Any] = {"refund_id": status.refund_id} if status.refund_id else {}
    if status.state == ch.RefundState.NOT_FOUND:  # the channel never took it: same number, ask again
        return await _move(refund, RefundState.CREATED, expect=[RefundState.UNKNOWN], actor=actor,
                           reason="渠道无此退款单", data=data)
    if status.state == ch.RefundState.PROCESSING:
        return await _move(refund, RefundState.PROCESSING, actor=actor, data=data, **ids)
    if status.state == ch.RefundState.SUCCEEDED:
        return await _move(refund, RefundState.SUCCEEDED, actor=actor, data=data,
                           succeeded_at=_success_time(status), **ids)
    reason = _FINAL_FAILURES[status.state]
    return await _move(refund, RefundState.FAILED, actor=actor, reason=reason,
                       data={**data, "flagged": True}, failure_code=status.provider_state, failure_reason=reason,
                       **ids)


async def sync_refund(services: Services, refund: Refund, *, actor: str = ACTOR) -> Refund:
    """查询退款: ask the channel how one open refund stands and apply the answer.

    Not found on an `unknown` refund means the channel never took it: it goes back to `created`
    (ask again with the same out_refund_no). A channel that does not answer leaves the refund as
    it is. Returns the refund as it now stands; raises nothing for channel failures.
    """
    await refund.refresh_from_db()
    if refund.state not in OPEN_REFUND_STATES:
        return refund
    payment = await Payment.get(id=refund.payment_id)
    try:
        status = await services.channel(refund.channel).query_refund(refund.out_refund_no, payment.out_trade_no)
    except ch.ChannelError:  # no answer we can act on: the state stays as it is
        log.warning("query_refund %s failed", refund.out_refund_no, exc_info=True)
        return refund
    await apply_refund_status(refund, status, actor=actor)
    await refund.refresh_from_db()
    return refund


def _share_reason(item: PaymentItem) -> tuple[str, str]:
    code = item.posting_reason_code or ""
    if code == "manual_refund":  # the approver's own words
        return code, item.posting_reason or words.REFUND_REASONS[code]
    if code in words.REFUND_REASONS and code != "posting_refused":
        return code, words.REFUND_REASONS[code]
    return "posting_refused", words.say(words.REFUND_REASONS["posting_refused"],
                                        {"reason": words.foreign(item.posting_reason)})


async def refund_failed_shares(services: Services, payment: Payment, *, actor: str = ACTOR) -> list[Refund]:
    """Refund every share of a paid payment that upstream refused for good (posting FAILED,
    including a second debit's share marked `duplicate_debit`), once each; a refund still
    `created` (the channel was down) is asked again with its own number.

    Call it outside any transaction. A refusal (e.g. refund_exceeds_paid) does not stop the other
    shares: it is logged and recorded, flagged, on the share for the operations team.
    """
    payment = await Payment.get(id=payment.id)  # the caller's copy may predate a transition
    if payment.state != PaymentState.PAID:
        return []
    refunds = []
    for item in await PaymentItem.filter(payment_id=payment.id, posting_state=PostingState.FAILED).order_by("id"):
        reason_code, reason = _share_reason(item)
        try:
            refunds.append(await refund_share(services, item, actor=actor, reason_code=reason_code, reason=reason))
        except DomainError as exc:
            log.warning("refund of share %s of %s refused: %s", item.id, payment.out_trade_no, exc.code)
            await record("payment_item", item.id, "refund_refused", actor=actor, from_state=item.posting_state,
                         to_state=item.posting_state, reason=exc.message, data={"code": exc.code, "flagged": True})
    return refunds


async def sync_open_refunds(services: Services, payment: Payment, *, actor: str = ACTOR) -> None:
    """Ask the channel about the payment's refunds still open; ask again for those the channel
    never took (created)."""
    for refund in await Refund.filter(payment_id=payment.id, state__in=list(OPEN_REFUND_STATES)).order_by("id"):
        if refund.state != RefundState.CREATED:
            refund = await sync_refund(services, refund, actor=actor)
        if refund.state == RefundState.CREATED:
            await send_refund(services, refund, actor=actor)


async def ask_about_open_refunds(services: Services, payment: Payment, *, actor: str = ACTOR) -> None:
    """Only ask (查验状态): how the payment's refunds the channel took stand; send nothing."""
    for refund in await Refund.filter(payment_id=payment.id, state__in=[RefundState.PROCESSING, RefundState.UNKNOWN]):
        await sync_refund(services, refund, actor=actor)


async def refunds_by_item(payment_ids: Iterable[int]) -> dict[int, Refund]:
    """The share refunds of some payments, by payment item id (for what the payer sees)."""
    ids = list(payment_ids)
    if not ids:
        return {}
    found = await Refund.filter(payment_id__in=ids, payment_item_id__isnull=False)
    return {r.payment_item_id: r for r in found if r.payment_item_id is not None}
