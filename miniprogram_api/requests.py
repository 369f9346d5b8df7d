"""What the mini-program sends: request bodies and query strings, as strict pydantic models.

Unknown keys are refused; strings refuse control, format and surrogate characters (a NUL byte,
a lone surrogate, a right-to-left override never reach the domain or the database); integers are
integers (never "5" or true) and within what our ids and fen amounts can be.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, JsonValue
from pydantic_core import PydanticCustomError

from app.declarations import RECORD_STATES
from config.id_types import ID_TYPES
from config.regions import load_region_profiles
from miniprogram_api.openapi import ApiModel
from payment_channels.registry import CHANNELS

MAX_INT = 2**53  # ids and fen amounts; larger numbers are not ours
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)


def _clean(value: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES or 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE:
            raise PydanticCustomError("text_characters", "含有不允许的字符")
    if not value.strip():
        raise PydanticCustomError("text_blank", "不能为空")
    return value


# documented, not enforced by this pattern (a blank value is field_missing, a control character field_invalid):
# no control characters, not blank
_OK = r"[^\u0000-\u001f\u007f-\u009f]"
NOT_BLANK = rf"^{_OK}*[^\s\u0000-\u001f\u007f-\u009f]{_OK}*$"
Text = Annotated[str, AfterValidator(_clean), Field(min_length=1, json_schema_extra={"pattern": NOT_BLANK})]
"""A string free of control, format and surrogate characters, not blank; bound its length per field."""


def _query_int(value: Any) -> Any:
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise PydanticCustomError("query_int", "应为整数")
        return int(value)
    return value


Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Fen = Annotated[int, Field(ge=1, le=MAX_INT, description="金额（分）")]
MONTH_PATTERN = r"^(19|20)[0-9]{2}(0[1-9]|1[0-2])$"
# the pattern is documented, not enforced here: the domain refuses a bad month with period_invalid
Month = Annotated[Text, Field(max_length=6, description="年月 YYYYMM", json_schema_extra={"pattern": MONTH_PATTERN})]
QueryMonth = Annotated[Text, Field(max_length=6, pattern=MONTH_PATTERN, description="年月 YYYYMM",
                                   json_schema_extra={"pattern": MONTH_PATTERN})]
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# documented: a date of 1900–2100 (miniprogram_api.parsing.day refuses others with field_invalid)
_YEAR = r"(19[0-9]{2}|20[0-9]{2}|2100)"
DOCUMENTED_DAY = (rf"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$|^{_YEAR}-(0[13-9]|1[0-2])-(29|30)$|"
                  rf"^{_YEAR}-(0[13578]|1[02])-31$|^(19(0[48]|[2468][048]|[13579][26])|20([02468][048]|[13579][26]))-02-29$")
Day = Annotated[Text, Field(max_length=10, pattern=DAY_PATTERN, json_schema_extra={"pattern": DOCUMENTED_DAY})]
REGIONS = tuple(load_region_profiles())
Region = Literal[REGIONS]  # type: ignore[valid-type]  # every region of config/regions
INSURANCE_TYPES = ("resident_pension", "resident_medical", "flexible_pension", "flexible_medical")
InsuranceType = Literal[INSURANCE_TYPES]  # type: ignore[valid-type]
PaymentKind = Literal["normal", "back_payment", "special"]
Channel = Literal[tuple(CHANNELS)]  # type: ignore[valid-type]  # every registered channel
PaymentDevice = Literal[tuple(sorted({d.name for c in CHANNELS.values() for d in c.devices}))]  # type: ignore[valid-type]
IdType = Literal["resident_id_card", "hk_mo_tw_residence_permit", "hk_mo_travel_permit", "tw_travel_permit",
                 "foreign_permanent_residence", "passport"]
assert set(IdType.__args__) == set(ID_TYPES), "IdType must list app.identity.id_numbers.ID_TYPES"  # type: ignore[attr-defined]


class Body(ApiModel):
    """A JSON request body: strict, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_of(*names: str) -> list[JsonValue]:
    """The documented rule "exactly one of these fields, the others absent or null"."""
    return [{"required": [name], "properties": {
        other: ({"type": "string"} if other == name else {"enum": [None], "nullable": True}) for other in names}}
        for name in names]


