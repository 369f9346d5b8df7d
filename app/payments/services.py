"""Checkout, channel results, status refresh: one payment per declaration, unknown stays unknown."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from app import clock, logs
from app.agreements import services as agreements
from app.agreements.errors import AgreementRevoked
from app.agreements.models import AgreementState, BankAgreement
from app.context import Services
from app.declarations.errors import (
    DeclarationExpired,
    DeclarationNotFound,
    DeclarationNotVoidable,
    DeclarationVoided,
)
from app.declarations.models import DECLARATION, Declaration, DeclarationState
from app.declarations.services import EXPIRED_REASON, is_expired, mark_voided, visible_to
from app.events.services import record
from app.identity.models import User
from app.identity.services import alipay_open_id
from app.identity.verification import confirm_face
from app.kv import LockTimeout
from app.payments import errors
from app.payments.models import OPEN_PAYMENT_STATES, PAYMENT, SHARE, Payment, PaymentItem, PaymentState
from app.payments.posting import ask_about_unknown_postings
from app.payments.states import posting_deadline, transition
from app.refunds.services import ask_about_open_refunds
from app.uow import unit_of_work
from app.upstream import interfaces as up
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.payments")
MAX_DECLARATIONS = 20
AGREEMENT_DEBIT_EXPIRY = timedelta(days=1)  # a bank answers a debit later: it is not closed as abandoned soon
CHANNEL_AGREEMENT = "bank_agreement"
_INSURANCE_NAMES = {
    "resident_pension": "城乡居民基本养老保险",
    "resident_medical": "城乡居民基本医疗保险",
    "flexible_pension": "灵活就业人员基本养老保险",
    "flexible_medical": "灵活就业人员基本医疗保险",
}


@dataclass(frozen=True)
class PayingWith:
    """What a channel needs besides the declarations: Alipay the code of my.getAuthCode (its
    payer is the open_id that code stands for); a bank agreement, which agreement, and the
    face verification the region asks for."""

    alipay_auth_code: str | None = None
    alipay_client: str = "mini_program"  # "app": 楚税通's phone app pays with an order string
    agreement_id: int | None = None
    face_verify_id: str | None = None


@dataclass(frozen=True)
class Checkout:
    payment: Payment
    client_params: dict[str, str] | None


class HolderChanged(Exception):
    """Another request took one of the declarations between our read and our write."""


def new_out_trade_no() -> str:
    return "SBP" + clock.stamp("%Y%m%d%H%M%S") + secrets.token_hex(5).upper()


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


BATCH_OUT_MESSAGE = ("已签约批扣协议的缴费人，在批扣清册生成至签约银行返回批扣结果期间，各渠道均无法完成缴款，"
                     "请待银行返回批扣结果后再试")


@asynccontextmanager
async def payment_gates(services: Services, payer_indexes: list[str],
                        agreement: BankAgreement | None = None) -> AsyncIterator[None]:
    """Held while a payment is written: per payer (a 批扣清册 and a checkout for the same payer do
    not cross: each sees what the other wrote), and per agreement (a revoke and a payment through
    it do not cross). Taken in one order (payers sorted, then the agreement), so never deadlocked.
    Inside, the agreement is checked to be still ACTIVE. Raises: PaymentBusy, AgreementRevoked."""
    keys = [f"payer_gate:{index}" for index in sorted(set(payer_indexes))]
    if agreement is not None:
        keys.append(agreements.lock_key(agreement.id))
    timeout = services.settings.lock_timeout_seconds
    try:
        async with AsyncExitStack() as held:
            for key in keys:
                await held.enter_async_context(services.kv.lock(key, timeout, 15))
            if agreement is not None and not await BankAgreement.filter(
                    id=agreement.id, state=AgreementState.ACTIVE).exists():
                raise AgreementRevoked()
            yield
    except LockTimeout as exc:
        raise errors.PaymentBusy() from exc


async def _refuse_while_batch_out(declarations: list[Declaration]) -> None:
    """补充说明4: while a 批扣清册 holds a debit for one of these payers (sent, no result yet), no
    other channel takes their money. Raises: BatchDebitInProgress."""
    payers = {d.payer_id_index for d in declarations}
    held = await PaymentItem.filter(
        declaration__payer_id_index__in=payers, payment__batch_debit_list_id__not_isnull=True,
        payment__state__in=OPEN_PAYMENT_STATES).exists()
    if held:
        raise errors.BatchDebitInProgress(BATCH_OUT_MESSAGE)


async def _agreement_checks(services: Services, user: User, declarations: list[Declaration],
                            agreement: BankAgreement, paying: PayingWith) -> None:
    """An agreement payment: the tax office each declaration is collected by (where it must
    match), then the payer's face (where the region asks: 扫脸支付). Checked once per payment."""
    for d in declarations:
        person = up.PersonRef(d.payer_id_type, services.sealer.unseal(d.payer_id_number_sealed), d.payer_name)
        await agreements.check_tax_office(services, agreement, person, d.region, d.insurance_type)
    if services.profile(user.region).bank_agreement.face_verification:
        await confirm_face(services, user, agreements.own_person(services, user), paying.face_verify_id)


