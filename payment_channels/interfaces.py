"""The port every payment channel adapter implements.

Data in, data out: adapters take and return the frozen dataclasses below, map provider
status codes to our enums in one place, and raise only the exceptions of this module.

Exception tree::

    ChannelError
    ├── ChannelUnavailable     the request certainly did not take effect (connection refused,
    │                          5xx before processing): retry later with the same number
    ├── ChannelResultUnknown   timeout or unreadable/unsigned answer: the result is unknown,
    │                          only a query settles it
    └── ChannelRejected        the channel answered with a final refusal (code, message)

    NotificationRejected       an inbound notification failed a check (reason code)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol


class ChannelError(Exception):
    """Base of every channel failure."""

    def __init__(self, message: str = "", *, code: str = "", raw: Any = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.raw = raw


class ChannelUnavailable(ChannelError):
    """The call did not take effect; retry later with the same out_trade_no / out_refund_no."""


class ChannelResultUnknown(ChannelError):
    """We do not know whether the call took effect (timeout, bad response signature)."""


class ChannelRejected(ChannelError):
    """A final refusal from the channel (e.g. ORDERPAID, PARAM_ERROR, NOT_ENOUGH)."""


class NotificationRejected(Exception):
    """An inbound notification failed a check; `reason` is a stable code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class TradeState(enum.StrEnum):
    """A channel order's state, mapped from the provider's codes."""

    PENDING = "pending"  # NOTPAY, USERPAYING
    PAID = "paid"  # SUCCESS
    CLOSED = "closed"  # CLOSED, REVOKED, PAYERROR
    REFUNDED = "refunded"  # REFUND (paid, then refunded in part or whole)
    NOT_FOUND = "not_found"  # ORDER_NOT_EXIST


class RefundState(enum.StrEnum):
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    CLOSED = "closed"
    ABNORMAL = "abnormal"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class OrderRequest:
    """`payer_ref`: the channel's reference of who pays (the channel's `PayerKind`) — the WeChat
    openid, the Alipay open_id, the bank's agreement number; empty when anyone may pay it (a phone
    app's order string, a QR code). `attach`: the bank channel's 批扣清册 number. `device`: which
    of the channel's devices pays it (`payment_channels.spec.Device`: "mini_program", "app" …);
    empty for the channel's first."""

    out_trade_no: str
    description: str
    amount_fen: int
    payer_ref: str
    notify_url: str
    attach: str = ""
    time_expire: datetime | None = None
    device: str = ""


LOCAL_PREPAY_ID = "APP"  # an order whose answer is made again each time it is asked for, by
# create_order with the same number, amount and expiry: an app's order string (made here, without
# calling the channel), a QR code to scan (the channel answers the same number's code again)


@dataclass(frozen=True)
class OrderResult:
    prepay_id: str
    # the object the mini-program passes to wx.requestPayment:
    # appId, timeStamp, nonceStr, package ("prepay_id=..."), signType ("RSA"), paySign
    client_params: dict[str, str]
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TradeStatus:
    out_trade_no: str
    state: TradeState
    provider_state: str  # the provider's own code, e.g. "SUCCESS"
    transaction_id: str | None = None
    amount_fen: int | None = None  # amount.total
    payer_amount_fen: int | None = None  # amount.payer_total
    mchid: str | None = None
    appid: str | None = None
    success_time: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundRequest:
    out_trade_no: str
    out_refund_no: str
    amount_fen: int
    total_fen: int
    reason: str
    notify_url: str


@dataclass(frozen=True)
class RefundStatus:
    out_refund_no: str
    state: RefundState
    provider_state: str
    refund_id: str | None = None
    out_trade_no: str | None = None
    amount_fen: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class VerifiedNotification:
    """A notification whose signature, timestamp window and decryption checked out.

    `resource` is the decrypted JSON. The adapter has also checked mchid and appid against
    its configuration; out_trade_no and amount are checked by the payment service against our
    own records.
    """

    notification_id: str
    event_type: str  # TRANSACTION.SUCCESS, REFUND.SUCCESS, REFUND.ABNORMAL, REFUND.CLOSED
    kind: str  # "payment" | "refund"
    resource: dict[str, Any]
    trade: TradeStatus | None = None  # for kind == "payment"
    refund: RefundStatus | None = None  # for kind == "refund"


class PaymentChannel(Protocol):
    """A payment channel. Every call may be repeated with the same number."""

    name: str

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def create_order(self, request: OrderRequest) -> OrderResult:
        """Create (or re-create, idempotently) the channel order for `out_trade_no`.

        Raises: ChannelRejected, ChannelUnavailable, ChannelResultUnknown.
        """
        ...

    async def client_params(self, prepay_id: str) -> dict[str, str]:
        """Fresh wx.requestPayment parameters (new timeStamp/nonceStr, paySign) for a prepay_id."""
        ...

    async def query_order(self, out_trade_no: str) -> TradeStatus:
        """Raises: ChannelUnavailable, ChannelResultUnknown."""
        ...

    async def close_order(self, out_trade_no: str) -> None:
        """Raises: ChannelRejected (e.g. ORDERPAID), ChannelUnavailable, ChannelResultUnknown."""
        ...

    async def refund(self, request: RefundRequest) -> RefundStatus:
        """Raises: ChannelRejected, ChannelUnavailable, ChannelResultUnknown."""
        ...

    async def query_refund(self, out_refund_no: str, out_trade_no: str | None = None) -> RefundStatus:
        """How one of our refunds stands (Alipay needs its order too). Raises: ChannelUnavailable,
        ChannelResultUnknown."""
        ...

    async def parse_notification(
        self, headers: Mapping[str, str], body: bytes, now: datetime | None = None
    ) -> VerifiedNotification:
        """Verify and decrypt an inbound notification.

        Raises: NotificationRejected(reason) with reason one of: missing_headers,
        bad_signature, stale_timestamp, decrypt_failed, malformed, wrong_mchid, wrong_appid,
        inconsistent_event (the event type and the state it carries disagree).
        """
        ...

    async def download_trade_bill(self, bill_date: date) -> str:
        """The channel's trade statement for one day, as text (CSV)."""
        ...


class AuthCodeExchange(Protocol):
    """A channel whose payer is known by a code the client app got (Alipay's my.getAuthCode)."""

    async def exchange_auth_code(self, auth_code: str) -> str:
        """The payer's id at the channel (Alipay open_id). Raises: ChannelRejected (the code is
        invalid or used), ChannelUnavailable, ChannelResultUnknown."""
        ...
