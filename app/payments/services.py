"""Payments and their channel orders: written once (our out_trade_no before any channel call), the
order made and made again with the same number, channel answers applied through the PAYMENT
table, unknown staying unknown until a query decides it, abandoned orders closed after asking."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app import clock, logs
from app.batch_debit import BatchDebitList
from app.context import Services
from app.declarations import DECLARATION, Declaration, DeclarationState
from app.events import record
from app.identity import User
from app.kv import LockTimeout
from app.payments import errors
from app.payments.models import OPEN_PAYMENT_STATES, PAYMENT, SHARE, Payment, PaymentItem, PaymentState
from app.payments.states import posting_deadline, transition
from app.uow import unit_of_work
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.payments")
_INSURANCE_NAMES = {
    "resident_pension": "城乡居民基本养老保险",
    "resident_medical": "城乡居民基本医疗保险",
    "flexible_pension": "灵活就业人员基本养老保险",
    "flexible_medical": "灵活就业人员基本医疗保险",
}


@dataclass(frozen=True)
class Checkout:
    payment: Payment
    client_params: dict[str, str] | None


class HolderChanged(Exception):
    """Another request took one of the declarations between our read and our write."""


def new_out_trade_no() -> str:
    return "SBP" + clock.stamp("%Y%m%d%H%M%S") + secrets.token_hex(5).upper()


def _description(declarations: list[Declaration], region_name: str) -> str:
    first = declarations[0]
    name = _INSURANCE_NAMES.get(first.insurance_type, "社会保险费")
    text = f"{region_name}{name}{first.period_start}-{first.period_end}"
    if len(declarations) > 1:
        text += f"等{len(declarations)}笔"
    return text[:40]


async def create_payment(
    services: Services, user: User, declarations: list[Declaration], channel: str, device: str, payer_reference: str,
    agreement_id: int | None = None, batch_debit_list_id: int | None = None, expires_in: timedelta | None = None,
) -> Payment:
    """Write a payment of `declarations` (our out_trade_no first: no channel is called here), its
    shares, and hold each declaration for it (compare-and-set); all in one unit of work.

    Raises: HolderChanged (another payment took one of the declarations meanwhile: nothing written).
    """
    profile = services.profile(user.region)
    expires_at = clock.now() + (expires_in or timedelta(minutes=services.settings.payment_expire_minutes))
    actor = f"user:{user.id}"
    async with unit_of_work():
        payment = await PAYMENT.create(
            actor=actor, data={"amount_fen": sum(d.amount_due_fen for d in declarations),
                               "declarations": [d.id for d in declarations]},
            out_trade_no=new_out_trade_no(), user=user, region=user.region, channel=channel,
            amount_fen=sum(d.amount_due_fen for d in declarations),
            description=_description(declarations, profile.name), payer_ref=payer_reference, device=device,
            expires_at=expires_at, agreement_id=agreement_id, batch_debit_list_id=batch_debit_list_id)
        for index, d in enumerate(declarations, start=1):
            held = await DECLARATION.move(d.id, DeclarationState.PROCESSING, actor=actor, action="held",
                                          expect=[DeclarationState.DECLARED],
                                          where={"current_payment_id": None, "paid": False},
                                          data={"out_trade_no": payment.out_trade_no}, current_payment_id=payment.id)
            if held is None:
                raise HolderChanged()
            await SHARE.create(actor=actor, part_of="payment", payment=payment, declaration=d,
                               amount_fen=d.amount_due_fen, posting_no=f"{payment.out_trade_no}{index:02d}")
    return payment


def is_abandoned(payment: Payment) -> bool:
    """An open payment past its expiry: the payer left the cashier (closed before paying anew)."""
    return (payment.state in OPEN_PAYMENT_STATES and payment.expires_at is not None
            and payment.expires_at <= clock.now())


async def ensure_order(services: Services, payment: Payment) -> Checkout:
    """Make sure the channel order exists for an open payment; one channel call at a time."""
    logs.bind(out_trade_no=payment.out_trade_no, payment_id=payment.id)
    try:
        async with services.kv.lock(f"payment:{payment.out_trade_no}", services.settings.lock_timeout_seconds, 15):
            await payment.refresh_from_db()
            if payment.state == PaymentState.UNKNOWN:
                await sync_with_channel(services, payment, actor="system:checkout")
            if payment.state == PaymentState.AWAITING_PAYMENT and payment.prepay_id == ch.LOCAL_PREPAY_ID:
                return await _create_order(services, payment)  # made again, the same order
            if payment.state == PaymentState.AWAITING_PAYMENT and payment.prepay_id:
                channel = services.channel(payment.channel)
                return Checkout(payment, await channel.client_params(payment.prepay_id))
            if payment.state in (PaymentState.CREATED, PaymentState.UNKNOWN):
                return await _create_order(services, payment)
    except LockTimeout as exc:
        raise errors.PaymentBusy() from exc
    if payment.state == PaymentState.PAID:
        raise errors.DeclarationAlreadyPaid(out_trade_no=payment.out_trade_no)
    raise errors.PaymentNotOpen(out_trade_no=payment.out_trade_no)


async def batch_no_of(payment: Payment) -> str:
    """The 批扣清册 number a batch debit carries to the bank ("" for any other payment)."""
    if payment.batch_debit_list_id is None:
        return ""

    found = await BatchDebitList.filter(id=payment.batch_debit_list_id).first().values_list("batch_no", flat=True)
    return str(found or "")


async def _create_order(services: Services, payment: Payment) -> Checkout:
    channel = services.channel(payment.channel)
    request = ch.OrderRequest(
        out_trade_no=payment.out_trade_no, description=payment.description, amount_fen=payment.amount_fen,
        payer_ref=payment.payer_ref, notify_url=f"{services.notify_base}/notify/{payment.channel}",
        time_expire=payment.expires_at or payment.created_at + timedelta(
            minutes=services.settings.payment_expire_minutes),
        attach=await batch_no_of(payment), device=payment.device,
    )
    actor = f"channel:{payment.channel}"
    try:
        result = await channel.create_order(request)
    except ch.ChannelResultUnknown as exc:
        await transition(services, payment, PaymentState.UNKNOWN, actor=actor, reason=str(exc))
        raise errors.ChannelResultUnknown(out_trade_no=payment.out_trade_no, payment_id=payment.id) from exc
    except ch.ChannelUnavailable as exc:
        raise errors.ChannelUnavailable(out_trade_no=payment.out_trade_no, payment_id=payment.id) from exc
    except ch.ChannelRejected as exc:
        await transition(services, payment, PaymentState.FAILED, actor=actor, reason=str(exc),
                         failure_code=exc.code, failure_reason=str(exc))
        raise errors.PaymentRejected(channel_code=exc.code) from exc
    await transition(services, payment, PaymentState.AWAITING_PAYMENT, actor=actor, prepay_id=result.prepay_id,
                     data={"prepay_id": result.prepay_id})
    return Checkout(payment, result.client_params)


async def apply_trade_status(services: Services, payment: Payment, status: ch.TradeStatus, actor: str) -> bool:
    """Apply what the channel says about the order (from a verified notification or a query).

    Returns True if the payment changed. The caller has checked out_trade_no; the amount is
    checked here: a paid amount that differs from ours is never applied.
    """
    logs.bind(out_trade_no=payment.out_trade_no, payment_id=payment.id)
    changed = False
    if status.state == ch.TradeState.REFUNDED and payment.state == PaymentState.PAID:
        return False  # our own refunds of shares: the refund records follow them
    if status.state in (ch.TradeState.PAID, ch.TradeState.REFUNDED) and (
        status.amount_fen != payment.amount_fen or status.state == ch.TradeState.REFUNDED
    ):
        # never applied: money that differs from ours, or that was already sent back outside
        # our flow, is for the operations team to look at, not to post
        await record("payment", payment.id, "channel_mismatch", actor=actor, from_state=payment.state,
                     to_state=payment.state, reason=f"渠道返回{status.provider_state}，金额{status.amount_fen}分",
                     data={"flagged": True, "provider_state": status.provider_state,
                           "channel_amount_fen": status.amount_fen, "transaction_id": status.transaction_id})
        return False
    if status.state == ch.TradeState.PAID:
        paid_at = status.success_time or clock.now()
        deadline = posting_deadline(services.profile(payment.region).refund_deadline_working_days, paid_at)
        async with unit_of_work() as uow:
            changed = await transition(
                services, payment, PaymentState.PAID, actor=actor, transaction_id=status.transaction_id,
                paid_amount_fen=status.amount_fen, paid_at=paid_at, data={"provider_state": status.provider_state},
                deadline=deadline,
            )
            # recorded; posting (and refunds of refused or second-debit shares) run as jobs, not here
            uow.after_commit(services.queue.defer_posting, payment.id)
    elif status.state == ch.TradeState.CLOSED:
        failed = status.raw.get("fail_code")  # the bank refused the debit (余额不足, 账户冻结 …): say why
        fields: dict[str, Any] = {"failure_code": str(failed),
                                  "failure_reason": str(status.raw.get("fail_reason") or failed)} if failed else {}
        changed = await transition(services, payment, PaymentState.CLOSED, actor=actor,
                                   reason=f"渠道订单状态{status.provider_state}", **fields)
    elif status.state == ch.TradeState.NOT_FOUND:
        # the channel never created it: the same number may be used again
        changed = await transition(services, payment, PaymentState.CREATED, actor=actor,
                                   reason="渠道无此订单")
    return changed


async def sync_with_channel(services: Services, payment: Payment, actor: str) -> None:
    """Ask the channel; unknown stays unknown when the channel does not answer."""
    try:
        status = await services.channel(payment.channel).query_order(payment.out_trade_no)
    except ch.ChannelError:  # no answer we can act on: the state stays as it is
        log.warning("query_order %s failed", payment.out_trade_no, exc_info=True)
        return
    await apply_trade_status(services, payment, status, actor)


async def get_visible(user: User, payment_id: int) -> Payment:
    """A payment the user made, or one that paid for them (全渠道). Another's is 'not found'."""
    payment = await Payment.get_or_none(id=payment_id, region=user.region)
    if payment is None or not (payment.user_id == user.id or await _pays_for(user, payment.id)):
        raise errors.PaymentNotFound()
    return payment


