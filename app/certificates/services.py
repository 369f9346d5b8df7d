"""Certificates: asked for a payment or a record, by period; reissued when what was paid
changes; seen by the user who paid and the taxpayer named. Made by the job (`jobs.py`), verified
by anyone (`verification.py`).

A certificate lists one payer's posted shares of one payment (a family basket gets one per
payer). It is offered once a share posted, and only as the region profile allows: Guizhou after
treasury entry and 3 working days; Hubei not for records before its cut-off dates.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
from app.upstream import PaidRecord, PersonRef, UpstreamError
from app.workdays import add_working_days

ACTOR = "system:certificates"
log = logging.getLogger("shebao.certificates")

POSTING_OPEN = (PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN)


def _certificate_no(services: Services, region: str, today: date) -> str:
    return f"{services.profile(region).division_code}{today:%Y%m%d}{secrets.randbelow(10**8):08d}"


# ---- asking for one ----

async def _lines(services: Services, payment: Payment, declarations: list[Declaration], items: list[PaymentItem]
                 ) -> list[dict[str, object]]:
    """The certificate's lines. 入（退）库日期: the day upstream gives for 入库 where the region
    confirms it before issuing (Guizhou), else the day the share posted."""
    entered = services.profile(payment.region).certificate.requires_treasury_entry
    return [{"insurance_type": services.profile(payment.region).insurance_types[d.insurance_type].name,
             "period": f"{d.period_start[:4]}-{d.period_start[4:]} 至 {d.period_end[:4]}-{d.period_end[4:]}",
             "posted_on": (await _entered_on(services, i) if entered else
                           (i.posted_at or clock.now()).astimezone(SHANGHAI).date()).isoformat(),
             "amount_fen": i.amount_fen, "voucher_no": i.posting_ref or i.posting_no}
            for d, i in zip(declarations, items, strict=True)]


def _paid(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What was paid, as lines say it (a date is not what was paid: a changed date reissues nothing)."""
    return [(line["insurance_type"], line["period"], line["amount_fen"], line["voucher_no"]) for line in lines]


def _key(payment_id: int, payer_index: str, style: str) -> str:
    """One standing certificate per payment, payer and style: the 表格式 and the 文书式 are two
    documents, each with its own number and code. The table style's key is the one it always had
    (p…), the document style's starts d…; within the column's 32 characters whatever the id."""
    number = str(payment_id)
    prefix = "p" if style == "table" else style[0]
    return f"{prefix}{number}:{payer_index[:min(24, 30 - len(number))]}"


async def _issuing_office(services: Services, region: str, declaration: Declaration) -> str:
    """The 税务机关 that issues the certificate: the payer's district office as upstream names it for
    the enrollment (国家税务总局武汉市江岸区税务局), the region's bureau when upstream cannot say."""
    person = PersonRef(declaration.payer_id_type, services.sealer.unseal(declaration.payer_id_number_sealed),
                       declaration.payer_name)
    try:
        enrollments = await services.upstream.list_enrollments(person, region)
    except UpstreamError as exc:
        log.warning("no tax office for declaration %s (%s): the region's bureau issues it", declaration.id, exc)
        enrollments = []
    offices = [e.tax_office for e in enrollments if e.insurance_type == declaration.insurance_type and e.tax_office]
    offices += [e.tax_office for e in enrollments if e.tax_office]
    return offices[0] if offices else services.profile(region).tax_bureau


@dataclass(frozen=True)
class _Facts:
    """What a payer's certificate of a payment says, gathered (from upstream too) before any
    transaction opens."""

    declarations: list[Declaration]
    items: list[PaymentItem]
    lines: list[dict[str, object]]
    office: str


async def _facts(services: Services, payment: Payment, declarations: list[Declaration], items: list[PaymentItem]
                 ) -> _Facts:
    return _Facts(declarations, items, await _lines(services, payment, declarations, items),
                  await _issuing_office(services, payment.region, declarations[0]))


