"""What the API answers: every response body as a pydantic model. Handlers build these models
and nothing else, so the OpenAPI document (generated from the same classes) cannot drift.

Amounts are integer fen; times are ISO 8601 in Asia/Shanghai; id numbers are only ever masked.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, Field, create_model

from app.payments import Checkout
from miniprogram_api.openapi import ApiModel
from payment_channels.registry import CHANNELS, answers

DeclarationStateName = Literal["declared", "processing", "voided"]
PaymentStateName = Literal["created", "awaiting_payment", "unknown", "paid", "closed", "failed"]
PayerStatus = Literal["paying", "paid", "failed", "partly_failed"]
ShareStatus = Literal["paying", "paid", "failed"]
PostingStateName = Literal["not_posted", "posting", "posted", "unknown", "failed"]
RefundStateName = Literal["created", "processing", "succeeded", "failed", "unknown", "offline"]


class UserOut(ApiModel):
    id: int
    region: str
    real_name_bound: bool
    real_name_verified: bool = Field(description="实名信息已经人社/医保（及地区要求的人脸识别）核验")
    name: str | None
    id_type: str | None
    id_number_masked: str | None = Field(description="如 420102********0221；完整号码不出服务")


class SessionOut(ApiModel):
    token: str
    expires_in: int
    user: UserOut


class UserEnvelope(ApiModel):
    user: UserOut


class FaceVerificationOut(ApiModel):
    verify_id: str = Field(description=(
        "微信登录：传给 wx.requestFacialVerify 的 verifyId；支付宝登录：支付宝人脸核身的 certifyId"))
    expires_at: AwareDatetime
    provider: str = Field("wechat", description=(
        "刷脸在哪里完成：wechat（wx.requestFacialVerify）| alipay（my.startAPVerify({url: certify_url, certifyId: "
        "verify_id})）；完成后带 face_verify_id=verify_id 提交"))
    certify_url: str | None = Field(None, description="支付宝人脸核身的认证地址（provider=alipay 时）")


class SignedOut(ApiModel):
    signed_out: bool


class EnrollmentOut(ApiModel):
    insurance_type: str
    agency: str
    enrollment_region: str
    tax_office: str
    status: Literal["active", "suspended"]


class EnrollmentsOut(ApiModel):
    enrollments: list[EnrollmentOut]


class AssessmentLineOut(ApiModel):
    month: str
    amount_fen: int
    late_fee_fen: int


class AssessmentOut(ApiModel):
    assessment_no: str
    insurance_type: str
    payment_kind: str
    agency: str
    period_start: str
    period_end: str
    grade: str | None
    contribution_base_fen: int | None
    amount_due_fen: int
    lines: list[AssessmentLineOut]


class AssessmentEnvelope(ApiModel):
    assessment: AssessmentOut


class OwedOut(ApiModel):
    insurance_type: str
    payment_kind: str
    months: list[AssessmentLineOut] = Field(description="最早的在前；一次申报连续的若干月")
    total_fen: int
    max_months: int


class DeclarationOut(ApiModel):
    id: int
    declaration_no: str
    state: DeclarationStateName = Field(description="申报的状态机状态（declared 含已缴款的）")
    record_state: Literal["declared", "paid", "processing", "voided"] = Field(
        description="缴费人所见的申报状态，与申报记录查询的 state 一致：declared 申报成功未缴款、paid 已缴款、"
                    "processing 申报处理中、voided 已作废")
    state_label: str = Field(description="申报成功，未缴款 | 已缴款 | 申报处理中 | 已作废")
    payment_status: Literal["unpaid", "paying", "paid", "failed", "refunding", "refunded"] = Field(
        description="费款：unpaid 未缴款、paying 缴款中、paid 已缴款、failed 缴款失败、"
                    "refunding 退费中、refunded 已退费（未到账确认的费款按原渠道退还）")
    payment_status_label: str = Field(description="未缴款 | 缴款中 | 已缴款 | 缴款失败 | 退费中 | 已退费")
    current_payment_id: int | None
    relation: Literal["self_pay", "pay_for_others"]
    declared_by_me: bool = Field(description="本账号申报；否则为他人为本人申报（全渠道）")
    payer_name: str
    payer_id_type: str
    payer_id_masked: str
    payer_nationality: str | None
    insurance_type: str
    payment_kind: str
    grade: str | None
    contribution_base_fen: int | None
    period_start: str
    period_end: str
    assessment_no: str
    agency: str
    amount_due_fen: int
    lines: list[AssessmentLineOut]
    declared_at: AwareDatetime
    expires_at: AwareDatetime | None = Field(description="未缴款的申报在此时间后自动作废")
    voided_at: AwareDatetime | None
    void_reason: str | None


class DeclarationEnvelope(ApiModel):
    declaration: DeclarationOut


class DeclarationListOut(ApiModel):
    declarations: list[DeclarationOut]
    total: int
    page: int
    page_size: int
    order: Literal["desc", "asc"]


class RefundOut(ApiModel):
    out_refund_no: str
    state: RefundStateName
    status_label: str = Field(description="退费中 | 已退费 | 退费异常，工作人员处理中 | 已退费（银行转账）")
    amount_fen: int
    reason: str
    created_at: AwareDatetime
    succeeded_at: AwareDatetime | None


class PaymentItemOut(ApiModel):
    declaration_id: int
    declaration_no: str
    payer_name: str
    payer_id_masked: str
    insurance_type: str
    period_start: str
    period_end: str
    amount_fen: int
    status: ShareStatus
    status_label: str
    posting_state: PostingStateName
    posting_reason: str | None = Field(description=(
        "到账确认的情况与下一步（未到账确认时：正在确认到账，如未成功将于某日前原路退回；"
        "等待更早所属期的缴款到账；未能到账确认的原因与退费）；已到账确认或未缴款时为 null"))
    posted_at: AwareDatetime | None
    posting_deadline: AwareDatetime | None = Field(
        description="到账确认的最后期限：届时仍未到账确认的，费款按原渠道退还")
    refund_due_by: date | None = Field(
        description="未到账确认时费款最迟退还日期（地区承诺的工作日内）；已到账确认的为 null")
    refund: RefundOut | None


class PaymentOut(ApiModel):
    id: int
    out_trade_no: str
    channel: str
    state: PaymentStateName
    status: PayerStatus
    status_label: str = Field(description="缴款中 | 缴款成功 | 缴款失败 | 部分缴款失败")
    amount_fen: int = Field(description="本笔缴款金额；他人为本人缴费时只计本人的费款")
    description: str
    transaction_id: str | None
    paid_at: AwareDatetime | None
    created_at: AwareDatetime
    expires_at: AwareDatetime | None = Field(description="未支付的订单在此时间后关闭")
    failure_reason: str | None
    paid_by_me: bool = Field(description="本账号缴款；否则为他人（或本人的其他账号）为本人缴费，只显示本人的费款")
    agreement_id: int | None = Field(description="银行卡协议缴款：所用的缴费协议（本账号的缴款才显示）")
    batch_debit: bool = Field(description="银行批量扣款（批扣清册）的扣款")
    certificate_available: bool = Field(
        description="现在可【开具完税证明】（POST /api/v1/payments/{id}/certificates）：已到账确认，且已过地区的"
                    "等待期（贵州：缴入国库后3个工作日）与截止日期；否则见 certificate_ready_on 与 certificate_reason")
    certificate_ready_on: date | None = Field(
        None, description="尚不能开具时，可开具的日期（已知时；如贵州：上游给出的入库日期后3个工作日）")
    certificate_reason_code: str | None = Field(
        None, description="尚不能开具的原因代码：certificate_treasury_wait | certificate_before_cutoff | "
                          "certificate_nothing_paid | certificate_after_daily_reconciliation；缴款中或未缴款时为 null")
    certificate_reason: str | None = Field(None, description="尚不能开具的原因（中文，可直接展示）")
    items: list[PaymentItemOut]


class PaymentWithDeclarations(PaymentOut):
    declarations: list[DeclarationOut]


class PaymentEnvelope(ApiModel):
    payment: PaymentOut


def _checkout_fields() -> dict[str, Any]:
    """One field per way a device is handed an order, from the registered channels."""
    return {device.answer_field: (device.handed | None, Field(None, description=device.answer_doc))  # type: ignore[operator]
            for device in answers()}


CheckoutOut: type[ApiModel] = create_model("CheckoutOut", __base__=ApiModel, payment=(PaymentOut, ...),  # type: ignore[call-overload]
                           **_checkout_fields())
"""The payment, and what the payer's device is handed to pay it (one field, by the channel and device)."""


