from __future__ import annotations

from app.declarations import UpstreamRefused
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited


class SavedPayerNotFound(NotFound):
    """Also the answer for another user's saved payer: never 'forbidden', so ids reveal nothing."""

    code = "saved_payer_not_found"
    message = "代缴人信息不存在"


class SavedPayerExists(Conflict):
    code = "saved_payer_exists"
    message = "该人员已在代缴人名单中"


class SavedPayersLimit(Conflict):
    code = "saved_payers_limit"
    message = "代缴人名单已满，请删除不再代缴的人员后再添加"


class SavedPayerIsSelf(InvalidInput):
    code = "saved_payer_is_self"
    message = "代缴人不能是本人，为本人缴费请使用自缴"


class NationalityRequired(InvalidInput):
    code = "nationality_required"
    message = "请填写委托人的国籍（地区）"


class NationalityInvalid(InvalidInput):
    code = "nationality_invalid"
    message = "国籍（地区）格式不正确"


class PayerAmbiguous(InvalidInput):
    code = "payer_ambiguous"
    message = "请选择已添加的代缴人或填写缴费人信息，二者只能选其一"


class PayerNameMismatch(InvalidInput):
    code = "payer_name_mismatch"
    message = "缴费人姓名与本人实名信息不一致"


class NotForOthers(InvalidInput):
    code = "insurance_type_not_for_others"
    message = "本地区不支持为他人缴纳该险种"


class NotEnrolled(UpstreamRefused):
    """Selecting a saved payer: upstream has no valid enrollment; the message is its reason."""

    code = "not_enrolled"
    message = "该人员未参加该险种"


class PersonNotAccessible(Forbidden):
    code = "person_not_accessible"
    message = "只能查询本人、已添加的代缴人或曾为其缴费人员的社保费信息"


class RecordsLookupRateLimited(RateLimited):
    code = "records_lookup_rate_limited"
    message = "查询他人社保费信息过于频繁，请一小时后再试"