async def _issue(services: Services, user_id: int, payment: Payment, facts: _Facts, style: str, actor: str
                 ) -> Certificate:
    first, items, office = facts.declarations[0], facts.items, facts.office
    today = services.today()
    return await CERTIFICATE.create(
        actor=actor, action="issue", data={"payment_id": payment.id, "style": style},
        certificate_no=_certificate_no(services, payment.region, today), verification_code=new_verification_code(),
        user_id=user_id, payment_id=payment.id, active_key=_key(payment.id, first.payer_id_index, style),
        region=payment.region, style=style, taxpayer_id_index=first.payer_id_index,
        taxpayer_id_masked=first.payer_id_masked, taxpayer_id_sealed=first.payer_id_number_sealed,
        taxpayer_name=first.payer_name, tax_bureau=office, issued_on=today,
        title=services.profile(payment.region).certificate.document_name,
        lines=facts.lines, total_fen=sum(i.amount_fen for i in items))


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
        key = _key(payment.id, declarations[0].payer_id_index, chosen)
        existing = await Certificate.get_or_none(active_key=key)
        if existing is not None:
            if existing.state == CertificateState.MAKING:  # its job may have been lost: again (idempotent)
                await services.queue.defer_certificate(existing.id)
            made.append(existing)
            continue
        try:
            certificate = await _issue(services, payment.user_id, payment,
                                       await _facts(services, payment, declarations, items), chosen,
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
    made += await _records_in_periods(services, user, period_from, period_to, _style(services, user.region, style),
                                      found_ours=bool(made))
    if not made:
        raise errors.NothingInPeriods()
    return made


async def _records_in_periods(services: Services, user: User, period_from: str, period_to: str, chosen: str, *,
                              found_ours: bool) -> list[Certificate]:
    """By period covers 全渠道 records, as 缴款信息查询 does: the user's own records paid at other
    channels (bank counter, tax hall, batch debit) in the periods that may have one now. Raises
    RecordsUnavailable when upstream cannot list them and nothing of ours was found either."""
    if not user.is_verified or user.id_number_index is None:
        return []
    try:
        records = await services.upstream.list_paid_records(person_of(services, user), user.region, period_from,
                                                            period_to)
    except UpstreamError as exc:
        if found_ours:
            log.warning("list_paid_records for user %s failed: %s", user.id, exc)
            return []
        raise errors.RecordsUnavailable() from exc
    posting_nos = [r.posting_no for r in records if r.posting_no]
    ours = set(await PaymentItem.filter(posting_no__in=posting_nos).values_list("posting_no", flat=True)
               ) if posting_nos else set()
    made = []
    for record in records:
        if record.posting_no is not None and record.posting_no in ours:
            continue  # ours: certified with its payment above
        try:
            made.append(await _certify_record(services, user, record, chosen))
        except errors.CertificateRefused:
            continue  # not yet, or before the cut-off: left out, as the payments are
    return made


async def _posted_by_payer(services: Services, payment: Payment, known: Known | None = None, *, fresh: bool = True
                           ) -> dict[str, tuple[list[Declaration], list[PaymentItem]]]:
    """The payment's posted shares by payer, if a certificate may be issued for them now.
    `known`: its shares and their declarations when the caller has them loaded already; `fresh`:
    as `_entered_on` says (False: the payment is shown, not asked for)."""
    rules = services.profile(payment.region).certificate
    items = known[0] if known is not None else await PaymentItem.filter(payment_id=payment.id).order_by("id")
    posted = [i for i in items if i.posting_state == PostingState.POSTED]
    if payment.state != PaymentState.PAID or (not posted and any(i.posting_state in POSTING_OPEN for i in items)):
        raise errors.NotPostedYet()
    if not posted:
        raise errors.NothingToCertify()
    if known is not None and all(i.declaration_id in known[1] for i in posted):
        declarations = {i.declaration_id: known[1][i.declaration_id] for i in posted}
    else:
        declarations = {d.id: d for d in await Declaration.filter(id__in=[i.declaration_id for i in posted])}
    paid_on = (payment.paid_at or payment.created_at).astimezone(SHANGHAI).date()
    for item in posted:
        first = rules.available_from.get(declarations[item.declaration_id].insurance_type)
        if first is not None and paid_on < first:
            last = first - timedelta(days=1)
            raise errors.BeforeCutoff(f"{last:%Y年%m月%d日}（含）之前的缴费记录暂不提供打印凭证服务",
                                      available_from=first.isoformat())
    if rules.requires_treasury_entry:  # 缴入国库后 N working days, counted from the day upstream gives for 入库
        entered = max([await _entered_on(services, i, fresh=fresh) for i in posted])
        _wait_until(services, entered, rules.treasury_delay_working_days, entered=True)
    elif rules.treasury_delay_working_days:
        posted_on = max((i.posted_at or clock.now()).astimezone(SHANGHAI).date() for i in posted)
        _wait_until(services, posted_on, rules.treasury_delay_working_days)
    groups: dict[str, tuple[list[Declaration], list[PaymentItem]]] = {}
    for item in posted:
        declaration = declarations[item.declaration_id]
        group = groups.setdefault(declaration.payer_id_index, ([], []))
        group[0].append(declaration)
        group[1].append(item)
    return groups


def _wait_until(services: Services, since: date, working_days: int, *, entered: bool = False) -> None:
    """TreasuryWait until `working_days` after `since` (the day upstream gives for 入库, or the day
    paid), saying from when."""
    ready_on = add_working_days(since, working_days)
    if services.today() >= ready_on:
        return
    why = f"社保费已于{since:%Y年%m月%d日}缴入国库" if entered else f"费款于{since:%Y年%m月%d日}缴纳"
    raise errors.TreasuryWait(f"{why}，缴入国库{working_days}个工作日后（{ready_on:%Y年%m月%d日}起）可开具缴费证明",
                              ready_on=ready_on.isoformat())


async def _entered_on(services: Services, item: PaymentItem, *, fresh: bool = True) -> date:
    """The day a posted share's money entered the treasury (入库), as upstream gives it; TreasuryWait
    until it has, or while upstream cannot say.

    The day is kept on the share once known (`treasury_entered_on`: it never changes). Until then,
    `fresh` (the payer asks for the certificate, or opens the payment) asks upstream and keeps
    its answer; a page of payments (`offers_for_page`) asks nothing and says "not yet": the
    treasury sweep (`learn_treasury_entries`) learns the day within TREASURY_ASK_EVERY, and the
    wait after it is counted in working days. A page of twenty payments once asked upstream for
    every share on every view (the payments page ran at 0.06 of its floor)."""
    if item.treasury_entered_on is not None:
        return item.treasury_entered_on
    if not fresh:
        raise errors.TreasuryWait()
    try:
        entry = await services.upstream.query_treasury_entry(item.posting_no)
    except UpstreamError as exc:
        raise errors.TreasuryWait(_CANNOT_SAY) from exc
    if not entry.entered or entry.entered_on is None:
        raise errors.TreasuryWait()
    await _keep_entry(item, entry.entered_on)
    return entry.entered_on


async def _keep_entry(item: PaymentItem, entered_on: date) -> None:
    """Keep the share's 入库 day (the first answer stands: upstream gives one day)."""
    await PaymentItem.filter(id=item.id, treasury_entered_on=None).update(treasury_entered_on=entered_on)
    item.treasury_entered_on = entered_on


TREASURY_ASKS_AT_ONCE = 8  # the sweep's questions in flight to upstream
TREASURY_ASK_EVERY = timedelta(hours=1)  # a share not yet in the treasury is asked again after this
TREASURY_ASKS_PER_RUN = 2000  # shares asked about per run of the sweep (the rest: the next run)
TREASURY_LOOKS_BACK = timedelta(days=90)  # shares posted longer ago are asked about when opened only
_CANNOT_SAY = "暂时无法确认社保费是否已缴入国库，请稍后再试"


async def learn_treasury_entries(services: Services) -> int:
    """The treasury sweep: ask upstream for the 入库 day of posted shares in regions whose
    certificates wait for it (Guizhou) and keep the days given, so that no page of payments asks
    upstream. Each share is asked at most every TREASURY_ASK_EVERY, the first posted first,
    TREASURY_ASKS_AT_ONCE at a time; upstream down or unsure leaves a share to the next run.
    Returns how many days were learned."""
    regions = [code for code, profile in services.profiles.items() if profile.certificate.requires_treasury_entry]
    if not regions:
        return 0
    now = clock.now()
    due = await PaymentItem.filter(
        Q(treasury_asked_at=None) | Q(treasury_asked_at__lt=now - TREASURY_ASK_EVERY),
        posting_state=PostingState.POSTED, treasury_entered_on=None, posted_at__gte=now - TREASURY_LOOKS_BACK,
        payment__region__in=regions,
    ).order_by("posted_at").limit(TREASURY_ASKS_PER_RUN).only("id", "posting_no")
    gate = asyncio.Semaphore(TREASURY_ASKS_AT_ONCE)

    async def ask(item: PaymentItem) -> date | None:
        async with gate:
            try:
                entry = await services.upstream.query_treasury_entry(item.posting_no)
            except UpstreamError as exc:
                log.info("treasury entry of %s: upstream cannot say (%s)", item.posting_no, exc)
                return None
        return entry.entered_on if entry.entered else None

    days = await asyncio.gather(*(ask(item) for item in due))
    by_day: dict[date, list[int]] = defaultdict(list)
    for item, day in zip(due, days, strict=True):
        if day is not None:
            by_day[day].append(item.id)
    for day, ids in by_day.items():  # one statement per day given, not one per share
        await PaymentItem.filter(id__in=ids, treasury_entered_on=None).update(treasury_entered_on=day)
    await PaymentItem.filter(id__in=[i.id for i in due] or [0]).update(treasury_asked_at=now)
    return sum(len(ids) for ids in by_day.values())


CHANNEL_CODES = {"银行柜面": "bank_counter", "银行批扣": "batch_debit", "办税服务厅": "tax_hall"}


def _check_record(services: Services, region: str, record: PaidRecord) -> None:
    """Whether a record paid at another channel may get a certificate now. Raises BeforeCutoff,
    AwaitingDailyReconciliation, TreasuryWait."""
    rules = services.profile(region).certificate
    first = rules.available_from.get(record.insurance_type)
    if first is not None and record.paid_on < first:
        last = first - timedelta(days=1)
        raise errors.BeforeCutoff(f"{last:%Y年%m月%d日}（含）之前的缴费记录暂不提供打印凭证服务",
                                  available_from=first.isoformat())
    if CHANNEL_CODES.get(record.channel_label) in rules.after_daily_reconciliation_channels and \
            record.paid_on >= services.today():
        raise errors.AwaitingDailyReconciliation(ready_on=(record.paid_on + timedelta(days=1)).isoformat())
    _wait_until(services, record.paid_on, rules.treasury_delay_working_days)


@dataclass(frozen=True)
class Offer:
    """Whether a certificate may be asked for now, as the payment and the records say it: if not,
    from when (`ready_on`, when known) and why (the refusal's code and Chinese message)."""

    available: bool
    ready_on: date | None = None
    reason_code: str | None = None
    reason: str | None = None

    @classmethod
    def refused(cls, exc: errors.CertificateRefused) -> Offer:
        ready_on = exc.data.get("ready_on")
        return cls(False, date.fromisoformat(ready_on) if isinstance(ready_on, str) else None, exc.code, exc.message)


NOT_OFFERED = Offer(False)


Known = tuple[list[PaymentItem], Mapping[int, Declaration]]


async def offer_for_payment(services: Services, payment: Payment, known: Known | None = None, *,
                            fresh: bool = True) -> Offer:
    """What asking for this payment's certificate would answer now, without making one. `known`:
    the shares the viewer sees and their declarations, when loaded already (a list of payments);
    `fresh`: False on a page of payments, which asks upstream nothing (`_entered_on`); the
    payment itself asks as asking for the certificate does."""
    if payment.state != PaymentState.PAID:
        return NOT_OFFERED
    try:
        await _posted_by_payer(services, payment, known, fresh=fresh)
    except errors.NotPostedYet:
        return NOT_OFFERED  # 缴款中: the payment's own status says so
    except errors.CertificateRefused as exc:
        return Offer.refused(exc)
    return Offer(True)


async def offers_for_page(services: Services, payments: Iterable[Payment], items: Mapping[int, list[PaymentItem]],
                          declarations: Mapping[int, Declaration]) -> dict[int, Offer]:
    """`offer_for_payment` for each payment of a page, by payment id, from what the page loaded:
    upstream is not asked (not `fresh`: a share's 入库 day is read from the share, as the
    treasury sweep or the payment's own view learned it). `items`: the shares the page shows, by
    payment; `declarations`: theirs."""
    return {payment.id: await offer_for_payment(services, payment, (items.get(payment.id, []), declarations),
                                                fresh=False)
            for payment in payments}


def offer_for_record(services: Services, region: str, record: PaidRecord) -> Offer:
    """What asking for a record's certificate (record-certificates) would answer now."""
    try:
        _check_record(services, region, record)
    except errors.CertificateRefused as exc:
        return Offer.refused(exc)
    return Offer(True)


async def request_for_record(services: Services, user: User, receipt_no: str, style: str | None = None
                             ) -> Certificate:
    """开具完税证明 for a record of the user's own paid at another channel (bank counter, tax hall,
    batch debit), from 缴款信息查询's 全渠道 records; the standing one when asked again.

    Raises: NotVerified, RecordsUnavailable, RecordNotFound, RecordIsOurs, BeforeCutoff,
    AwaitingDailyReconciliation, TreasuryWait.
    """
    if not user.is_verified or user.id_number_index is None:
        raise errors.NotVerified()
    chosen = _style(services, user.region, style)
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
    return await _certify_record(services, user, record, chosen)


async def _certify_record(services: Services, user: User, record: PaidRecord, chosen: str) -> Certificate:
    """The standing certificate of a record paid at another channel, or a new one (the job makes it).
    Raises BeforeCutoff, AwaitingDailyReconciliation, TreasuryWait."""
    assert user.id_number_index
    receipt_no = record.receipt_no
    _check_record(services, user.region, record)
    today = services.today()
    styled = "" if chosen == "table" else f":{chosen}"  # each style its own document; the table's key as it was
    key = "r" + hashlib.sha256(f"{user.region}:{receipt_no}:{user.id_number_index}{styled}".encode()).hexdigest()[:31]
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
            style=chosen, taxpayer_id_index=user.id_number_index,
            taxpayer_id_masked=user.id_number_masked, taxpayer_id_sealed=user.id_number_sealed,
            taxpayer_name=user.name, tax_bureau=record.tax_office or profile.tax_bureau, issued_on=today, lines=[line],
            title=profile.certificate.document_name,
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
        try:
            facts = await _facts(services, payment, *group) if group else None
        except errors.CertificateRefused:
            return replaced  # upstream cannot say when the money entered the treasury just now: later
        if _paid(facts.lines if facts else []) == _paid(old.lines):
            continue
        try:
            async with unit_of_work():
                cleared = await CERTIFICATE.move(old.id, CertificateState.SUPERSEDED, actor=ACTOR, action="supersede",
                                                 expect=[old.state], why="所缴费款有变化，重新开具", active_key=None)
                if cleared is None:
                    continue
                new = await _issue(services, old.user_id, payment, facts, old.style, actor=ACTOR) if facts else None
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
