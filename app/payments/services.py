"""Checkout, channel results, status refresh: one payment per declaration, unknown stays unknown."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from app import logs
from app.context import Services
from app.declarations.errors import (
    DeclarationExpired,
    DeclarationNotFound,
    DeclarationNotVoidable,
    DeclarationVoided,
)
from app.declarations.models import Declaration, DeclarationState
from app.declarations.services import EXPIRED_REASON, is_expired, mark_voided, visible_to
from app.events.services import record
from app.identity.models import User
from app.kv import LockTimeout
from app.payments import errors
from app.payments.models import OPEN_PAYMENT_STATES, Payment, PaymentItem, PaymentState
from app.payments.posting import ask_about_unknown_postings
from app.payments.states import posting_deadline, transition
from app.refunds.services import ask_about_open_refunds
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.payments")
MAX_DECLARATIONS = 20
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


class _HolderChanged(Exception):
    """Another request took one of the declarations between our read and our write."""


def new_out_trade_no() -> str:
    return "SBP" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(5).upper()


async def _payable_declarations(services: Services, user: User, ids: list[int]) -> list[Declaration]:
    """The declarations to pay: made by the user or for them, live, unpaid, not expired."""
    found = await Declaration.filter(visible_to(user), id__in=ids).order_by("id")
    if len(found) != len(set(ids)):
        raise DeclarationNotFound()
    for d in found:
        if is_expired(d, datetime.now(UTC)):
            try:
                await mark_voided(services, d, "system:expiry", EXPIRED_REASON)
            except DeclarationNotVoidable:  # a payment took it at the last moment: as it stands now
                await d.refresh_from_db()
            else:
                raise DeclarationExpired(declaration_id=d.id, declaration_no=d.declaration_no)
        if d.state == DeclarationState.VOIDED:
            raise DeclarationVoided(declaration_id=d.id, void_reason=d.void_reason)
        if d.paid:
            raise errors.DeclarationAlreadyPaid(declaration_id=d.id)
    return found


def _for_others(user: User, declaration: Declaration) -> bool:
    return not (user.is_verified and declaration.payer_id_index == user.id_number_index)


def _description(declarations: list[Declaration], region_name: str) -> str:
    first = declarations[0]
    name = _INSURANCE_NAMES.get(first.insurance_type, "社会保险费")
    text = f"{region_name}{name}{first.period_start}-{first.period_end}"
    if len(declarations) > 1:
        text += f"等{len(declarations)}笔"
    return text[:40]


async def _create_payment(
    services: Services, user: User, declarations: list[Declaration], channel: str
) -> Payment:
    profile = services.profile(user.region)
    expires_at = datetime.now(UTC) + timedelta(minutes=services.settings.payment_expire_minutes)
    async with in_transaction() as conn:
        payment = await Payment.create(
            out_trade_no=new_out_trade_no(), user=user, region=user.region, channel=channel,
            amount_fen=sum(d.amount_due_fen for d in declarations),
            description=_description(declarations, profile.name), state=PaymentState.CREATED,
            payer_openid=user.openid, expires_at=expires_at, using_db=conn,
        )
        await record("payment", payment.id, "create", actor=f"user:{user.id}", to_state=PaymentState.CREATED,
                     data={"amount_fen": payment.amount_fen, "declarations": [d.id for d in declarations]},
                     using=conn)
        for index, d in enumerate(declarations, start=1):
            held = await Declaration.filter(
                id=d.id, current_payment_id=None, state=DeclarationState.DECLARED, paid=False
            ).using_db(conn).update(current_payment_id=payment.id, state=DeclarationState.PROCESSING)
            if not held:
                raise _HolderChanged()
            await PaymentItem.create(payment=payment, declaration=d, amount_fen=d.amount_due_fen,
                                     posting_no=f"{payment.out_trade_no}{index:02d}", using_db=conn)
            await record("declaration", d.id, "held", actor=f"user:{user.id}", from_state=d.state,
                         to_state=DeclarationState.PROCESSING, data={"out_trade_no": payment.out_trade_no},
                         using=conn)
    return payment


async def checkout(services: Services, user: User, declaration_ids: list[int], channel: str) -> Checkout:
    """Pay one or more declarations through a channel; any number of repeats give one payment.

    Raises: ChannelNotOffered, TooManyDeclarations, DeclarationNotFound, DeclarationVoided,
    DeclarationAlreadyPaid, ChannelNotForOthers, DeclarationInOtherPayment, PaymentBusy,
    PaymentRejected, ChannelUnavailable, ChannelResultUnknown.
    """
    profile = services.profile(user.region)
    if channel not in profile.channels:
        raise errors.ChannelNotOffered(channel=channel)
    if not declaration_ids or len(declaration_ids) > MAX_DECLARATIONS:
        raise errors.TooManyDeclarations(max=MAX_DECLARATIONS)
    if channel not in services.channels:  # the region's rules name it, but it is not offered yet
        raise errors.ChannelNotYetOffered(channel=channel, channels=[c for c in profile.channels
                                                                     if c in services.channels])
    for _ in range(3):
        declarations = await _payable_declarations(services, user, declaration_ids)
        if channel not in profile.channels_for_others and any(_for_others(user, d) for d in declarations):
            raise errors.ChannelNotForOthers(channel=channel, channels=list(profile.channels_for_others))
        holders = {d.current_payment_id for d in declarations}
        if holders == {None}:
            try:
                payment = await _create_payment(services, user, declarations, channel)
            except _HolderChanged:
                continue
        elif len(holders) == 1:
            payment = await Payment.get(id=holders.pop())
            if _expired(services, payment):  # abandoned at the cashier: close it, then pay anew
                await close_open_payment(services, payment, actor=f"user:{user.id}")
                continue
            if payment.user_id != user.id or payment.channel != channel or await PaymentItem.filter(
                payment_id=payment.id
            ).count() != len(declarations):  # another's cashier (its paySign is for their openid)
                raise errors.DeclarationInOtherPayment(out_trade_no=payment.out_trade_no)
        else:
            raise errors.DeclarationInOtherPayment()
        return await ensure_order(services, payment)
    raise errors.PaymentBusy()


def _expired(services: Services, payment: Payment) -> bool:
    return (payment.state in OPEN_PAYMENT_STATES and payment.expires_at is not None
            and payment.expires_at <= datetime.now(UTC))


async def ensure_order(services: Services, payment: Payment) -> Checkout:
    """Make sure the channel order exists for an open payment; one channel call at a time."""
    logs.bind(out_trade_no=payment.out_trade_no, payment_id=payment.id)
    try:
        async with services.kv.lock(f"payment:{payment.out_trade_no}", services.settings.lock_timeout_seconds, 15):
            await payment.refresh_from_db()
            if payment.state == PaymentState.UNKNOWN:
                await settle_with_channel(services, payment, actor="system:checkout")
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


async def _create_order(services: Services, payment: Payment) -> Checkout:
    channel = services.channel(payment.channel)
    request = ch.OrderRequest(
        out_trade_no=payment.out_trade_no, description=payment.description, amount_fen=payment.amount_fen,
        payer_openid=payment.payer_openid, notify_url=f"{services.notify_base}/notify/{payment.channel}",
        time_expire=payment.expires_at or payment.created_at + timedelta(
            minutes=services.settings.payment_expire_minutes),
    )
    actor = f"channel:{payment.channel}"
    try:
        result = await channel.create_order(request)
    except ch.ChannelResultUnknown as exc:
        await transition(payment, [PaymentState.CREATED], PaymentState.UNKNOWN, actor=actor, reason=str(exc))
        raise errors.ChannelResultUnknown(out_trade_no=payment.out_trade_no, payment_id=payment.id) from exc
    except ch.ChannelUnavailable as exc:
        raise errors.ChannelUnavailable(out_trade_no=payment.out_trade_no, payment_id=payment.id) from exc
    except ch.ChannelRejected as exc:
        await transition(payment, OPEN_PAYMENT_STATES, PaymentState.FAILED, actor=actor, reason=str(exc),
                         failure_code=exc.code, failure_reason=str(exc))
        raise errors.PaymentRejected(channel_code=exc.code) from exc
    await transition(payment, [PaymentState.CREATED, PaymentState.UNKNOWN], PaymentState.AWAITING_PAYMENT,
                     actor=actor, prepay_id=result.prepay_id, data={"prepay_id": result.prepay_id})
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
        paid_at = status.success_time or datetime.now(UTC)
        deadline = posting_deadline(services.profile(payment.region).refund_deadline_working_days, paid_at)
        changed = await transition(
            payment, [*OPEN_PAYMENT_STATES, PaymentState.CLOSED, PaymentState.FAILED], PaymentState.PAID,
            actor=actor, transaction_id=status.transaction_id, paid_amount_fen=status.amount_fen,
            paid_at=paid_at, data={"provider_state": status.provider_state}, deadline=deadline,
        )
        # recorded; posting (and refunds of refused or second-debit shares) run as jobs, not here
        await services.queue.defer_posting(payment.id)
    elif status.state == ch.TradeState.CLOSED:
        changed = await transition(payment, OPEN_PAYMENT_STATES, PaymentState.CLOSED, actor=actor,
                                   reason=f"渠道订单状态{status.provider_state}")
    elif status.state == ch.TradeState.NOT_FOUND:
        # the channel never created it: the same number may be used again
        changed = await transition(payment, [PaymentState.UNKNOWN], PaymentState.CREATED, actor=actor,
                                   reason="渠道无此订单")
    return changed


async def settle_with_channel(services: Services, payment: Payment, actor: str) -> None:
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


async def refresh(services: Services, user: User, payment_id: int) -> Payment:
    """查验状态: ask the channel and upstream for the latest state and record it."""
    payment = await get_visible(user, payment_id)
    if payment.state in (*OPEN_PAYMENT_STATES,):
        await settle_with_channel(services, payment, actor=f"user:{user.id}")
    if payment.state == PaymentState.PAID:  # ask (cheap, now); post and refund stay the worker's
        await ask_about_unknown_postings(services, payment)
        await ask_about_open_refunds(services, payment)
        await services.queue.defer_posting(payment.id)
        await services.queue.defer_refunds(payment.id)
    return payment


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
            if status.state == ch.TradeState.NOT_FOUND:  # the channel never had it: close ours
                await transition(payment, [PaymentState.CREATED, PaymentState.UNKNOWN], PaymentState.CLOSED,
                                 actor=actor, reason="渠道无此订单，作废前关闭")
                return
            if status.state == ch.TradeState.PENDING:
                try:
                    await channel.close_order(payment.out_trade_no)
                except ch.ChannelRejected:  # e.g. ORDERPAID: the query below says what is true
                    pass
                status = await channel.query_order(payment.out_trade_no)
        except ch.ChannelError as exc:
            raise errors.ChannelUnavailable() from exc
        await apply_trade_status(services, payment, status, actor)