class SignInBody(Body):
    model_config = ConfigDict(json_schema_extra={"oneOf": _one_of("code", "alipay_auth_code")})

    code: Text | None = Field(None, max_length=128, description="wx.login 返回的登录凭证 code（微信登录）")
    alipay_auth_code: Text | None = Field(None, max_length=64, description=(
        "支付宝登录：my.getAuthCode({scopes: 'auth_base'}) 的授权码（与 code 二选一）"))
    region: Region = Field(description="地区：" + " | ".join(REGIONS))


class FaceVerificationBody(Body):
    id_type: IdType
    id_number: Text = Field(max_length=40, description="证件号码")
    name: Text = Field(max_length=64, description="姓名")


class RealNameBody(Body):
    id_type: IdType
    id_number: Text = Field(max_length=40, description="证件号码")
    name: Text = Field(max_length=64, description="姓名")
    face_verify_id: Text | None = Field(
        None, max_length=256, description="已完成刷脸的 verify_id（POST /api/v1/face-verifications 取得）；"
                                          "地区要求人脸识别时必填")


class PayerBody(Body):
    """A payer typed in a form: 证件类型, 证件号码, 姓名, 国籍（地区）."""

    id_type: IdType
    id_number: Text = Field(max_length=40, description="证件号码")
    name: Text = Field(max_length=64, description="姓名")
    nationality: Text | None = Field(None, max_length=40, description="国籍（地区）；地区表单要求时必填（北京委托人）")


class AssessmentBody(Body):
    insurance_type: InsuranceType
    payment_kind: PaymentKind
    period_start: Month
    period_end: Month
    grade: Text | None = Field(None, max_length=32, description="缴费档次编码（按档次缴费的险种）")
    contribution_base_fen: Fen | None = None
    saved_payer_id: Id | None = Field(None, description="代缴：已添加的代缴人编号（与 payer 二选一）")
    payer: PayerBody | None = Field(None, description="代缴：本次填写的缴费人/委托人（与 saved_payer_id 二选一）")
    registration_place: Text | None = Field(None, max_length=64, description=(
        "登记所在地（湖北灵活就业：GET /api/v1/assessment-options 的 registration_places 之一；正常缴费必填）"))
    extraction_method: Text | None = Field(None, max_length=32, description=(
        "核定提取方式编码（湖北灵活就业：GET /api/v1/assessment-options 的 extraction_methods 之一；正常缴费必填）"))


class OwedBody(Body):
    insurance_type: InsuranceType
    payment_kind: Literal["back_payment", "special"] = "back_payment"
    saved_payer_id: Id | None = None
    payer: PayerBody | None = None


class CheckoutBody(Body):
    declaration_ids: list[Id] = Field(max_length=100, description="一次缴款的申报编号（同一缴款方式，最多20笔）")
    channel: Channel = next(iter(CHANNELS))  # type: ignore[valid-type]
    device: PaymentDevice | None = Field(None, description=(  # type: ignore[valid-type]
        "缴款终端（所选缴款方式提供的之一，默认其第一个）：" + "；".join(
            f"{c.label} " + "、".join(f"{d.name}（{d.label}）" for d in c.devices) for c in CHANNELS.values())))
    alipay_auth_code: Text | None = Field(None, max_length=64, description=(
        "支付宝缴款：小程序 my.getAuthCode({scopes: 'auth_base'}) 取得的授权码（新建缴款时必填，一次有效）"))
    alipay_client: PaymentDevice | None = Field(None, description=(  # type: ignore[valid-type]
        "同 device（旧名，仍可用）：支付宝缴款的客户端 mini_program 或 app"))
    agreement_id: Id | None = Field(None, description="银行卡协议缴款：所选的缴费协议（本人已生效的协议）")
    face_verify_id: Text | None = Field(None, max_length=128, description=(
        "银行卡协议缴款：地区要求扫脸支付时，POST /api/v1/me/face-verifications 取得并完成刷脸的 verify_id"))


class VoidBody(Body):
    reason: Text | None = Field(None, max_length=200, description="作废原因")


