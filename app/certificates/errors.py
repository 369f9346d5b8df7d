from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, RateLimited, ServiceUnavailable


class CertificateNotFound(NotFound):
    code = "certificate_not_found"
    message = "未找到该证明，请核对纳税人识别号与证明校验码"


class CertificateCodeInvalid(InvalidInput):
    code = "certificate_code_invalid"
    message = "证明校验码有误（应为16位数字，请核对后重新输入）"


class CaptchaInvalid(InvalidInput):
    code = "captcha_invalid"
    message = "验证码错误或已过期，请点击验证码更换后重新输入"


class CertificateRefused(Conflict):
    """Not now, or not for this record: the reasons below."""


class NotPostedYet(CertificateRefused):
    code = "certificate_not_posted_yet"
    message = "该笔缴款尚未全部到账确认，暂不能开具完税证明，请稍后再试"


class TreasuryWait(CertificateRefused):
    code = "certificate_treasury_wait"
    message = "社保费缴入国库后才能开具缴费证明，请等待3个工作日后查看"


class BeforeCutoff(CertificateRefused):
    code = "certificate_before_cutoff"
    message = "该时间之前的缴费记录暂不提供打印凭证服务"


class NothingToCertify(CertificateRefused):
    code = "certificate_nothing_paid"
    message = "该笔缴款没有已到账的费款，无需开具完税证明"


class StillMaking(Conflict):
    code = "certificate_still_making"
    message = "证明正在制作，请稍后在记录下载中查看"


class VerificationRateLimited(RateLimited):
    code = "certificate_verification_rate_limited"
    message = "查验过于频繁，请稍后再试"


class NothingInPeriods(NotFound):
    code = "certificate_nothing_in_periods"
    message = "所选费款所属期内没有可开具缴费证明的缴费记录（缴入国库后才能开具，请稍后再查）"


class StyleNotOffered(InvalidInput):
    code = "certificate_style_not_offered"
    message = "本地区不提供该样式的完税证明"


class PeriodsReversed(InvalidInput):
    code = "period_range_invalid"
    message = "费款所属期起不能晚于费款所属期止"


class RecordNotFound(NotFound):
    code = "paid_record_not_found"
    message = "未找到该缴费记录（请在缴款信息查询的全渠道记录中选择）"


class RecordIsOurs(Conflict):
    code = "paid_record_is_ours"
    message = "该记录为本平台缴款，请在该笔缴款中开具完税证明"


class AwaitingDailyReconciliation(CertificateRefused):
    code = "certificate_after_daily_reconciliation"
    message = "通过银行柜面或银行批扣缴费的，在日切对账完成后（次日起）可开具缴费证明"


class RecordsUnavailable(ServiceUnavailable):
    code = "paid_records_unavailable"
    message = "暂时无法查询全渠道缴费记录，请稍后再试"


class NotVerified(Conflict):
    code = "certificate_person_not_verified"
    message = "请先完成实名核验后再开具其他渠道缴费记录的证明"
