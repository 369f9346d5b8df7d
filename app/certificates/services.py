"""Certificates: asked for a payment or a record, by period; reissued when what was paid
changes; seen by the user who paid and the taxpayer named. Made by the job (`jobs.py`), verified
by anyone (`verification.py`).

A certificate lists one payer's posted shares of one payment (a family basket gets one per
payer). It is offered once a share posted, and only as the region profile allows: Guizhou after
treasury entry and 3 working days; Hubei not for records before its cut-off dates.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app import clock, payments
from app.certificates import errors
from app.certificates.models import CERTIFICATE, Certificate, CertificateState
from app.certificates.verification import new_verification_code
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import Declaration, person_of
from app.identity import User
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.payments import errors as payments_errors
from app.uow import unit_of_work
from app.upstream import UpstreamError
from app.workdays import add_working_days

ACTOR = "system:certificates"

POSTING_OPEN = (PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN)


def _certificate_no(services: Services, region: str, today: date) -> str:
    return f"{services.profile(region).division_code}{today:%Y%m%d}{secrets.randbelow(10**8):08d}"


# ---- asking for one ----

def _lines(services: Services, payment: Payment, declarations: list[Declaration], items: list[PaymentItem]
           ) -> list[dict[str, object]]:
    return [{"insurance_type": services.profile(payment.region).insurance_types[d.insurance_type].name,
             "period": f"{d.period_start[:4]}-{d.period_start[4:]} 至 {d.period_end[:4]}-{d.period_end[4:]}",
             "posted_on": (i.posted_at or clock.now()).astimezone(SHANGHAI).date().isoformat(),
             "amount_fen": i.amount_fen, "voucher_no": i.posting_ref or i.posting_no}
            for d, i in zip(declarations, items, strict=True)]


def _key(payment_id: int, payer_index: str) -> str:
    return f"p{payment_id}:{payer_index[:24]}"


async def _issue(services: Services, user_id: int, payment: Payment, declarations: list[Declaration],
                 items: list[PaymentItem], style: str, actor: str) -> Certificate:
    first = declarations[0]
    today = services.today()
    return await CERTIFICATE.create(
        actor=actor, action="issue", data={"payment_id": payment.id, "style": style},
        certificate_no=_certificate_no(services, payment.region, today), verification_code=new_verification_code(),
        user_id=user_id, payment_id=payment.id, active_key=_key(payment.id, first.payer_id_index),
        region=payment.region, style=style, taxpayer_id_index=first.payer_id_index,
        taxpayer_id_masked=first.payer_id_masked, taxpayer_id_sealed=first.payer_id_number_sealed,
        taxpayer_name=first.payer_name, tax_bureau=services.profile(payment.region).tax_bureau, issued_on=today,
        lines=_lines(services, payment, declarations, items), total_fen=sum(i.amount_fen for i in items))


def _style(services: Services, region: str, style: str | None) -> str:
    styles = services.profile(region).certificate.styles
    if style is None:
        return styles[0]
    if style not in styles:
        raise errors.StyleNotOffered(styles=list(styles))
    return style


async def request_for_payment(services: Services, user: User, payment_id: int, style: str | None = None
                              ) -> list[Certificate]:
    """开具完税证明 for a payment: one certificate per payer of its posted shares — all of them for
    the user who paid, only their own for a person it paid for. The standing one when asked again
    (brought up to date first); the job makes the files.

    Raises: PaymentNotFound, StyleNotOffered, NotPostedYet, NothingToCertify, TreasuryWait,
    BeforeCutoff.
    """
    payment = await payments.get_visible(user, payment_id)
    chosen = _style(services, payment.region, style)
    every_payer = await _posted_by_payer(services, payment)
    await reissue_if_changed(services, payment.id, every_payer)  # a standing one brought up to date first
    groups = every_payer
    if payment.user_id != user.id:  # paid for them: their own shares only
        groups = {k: v for k, v in every_payer.items() if k == user.id_number_index}
        if not groups:
            raise errors.NothingToCertify()
    made = []
    for declarations, items in groups.values():
        key = _key(payment.id, declarations[0].payer_id_index)
        existing = await Certificate.get_or_none(active_key=key)
        if existing is not None:
            if existing.state == CertificateState.MAKING:  # its job may have been lost: again (idempotent)
                await services.queue.defer_certificate(existing.id)
            made.append(existing)
            continue
        try:
            certificate = await _issue(services, payment.user_id, payment, declarations, items, chosen,
                                       actor=f"user:{user.id}")
        except IntegrityError:  # asked twice at once: the other request made it
            made.append(await Certificate.get(active_key=key))
            continue
        await services.queue.defer_certificate(certificate.id)
        made.append(certificate)
    return made


async def request_for_periods(services: Services, user: User, period_from: str, period_to: str,
                              style: str | None = None) -> list[Certificate]:
    """完税证明查询 / 记录打印 by 费款所属期: a certificate for every payment of the user (or that paid
    for them) with a declaration in the periods that may have one now; the others are left out.
    Raises StyleNotOffered; NothingToCertify when none may."""
    declared = await Declaration.filter(
        region=user.region, period_end__gte=period_from, period_start__lte=period_to, paid=True,
    ).filter(user_id=user.id).values_list("id", flat=True)
    mine_too = []
    if user.id_number_index:
        mine_too = await Declaration.filter(region=user.region, payer_id_index=user.id_number_index, paid=True,
                                            period_end__gte=period_from, period_start__lte=period_to
                                            ).values_list("id", flat=True)
    payment_ids: list[Any] = sorted(set(await PaymentItem.filter(
        declaration_id__in=list({*declared, *mine_too}) or [0], posting_state=PostingState.POSTED,
    ).values_list("payment_id", flat=True)))
    made: list[Certificate] = []
    for payment_id in payment_ids:
        try:
            made += await request_for_payment(services, user, int(payment_id), style)
        except (errors.CertificateRefused, payments_errors.PaymentNotFound):
            continue  # not yet (treasury wait), before the cut-off, or not theirs: left out
    if not made:
        raise errors.NothingInPeriods()
    return made


async def _posted_by_payer(services: Services, payment: Payment
                           ) -> dict[str, tuple[list[Declaration], list[PaymentItem]]]:
    """The payment's posted shares by payer, if a certificate may be issued for them now."""
    rules = services.profile(payment.region).certificate
    items = await PaymentItem.filter(payment_id=payment.id).order_by("id")
    posted = [i for i in items if i.posting_state == PostingState.POSTED]
    if payment.state != PaymentState.PAID or (not posted and any(i.posting_state in POSTING_OPEN for i in items)):
        raise errors.NotPostedYet()
    if not posted:
        raise errors.NothingToCertify()
    declarations = {d.id: d for d in await Declaration.filter(id__in=[i.declaration_id for i in posted])}
    paid_on = (payment.paid_at or payment.created_at).astimezone(SHANGHAI).date()
    for item in posted:
        first = rules.available_from.get(declarations[item.declaration_id].insurance_type)
        if first is not None and paid_on < first:
            last = first - timedelta(days=1)
            raise errors.BeforeCutoff(f"{last:%Y年%m月%d日}（含）之前的缴费记录暂不提供打印凭证服务",
                                      available_from=first.isoformat())
    if rules.requires_treasury_entry or rules.treasury_delay_working_days:
        latest = max((i.posted_at or clock.now()).astimezone(SHANGHAI).date() for i in posted)
        if rules.requires_treasury_entry:  # 缴入国库后: upstream says when each share entered
            latest = max([latest, *[await _entered_on(services, i) for i in posted]])
        ready_on = add_working_days(latest, rules.treasury_delay_working_days)
        if services.today() < ready_on:
            raise errors.TreasuryWait(ready_on=ready_on.isoformat())
    groups: dict[str, tuple[list[Declaration], list[PaymentItem]]] = {}
    for item in posted:
        declaration = declarations[item.declaration_id]
        group = groups.setdefault(declaration.payer_id_index, ([], []))
        group[0].append(declaration)
        group[1].append(item)
    return groups


