from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class InsuranceTypeNotOffered(InvalidInput):
    code = "insurance_type_not_offered"
    message = "本地区不提供该险种的缴费业务"


class PaymentKindNotAllowed(InvalidInput):
    code = "payment_kind_not_allowed"
    message = "该险种不支持所选缴费类型"


class GradeNotAllowed(InvalidInput):
    code = "grade_not_allowed"
    message = "所选缴费档次不在可选范围内"


class BaseOutOfRange(InvalidInput):
    code = "base_out_of_range"
    message = "缴费基数不在规定范围内"


class PeriodInvalid(InvalidInput):
    code = "period_invalid"
    message = "费款所属期不正确"


class CollectionWindowNotOpen(InvalidInput):
    code = "collection_window_not_open"
    message = "该年度的集中征缴期尚未开始"


class CollectionYearClosed(InvalidInput):
    code = "collection_year_closed"
    message = "该年度已结束，不能再按正常缴费申报"


class OutsideCollectionWindow(InvalidInput):
    code = "outside_collection_window"
    message = "当前不在该险种的集中征缴期内，暂不能缴费"


class UpstreamRefused(InvalidInput):
    """Upstream refused with its own reason (e.g. 该人员未参加该险种); code comes from upstream."""

    code = "upstream_refused"
    message = "社保经办机构未通过该请求"


class UpstreamUnavailable(ServiceUnavailable):
    code = "upstream_unavailable"
    message = "社保核定信息暂时无法获取，请稍后再试"


class DeclarationNotFound(NotFound):
    code = "declaration_not_found"
    message = "申报记录不存在"


class DeclarationExists(Conflict):
    code = "declaration_exists"
    message = "该费款所属期已申报，请在申报记录中继续缴费或作废后重新申报"


class DeclarationOverlaps(Conflict):
    code = "declaration_overlaps"
    message = "所选费款所属期与该缴费人已有的申报重叠"


class DeclarationBusy(Conflict):
    code = "declaration_busy"
    message = "该缴费人正在办理申报，请稍后再试"


class DeclarationExpired(Conflict):
    code = "declaration_expired"
    message = "该申报已超过缴款期限并自动作废，请重新申报"


class DeclarationNotVoidable(Conflict):
    code = "declaration_not_voidable"
    message = "该申报已缴款或正在缴款，不能作废"


class DeclarationVoided(Conflict):
    code = "declaration_voided"
    message = "该申报已作废"


class ExtractionMethodRequired(InvalidInput):
    """Hubei's 灵活就业: 提取核定 needs 核定提取方式 and 登记所在地 (GET /api/v1/assessment-options)."""

    code = "extraction_method_required"
    message = "请选择核定提取方式和登记所在地后再提取核定"


class ExtractionMethodInvalid(InvalidInput):
    code = "extraction_method_invalid"
    message = "核定提取方式不在可选范围内，请重新选择"


class RegistrationPlaceInvalid(InvalidInput):
    code = "registration_place_invalid"
    message = "登记所在地不是该缴费人的灵活就业登记所在地，请重新选择"
