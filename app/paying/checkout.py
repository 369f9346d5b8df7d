"""Checkout: one or more declarations paid through a channel, any number of repeats giving one
payment. The declarations must be the payer's to pay (made by them or for them, live, unpaid, not
expired); a channel offered only for oneself refuses others' declarations; an agreement payment
checks the collecting tax office and, where the region asks, the payer's face; while a 批扣清册
holds a debit for a payer, no other channel takes their money. The payment is written under the
payers' and the agreement's locks (`payment_gates`), then its channel order is made."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from app import agreements, clock, payments
from app import upstream as up
from app.agreements import AgreementRevoked, AgreementState, BankAgreement
from app.context import Services
from app.declarations import (
    EXPIRED_REASON,
    Declaration,
    DeclarationExpired,
    DeclarationNotFound,
    DeclarationNotVoidable,
    DeclarationState,
    DeclarationVoided,
    UpstreamUnavailable,
    is_expired,
    mark_voided,
    visible_to,
)
from app.identity import FaceVerificationRequired, User, channel_account, confirm_face
from app.kv import LockTimeout
from app.payments import OPEN_PAYMENT_STATES, Payment, PaymentItem, errors
from config.regions import RegionProfile
from payment_channels import interfaces as ch
from payment_channels.registry import CHANNELS, by_payer
from payment_channels.spec import ChannelSpec, Device, PayerKind

MAX_DECLARATIONS = 20


AGREEMENT_DEBIT_EXPIRY = timedelta(days=1)  # a bank answers a debit later: it is not closed as abandoned soon


@dataclass(frozen=True)
class PayingWith:
    """What a channel needs besides the declarations: which of its devices pays (its first when
    None); for a device whose payer is a channel's user, the code the device got (my.getAuthCode:
    the payer is the user that code stands for); for an agreement debit, which agreement, and the
    face verification the region asks for."""

    device: str | None = None
    auth_code: str | None = None
    agreement_id: int | None = None
    face_verify_id: str | None = None


async def _payable_declarations(services: Services, user: User, ids: list[int]) -> list[Declaration]:
    """The declarations to pay: made by the user or for them, live, unpaid, not expired."""
    found = await Declaration.filter(visible_to(user), id__in=ids).order_by("id")
    if len(found) != len(set(ids)):
        raise DeclarationNotFound()
    for d in found:
        if is_expired(d, clock.now()):
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


# the Hubei manual's own words (000, 补充说明), for a window the bank's 批扣 holds
BANK_BATCH_MESSAGE = ("已签约批扣协议的缴费人，在批扣清册生成至签约银行返回批扣结果期间，"
                      "大厅、楚税通、代征银行等渠道均无法完成缴款。批扣协议终止后，可通过大厅、楚税通、代征银行等渠道缴款。")
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


async def _refuse_while_bank_batch(services: Services, region: str, declarations: list[Declaration]) -> None:
    """Hubei (补充说明5): a 批扣协议 signed at the bank runs through the tax bureau's system; from
    the 批扣清册's generation until the bank's result, upstream holds the payer in a window and
    no other channel takes their money for that type. Raises: BatchDebitInProgress, UpstreamUnavailable."""
    profile = services.profile(region)
    if not profile.batch_debit_at_bank:
        return
    asked: dict[str, set[str]] = {}
    for d in declarations:
        if d.insurance_type not in profile.batch_debit_types:
            continue
        if d.payer_id_index not in asked:
            person = up.PersonRef(d.payer_id_type, services.sealer.unseal(d.payer_id_number_sealed), d.payer_name)
            try:
                windows = await services.upstream.list_batch_debit_windows(person, region)
            except up.UpstreamError as exc:
                raise UpstreamUnavailable() from exc
            asked[d.payer_id_index] = {w.insurance_type for w in windows}
        if d.insurance_type in asked[d.payer_id_index]:
            raise errors.BatchDebitInProgress(BANK_BATCH_MESSAGE, insurance_type=d.insurance_type,
                                              payer_name=d.payer_name)


async def _agreement_checks(services: Services, user: User, declarations: list[Declaration],
                            agreement: BankAgreement, paying: PayingWith) -> None:
    """An agreement payment: the tax office each declaration is collected by (where it must
    match), then the payer's face (where the region asks: 扫脸支付). Checked once per payment."""
    for d in declarations:
        person = up.PersonRef(d.payer_id_type, services.sealer.unseal(d.payer_id_number_sealed), d.payer_name)
        await agreements.check_tax_office(services, agreement, person, d.region, d.insurance_type)
    if services.profile(user.region).bank_agreement.face_verification:
        try:
            await confirm_face(services, user, agreements.own_person(services, user), paying.face_verify_id)
        except FaceVerificationRequired as exc:
            raise errors.PaymentFaceRequired() from exc