def checkout_answer(payment: PaymentOut, result: Checkout) -> ApiModel:
    device = CHANNELS[result.payment.channel].device(result.payment.device) \
        or CHANNELS[result.payment.channel].default_device
    handed = {}
    if device.handed is not None and result.client_params:
        handed[device.answer_field] = device.handed.model_validate(result.client_params)
    answer: ApiModel = CheckoutOut(payment=payment, **handed)  # type: ignore[call-arg]
    return answer


class TotalOut(ApiModel):
    payer_name: str
    payer_id_masked: str
    insurance_type: str
    year: str
    amount_fen: int = Field(description="缴款成功（已到账确认）的金额")
    count: int


class OtherChannelRecordOut(ApiModel):
    """A payment upstream knows from another channel (bank counter, tax hall, batch debit)."""

    payer_name: str
    payer_id_masked: str
    insurance_type: str
    period_start: str
    period_end: str
    amount_fen: int
    paid_on: date
    channel_label: str
    receipt_no: str
    certificate_available: bool = Field(
        description="现在可开具完税证明（POST /api/v1/record-certificates）；"
                    "否则见 certificate_ready_on 与 certificate_reason")
    certificate_ready_on: date | None = Field(None, description="尚不能开具时，可开具的日期（已知时）")
    certificate_reason_code: str | None = Field(None, description="尚不能开具的原因代码")
    certificate_reason: str | None = Field(None, description="尚不能开具的原因（中文）")


