"""The sandbox's in-memory records and their JSON as WeChat renders it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.clock import SHANGHAI

TRADE_DESC = {"NOTPAY": "订单未支付", "SUCCESS": "支付成功", "CLOSED": "订单已关闭", "REFUND": "转入退款"}
LIVE_REFUND_STATES = ("PROCESSING", "SUCCESS")


def iso(moment: datetime | None) -> str:
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds") if moment else ""


@dataclass
class SandboxOrder:
    out_trade_no: str
    appid: str
    description: str
    total_fen: int
    openid: str
    notify_url: str
    attach: str
    prepay_id: str
    trade_state: str = "NOTPAY"
    transaction_id: str = ""
    success_time: datetime | None = None
    payer_total_fen: int | None = None
    time_expire: str = ""  # as the merchant sent it (RFC 3339); empty: WeChat's default
    trade_type: str = "JSAPI"  # NATIVE: a code_url to scan; the payer's openid is known once scanned
    code_url: str = ""


@dataclass
class SandboxRefund:
    out_refund_no: str
    out_trade_no: str
    refund_id: str
    refund_fen: int
    total_fen: int
    reason: str
    notify_url: str
    created: datetime
    status: str = "PROCESSING"
    success_time: datetime | None = None



def transaction_json(order: SandboxOrder, mchid: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "appid": order.appid, "mchid": mchid, "out_trade_no": order.out_trade_no,
        "trade_type": order.trade_type, "trade_state": order.trade_state,
        "trade_state_desc": TRADE_DESC[order.trade_state], "attach": order.attach,
        "amount": {"total": order.total_fen, "currency": "CNY"},
    }
    if order.openid:  # a Native order not scanned yet has no payer
        data["payer"] = {"openid": order.openid}
    if order.transaction_id:
        data.update(transaction_id=order.transaction_id, bank_type="OTHERS", success_time=iso(order.success_time))
        data["amount"].update(payer_total=order.payer_total_fen, payer_currency="CNY")
    return data


def refund_json(refund: SandboxRefund, order: SandboxOrder) -> dict[str, Any]:
    """The answer of POST/GET /v3/refund/domestic/refunds."""
    data: dict[str, Any] = {
        "refund_id": refund.refund_id, "out_refund_no": refund.out_refund_no,
        "transaction_id": order.transaction_id, "out_trade_no": order.out_trade_no,
        "channel": "ORIGINAL", "user_received_account": "支付用户零钱", "create_time": iso(refund.created),
        "status": refund.status, "funds_account": "AVAILABLE",
        "amount": {
            "total": refund.total_fen, "refund": refund.refund_fen, "payer_total": order.payer_total_fen,
            "payer_refund": refund.refund_fen, "settlement_refund": refund.refund_fen,
            "settlement_total": refund.total_fen, "discount_refund": 0, "currency": "CNY",
        },
    }
    if refund.success_time:
        data["success_time"] = iso(refund.success_time)
    return data


def refund_notification_json(refund: SandboxRefund, order: SandboxOrder, mchid: str) -> dict[str, Any]:
    """The decrypted resource of a REFUND.* notification (no appid, `refund_status`)."""
    return {
        "mchid": mchid, "out_trade_no": order.out_trade_no, "transaction_id": order.transaction_id,
        "out_refund_no": refund.out_refund_no, "refund_id": refund.refund_id,
        "refund_status": refund.status, "success_time": iso(refund.success_time),
        "user_received_account": "支付用户零钱",
        "amount": {"total": refund.total_fen, "refund": refund.refund_fen,
                   "payer_total": order.payer_total_fen, "payer_refund": refund.refund_fen},
    }