async def _payer_reference(services: Services, user: User, channel: str, device: Device, paying: PayingWith,
                           agreement: BankAgreement | None) -> str:
    """Who pays, as the channel knows them (the device's payer kind): the signed-in WeChat user's
    openid, the Alipay user of an auth code (or of the account signed in with Alipay), the bank's
    agreement number, or nobody yet (whoever pays an app's order string or a QR code)."""
    if device.payer == PayerKind.AGREEMENT:
        assert agreement is not None
        return agreement.agreement_no
    if device.payer == PayerKind.ANYONE:
        return ""  # the trade names them once paid
    if device.payer == PayerKind.WECHAT_USER:
        if channel_account(user) is not None:  # JSAPI payment is for a WeChat openid of our appid
            raise errors.WeChatPayNeedsWeChatSignIn()
        return user.openid
    signed_in = channel_account(user)
    if not paying.auth_code:
        if signed_in is not None and signed_in.channel == channel:  # signed in there: the same person pays
            return signed_in.user_id
        raise errors.AlipayAuthCodeRequired()
    exchange = cast(ch.AuthCodeExchange, services.channel(channel))
    try:
        user_id = await exchange.exchange_auth_code(paying.auth_code)
    except ch.ChannelRejected as exc:
        raise errors.AlipayAuthCodeInvalid(channel_code=exc.code) from exc
    except ch.ChannelError as exc:
        raise errors.ChannelUnavailable() from exc
    if len(user_id) > 64:  # longer than any channel documents, and than the payer column holds
        raise errors.AlipayAuthCodeInvalid("该支付宝账户暂不支持缴款，请选择其他缴款方式",
                                           channel_code="OPEN_ID_TOO_LONG")
    return user_id


async def create_batch_payment(services: Services, user: User, declaration: Declaration, agreement: BankAgreement,
                               batch_debit_list_id: int, expires_in: timedelta) -> Payment:
    """A 批扣清册's debit of one declaration through the payer's agreement (no face: the payer
    agreed to batch debit by setting the amount). Raises: HolderChanged."""
    channel = agreement_channel()
    return await payments.create_payment(services, user, [declaration], channel.name, channel.default_device.name,
                                         agreement.agreement_no, agreement_id=agreement.id,
                                         batch_debit_list_id=batch_debit_list_id, expires_in=expires_in)


def agreement_channel() -> ChannelSpec:
    found = by_payer(PayerKind.AGREEMENT)
    assert found is not None, "no channel debits agreements"
    return found


def _device(profile: RegionProfile, channel: str, paying: PayingWith) -> Device:
    """The device that pays: the one asked for, else the channel's first; one the region offers
    the channel on. Raises DeviceNotOffered."""
    spec = CHANNELS[channel]
    device = spec.device(paying.device) if paying.device else spec.default_device
    if device is None or not profile.offers_device(channel, device.name):
        raise errors.DeviceNotOffered(channel=channel, device=paying.device or spec.default_device.name,
                                      devices=[d.name for d in spec.devices if profile.offers_device(channel, d.name)])
    return device


async def checkout(services: Services, user: User, declaration_ids: list[int], channel: str,
                   paying: PayingWith | None = None) -> payments.Checkout:
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
    device = _device(profile, channel, paying)
    agreement = await agreements.for_payment(services, user, paying.agreement_id) \
        if device.payer == PayerKind.AGREEMENT else None
    payer_reference: str | None = None
    for _ in range(3):
        declarations = await _payable_declarations(services, user, declaration_ids)
        if channel not in profile.channels_for_others and any(_for_others(user, d) for d in declarations):
            raise errors.ChannelNotForOthers(channel=channel, channels=list(profile.channels_for_others))
        holders = {d.current_payment_id for d in declarations}
        await _refuse_while_batch_out(declarations)  # an order already made is not handed out again either
        await _refuse_while_bank_batch(services, user.region, declarations)
        if holders == {None}:
            if payer_reference is None:  # asked once, only when a payment is to be made
                if agreement is not None:
                    await _agreement_checks(services, user, declarations, agreement, paying)
                payer_reference = await _payer_reference(services, user, channel, device, paying, agreement)
            try:
                async with payment_gates(services, [d.payer_id_index for d in declarations], agreement):
                    await _refuse_while_batch_out(declarations)  # again, now that no batch can start
                    payment = await payments.create_payment(
                        services, user, declarations, channel, device.name, payer_reference,
                        agreement_id=agreement.id if agreement else None,
                        expires_in=AGREEMENT_DEBIT_EXPIRY if agreement else None)
            except payments.HolderChanged:
                continue
        elif len(holders) == 1:
            payment = await Payment.get(id=holders.pop())
            if payments.is_abandoned(payment):  # abandoned at the cashier: close it, then pay anew
                await payments.close_open_payment(services, payment, actor=f"user:{user.id}")
                continue
            if payment.user_id != user.id or payment.channel != channel or await PaymentItem.filter(
                payment_id=payment.id
            ).count() != len(declarations):  # another's cashier (its paySign is for their openid)
                raise errors.DeclarationInOtherPayment(out_trade_no=payment.out_trade_no)
            if (payment.device or CHANNELS[channel].default_device.name) != device.name \
                    and payment.state in OPEN_PAYMENT_STATES:
                # the payer moved to another device (the phone's cashier, then the computer's QR
                # code): the open order is closed, asking the channel first, then paid anew
                await payments.close_open_payment(services, payment, actor=f"user:{user.id}")
                continue
        else:
            raise errors.DeclarationInOtherPayment()
        return await payments.ensure_order(services, payment)
    raise errors.PaymentBusy()