class BatchDebitSettingBody(Body):
    insurance_type: InsuranceType
    amount_fen: Fen
    year: Annotated[int, Field(ge=2000, le=2100)] | None = Field(None, description="年度：只能是本年度（默认）")


# ---- query strings (every value arrives as text) ----

def _comma_list(words: tuple[str, ...]) -> str:
    """The documented pattern of a comma-separated list of `words` (spaces around each allowed)."""
    word = "(" + "|".join(words) + ")"
    return rf"^ *{word} *(, *{word} *)*$"


def query_int(low: int, high: int) -> Any:
    """An integer in a query string: ASCII digits only, within [low, high] (documented so)."""
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_query_int)]


class Query(ApiModel):
    """A query string: unknown parameters refused, numbers in ASCII digits only."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PagingQuery(Query):
    page: query_int(1, 100_000) = Field(1, description="页码，从1开始")  # type: ignore[valid-type]
    page_size: query_int(1, 100) = Field(20, description="每页条数（1–100）")  # type: ignore[valid-type]
    order: Literal["desc", "asc"] = Field("desc", description="排序：desc 最新在前，asc 最早在前")


class DeclarationQuery(PagingQuery):
    date_from: Day | None = Field(None, alias="from", description="申报日期起 YYYY-MM-DD，默认本年1月1日")
    date_to: Day | None = Field(None, alias="to", description="申报日期止 YYYY-MM-DD（含当日）")
    state: Text | None = Field(None, max_length=40, description=(
        "状态：declared 申报成功未缴款、paid 已缴款、processing 申报处理中、voided 已作废，可用逗号组合"),
        json_schema_extra={"pattern": _comma_list(RECORD_STATES)})


class PaymentQuery(PagingQuery):
    period_from: QueryMonth | None = Field(None, description="费款所属期起 YYYYMM，默认本年1月")
    period_to: QueryMonth | None = Field(None, description="费款所属期止 YYYYMM，默认次年12月（征缴期内可缴次年费款）")
    insurance_type: Text | None = Field(None, max_length=120, description="险种，可用逗号组合；不填为全部",
                                        json_schema_extra={"pattern": _comma_list(INSURANCE_TYPES)})


class PersonQuery(Query):
    id_type: IdType | None = Field(None, description="证件类型（查询他人时填写）")
    id_number: Text | None = Field(None, max_length=40, description="证件号码（查询他人时填写）")
    name: Text | None = Field(None, max_length=64, description="姓名（查询他人时填写）")
    period_from: QueryMonth | None = Field(None, alias="from", description="费款所属期起 YYYYMM，默认本年1月")
    period_to: QueryMonth | None = Field(None, alias="to", description="费款所属期止 YYYYMM，默认本年12月")


class EnrollmentQuery(Query):
    insurance_type: InsuranceType | None = Field(None, description="险种；不填则查本地区任一险种")


class AssessmentOptionsQuery(Query):
    insurance_type: InsuranceType = Field(description="险种")
    saved_payer_id: query_int(1, MAX_INT) | None = Field(  # type: ignore[valid-type]
        None, description="代缴：已添加的代缴人编号；不填为本人")


class YearQuery(Query):
    year: query_int(2000, 2100) | None = Field(None, description="年度，如2026；不填为全部")  # type: ignore[valid-type]


class AgreementBody(Body):
    division_code: Text = Field(max_length=6, description="行政区划代码（6位，本地区）")
    bank_code: Text = Field(max_length=16, description="银行行别（GET /api/v1/agreement-options 的 banks）")
    account_no: Text = Field(max_length=32, description="缴款账户（银行卡号，12至19位数字）")
    holder_name: Text = Field(max_length=64, description="持卡人姓名：须与缴费人（本人）姓名一致")
    tax_office: Text | None = Field(None, max_length=64, description="税务机关（地区要求时，从 tax_offices 中选择）")
    face_verify_id: Text | None = Field(None, max_length=128, description=(
        "地区要求实名认证（扫脸）时：POST /api/v1/me/face-verifications 取得并完成刷脸的 verify_id"))


class RevokeBody(Body):
    confirm: bool = Field(description="再次确认撤销：true 才撤销")
