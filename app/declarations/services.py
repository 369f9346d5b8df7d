"""Enrollments, assessments, declaring and voiding."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app import clock, words
from app import upstream as up
from app.context import Services
from app.declarations import errors
from app.declarations.models import DECLARATION, Declaration, DeclarationState
from app.identity import User, mask_id_number
from app.kv import LockTimeout
from config.regions import InsuranceTypeRule

log = logging.getLogger("shebao.declarations")
_MONTH = re.compile(r"(19|20)[0-9]{2}(0[1-9]|1[0-2])")
EXPIRED_REASON = words.VOID_REASONS["expired"]
SELF_PRECEDENCE_REASON = words.VOID_REASONS["self_precedence"]


@dataclass(frozen=True)
class AssessmentOptions:
    insurance_type: str
    payment_kind: str
    period_start: str
    period_end: str
    grade: str | None = None
    contribution_base_fen: int | None = None
    registration_place: str | None = None  # 登记所在地
    extraction_method: str | None = None  # 核定提取方式


def person_of(services: Services, user: User) -> up.PersonRef:
    assert user.id_type and user.id_number_sealed and user.name
    return up.PersonRef(user.id_type, services.sealer.unseal(user.id_number_sealed), user.name)


def _months(start: str, end: str) -> int:
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[4:]) - int(start[4:]) + 1


def check_window(rule: InsuranceTypeRule, options: AssessmentOptions, today: date) -> None:
    """A yearly normal payment only inside the region's collection rules for that year."""
    window = rule.collection_window
    if window is None or options.payment_kind != "normal":
        return
    year = int(options.period_start[:4])
    status = window.status(year, today)
    if status == "not_open":
        opens = date.fromisoformat(f"{year - 1}-{window.opens}")
        raise errors.CollectionWindowNotOpen(year=year, opens=opens.isoformat(), opens_on=words.china_date(opens))
    if status == "closed":
        raise errors.CollectionYearClosed()
    if status == "off_window" and window.off_window == "refuse":
        raise errors.OutsideCollectionWindow(closed=f"{year - 1}-{window.closes}")


def check_options(
    rule: InsuranceTypeRule | None, options: AssessmentOptions, today: date | None = None
) -> InsuranceTypeRule:
    """Refuse what the region profile does not allow before asking upstream."""
    if rule is None:
        raise errors.InsuranceTypeNotOffered(insurance_type=options.insurance_type)
    if options.payment_kind not in rule.payment_kinds:
        raise errors.PaymentKindNotAllowed(payment_kind=options.payment_kind)
    if not (_MONTH.fullmatch(options.period_start) and _MONTH.fullmatch(options.period_end)):
        raise errors.PeriodInvalid(format="YYYYMM")
    months = _months(options.period_start, options.period_end)
    if months < 1 or months > rule.max_months:
        raise errors.PeriodInvalid(max_months=rule.max_months)
    if rule.period_unit == "year" and options.payment_kind == "normal" and (
        options.period_start[4:] != "01" or options.period_end != options.period_start[:4] + "12"
    ):
        raise errors.PeriodInvalid(year=options.period_start[:4])
    if options.payment_kind != "normal":
        _check_extraction(rule, options)
        return rule  # back-payment and special amounts come from upstream's own sheet
    check_window(rule, options, today or clock.business_date())
    if rule.assessment_mode == "by_grade":
        if options.grade not in {g.code for g in rule.grades}:
            raise errors.GradeNotAllowed(grades=[g.code for g in rule.grades])
    if rule.assessment_mode == "by_base":
        low, high = rule.base_range_fen or (0, 0)
        base = options.contribution_base_fen
        if base is None or not low <= base <= high:
            raise errors.BaseOutOfRange(min_fen=low, max_fen=high)
    _check_extraction(rule, options)
    return rule


def _check_extraction(rule: InsuranceTypeRule, options: AssessmentOptions) -> None:
    """核定提取方式 (Hubei's 灵活就业): required for a normal payment, one of the region's when given."""
    if not rule.extraction_methods:
        return
    methods = [m.code for m in rule.extraction_methods]
    if options.extraction_method is None and options.payment_kind == "normal":
        raise errors.ExtractionMethodRequired(extraction_methods=methods)
    if options.extraction_method is not None and options.extraction_method not in methods:
        raise errors.ExtractionMethodInvalid(extraction_methods=methods)