async def _payer_reference(services: Services, user: User, channel: str, paying: PayingWith,
                           agreement: BankAgreement | None) -> str:
    """Who pays, as the channel knows them: the WeChat openid, the Alipay open_id of the code, or
    the bank's agreement number."""
    if agreement is not None:
        return agreement.agreement_no
    signed_in_alipay = alipay_open_id(user)
    if channel == "alipay" and paying.alipay_client == "app":
        return ""  # whoever pays in the Alipay app: the trade names them once paid
    if channel != "alipay":
        if user.signed_in_with_alipay:  # JSAPI payment is for a WeChat openid of our appid
            raise errors.WeChatPayNeedsWeChatSignIn()
        return user.openid
    if not paying.alipay_auth_code:
        if signed_in_alipay is not None:  # signed in with Alipay: the same person pays
            return signed_in_alipay
        raise errors.AlipayAuthCodeRequired()
    alipay = cast(ch.AuthCodeExchange, services.channel("alipay"))
    try:
        open_id = await alipay.exchange_auth_code(paying.alipay_auth_code)
    except ch.ChannelRejected as exc:
        raise errors.AlipayAuthCodeInvalid(channel_code=exc.code) from exc
    except ch.ChannelError as exc:
        raise errors.ChannelUnavailable() from exc
    if len(open_id) > 64:  # longer than any Alipay documents, and than the payer column holds
        raise errors.AlipayAuthCodeInvalid("该支付宝账户暂不支持缴款，请选择其他缴款方式",
                                           channel_code="OPEN_ID_TOO_LONG")
    return open_id