class PaymentListOut(ApiModel):
    payments: list[PaymentWithDeclarations]
    total: int
    totals: list[TotalOut] = Field(description="按缴费人、险种、年度合计的缴款成功金额（含其他渠道）")
    other_channel_records: list[OtherChannelRecordOut] = Field(description="本人在其他渠道的缴费（全渠道）")
    other_channels_status: Literal["ok", "unavailable", "not_verified"] = Field(
        description="其他渠道记录：ok 已查询；unavailable 暂时查询不到（稍后再试）；not_verified 实名核验后可查")
    period_from: str
    period_to: str
    insurance_types: list[str] | None
    page: int
    page_size: int
    order: Literal["desc", "asc"]


class MenuItemOut(ApiModel):
    code: str
    title: str
    action: str
    insurance_type: str | None
    insurance_types: list[str]
    for_others: bool
    available: bool = Field(description="false：该功能暂未开通，不能办理")
    unavailable_reason: str | None


class MenuGroupOut(ApiModel):
    code: str
    title: str
    items: list[MenuItemOut]


class GradeOut(ApiModel):
    code: str
    name: str
    amount_fen: int
    base_fen: int | None


class CollectionWindowOut(ApiModel):
    opens: str
    closes: str
    off_window: Literal["allow", "refuse"]
    off_window_notice: str
    demo_figures: bool


class InsuranceTypeOut(ApiModel):
    code: str
    name: str
    department: Literal["hrss", "healthcare_security"]
    payment_kinds: list[str]
    assessment_mode: Literal["fixed", "by_grade", "by_base"]
    period_unit: Literal["year", "month"]
    max_months: int
    grades: list[GradeOut]
    fixed_amount_fen: int | None
    base_range_fen: list[int] | None
    rate_basis_points: int | None
    demo_figures: bool
    source: str
    collection_window: CollectionWindowOut | None


class LimitsOut(ApiModel):
    saved_payers: int
    query_default_period: str


class RealNameRulesOut(ApiModel):
    face_verification: bool = Field(description="实名认证需人脸识别（wx.startFacialRecognitionVerify）")
    upstream_check: bool


class CertificateRulesOut(ApiModel):
    available: bool = Field(description="true：可开具完税证明（/api/v1/payments/{id}/certificates、"
                                        "/api/v1/certificate-queries），可查验（/certificates/verify/{region}）")
    document_name: str = Field(description="本地区的证明名称：税收完税证明（湖北）、社会保险费缴费证明（北京、贵州）")
    verify_url: str = Field(description="本地区的证明查验页面（证明上的二维码也指向它）")
    styles: list[str] = Field(description="table 表格式 | document 文书式：每种样式是一份证明")
    treasury_delay_working_days: int
    requires_treasury_entry: bool
    offer_after_payment: bool
    album_image: bool
    asynchronous: bool
    captcha_required: bool = Field(description="记录查验需验证码")
    query_captcha: bool = Field(description="按费款所属期查询开具时需验证码（贵州）")
    available_from: dict[str, date]


class MenusOut(ApiModel):
    region: str
    name: str
    tax_bureau: str
    platform: str
    menus: list[MenuGroupOut]
    insurance_types: dict[str, InsuranceTypeOut]
    channels: list[str] = Field(description="现在可用的缴款方式")
    channels_not_yet_offered: list[str] = Field(description="本地区规定但暂未开通的缴款方式")
    channels_for_others: list[str]
    devices: dict[str, list[str]] = Field(description=(
        "每种可用缴款方式在本地区可用的缴款终端（POST /payments 的 device）：mini_program 小程序、app 手机应用、"
        "pc 电脑扫码、agreement 协议扣款"))
    for_others_insurance_types: list[str]
    nationality_required_for_others: bool
    batch_debit_types: list[str] = Field(description="可设置批量扣款缴费金额的险种")
    id_types: list[str]
    limits: LimitsOut
    saved_payers_mode: Literal["list", "each_time"]
    refund_deadline_working_days: int
    declaration_expiry_hours: int
    real_name: RealNameRulesOut
    certificate: CertificateRulesOut
    notices: list[str]