def _upstream_error(exc: up.UpstreamError) -> Exception:
    if isinstance(exc, up.UpstreamRejected):
        return errors.UpstreamRefused(words.foreign(exc.message), code=exc.code or None)
    return errors.UpstreamUnavailable()


async def list_enrollments(services: Services, person: up.PersonRef, region: str) -> list[up.Enrollment]:
    """Raises: UpstreamUnavailable."""
    try:
        found = await services.upstream.list_enrollments(person, region)
    except up.UpstreamError as exc:
        raise _upstream_error(exc) from exc
    offered = services.profile(region).insurance_types
    return [e for e in found if e.insurance_type in offered]


async def registration_places(services: Services, person: up.PersonRef, region: str, insurance_type: str) -> list[str]:
    """登记所在地 the person may choose for the type: where they are registered (upstream).
    Raises: UpstreamUnavailable."""
    found = await list_enrollments(services, person, region)
    return sorted({e.enrollment_region for e in found if e.insurance_type == insurance_type and e.status == "active"})


async def fetch_assessment(
    services: Services, person: up.PersonRef, region: str, options: AssessmentOptions
) -> up.Assessment:
    """The amount due for the options. Raises: InvalidInput family, UpstreamRefused, UpstreamUnavailable."""
    rule = check_options(services.profile(region).insurance_types.get(options.insurance_type), options,
                         services.today())
    if rule.extraction_methods and (options.payment_kind == "normal" or options.registration_place is not None):
        places = await registration_places(services, person, region, options.insurance_type)
        if places and options.registration_place not in places:  # none: upstream answers not_enrolled
            raise errors.RegistrationPlaceInvalid(registration_places=places)
    request = up.AssessmentRequest(
        person=person,
        region=region,
        insurance_type=options.insurance_type,
        payment_kind=options.payment_kind,
        period_start=options.period_start,
        period_end=options.period_end,
        grade=options.grade,
        contribution_base_fen=options.contribution_base_fen,
        registration_place=options.registration_place,
        extraction_method=options.extraction_method,
    )
    try:
        return await services.upstream.assess(request)
    except up.UpstreamError as exc:
        raise _upstream_error(exc) from exc


def payer_index_of(services: Services, person: up.PersonRef) -> str:
    """The blind index a payer's declarations and settings are found by."""
    return services.sealer.blind_index(f"{person.id_type}:{person.id_number}")


async def preview_assessment(
    services: Services, person: up.PersonRef, region: str, options: AssessmentOptions
) -> up.Assessment:
    """The amount due, shown before declaring (提取核定). Nothing is declared: the assessment is
    released upstream at once, so a preview never holds back anyone's postings; declaring fetches
    its own. Raises: like fetch_assessment."""
    assessment = await fetch_assessment(services, person, region, options)
    try:  # a preview is nobody's declaration: best effort, upstream expires it anyway
        await services.upstream.release_assessment(assessment.assessment_no)
    except up.UpstreamError:
        log.warning("release of preview %s failed; upstream expires it", assessment.assessment_no)
    return assessment


async def list_owed(
    services: Services, person: up.PersonRef, region: str, insurance_type: str, payment_kind: str
) -> tuple[up.AssessmentLine, ...]:
    """The months owed (补缴) or decided by hrss (特殊缴费), oldest first, with amounts and late fees.

    Raises: InsuranceTypeNotOffered, PaymentKindNotAllowed, UpstreamRefused, UpstreamUnavailable.
    """
    rule = services.profile(region).insurance_types.get(insurance_type)
    if rule is None:
        raise errors.InsuranceTypeNotOffered(insurance_type=insurance_type)
    if payment_kind == "normal" or payment_kind not in rule.payment_kinds:
        raise errors.PaymentKindNotAllowed(payment_kind=payment_kind)
    try:
        return await services.upstream.list_owed(person, region, insurance_type, payment_kind)
    except up.UpstreamError as exc:
        raise _upstream_error(exc) from exc


def _active_key(payer_index: str, a: up.Assessment) -> str:
    return f"{payer_index}:{a.insurance_type}:{a.payment_kind}:{a.period_start}-{a.period_end}"


