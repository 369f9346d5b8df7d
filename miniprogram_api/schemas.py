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
    id_types: list[str]
    limits: dict
    saved_payers_mode: str
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
