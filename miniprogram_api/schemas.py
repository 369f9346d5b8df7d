"""Request and response shapes; the same dataclasses describe the OpenAPI document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SignInBody:
    code: str  # the mini-program's wx.login code
    region: str  # region profile: hubei | guizhou | beijing


@dataclass
class RealNameBody:
    id_type: str
    id_number: str
    name: str


@dataclass
class AssessmentBody:
    insurance_type: str
    payment_kind: str
    period_start: str  # YYYYMM
    period_end: str  # YYYYMM
    grade: str | None = None
    contribution_base_fen: int | None = None
    # 代缴: whom it is for. Neither → the user (自缴); at most one of the two.
    saved_payer_id: int | None = None  # a person on the user's saved-payer list
    payer: PayerBody | None = None  # a person typed in the form (Guizhou each time; Beijing's 委托人)


@dataclass
class CheckoutBody:
    declaration_ids: list[int]
    channel: str = "wechat_pay"


@dataclass
class VoidBody:
    reason: str | None = None


@dataclass
class ErrorDetail:
    code: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ErrorResponse:
    error: ErrorDetail


@dataclass
class SessionResponse:
    token: str
    expires_in: int
    user: dict


@dataclass
class DeclarationResponse:
    id: int
    declaration_no: str
    state: str  # declared | processing | voided
    state_label: str  # 申报成功 | 申报处理中 | 已作废
    payment_status: str  # unpaid | paying | paid | failed
    insurance_type: str
    payment_kind: str
    period_start: str
    period_end: str
    amount_due_fen: int
    payer_name: str
    payer_id_masked: str


@dataclass
class PaymentResponse:
    id: int
    out_trade_no: str
    state: str
    status: str  # paying | paid | failed | partly_failed
    status_label: str  # 缴款中 | 缴款成功 | 缴款失败
    amount_fen: int
    channel: str
    items: list[dict]


@dataclass
class CheckoutResponse:
    payment: PaymentResponse
    request_payment: dict | None  # the wx.requestPayment object


@dataclass
class UserView:
    id: int
    region: str
    real_name_bound: bool
    name: str | None
    id_type: str | None
    id_number_masked: str | None  # e.g. 420102********0221; the full number never leaves the service


@dataclass
class MeResponse:
    user: UserView


@dataclass
class BindingResponse:
    user: UserView


@dataclass
class EnrollmentView:
    insurance_type: str
    agency: str
    enrollment_region: str
    tax_office: str
    status: str


@dataclass
class EnrollmentsResponse:
    enrollments: list[EnrollmentView]


@dataclass
class AssessmentLineView:
    month: str
    amount_fen: int
    late_fee_fen: int


@dataclass
class AssessmentView:
    assessment_no: str
    insurance_type: str
    payment_kind: str
    agency: str
    period_start: str
    period_end: str
    grade: str | None
    contribution_base_fen: int | None
    amount_due_fen: int
    lines: list[AssessmentLineView]


@dataclass
class AssessmentResponse:
    assessment: AssessmentView


@dataclass
class DeclarationEnvelope:
    declaration: DeclarationResponse


@dataclass
class DeclarationList:
    declarations: list[DeclarationResponse]
    total: int
    page: int
    page_size: int
    order: str


@dataclass
class PaymentEnvelope:
    payment: PaymentResponse


@dataclass
class TotalView:
    insurance_type: str
    year: str
    amount_fen: int  # paid and posted (缴款成功)
    count: int


@dataclass
class PaymentList:
    payments: list[PaymentResponse]  # each with its declarations
    total: int
    totals: list[TotalView]
    period_from: str
    period_to: str
    page: int
    page_size: int
    order: str


@dataclass
class MenuItemView:
    code: str
    title: str
    action: str
    insurance_type: str | None


@dataclass
class MenuGroupView:
    code: str
    title: str
    items: list[MenuItemView]


@dataclass
class MenusResponse:
    region: str
    name: str
    tax_bureau: str
    menus: list[MenuGroupView]
    insurance_types: dict  # code → name, payment kinds, grades with amount_fen, period unit, limits
    channels: list[str]
    channels_for_others: list[str]  # channels a declaration for another payer may use
    for_others_insurance_types: list[str]  # insurance types a menu lets the user pay for others
    nationality_required_for_others: bool  # Beijing's 委托人 form asks 国籍（地区）
    batch_debit_types: list[str]  # 批量扣款缴费金额设置: the types it is offered for
    id_types: list[str]
    limits: dict
    saved_payers_mode: str  # list: 代缴人名单 (添加/修改/删除); each_time: the payer is typed each time
    refund_deadline_working_days: int
    certificate: dict
    notices: list[str]


@dataclass
class NotificationAck:
    code: str  # SUCCESS
    message: str


@dataclass
class SignedOut:
    signed_out: bool


# ---- saved payers, pay for others, 社保费申报查询, batch-debit settings ----

@dataclass
class PayerBody:
    id_type: str  # 证件类型, one of the region's id_types
    id_number: str  # 证件号码
    name: str  # 姓名
    nationality: str | None = None  # 国籍（地区）; required where the region's form asks it (Beijing)


@dataclass
class SavedPayerView:
    id: int
    id_type: str
    id_number_masked: str  # the full number never leaves the service
    name: str
    nationality: str | None
    created_at: str
    updated_at: str


@dataclass
class SavedPayerEnvelope:
    saved_payer: SavedPayerView


@dataclass
class SavedPayerList:
    saved_payers: list[SavedPayerView]
    limit: int  # the region's limits.saved_payers (30)
    mode: str  # the region's saved_payers_mode: list | each_time


@dataclass
class SavedPayerDeleted:
    saved_payer: SavedPayerView
    deleted: bool


@dataclass
class SavedPayerEnrollments:
    saved_payer: SavedPayerView
    enrollments: list[EnrollmentView]  # upstream's answer; at least one valid (active) for the type asked


@dataclass
class PersonView:
    id_type: str
    id_number_masked: str
    name: str


@dataclass
class SocialInsuranceRecords:
    person: PersonView
    period_from: str  # 费款所属期起 YYYYMM
    period_to: str  # 费款所属期止 YYYYMM
    declarations: list[DeclarationResponse]
    payments: list[PaymentResponse]  # 缴费信息: each with only this person's shares


@dataclass
class BatchDebitSettingBody:
    insurance_type: str  # one of the region's batch_debit_types (城乡居民)
    amount_fen: int  # one of the type's grade amounts, or its fixed amount
    year: int | None = None  # this year only (本年度); default this year


@dataclass
class BatchDebitSettingView:
    id: int
    insurance_type: str
    year: int
    valid_from: str  # 缴费金额有效期起 YYYY-MM-DD
    valid_to: str  # 缴费金额有效期止 YYYY-MM-DD
    grade: str | None
    amount_fen: int
    state: str  # active | voided
    state_label: str  # 有效 | 已作废
    payer_name: str
    payer_id_masked: str
    created_at: str
    voided_at: str | None


@dataclass
class BatchDebitSettingEnvelope:
    batch_debit_setting: BatchDebitSettingView


@dataclass
class BatchDebitSettingList:
    batch_debit_settings: list[BatchDebitSettingView]


@dataclass
class OwedBody:
    insurance_type: str
    payment_kind: str = "back_payment"  # back_payment 补缴 | special 人社核定的特殊缴费
    saved_payer_id: int | None = None
    payer: PayerBody | None = None


@dataclass
class OwedResponse:
    insurance_type: str
    payment_kind: str
    months: list[AssessmentLineView]  # oldest first; declare a contiguous run of them
    total_fen: int  # amounts and late fees of every month listed
    max_months: int  # at most this many months in one declaration