def new_declaration_no() -> str:
    return "SB" + clock.stamp("%Y%m%d") + secrets.token_hex(5).upper()


def visible_to(user: User) -> Q:
    """The declarations a user may see and act on, in the region they are signed in to: those they
    made, and those made for them by anyone (全渠道) once their real name is verified there."""
    if user.is_verified and user.id_number_index:
        return Q(Q(user_id=user.id) | Q(payer_id_index=user.id_number_index), region=user.region)
    return Q(user_id=user.id, region=user.region)


def is_expired(declaration: Declaration, now: datetime) -> bool:
    """An unpaid declaration no payment holds, past its expiry."""
    return (declaration.state == DeclarationState.DECLARED and not declaration.paid
            and declaration.current_payment_id is None
            and declaration.expires_at is not None and declaration.expires_at <= now)


async def _clear_way(
    services: Services, user: User, payer_index: str, relation: str, options: AssessmentOptions
) -> None:
    """Refuse a period that overlaps a live declaration of the same payer and insurance type,
    after voiding what no longer counts: expired unpaid declarations, and — when the payer
    declares for themself — another account's unpaid declaration for them that no payment holds.

    Raises: DeclarationExists (the same period, unpaid), PeriodAlreadyPaid (the same period, paid),
    PeriodBeingPaid (the same period, a payment holds it), DeclarationOverlaps.
    """
    now = clock.now()
    live = await Declaration.filter(
        payer_id_index=payer_index, region=user.region, insurance_type=options.insurance_type,
        period_start__lte=options.period_end, period_end__gte=options.period_start,
    ).exclude(state=DeclarationState.VOIDED).order_by("period_start")
    for other in live:
        if is_expired(other, now):
            if await _void_if_unheld(services, other, "system:expiry", EXPIRED_REASON):
                continue  # otherwise a payment took it at the last moment: it stands
        unheld = other.state == DeclarationState.DECLARED and not other.paid and other.current_payment_id is None
        if relation == "self_pay" and other.user_id != user.id and unheld:
            if await _void_if_unheld(services, other, f"user:{user.id}", SELF_PRECEDENCE_REASON):
                continue
            unheld = False  # a payment took it first: it stands, and ours overlaps
        own = other.user_id == user.id or (user.is_verified and other.payer_id_index == user.id_number_index)
        data = {"period_start": other.period_start, "period_end": other.period_end,
                "declaration_no": other.declaration_no if own else None,
                "expires_at": other.expires_at.isoformat() if unheld and other.expires_at else None}
        if (other.period_start, other.period_end, other.payment_kind) == (
                options.period_start, options.period_end, options.payment_kind) and own:
            if other.paid:
                raise errors.PeriodAlreadyPaid(**data)
            if other.state == DeclarationState.PROCESSING:
                raise errors.PeriodBeingPaid(**data, payment_id=other.current_payment_id)
            raise errors.DeclarationExists(**data)
        raise errors.DeclarationOverlaps(**data)


async def _void_if_unheld(services: Services, declaration: Declaration, actor: str, reason: str) -> bool:
    """Void it if still unpaid and unheld (compare-and-set); False when a payment took it first."""
    try:
        await mark_voided(services, declaration, actor, reason)
    except errors.DeclarationVoided:
        return True
    except errors.DeclarationNotVoidable:
        await declaration.refresh_from_db()
        return declaration.state == DeclarationState.VOIDED  # voided by someone else meanwhile
    return True


async def declare(
    services: Services, user: User, person: up.PersonRef, relation: str, options: AssessmentOptions,
    *, nationality: str | None = None,
) -> Declaration:
    """Fetch the assessment and record the declaration (申报成功) with its own copy of the
    payer's data (`nationality`: 国籍（地区）, where the region's form asks it). One payer's
    declarations of one insurance type never overlap: the check and the write run under a lock
    per payer and type. An unpaid declaration expires after the region's declaration_expiry_hours.

    Raises: InvalidInput family, UpstreamRefused, UpstreamUnavailable, DeclarationExists,
    DeclarationOverlaps, DeclarationBusy.
    """
    payer_index = payer_index_of(services, person)
    check_options(services.profile(user.region).insurance_types.get(options.insurance_type), options,
                  services.today())
    try:
        async with services.kv.lock(f"declare:{payer_index}:{options.insurance_type}",
                                    services.settings.lock_timeout_seconds, 15):
            await _clear_way(services, user, payer_index, relation, options)
            assessment = await fetch_assessment(services, person, user.region, options)
            return await _create(services, user, person, payer_index, relation, assessment, nationality)
    except LockTimeout as exc:
        raise errors.DeclarationBusy() from exc


