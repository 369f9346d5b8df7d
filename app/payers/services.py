"""Saved payers (代缴人名单): add, edit, delete, list, select; and choosing whom a fee is for.

Adding never asks upstream about enrollment (the manuals: 添加代缴人时系统不校验人社、医保部门的
登记信息) — selecting does, and says why it fails — but every person, saved or typed in a form,
is verified first (实名核验: the name must be the one registered for the id number). Every
change appends an event with the masked data before and after; declarations keep their own copy
of the payer, so an edit never rewrites one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app import clock, declarations, rate_limits
from app import upstream as up
from app.context import Services
from app.declarations import Declaration, InsuranceTypeNotOffered, UpstreamUnavailable
from app.events import record
from app.identity import User, check_person, mask_id_number, verify_person
from app.payers import errors
from app.payers.models import SavedPayer
from app.payments import Payment, PaymentItem
from app.uow import unit_of_work

SELF_PAY = "self_pay"
PAY_FOR_OTHERS = "pay_for_others"
_NATIONALITY = re.compile(r"^[\u4e00-\u9fa5A-Za-z·•.()（）\- ]{2,40}$")


@dataclass(frozen=True)
class PayerFields:
    """A payer as typed in a form: 证件类型, 证件号码, 姓名, 国籍（地区）."""

    id_type: str
    id_number: str
    name: str
    nationality: str | None = None


@dataclass(frozen=True)
class ChosenPayer:
    """Whom a fee is for, and as what: self_pay or pay_for_others."""

    person: up.PersonRef
    relation: str
    nationality: str | None = None
    saved_payer_id: int | None = None


def checked_fields(services: Services, region: str, fields: PayerFields) -> PayerFields:
    """A payer's fields, validated and normalised for the region.

    Raises: IdTypeNotOffered, InvalidInput (id_number_*), NameInvalid, NationalityRequired,
    NationalityInvalid.
    """
    person = check_person(services, region, fields.id_type, fields.id_number, fields.name)
    nationality = (fields.nationality or "").strip() or None
    if nationality is None and services.profile(region).nationality_required_for_others:
        raise errors.NationalityRequired()
    if nationality is not None and not _NATIONALITY.match(nationality):
        raise errors.NationalityInvalid()
    return PayerFields(fields.id_type, person.id_number, person.name, nationality)


def _index(services: Services, fields: PayerFields) -> str:
    return services.sealer.blind_index(f"{fields.id_type}:{fields.id_number}")


def _is_self(user: User, index: str) -> bool:
    return user.is_bound and user.id_number_index == index


def masked(payer: SavedPayer) -> dict[str, Any]:
    return {"id_type": payer.id_type, "id_number_masked": payer.id_number_masked, "name": payer.name,
            "nationality": payer.nationality}


async def list_saved(user: User) -> list[SavedPayer]:
    """The user's live saved payers, oldest first (the order they were added)."""
    return await SavedPayer.filter(user_id=user.id, deleted_at=None).order_by("id")


async def get_saved(user: User, payer_id: int) -> SavedPayer:
    """One of the user's live saved payers. Raises: SavedPayerNotFound (also for another user's id)."""
    payer = await SavedPayer.get_or_none(id=payer_id, user_id=user.id, deleted_at=None)
    if payer is None:
        raise errors.SavedPayerNotFound()
    return payer


async def _lock_list(user: User) -> None:
    # the user's row is the lock of their list: adds are counted and written one at a time
    await User.select_for_update().get(id=user.id)


