"""Request and response shapes; the same dataclasses describe the OpenAPI document."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    data: dict = field(default_factory=dict)


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