async def _create(
    services: Services, user: User, person: up.PersonRef, payer_index: str, relation: str,
    assessment: up.Assessment, nationality: str | None,
) -> Declaration:
    hours = services.profile(user.region).declaration_expiry_hours
    try:
        declaration = await DECLARATION.create(
            actor=f"user:{user.id}", action="declare",
            data={"assessment_no": assessment.assessment_no, "amount_due_fen": assessment.amount_due_fen,
                  "relation": relation},
            declaration_no=new_declaration_no(), user=user, region=user.region, relation=relation,
            payer_id_type=person.id_type, payer_id_number_sealed=services.sealer.seal(person.id_number),
            payer_id_index=payer_index, payer_id_masked=mask_id_number(person.id_number),
            payer_name=person.name, payer_nationality=nationality, insurance_type=assessment.insurance_type,
            payment_kind=assessment.payment_kind, grade=assessment.grade,
            contribution_base_fen=assessment.contribution_base_fen, period_start=assessment.period_start,
            period_end=assessment.period_end, assessment_no=assessment.assessment_no, agency=assessment.agency,
            amount_due_fen=assessment.amount_due_fen,
            lines=[{"month": ln.month, "amount_fen": ln.amount_fen, "late_fee_fen": ln.late_fee_fen}
                   for ln in assessment.lines],
            active_key=_active_key(payer_index, assessment), expires_at=clock.now() + timedelta(hours=hours),
        )
    except IntegrityError as exc:  # the lock makes this rare: another process without the lock
        raise errors.DeclarationExists() from exc
    return declaration


async def get_visible(user: User, declaration_id: int) -> Declaration:
    """A declaration the user made, or one made for them. Another user's id is 'not found'."""
    declaration = await Declaration.filter(visible_to(user), id=declaration_id).first()
    if declaration is None:
        raise errors.DeclarationNotFound()
    return declaration


async def mark_voided(services: Services, declaration: Declaration, actor: str, reason: str) -> Declaration:
    """Void a declared declaration that no payment holds (compare-and-set), then tell upstream
    so its assessment no longer holds back later postings of the same payer.

    Raises: DeclarationVoided, DeclarationNotVoidable.
    """
    if declaration.state == DeclarationState.VOIDED:
        raise errors.DeclarationVoided()
    now = clock.now()
    voided = await DECLARATION.move(
        declaration.id, DeclarationState.VOIDED, actor=actor, action="void", why=reason,
        expect=[DeclarationState.DECLARED], where={"current_payment_id": None, "paid": False},
        active_key=None, voided_at=now, void_reason=reason)
    if voided is None:
        raise errors.DeclarationNotVoidable()
    await declaration.refresh_from_db()
    await release_assessment(services, declaration)
    return declaration


async def release_assessment(services: Services, declaration: Declaration) -> bool:
    """Tell upstream a declaration's assessment is dead (voided, refused, overdue): it no longer
    holds back later postings, and upstream refuses any posting of it from now on. Recorded once
    upstream confirms; until then the release sweep asks again. Returns whether it is released."""
    try:
        await services.upstream.release_assessment(declaration.assessment_no)
    except up.UpstreamError:
        log.warning("release_assessment %s failed; the sweep asks again", declaration.assessment_no)
        return False
    await Declaration.filter(id=declaration.id, assessment_released_at=None).update(
        assessment_released_at=clock.now())
    return True


async def release_voided_assessments(services: Services, batch: int = 500) -> int:
    """The sweep: every voided declaration whose release upstream has not been confirmed yet."""
    pending = await Declaration.filter(state=DeclarationState.VOIDED, assessment_released_at=None).order_by(
        "id").limit(batch)
    released = 0
    for declaration in pending:
        released += await release_assessment(services, declaration)
    return released