async def add(services: Services, user: User, fields: PayerFields) -> SavedPayer:
    """Add a person to the user's list (添加人员); upstream is not asked.

    Raises: (from `checked_fields`), SavedPayerIsSelf, SavedPayersLimit (the region's
    `limits.saved_payers`, 30), SavedPayerExists.
    """
    fields = checked_fields(services, user.region, fields)
    index = _index(services, fields)
    if _is_self(user, index):
        raise errors.SavedPayerIsSelf()
    await verify_person(services, user, _person(fields))
    limit = services.profile(user.region).limits.saved_payers
    key = f"{user.id}:{index}"
    try:
        async with unit_of_work():
            await _lock_list(user)
            if await SavedPayer.filter(active_key=key).exists():
                raise errors.SavedPayerExists()
            if await SavedPayer.filter(user_id=user.id, deleted_at=None).count() >= limit:
                raise errors.SavedPayersLimit(limit=limit)
            payer = await SavedPayer.create(
                user_id=user.id, id_type=fields.id_type, id_number_sealed=services.sealer.seal(fields.id_number),
                id_number_index=index, id_number_masked=mask_id_number(fields.id_number), name=fields.name,
                nationality=fields.nationality, active_key=key, verified_at=clock.now())
            await record("saved_payer", payer.id, "add", actor=f"user:{user.id}", to_state="saved",
                         data={"after": masked(payer)})
    except IntegrityError as exc:  # the same person added by a concurrent request
        raise errors.SavedPayerExists() from exc
    return payer


async def edit(services: Services, user: User, payer_id: int, fields: PayerFields) -> SavedPayer:
    """Change a saved payer (修改). The event keeps the masked data before and after;
    declarations already made keep their own copy.

    Raises: SavedPayerNotFound, (from `checked_fields`), SavedPayerIsSelf, SavedPayerExists.
    """
    await get_saved(user, payer_id)  # another user's id is "not found" before anything else is said
    fields = checked_fields(services, user.region, fields)
    index = _index(services, fields)
    if _is_self(user, index):
        raise errors.SavedPayerIsSelf()
    await verify_person(services, user, _person(fields))
    try:
        async with unit_of_work():
            payer = await SavedPayer.select_for_update().get_or_none(
                id=payer_id, user_id=user.id, deleted_at=None
            )
            if payer is None:
                raise errors.SavedPayerNotFound()
            before = masked(payer)
            payer.id_type, payer.name, payer.nationality = fields.id_type, fields.name, fields.nationality
            payer.id_number_sealed = services.sealer.seal(fields.id_number)
            payer.id_number_index, payer.id_number_masked = index, mask_id_number(fields.id_number)
            payer.active_key, payer.verified_at = f"{user.id}:{index}", clock.now()
            await payer.save()
            await record("saved_payer", payer.id, "edit", actor=f"user:{user.id}", from_state="saved",
                         to_state="saved", data={"before": before, "after": masked(payer)})
    except IntegrityError as exc:  # the new id number is already another entry of the list
        raise errors.SavedPayerExists() from exc
    return payer


async def delete(user: User, payer_id: int) -> SavedPayer:
    """Take a person off the list (删除人员); the row and its history stay.

    Raises: SavedPayerNotFound.
    """
    async with unit_of_work():
        payer = await SavedPayer.select_for_update().get_or_none(
            id=payer_id, user_id=user.id, deleted_at=None
        )
        if payer is None:
            raise errors.SavedPayerNotFound()
        await SavedPayer.filter(id=payer.id).update(deleted_at=clock.now(), active_key=None)
        await record("saved_payer", payer.id, "delete", actor=f"user:{user.id}", from_state="saved",
                     to_state="deleted", data={"before": masked(payer)})
    await payer.refresh_from_db()
    return payer


def _person(fields: PayerFields) -> up.PersonRef:
    return up.PersonRef(fields.id_type, fields.id_number, fields.name)


def person_of_saved(services: Services, payer: SavedPayer) -> up.PersonRef:
    return up.PersonRef(payer.id_type, services.sealer.unseal(payer.id_number_sealed), payer.name)


async def verified_saved(services: Services, user: User, payer: SavedPayer) -> up.PersonRef:
    """A saved payer's person, verified with upstream first if it was saved before verification
    existed (nothing is shown or declared for an unverified person).

    Raises: (from verify_person).
    """
    person = person_of_saved(services, payer)
    if payer.verified_at is None:
        await verify_person(services, user, person)
        await SavedPayer.filter(id=payer.id).update(verified_at=clock.now())
        payer.verified_at = clock.now()
    return person