class SavedPayerOut(ApiModel):
    id: int
    id_type: str
    id_number_masked: str
    name: str
    nationality: str | None
    verified: bool = Field(description="姓名与证件号码已经核验")
    created_at: AwareDatetime
    updated_at: AwareDatetime


class SavedPayerEnvelope(ApiModel):
    saved_payer: SavedPayerOut


class SavedPayerList(ApiModel):
    saved_payers: list[SavedPayerOut]
    limit: int
    mode: Literal["list", "each_time"]


class SavedPayerDeleted(ApiModel):
    saved_payer: SavedPayerOut
    deleted: bool


class SavedPayerEnrollments(ApiModel):
    saved_payer: SavedPayerOut
    enrollments: list[EnrollmentOut]


class PersonOut(ApiModel):
    id_type: str
    id_number_masked: str
    name: str


class PaidRecordOut(ApiModel):
    """One 缴费信息 line upstream holds for the person (any channel)."""

    insurance_type: str
    period_start: str
    period_end: str
    amount_fen: int
    paid_on: date
    channel_label: str


class SocialInsuranceRecords(ApiModel):
    person: PersonOut
    period_from: str
    period_to: str
    declarations: list[DeclarationOut]
    payments: list[PaymentOut] = Field(description="缴费信息：只含该人员的费款")
    paid_records: list[PaidRecordOut] | None = Field(None, description=(
        "查询与本人无关的人员时（地区允许时，如贵州：经人社核验姓名与证件号码）：人社/医保登记的缴费信息"
        "（全渠道）；此时 declarations 与 payments 为空。查询本人或相关人员时为 null"))


class BatchDebitSettingOut(ApiModel):
    id: int
    insurance_type: str
    year: int
    valid_from: date
    valid_to: date
    grade: str | None
    amount_fen: int
    state: Literal["active", "voided"]
    state_label: str
    payer_name: str
    payer_id_masked: str
    created_at: AwareDatetime
    voided_at: AwareDatetime | None


class BatchDebitSettingEnvelope(ApiModel):
    batch_debit_setting: BatchDebitSettingOut


class BatchDebitSettingList(ApiModel):
    batch_debit_settings: list[BatchDebitSettingOut]


class NotificationAck(ApiModel):
    code: Literal["SUCCESS", "FAIL"]
    message: str


class LiveOut(ApiModel):
    status: Literal["ok"]


class HealthOut(ApiModel):
    """Each dependency: ok, down, or embedded (the embedded default's in-process store and queue,
    which are up while the process is)."""
    status: Literal["ok", "unhealthy"]
    database: Literal["ok", "down"]
    redis: Literal["ok", "down", "embedded"]
    queue: Literal["ok", "down", "embedded"]
    api_workers: str | None = Field(None, description=(
        "API 工作进程：存活数/配置数（多进程运行时）；少于配置数时，退出的进程正在补起"))


class AgreementOut(ApiModel):
    id: int
    division_code: str
    bank_code: str
    bank_name: str
    account_masked: str = Field(description="如 6222 **** **** 0123；完整账号不出服务")
    holder_name: str
    payer_id_masked: str
    tax_office: str | None
    state: Literal["active", "revoked"]
    status_label: str = Field(description="待生效 / 已生效 / 已撤销")
    effective_from: date = Field(description="生效日期（北京：签订成功次日生效）")
    usable: bool = Field(description="现在可用于缴费和批扣")
    signed_at: AwareDatetime
    revoked_at: AwareDatetime | None


class AgreementEnvelope(ApiModel):
    agreement: AgreementOut


class AgreementList(ApiModel):
    agreements: list[AgreementOut]


class BankOut(ApiModel):
    code: str
    name: str


class AgreementOptionsOut(ApiModel):
    banks: list[BankOut]
    division_prefix: str = Field(description="本地区行政区划代码的前两位")
    tax_offices: list[str] = Field(description="可选择的税务机关；空则协议不填税务机关")
    self_only: bool
    cardholder_must_match: bool
    tax_office_must_match: bool
    effective_next_day: bool
    face_verification: bool = Field(description="签订与每次协议缴款都需扫脸（实名认证）")


class ChoiceOut(ApiModel):
    code: str
    name: str


class AssessmentOptionsOut(ApiModel):
    insurance_type: str
    required: bool = Field(description="提取核定（正常缴费）前须选择核定提取方式和登记所在地")
    extraction_methods: list[ChoiceOut] = Field(description="核定提取方式")
    registration_places: list[str] = Field(description="登记所在地：该缴费人在本地区的灵活就业登记所在地")
