"""批扣清册: the bank's batch debit of the amounts payers set (批量扣款缴费金额设置).

A 批扣清册, for one region, resident insurance type and year, goes through the active settings: for
each payer with a two-party agreement in effect who has not paid that year, it declares the
year at the set grade (or takes the payer's open declaration of it), holds it in a payment of
the bank_agreement channel with `batch_debit_list_id` set, and sends the debit to the bank, the
list's number travelling with it. From then until the bank returns every result the batch is *out*, and
(the manuals' 补充说明4) no other channel takes these payers' money; `finish_lists` marks a batch
done once none of its payments is open. Results come like any debit's: the bank's notification,
or the sync sweep asking it. A setting that cannot be debited is listed in `skipped` with why.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, time, timedelta

from app import agreements, clock, declarations, payments
from app import upstream as up
from app.agreements import AgreementState, BankAgreement
from app.batch_debit import (
    BATCH_LIST,
    BatchDebitList,
    BatchDebitListState,
    BatchDebitSetting,
    BatchDebitSettingState,
    errors,
)
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import Declaration, DeclarationState
from app.errors import DomainError
from app.identity import User
from app.paying.checkout import agreement_channel, create_batch_payment, payment_gates
from app.payments import OPEN_PAYMENT_STATES, Payment, PaymentItem

log = logging.getLogger("shebao.batch_debit")
ACTOR = "system:batch_debit"
BATCH_EXPIRY = timedelta(days=1)  # the banks return a batch's results within the day


def new_batch_no() -> str:
    return "PK" + clock.stamp("%Y%m%d%H%M%S") + secrets.token_hex(4).upper()


async def issue(services: Services, region: str, insurance_type: str, year: int | None = None) -> BatchDebitList:
    """Generate one 批扣清册 and send its debits. Raises: BatchDebitNotOffered."""
    profile = services.profile(region)
    if insurance_type not in profile.batch_debit_types or agreement_channel().name not in services.channels \
            or profile.batch_debit_at_bank:  # Hubei's 批扣清册 are the banks', through the tax bureau's system
        raise errors.BatchDebitNotOffered(insurance_type=insurance_type)
    year = year or services.today().year
    batch_no = new_batch_no()
    batch = await BATCH_LIST.create(actor=ACTOR, action="issue",
                                    data={"batch_no": batch_no, "insurance_type": insurance_type, "year": year},
                                    batch_no=batch_no, region=region, insurance_type=insurance_type, year=year)
    skipped: list[dict[str, object]] = []
    debits = 0
    settings = await BatchDebitSetting.filter(region=region, insurance_type=insurance_type, year=year,
                                              state=BatchDebitSettingState.ACTIVE).order_by("id")
    for setting in settings:
        try:
            await _debit(services, batch, setting)
            debits += 1
        except _Skip as exc:
            skipped.append({"setting_id": setting.id, "payer_id_masked": setting.payer_id_masked, "reason": str(exc)})
    # sent: out until its last result (which may have come already: finished at once then)
    await BATCH_LIST.move(batch.id, BatchDebitListState.OUT, actor=ACTOR, action="sent",
                          data={"debits": debits, "skipped": len(skipped)}, debits=debits, skipped=skipped)
    await finish_list(batch.id)
    log.info("batch %s: %d debits sent, %d skipped", batch.batch_no, debits, len(skipped))
    await batch.refresh_from_db()
    return batch


class _Skip(Exception):
    """This setting is not debited in this batch (the message says why, in Chinese)."""


async def _agreement(services: Services, setting: BatchDebitSetting, person: up.PersonRef) -> BankAgreement:
    """The payer's own agreement, signed in the setting's region, in effect, whose tax office is
    the collecting one where that must match (the newest that qualifies)."""
    found = await BankAgreement.filter(
        user_id=setting.user_id, payer_id_index=setting.payer_id_index, region=setting.region,
        state=AgreementState.ACTIVE, effective_from__lte=services.today()).order_by("-id")
    if not found:
        raise _Skip("无生效的缴费协议")
    for agreement in found:
        try:
            await agreements.check_tax_office(services, agreement, person, setting.region, setting.insurance_type)
        except DomainError:
            continue
        return agreement
    raise _Skip("协议中的税务机关与缴费的税务机关不一致")


async def _open_elsewhere(payer_index: str) -> bool:
    """An order of this payer still open on any channel (its cashier could still be paid)."""
    return await PaymentItem.filter(declaration__payer_id_index=payer_index,
                                    payment__state__in=OPEN_PAYMENT_STATES).exists()


async def _debit(services: Services, batch: BatchDebitList, setting: BatchDebitSetting) -> None:
    user = await User.get(id=setting.user_id)
    person = up.PersonRef(setting.payer_id_type, services.sealer.unseal(setting.payer_id_number_sealed),
                          setting.payer_name)
    period = (f"{batch.year}01", f"{batch.year}12")
    mine = Declaration.filter(payer_id_index=setting.payer_id_index, insurance_type=setting.insurance_type,
                              period_start=period[0], period_end=period[1])
    if await mine.filter(paid=True).exists():
        raise _Skip("本年度已缴费")
    if await _open_elsewhere(setting.payer_id_index):
        raise _Skip("有正在处理中的缴款，待其结果返回后再批扣")
    agreement = await _agreement(services, setting, person)
    declaration = await mine.filter(state=DeclarationState.DECLARED, paid=False).first()
    if declaration is not None and declarations.is_expired(declaration, clock.now()):
        try:  # abandoned: voided as checkout would, and declared anew below
            await declarations.mark_voided(services, declaration, "system:batch_debit", declarations.EXPIRED_REASON)
        except DomainError as exc:
            raise _Skip("该年度的申报正在其他缴款中处理") from exc
        declaration = None
    if declaration is not None and (declaration.grade != setting.grade
                                    or declaration.amount_due_fen != setting.amount_fen):
        raise _Skip("该年度已有其他金额的申报，请缴纳或作废后再批扣")
    if declaration is None:
        options = declarations.AssessmentOptions(insurance_type=setting.insurance_type, payment_kind="normal",
                                                 period_start=period[0], period_end=period[1], grade=setting.grade)
        try:
            declaration = await declarations.declare(services, user, person, "self_pay", options)
        except DomainError as exc:  # outside the window, upstream refused, …: for the next batch
            raise _Skip(exc.message) from exc
        if declaration.amount_due_fen != setting.amount_fen:  # upstream assessed another amount
            await declarations.mark_voided(services, declaration, "system:batch_debit", "批扣金额与核定金额不一致")
            raise _Skip("核定金额与设置的缴费金额不一致")
    try:
        async with payment_gates(services, [setting.payer_id_index], agreement):
            if await _open_elsewhere(setting.payer_id_index):  # a checkout got in first
                raise _Skip("有正在处理中的缴款，待其结果返回后再批扣")
            payment = await create_batch_payment(services, user, declaration, agreement, batch.id,
                                                          BATCH_EXPIRY)
    except payments.HolderChanged as exc:
        raise _Skip("该年度的申报正在其他缴款中处理") from exc
    except DomainError as exc:  # busy, or the agreement revoked meanwhile
        raise _Skip(exc.message) from exc
    try:
        await payments.ensure_order(services, payment)
    except DomainError as exc:  # unknown or unavailable: the payment stays open and is asked about
        log.warning("batch %s: debit %s not confirmed yet: %s", batch.batch_no, payment.out_trade_no, exc.code)


async def finish_list(batch_id: int) -> bool:
    """Mark the list done if it has been sent and none of its debits is open any more (its last
    result came). A list still being made is never finished here: `issue` calls this at its end."""
    if await Payment.filter(batch_debit_list_id=batch_id, state__in=OPEN_PAYMENT_STATES).exists():
        return False
    done = await BATCH_LIST.move(batch_id, BatchDebitListState.DONE, actor=ACTOR, action="done",
                                 finished_at=clock.now())
    return done is not None


STALE_ISSUING = timedelta(hours=1)


async def finish_lists() -> int:
    """Mark done every list whose debits all have their results (the sweep: a result applied
    finishes its list at once, this catches any left); a list whose making stopped half-way (the
    process died) is taken as sent after an hour. Returns how many were finished."""
    stale = clock.now() - STALE_ISSUING
    for batch in await BatchDebitList.filter(state=BatchDebitListState.ISSUING, created_at__lt=stale):
        debits = await Payment.filter(batch_debit_list_id=batch.id).count()
        await BATCH_LIST.move(batch.id, BatchDebitListState.OUT, actor=ACTOR, action="sent",
                              why="清册生成中断，按已发出的扣款处理", data={"debits": debits}, debits=debits)
    return sum([await finish_list(batch.id) for batch in await BatchDebitList.filter(state=BatchDebitListState.OUT)])


async def issue_due(services: Services) -> int:
    """The daily sweep: one batch per region and batch-debited type whose collection window is open
    and which has had no batch today."""
    issued = 0
    today = services.today()
    start = datetime.combine(today, time.min, SHANGHAI)
    for code, profile in services.profiles.items():
        for insurance_type in () if profile.batch_debit_at_bank else profile.batch_debit_types:
            window = profile.rule(insurance_type).collection_window
            status = window.status(today.year, today) if window is not None else "main"
            refused = status == "off_window" and window is not None and window.off_window == "refuse"
            if status in ("not_open", "closed") or refused:
                continue
            if await BatchDebitList.filter(region=code, insurance_type=insurance_type, created_at__gte=start).exists():
                continue
            if not await BatchDebitSetting.filter(region=code, insurance_type=insurance_type, year=today.year,
                                                  state=BatchDebitSettingState.ACTIVE).exists():
                continue
            await issue(services, code, insurance_type)
            issued += 1
    return issued