async def _entered_on(services: Services, item: PaymentItem) -> date:
    """The day a posted share's money entered the treasury (入库); TreasuryWait until it has, or
    while upstream cannot say."""
    try:
        entry = await services.upstream.query_treasury_entry(item.posting_no)
    except UpstreamError as exc:
        raise errors.TreasuryWait("暂时无法确认社保费是否已缴入国库，请稍后再试") from exc
    if not entry.entered or entry.entered_on is None:
        raise errors.TreasuryWait()
    return entry.entered_on


CHANNEL_CODES = {"银行柜面": "bank_counter", "银行批扣": "batch_debit", "办税服务厅": "tax_hall"}


async def request_for_record(services: Services, user: User, receipt_no: str) -> Certificate:
    """开具完税证明 for a record of the user's own paid at another channel (bank counter, tax hall,
    batch debit), from 缴款信息查询's 全渠道 records; the standing one when asked again.

    Raises: NotVerified, RecordsUnavailable, RecordNotFound, RecordIsOurs, BeforeCutoff,
    AwaitingDailyReconciliation, TreasuryWait.
    """
    if not user.is_verified or user.id_number_index is None:
        raise errors.NotVerified()
    try:
        records = await services.upstream.list_paid_records(person_of(services, user), user.region, "190001",
                                                            "209912")
    except UpstreamError as exc:
        raise errors.RecordsUnavailable() from exc
    record = next((r for r in records if r.receipt_no == receipt_no), None)
    if record is None:
        raise errors.RecordNotFound()
    if record.posting_no is not None and await PaymentItem.exists(posting_no=record.posting_no):
        raise errors.RecordIsOurs()
    rules = services.profile(user.region).certificate
    first = rules.available_from.get(record.insurance_type)
    if first is not None and record.paid_on < first:
        last = first - timedelta(days=1)
        raise errors.BeforeCutoff(f"{last:%Y年%m月%d日}（含）之前的缴费记录暂不提供打印凭证服务",
                                  available_from=first.isoformat())
    today = services.today()
    if CHANNEL_CODES.get(record.channel_label) in rules.after_daily_reconciliation_channels and \
            record.paid_on >= today:
        raise errors.AwaitingDailyReconciliation()
    ready_on = add_working_days(record.paid_on, rules.treasury_delay_working_days)
    if today < ready_on:
        raise errors.TreasuryWait(ready_on=ready_on.isoformat())
    key = "r" + hashlib.sha256(f"{user.region}:{receipt_no}:{user.id_number_index}".encode()).hexdigest()[:31]
    existing = await Certificate.get_or_none(active_key=key)
    if existing is not None:
        if existing.state == CertificateState.MAKING:
            await services.queue.defer_certificate(existing.id)
        return existing
    profile = services.profile(user.region)
    assert user.id_number_sealed and user.id_number_masked and user.name
    rule = profile.insurance_types.get(record.insurance_type)
    line = {"insurance_type": rule.name if rule else record.insurance_type,
            "period": f"{record.period_start[:4]}-{record.period_start[4:]} 至 {record.period_end[:4]}-"
                      f"{record.period_end[4:]}",
            "posted_on": record.paid_on.isoformat(), "amount_fen": record.amount_fen, "voucher_no": record.receipt_no}
    try:
        certificate = await CERTIFICATE.create(
            actor=f"user:{user.id}", action="issue", data={"receipt_no": receipt_no},
            certificate_no=_certificate_no(services, user.region, today), verification_code=new_verification_code(),
            user_id=user.id, payment_id=0, receipt_no=receipt_no, active_key=key, region=user.region,
            style=profile.certificate.styles[0], taxpayer_id_index=user.id_number_index,
            taxpayer_id_masked=user.id_number_masked, taxpayer_id_sealed=user.id_number_sealed,
            taxpayer_name=user.name, tax_bureau=profile.tax_bureau, issued_on=today, lines=[line],
            total_fen=record.amount_fen)
    except IntegrityError:
        return await Certificate.get(active_key=key)
    await services.queue.defer_certificate(certificate.id)
    return certificate


