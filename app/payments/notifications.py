"""Inbound channel notifications: kept raw, trusted only after every check (invariant 6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.context import Services
from app.payments.models import ChannelNotification, Payment
from app.payments.services import apply_trade_status
from app.refunds.models import Refund
from app.refunds.services import apply_refund_status
from payment_channels import interfaces as ch

_KEPT_HEADERS = ("wechatpay-timestamp", "wechatpay-nonce", "wechatpay-serial", "wechatpay-signature",
                 "wechatpay-signature-type", "content-type", "user-agent")


async def _keep(channel: str, headers: Mapping[str, str], body: bytes, verdict: str, **fields: Any) -> None:
    kept = {k: v for k, v in ((k.lower(), v) for k, v in headers.items()) if k in _KEPT_HEADERS}
    await ChannelNotification.create(
        channel=channel, headers=kept, body=body.decode("utf-8", errors="replace"), verdict=verdict,
        flagged=verdict == "rejected", **fields,
    )


async def handle_notification(services: Services, channel_name: str, headers: Mapping[str, str], body: bytes) -> str:
    """Verify, check against our records, apply once. Returns the verdict; never raises for bad input.

    TRANSACTION.* go to the payment, REFUND.* to our refund of that out_refund_no.
    Verdicts: applied, duplicate, ignored (a state we do not act on), rejected (kept and flagged).
    """
    channel = services.channel(channel_name)
    try:
        note = await channel.parse_notification(headers, body)
    except ch.NotificationRejected as exc:
        await _keep(channel_name, headers, body, "rejected", reject_reason=exc.reason)
        return "rejected"
    common: dict[str, Any] = {
        "notification_id": note.notification_id, "event_type": note.event_type, "resource": note.resource,
    }
    if note.kind == "refund" and note.refund is not None:
        return await _handle_refund(channel_name, headers, body, note.refund, common)
    if note.kind != "payment" or note.trade is None:
        await _keep(channel_name, headers, body, "ignored", **common)
        return "ignored"
    trade = note.trade
    common["out_trade_no"] = trade.out_trade_no
    payment = await Payment.get_or_none(out_trade_no=trade.out_trade_no, channel=channel_name)
    if payment is None:
        await _keep(channel_name, headers, body, "rejected", reject_reason="unknown_order", **common)
        return "rejected"
    if trade.amount_fen != payment.amount_fen:
        await _keep(channel_name, headers, body, "rejected", reject_reason="amount_mismatch", **common)
        return "rejected"
    if trade.state not in (ch.TradeState.PAID, ch.TradeState.CLOSED):
        await _keep(channel_name, headers, body, "ignored", **common)
        return "ignored"
    changed = await apply_trade_status(services, payment, trade, actor=f"channel:{channel_name}")
    verdict = "applied" if changed else "duplicate"
    await _keep(channel_name, headers, body, verdict, **common)
    return verdict


async def _handle_refund(
    channel_name: str, headers: Mapping[str, str], body: bytes, status: ch.RefundStatus, common: dict[str, Any]
) -> str:
    """REFUND.*: applied only to our own refund, for its order and its exact amount."""
    common["out_trade_no"] = status.out_trade_no
    refund = await Refund.get_or_none(out_refund_no=status.out_refund_no, channel=channel_name)
    if refund is None:
        await _keep(channel_name, headers, body, "rejected", reject_reason="unknown_refund", **common)
        return "rejected"
    payment = await Payment.get(id=refund.payment_id)
    if status.out_trade_no != payment.out_trade_no:
        await _keep(channel_name, headers, body, "rejected", reject_reason="order_mismatch", **common)
        return "rejected"
    if status.amount_fen != refund.amount_fen:
        await _keep(channel_name, headers, body, "rejected", reject_reason="amount_mismatch", **common)
        return "rejected"
    changed = await apply_refund_status(refund, status, actor=f"channel:{channel_name}")
    verdict = "applied" if changed else "duplicate"
    await _keep(channel_name, headers, body, verdict, **common)
    return verdict
