"""WeChat Pay codes and HTTP answers → our states and exceptions. The one place for both."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from payment_channels.interfaces import (
    ChannelRejected,
    ChannelResultUnknown,
    ChannelUnavailable,
    RefundState,
    RefundStatus,
    TradeState,
    TradeStatus,
)

# The provider's codes → ours. The one place where WeChat states become our states.
TRADE_STATES: Mapping[str, TradeState] = {
    "NOTPAY": TradeState.PENDING,
    "USERPAYING": TradeState.PENDING,
    "SUCCESS": TradeState.PAID,
    "CLOSED": TradeState.CLOSED,
    "REVOKED": TradeState.CLOSED,
    "PAYERROR": TradeState.CLOSED,
    "REFUND": TradeState.REFUNDED,
    "ORDER_NOT_EXIST": TradeState.NOT_FOUND,
}
REFUND_STATES: Mapping[str, RefundState] = {
    "PROCESSING": RefundState.PROCESSING,
    "SUCCESS": RefundState.SUCCEEDED,
    "CLOSED": RefundState.CLOSED,
    "ABNORMAL": RefundState.ABNORMAL,
    "RESOURCE_NOT_EXISTS": RefundState.NOT_FOUND,
}
# Answers that say "not processed, try again later" whatever the operation.
_RETRYABLE_4XX = {"FREQUENCY_LIMITED", "SYSTEM_ERROR"}



def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def trade_status_from(data: Mapping[str, Any]) -> TradeStatus:
    """A WeChat transaction JSON (query answer or decrypted notification) as our TradeStatus."""
    provider_state = str(data.get("trade_state", ""))
    if provider_state not in TRADE_STATES:
        raise ChannelResultUnknown(f"unknown trade_state {provider_state!r}", code="UNKNOWN_STATE", raw=data)
    amount: Mapping[str, Any] = data["amount"] if isinstance(data.get("amount"), dict) else {}
    return TradeStatus(
        out_trade_no=str(data.get("out_trade_no", "")),
        state=TRADE_STATES[provider_state],
        provider_state=provider_state,
        transaction_id=data.get("transaction_id") or None,
        amount_fen=_int_or_none(amount.get("total")),
        payer_amount_fen=_int_or_none(amount.get("payer_total")),
        mchid=data.get("mchid"),
        appid=data.get("appid"),
        success_time=_parse_time(data.get("success_time")),
        raw=dict(data),
    )


def refund_status_from(data: Mapping[str, Any]) -> RefundStatus:
    """A WeChat refund JSON (answer or decrypted notification) as our RefundStatus."""
    provider_state = str(data.get("status") or data.get("refund_status") or "")
    if provider_state not in REFUND_STATES:
        raise ChannelResultUnknown(f"unknown refund status {provider_state!r}", code="UNKNOWN_STATE", raw=data)
    amount: Mapping[str, Any] = data["amount"] if isinstance(data.get("amount"), dict) else {}
    return RefundStatus(
        out_refund_no=str(data.get("out_refund_no", "")),
        state=REFUND_STATES[provider_state],
        provider_state=provider_state,
        refund_id=data.get("refund_id") or None,
        out_trade_no=data.get("out_trade_no") or None,
        amount_fen=_int_or_none(amount.get("refund")),
        raw=dict(data),
    )


def _error_body(payload: Any) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def map_http_status(status: int, payload: Any, *, mutating: bool) -> dict[str, Any]:
    """An HTTP answer as JSON, or the matching ChannelError. Every status rule lives here."""
    if 200 <= status < 300:
        if not payload:
            return {}
        body = _error_body(payload)
        if not body:
            raise ChannelResultUnknown("2xx answer is not a JSON object", code="UNREADABLE_RESPONSE", raw=payload)
        return body
    error = _error_body(payload)
    code, message = str(error.get("code", "")), str(error.get("message", ""))
    if status == 503 or (status < 500 and code in _RETRYABLE_4XX):
        # 503: the gateway says it did not take the request; FREQUENCY_LIMITED: not processed.
        raise ChannelUnavailable(message or f"HTTP {status}", code=code or f"HTTP_{status}", raw=error)
    if status >= 500:
        # the call may have taken effect: only a query settles create/refund
        cls = ChannelResultUnknown if mutating else ChannelUnavailable
        raise cls(message or f"HTTP {status}", code=code or f"HTTP_{status}", raw=error)
    raise ChannelRejected(message or f"HTTP {status}", code=code or f"HTTP_{status}", raw=error)