async def reissue_if_changed(services: Services, payment_id: int,
                             groups: dict[str, tuple[list[Declaration], list[PaymentItem]]] | None = None) -> int:
    """A standing certificate whose payment's posted shares changed (a later share posted, a
    refund) is superseded, not edited: a new one with the new facts replaces it, and the old one
    verifies as superseded. Only when the region's rules allow a certificate now (otherwise it
    is left standing and brought up to date when next asked for). Idempotent; returns how many
    were replaced. `groups`: the payment's posted shares by payer, when the caller has them."""
    standing = await Certificate.filter(payment_id=payment_id, state__in=[CertificateState.MAKING,
                                                                          CertificateState.READY])
    if not standing:
        return 0
    payment = await Payment.get(id=payment_id)
    try:
        groups = groups if groups is not None else await _posted_by_payer(services, payment)
    except (errors.CertificateRefused, UpstreamError):
        return 0  # not now (a treasury wait, upstream not answering): asked again later, nothing voided
    replaced = 0
    for old in standing:
        group = groups.get(old.taxpayer_id_index)
        lines = _lines(services, payment, *group) if group else []
        if lines == old.lines:
            continue
        try:
            async with unit_of_work():
                cleared = await CERTIFICATE.move(old.id, CertificateState.SUPERSEDED, actor=ACTOR, action="supersede",
                                                 expect=[old.state], why="所缴费款有变化，重新开具", active_key=None)
                if cleared is None:
                    continue
                new = await _issue(services, old.user_id, payment, *group, old.style, actor=ACTOR) if group else None
                if new is not None:
                    await Certificate.filter(id=old.id).update(superseded_by_id=new.id)
        except IntegrityError:  # another reissue of the same certificate won
            continue
        replaced += 1
        if new is not None:
            await services.queue.defer_certificate(new.id)
    return replaced


def _visible_to(user: User) -> Q:
    """Certificates of payments the user made, and those naming the user as the taxpayer."""
    seen = Q(user_id=user.id)
    if user.is_verified and user.id_number_index:
        seen |= Q(taxpayer_id_index=user.id_number_index, region=user.region)
    return seen


async def mine(user: User, certificate_id: int) -> Certificate:
    certificate = await Certificate.filter(_visible_to(user), id=certificate_id).first()
    if certificate is None:
        raise errors.CertificateNotFound("证明不存在")
    return certificate


async def list_mine(user: User, applied_from: datetime | None = None, applied_to: datetime | None = None,
                    limit: int = 100) -> list[Certificate]:
    """记录下载: the user's certificates, newest first; `applied_to` is the start of its last day."""
    query = Certificate.filter(_visible_to(user))
    if applied_from is not None:
        query = query.filter(created_at__gte=applied_from)
    if applied_to is not None:
        query = query.filter(created_at__lt=applied_to + timedelta(days=1))
    return await query.order_by("-id").limit(limit)
