from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class InsuranceTypeNotOffered(InvalidInput):
    code = "insurance_type_not_offered"


class PaymentKindNotAllowed(InvalidInput):
    code = "payment_kind_not_allowed"


class GradeNotAllowed(InvalidInput):
    code = "grade_not_allowed"


class BaseOutOfRange(InvalidInput):
    code = "base_out_of_range"


class PeriodInvalid(InvalidInput):
    code = "period_invalid"


class CollectionWindowNotOpen(InvalidInput):
    code = "collection_window_not_open"


class CollectionYearClosed(InvalidInput):
    code = "collection_year_closed"


class OutsideCollectionWindow(InvalidInput):
    code = "outside_collection_window"


class UpstreamRefused(InvalidInput):
    """Upstream refused with its own reason (e.g. 该人员未参加该险种); code comes from upstream."""

    code = "upstream_refused"


class UpstreamUnavailable(ServiceUnavailable):
    code = "upstream_unavailable"


class DeclarationNotFound(NotFound):
    code = "declaration_not_found"


class DeclarationExists(Conflict):
    code = "declaration_exists"


class PeriodAlreadyPaid(Conflict):
    code = "period_already_paid"


class PeriodBeingPaid(Conflict):
    code = "period_being_paid"


class DeclarationOverlaps(Conflict):
    code = "declaration_overlaps"


class DeclarationBusy(Conflict):
    code = "declaration_busy"


class DeclarationExpired(Conflict):
    code = "declaration_expired"


class DeclarationNotVoidable(Conflict):
    code = "declaration_not_voidable"


class DeclarationVoided(Conflict):
    code = "declaration_voided"


class ExtractionMethodRequired(InvalidInput):
    """Hubei's 灵活就业: 提取核定 needs 核定提取方式 and 登记所在地 (GET /api/v1/assessment-options)."""

    code = "extraction_method_required"


class ExtractionMethodInvalid(InvalidInput):
    code = "extraction_method_invalid"


class RegistrationPlaceInvalid(InvalidInput):
    code = "registration_place_invalid"