async def _create_payment(
    services: Services, user: User, declarations: list[Declaration], channel: str, payer_reference: str,
    agreement_id: int | None = None, batch_debit_list_id: int | None = None, expires_in: timedelta | None = None,
) -> Payment:
    profile = services.profile(user.region)
    expires_at = datetime.now(UTC) + (expires_in or timedelta(minutes=services.settings.payment_expire_minutes))
    actor = f"user:{user.id}"
    async with unit_of_work():
        payment = await PAYMENT.create(
            actor=actor, data={"amount_fen": sum(d.amount_due_fen for d in declarations),
                               "declarations": [d.id for d in declarations]},
            out_trade_no=new_out_trade_no(), user=user, region=user.region, channel=channel,
            amount_fen=sum(d.amount_due_fen for d in declarations),
            description=_description(declarations, profile.name), payer_openid=payer_reference,
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


async def create_batch_payment(services: Services, user: User, declaration: Declaration, agreement: BankAgreement,
                               batch_debit_list_id: int, expires_in: timedelta) -> Payment:
    """A 批扣清册's debit of one declaration through the payer's agreement (no face: the payer
    agreed to batch debit by setting the amount). Raises: HolderChanged."""
    return await _create_payment(services, user, [declaration], CHANNEL_AGREEMENT, agreement.agreement_no,
                                 agreement_id=agreement.id, batch_debit_list_id=batch_debit_list_id,
                                 expires_in=expires_in)


async def checkout(services: Services, user: User, declaration_ids: list[int], channel: str,
                   paying: PayingWith | None = None) -> Checkout:
    """Pay one or more declarations through a channel; any number of repeats give one payment.

    Raises: AlipayAuthCodeRequired, AlipayAuthCodeInvalid, ChannelNotOffered, TooManyDeclarations,
    DeclarationNotFound, DeclarationVoided, DeclarationAlreadyPaid, ChannelNotForOthers,
    DeclarationInOtherPayment, PaymentBusy, PaymentRejected, ChannelUnavailable, ChannelResultUnknown.
    """
    profile = services.profile(user.region)
    if channel not in profile.channels:
        raise errors.ChannelNotOffered(channel=channel)
    if not declaration_ids or len(declaration_ids) > MAX_DECLARATIONS:
        raise errors.TooManyDeclarations(max=MAX_DECLARATIONS)
    if channel not in services.channels:  # the region's rules name it, but it is not offered yet
        raise errors.ChannelNotYetOffered(channel=channel, channels=[c for c in profile.channels
                                                                     if c in services.channels])
    paying = paying or PayingWith()
    agreement = await agreements.for_payment(services, user, paying.agreement_id) if channel == CHANNEL_AGREEMENT \
        else None
    payer_reference: str | None = None
    for _ in range(3):
        declarations = await _payable_declarations(services, user, declaration_ids)
        if channel not in profile.channels_for_others and any(_for_others(user, d) for d in declarations):
            raise errors.ChannelNotForOthers(channel=channel, channels=list(profile.channels_for_others))
        holders = {d.current_payment_id for d in declarations}
        await _refuse_while_batch_out(declarations)  # an order already made is not handed out again either
        if holders == {None}:
            if payer_reference is None:  # asked once, only when a payment is to be made
                if agreement is not None:
                    await _agreement_checks(services, user, declarations, agreement, paying)
                payer_reference = await _payer_reference(services, user, channel, paying, agreement)
            try:
                async with payment_gates(services, [d.payer_id_index for d in declarations], agreement):
                    await _refuse_while_batch_out(declarations)  # again, now that no batch can start
                    payment = await _create_payment(
                        services, user, declarations, channel, payer_reference,
                        agreement_id=agreement.id if agreement else None,
                        expires_in=AGREEMENT_DEBIT_EXPIRY if agreement else None)
            except HolderChanged:
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
    from app.batch_debit.models import BatchDebitList

    found = await BatchDebitList.filter(id=payment.batch_debit_list_id).first().values_list("batch_no", flat=True)
    return str(found or "")


async def _create_order(services: Services, payment: Payment) -> Checkout:
    channel = services.channel(payment.channel)
    request = ch.OrderRequest(
        out_trade_no=payment.out_trade_no, description=payment.description, amount_fen=payment.amount_fen,
        payer_openid=payment.payer_openid, notify_url=f"{services.notify_base}/notify/{payment.channel}",
        time_expire=payment.expires_at or payment.created_at + timedelta(
            minutes=services.settings.payment_expire_minutes),
        attach=await batch_no_of(payment),
        # an Alipay payment without a payer reference is the app's (whoever pays in Alipay)
        client="app" if payment.channel == "alipay" and not payment.payer_openid else "",
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
        paid_at = status.success_time or datetime.now(UTC)
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
                await transition(services, payment, PaymentState.CLOSED, actor=actor, reason="渠道无此订单，作废前关闭",
                                 expect=[PaymentState.CREATED, PaymentState.UNKNOWN])
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