def _check_for_others(services: Services, region: str, insurance_type: str) -> None:
    profile = services.profile(region)
    if insurance_type not in profile.insurance_types:
        raise InsuranceTypeNotOffered(insurance_type=insurance_type)
    if not profile.offers_for_others(insurance_type):
        raise errors.NotForOthers(insurance_type=insurance_type)


async def select(
    services: Services, user: User, payer_id: int, insurance_type: str | None
) -> tuple[SavedPayer, list[up.Enrollment]]:
    """Select a saved payer: ask upstream for their enrollments (选择代缴人时系统自动校验).

    With `insurance_type`, the payer must hold a valid (active) enrollment of it; without, of
    any type the region offers.
    Raises: SavedPayerNotFound, InsuranceTypeNotOffered, NotForOthers, NotEnrolled (upstream's
    reason), UpstreamRefused (e.g. person_mismatch), UpstreamUnavailable.
    """
    payer = await get_saved(user, payer_id)
    profile = services.profile(user.region)
    if insurance_type is not None:
        _check_for_others(services, user.region, insurance_type)
    found = await declarations.list_enrollments(services, await verified_saved(services, user, payer), user.region)
    wanted = [e for e in found if insurance_type in (None, e.insurance_type)]
    if not any(e.status == "active" for e in wanted):
        name = profile.insurance_types[insurance_type].name if insurance_type else None
        raise errors.NotEnrolled(insurance_type=insurance_type, insurance_type_name=name, saved_payer_id=payer.id)
    return payer, wanted


async def choose_payer(
    services: Services, user: User, insurance_type: str, *, saved_payer_id: int | None = None,
    inline: PayerFields | None = None,
) -> ChosenPayer:
    """Whom an assessment or declaration is for: a saved payer, a payer typed in the form, or
    (neither) the user. Paying for another person needs a type some menu offers for others.

    Raises: PayerAmbiguous, SavedPayerNotFound, (from `checked_fields`), PayerNameMismatch,
    NotForOthers.
    """
    if saved_payer_id is not None and inline is not None:
        raise errors.PayerAmbiguous()
    if saved_payer_id is None and inline is None:
        return ChosenPayer(declarations.person_of(services, user), SELF_PAY)
    if saved_payer_id is not None:
        saved = await get_saved(user, saved_payer_id)
        person, nationality, index = person_of_saved(services, saved), saved.nationality, saved.id_number_index
    else:
        assert inline is not None
        fields = checked_fields(services, user.region, inline)
        person, nationality, index = _person(fields), fields.nationality, _index(services, fields)
    if _is_self(user, index):
        if person.name != user.name:
            raise errors.PayerNameMismatch()
        return ChosenPayer(declarations.person_of(services, user), SELF_PAY)
    _check_for_others(services, user.region, insurance_type)
    if saved_payer_id is not None:
        person = await verified_saved(services, user, saved)
    else:
        await verify_person(services, user, person)
    return ChosenPayer(person, PAY_FOR_OTHERS, nationality, saved_payer_id)


@dataclass(frozen=True)
class PersonRecords:
    """社保费申报查询: one person's declarations and the payments that carry them."""

    id_type: str
    id_number_masked: str
    name: str
    period_from: str
    period_to: str
    declarations: list[Declaration]
    payments: list[Payment]
    shares: dict[int, list[PaymentItem]]  # payment id → its shares for this person's declarations
    # someone unrelated, looked up where the region allows it: upstream's 缴费信息 only (no declarations)
    paid_records: list[up.PaidRecord] | None = None


