"""The payer's other journeys that span features: declaring (a set batch-debit amount pre-fills a
normal payment for oneself), voiding a declaration (its open order closed first), 查验状态, and
revoking an agreement (never while a debit through it is out)."""

from __future__ import annotations

import re
from dataclasses import replace

from app import agreements, declarations, payments, words
from app import upstream as up
from app.agreements import AgreementState, BankAgreement
from app.agreements import errors as agreement_errors
from app.batch_debit import prefilled_grade
from app.context import Services
from app.declarations import Declaration
from app.identity import User
from app.kv import LockTimeout
from app.payments import OPEN_PAYMENT_STATES, Payment, PaymentState, ask_about_unknown_postings, waiting_payments
from app.refunds import ask_about_open_refunds

_MONTH = re.compile(r"(19|20)[0-9]{2}(0[1-9]|1[0-2])")


async def with_set_amount(payer_index: str, region: str, options: declarations.AssessmentOptions,
                          own: bool) -> declarations.AssessmentOptions:
    """A normal payment for oneself with no grade chosen takes the grade of one's batch-debit
    setting for that year in this region (Beijing: 正常缴费页面的应缴费额会带出您设置的历史应缴费额).
    Never for another payer: their setting is theirs to see."""
    if not own or options.payment_kind != "normal" or options.grade is not None \
            or not _MONTH.fullmatch(options.period_start):
        return options
    grade = await prefilled_grade(payer_index, options.insurance_type, int(options.period_start[:4]), region)
    return replace(options, grade=grade) if grade is not None else options


async def preview_assessment(services: Services, person: up.PersonRef, region: str,
                             options: declarations.AssessmentOptions, own: bool = False) -> up.Assessment:
    """提取核定 (see `declarations.preview_assessment`), pre-filled with one's set amount."""
    options = await with_set_amount(declarations.payer_index_of(services, person), region, options, own)
    return await declarations.preview_assessment(services, person, region, options)


async def declare(services: Services, user: User, person: up.PersonRef, relation: str,
                  options: declarations.AssessmentOptions, *, nationality: str | None = None) -> Declaration:
    """申报 (see `declarations.declare`), pre-filled with one's set amount."""
    options = await with_set_amount(declarations.payer_index_of(services, person), user.region, options,
                                    relation == "self_pay")
    return await declarations.declare(services, user, person, relation, options, nationality=nationality)


async def void_declaration(services: Services, user: User, declaration_id: int, reason: str) -> Declaration:
    """作废 a declaration the user may see: its unpaid order, if any, is closed at the channel first
    (asking it: a paid one stands); then it is voided, its assessment released upstream, and the
    later periods that waited for it posted.

    Raises: DeclarationNotFound, DeclarationVoided, DeclarationNotVoidable, PaymentBusy,
    ChannelUnavailable.
    """
    declaration = await declarations.get_visible(user, declaration_id)
    if declaration.current_payment_id and not declaration.paid:
        await payments.close_open_payment(services, await Payment.get(id=declaration.current_payment_id),
                                          actor=f"user:{user.id}")
        await declaration.refresh_from_db()
    declaration = await declarations.mark_voided(services, declaration, actor=f"user:{user.id}",
                                                 reason=reason.strip() or words.VOID_REASONS["by_payer"])
    for payment_id in await waiting_payments(declaration):  # later periods held back by this one may post now
        await services.queue.defer_posting(payment_id)
    return declaration


async def refresh_payment(services: Services, user: User, payment_id: int) -> Payment:
    """查验状态: ask the channel (an open payment) and upstream and the channel's refunds (a paid one)
    for the latest state and record it; posting and refunding stay the worker's (deferred).

    Raises: PaymentNotFound.
    """
    payment = await payments.get_visible(user, payment_id)
    if payment.state in OPEN_PAYMENT_STATES:
        await payments.sync_with_channel(services, payment, actor=f"user:{user.id}")
    if payment.state == PaymentState.PAID:  # ask (cheap, now); post and refund stay the worker's
        await ask_about_unknown_postings(services, payment)
        await ask_about_open_refunds(services, payment)
        await services.queue.defer_posting(payment.id)
        await services.queue.defer_refunds(payment.id)
    return payment


async def revoke_agreement(services: Services, user: User, agreement_id: int, confirmed: bool) -> BankAgreement:
    """撤销 an agreement, after the person confirms once more. Revoked here first, under the
    agreement's lock (a payment through it is written under the same lock, see `payment_gates`),
    and never while a debit through it is out; then the bank is told (and told again by the sweep
    until it has taken it).

    Raises: AgreementNotFound, RevokeNotConfirmed, AgreementInUse, AgreementBusy.
    """
    agreement = await agreements.get_own(user, agreement_id)
    if agreement.state == AgreementState.REVOKED:
        return agreement  # already revoked: the same answer again
    if not confirmed:
        raise agreement_errors.RevokeNotConfirmed()
    try:
        async with services.kv.lock(agreements.lock_key(agreement.id), services.settings.lock_timeout_seconds, 15):
            if await Payment.filter(agreement_id=agreement.id, state__in=OPEN_PAYMENT_STATES).exists():
                raise agreement_errors.AgreementInUse()
            await agreements.mark_revoked(agreement, actor=f"user:{user.id}")
    except LockTimeout as exc:
        raise agreement_errors.AgreementBusy() from exc
    await agreements.cancel_at_bank(services, agreement.id)
    await agreement.refresh_from_db()
    return agreement