async def _pays_for(user: User, payment_id: int) -> bool:
    if not (user.is_verified and user.id_number_index):
        return False
    return await PaymentItem.filter(
        payment_id=payment_id, declaration__payer_id_index=user.id_number_index).exists()


async def close_open_payment(services: Services, payment: Payment, actor: str) -> None:
    """Close an unpaid channel order so its declarations can be voided — asking the channel first.

    Raises: PaymentBusy (another caller is talking to the channel about it), ChannelUnavailable.
    """
    try:
        await _close_open_payment(services, payment, actor)
    except LockTimeout as exc:
        raise errors.PaymentBusy(out_trade_no=payment.out_trade_no) from exc


async def _close_open_payment(services: Services, payment: Payment, actor: str) -> None:
    async with services.kv.lock(f"payment:{payment.out_trade_no}", services.settings.lock_timeout_seconds, 15):
        await payment.refresh_from_db()
        if payment.state not in OPEN_PAYMENT_STATES:
            return
        channel = services.channel(payment.channel)
        try:
            status = await channel.query_order(payment.out_trade_no)
            if status.state == ch.TradeState.NOT_FOUND and payment.state != PaymentState.AWAITING_PAYMENT:
                # the channel never had it: close ours
                await transition(services, payment, PaymentState.CLOSED, actor=actor, reason="渠道无此订单，作废前关闭",
                                 expect=[PaymentState.CREATED, PaymentState.UNKNOWN])
                return
            # pending; or handed out, with no trade at the channel until the payer acts (a QR code
            # not scanned yet, an app's order string not paid yet): closed there too, then asked again
            if status.state in (ch.TradeState.PENDING, ch.TradeState.NOT_FOUND):
                try:
                    await channel.close_order(payment.out_trade_no)
                except ch.ChannelRejected:  # e.g. ORDERPAID: the query below says what is true
                    pass
                status = await channel.query_order(payment.out_trade_no)
        except ch.ChannelError as exc:
            raise errors.ChannelUnavailable() from exc
        if status.state == ch.TradeState.NOT_FOUND:  # still no trade: ours is closed (money that comes
            # later all the same is recorded as paid, and refunded if unwanted)
            await transition(services, payment, PaymentState.CLOSED, actor=actor,
                             reason="渠道无此交易（未扫码或未支付），关闭", expect=[PaymentState.AWAITING_PAYMENT])
            return
        await apply_trade_status(services, payment, status, actor)