async def _may_query(user: User, index: str, name: str) -> bool:
    if _is_self(user, index):
        return user.name == name
    saved = await SavedPayer.filter(active_key=f"{user.id}:{index}", name=name, verified_at__isnull=False).exists()
    return saved or await Declaration.filter(user_id=user.id, payer_id_index=index, payer_name=name).exists()


async def _look_up(services: Services, user: User, person: up.PersonRef, period_from: str,
                   period_to: str) -> PersonRecords:
    """社保费申报查询 of someone unrelated (Guizhou, manual 001 2.9: 如需查询其他人的社保费情况，请自行
    修改): limited per account, the name checked against the id number at upstream, audited; the
    answer is what the manual's page shows — upstream's 缴费信息 for the period, from any channel —
    never another account's declarations or payments here.

    Raises: RecordsLookupRateLimited, IdentityCheckRateLimited, PersonMismatch, PersonNotFound,
    IdentityCheckUnavailable, UpstreamUnavailable.
    """
    if not await rate_limits.allow(services, "records_lookup", user.id):
        raise errors.RecordsLookupRateLimited()
    masked = mask_id_number(person.id_number)
    try:
        await verify_person(services, user, person)
    finally:  # a refused name is audited too: who tried whom, never the full number
        async with unit_of_work():
            await record("user", user.id, "records_lookup", actor=f"user:{user.id}", reason="社保费申报查询（他人）",
                         data={"id_type": person.id_type, "id_number_masked": masked, "period": [period_from,
                                                                                                 period_to]})
    try:
        paid = await services.upstream.list_paid_records(person, user.region, period_from, period_to)
    except up.UpstreamError as exc:
        raise UpstreamUnavailable() from exc
    return PersonRecords(person.id_type, masked, person.name, period_from, period_to, [], [], {},
                         paid_records=sorted(paid, key=lambda r: (r.period_start, r.paid_on), reverse=True))


async def person_records(
    services: Services, user: User, fields: PayerFields | None, period_from: str, period_to: str
) -> PersonRecords:
    """The declarations the user made for a person whose 费款所属期 overlaps [period_from,
    period_to] (YYYYMM), with their payments. `fields` None: the user themself. Only the user,
    the people on their list and the people they declared for may be queried; the decision looks
    at the user's own data only, so a refusal says nothing about anyone else's records.

    Where the region profile says `records_query_others = "verified"` (Guizhou), anyone else may be
    looked up too, as `_look_up` says.

    Raises: IdTypeNotOffered, InvalidInput (id_number_*), NameInvalid, PersonNotAccessible, and
    those of `_look_up`.
    """
    if fields is None:
        assert user.id_type and user.id_number_index and user.id_number_masked and user.name
        id_type, index, masked_number, name = user.id_type, user.id_number_index, user.id_number_masked, user.name
    else:
        person = check_person(services, user.region, fields.id_type, fields.id_number, fields.name)
        id_type, name, masked_number = person.id_type, person.name, mask_id_number(person.id_number)
        index = services.sealer.blind_index(f"{id_type}:{person.id_number}")
        if not await _may_query(user, index, name):
            if services.profile(user.region).records_query_others != "verified":
                raise errors.PersonNotAccessible()
            return await _look_up(services, user, person, period_from, period_to)
    # the user themself: 全渠道, whoever declared; another person: what this user declared for them
    scope = declarations.visible_to(user) if _is_self(user, index) else Q(user_id=user.id, region=user.region)
    found = await Declaration.filter(
        scope, payer_id_index=index, period_start__lte=period_to, period_end__gte=period_from
    ).order_by("-created_at", "-id").limit(200)
    items = await PaymentItem.filter(declaration_id__in=[d.id for d in found]).order_by("id") if found else []
    shares: dict[int, list[PaymentItem]] = {}
    for item in items:
        shares.setdefault(item.payment_id, []).append(item)
    payments = await Payment.filter(id__in=list(shares)).order_by("-created_at", "-id") if shares else []
    return PersonRecords(id_type, masked_number, name, period_from, period_to, found, list(payments), shares)
