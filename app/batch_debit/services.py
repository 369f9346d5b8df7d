"""批量扣款缴费金额设置 / 作废 (Beijing 1.4 / 1.5): the yearly amount the bank's batch debit
takes for a resident insurance type. The batch debit itself comes with the bank channel."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from app import clock
from app.batch_debit import errors
from app.batch_debit.models import BATCH_SETTING, BatchDebitSetting, BatchDebitSettingState
from app.context import Services
from app.identity import User
from app.uow import unit_of_work
from config.regions import InsuranceTypeRule, RegionProfile

_ATTEMPTS = 3


def this_year(services: Services) -> int:
    return services.today().year


def allowed_amounts(rule: InsuranceTypeRule) -> dict[int, str | None]:
    """The amounts a batch-debit setting may take: amount → grade code (None for a fixed amount)."""
    if rule.assessment_mode == "fixed" and rule.fixed_amount_fen is not None:
        return {rule.fixed_amount_fen: None}
    return {g.amount_fen: g.code for g in rule.grades}


def settable_types(profile: RegionProfile) -> list[str]:
    """The types a payer may set a batch-debit amount for here: batch-debited types that a menu
    offers 批量扣款缴费金额设置 for (Hubei's batch debit is arranged at the bank, not here)."""
    offered = {t for item in profile.menu_items() if item.action == "batch_debit_setting"
               for t in item.insurance_types}
    return [t for t in profile.batch_debit_types if t in offered]


def _check(services: Services, user: User, insurance_type: str, amount_fen: int, year: int | None) -> str | None:
    profile = services.profile(user.region)
    settable = settable_types(profile)
    if insurance_type not in settable:
        if not settable:
            raise errors.BatchDebitNotOffered("本地区暂不提供批量扣款缴费金额设置", insurance_type=insurance_type)
        names = "、".join(profile.rule(t).name for t in settable)
        raise errors.BatchDebitNotOffered(f"本地区仅支持为{names}设置批量扣款缴费金额",
                                          insurance_type=insurance_type, insurance_types=settable)
    if year is not None and year != this_year(services):
        raise errors.BatchDebitYearInvalid(year=this_year(services))
    amounts = allowed_amounts(profile.rule(insurance_type))
    if amount_fen not in amounts:
        raise errors.BatchDebitAmountNotAllowed(amounts_fen=sorted(amounts))
    return amounts[amount_fen]


async def set_amount(
    services: Services, user: User, insurance_type: str, amount_fen: int, year: int | None = None
) -> tuple[BatchDebitSetting, bool]:
    """Set this year's batch-debit amount for the user's own resident insurance type.

    The same amount again returns the active setting (created False); a different amount
    voids it and sets the new one, both recorded. One active setting per payer, type and year,
    whatever the number of concurrent requests.
    Raises: BatchDebitNotOffered, BatchDebitYearInvalid, BatchDebitAmountNotAllowed,
    BatchDebitSettingExists (another account holds this payer's setting), BatchDebitSettingBusy.
    """
    grade = _check(services, user, insurance_type, amount_fen, year)
    year = this_year(services)
    assert user.id_type and user.id_number_sealed and user.id_number_index and user.id_number_masked and user.name
    key = f"{user.id_number_index}:{insurance_type}:{year}"
    for _ in range(_ATTEMPTS):
        try:
            async with unit_of_work():
                current = await BatchDebitSetting.select_for_update().get_or_none(active_key=key)
                if current is not None and current.user_id != user.id:
                    raise errors.BatchDebitSettingExists()
                if current is not None and current.amount_fen == amount_fen:
                    return current, False
                if current is not None:
                    await _void_row(current, f"user:{user.id}", "更改缴费金额")
                setting = await BATCH_SETTING.create(
                    actor=f"user:{user.id}", action="set",
                    data={"insurance_type": insurance_type, "year": year, "amount_fen": amount_fen, "grade": grade,
                          "replaces": current.id if current else None},
                    user_id=user.id, region=user.region, payer_id_type=user.id_type,
                    payer_id_number_sealed=user.id_number_sealed, payer_id_index=user.id_number_index,
                    payer_id_masked=user.id_number_masked, payer_name=user.name, insurance_type=insurance_type,
                    year=year, grade=grade, amount_fen=amount_fen, active_key=key,
                )
                return setting, True
        except IntegrityError:  # a concurrent request set it first: read it on the next round
            continue
    raise errors.BatchDebitSettingBusy()


async def _void_row(setting: BatchDebitSetting, actor: str, reason: str) -> bool:
    moved = await BATCH_SETTING.move(
        setting.id, BatchDebitSettingState.VOIDED, actor=actor, action="void", why=reason,
        data={"insurance_type": setting.insurance_type, "year": setting.year, "amount_fen": setting.amount_fen},
        active_key=None, voided_at=clock.now())
    return moved is not None


async def get_own(user: User, setting_id: int) -> BatchDebitSetting:
    """Raises: BatchDebitSettingNotFound (also for another user's id)."""
    setting = await BatchDebitSetting.get_or_none(id=setting_id, user_id=user.id)
    if setting is None:
        raise errors.BatchDebitSettingNotFound()
    return setting


async def void(user: User, setting_id: int) -> BatchDebitSetting:
    """作废: this type is no longer batch-debited within the setting's validity period.

    Raises: BatchDebitSettingNotFound, BatchDebitSettingVoided.
    """
    setting = await get_own(user, setting_id)
    if not await _void_row(setting, f"user:{user.id}", "缴费人作废"):
        raise errors.BatchDebitSettingVoided()
    await setting.refresh_from_db()
    return setting


async def list_own(user: User, year: int | None = None) -> list[BatchDebitSetting]:
    query = BatchDebitSetting.filter(user_id=user.id)
    if year is not None:
        query = query.filter(year=year)
    return await query.order_by("-id").limit(200)


async def prefilled_grade(payer_index: str, insurance_type: str, year: int, region: str) -> str | None:
    """正常缴费页面的应缴费额会带出您设置的历史应缴费额: the grade of the payer's active setting
    made in this region."""
    setting = await BatchDebitSetting.get_or_none(active_key=f"{payer_index}:{insurance_type}:{year}", region=region)
    return setting.grade if setting is not None else None
