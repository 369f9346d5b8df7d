from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, RateLimited, ServiceUnavailable


class CertificateNotFound(NotFound):
    code = "certificate_not_found"


class CertificateCodeInvalid(InvalidInput):
    code = "certificate_code_invalid"


class CaptchaInvalid(InvalidInput):
    code = "captcha_invalid"


class CertificateRefused(Conflict):
    """Not now, or not for this record: the reasons below."""


class NotPostedYet(CertificateRefused):
    code = "certificate_not_posted_yet"


class TreasuryWait(CertificateRefused):
    code = "certificate_treasury_wait"


class BeforeCutoff(CertificateRefused):
    code = "certificate_before_cutoff"


class NothingToCertify(CertificateRefused):
    code = "certificate_nothing_paid"


class StillMaking(Conflict):
    code = "certificate_still_making"


class VerificationRateLimited(RateLimited):
    code = "certificate_verification_rate_limited"


class NothingInPeriods(NotFound):
    code = "certificate_nothing_in_periods"


class StyleNotOffered(InvalidInput):
    code = "certificate_style_not_offered"


class PeriodsReversed(InvalidInput):
    code = "period_range_invalid"


class RecordNotFound(NotFound):
    code = "paid_record_not_found"


class RecordIsOurs(Conflict):
    code = "paid_record_is_ours"


class AwaitingDailyReconciliation(CertificateRefused):
    code = "certificate_after_daily_reconciliation"


class RecordsUnavailable(ServiceUnavailable):
    code = "paid_records_unavailable"


class NotVerified(Conflict):
    code = "certificate_person_not_verified"
