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


Verdict = tuple[str, dict[str, Any]]


async def handle_notification(services: Services, channel_name: str, headers: Mapping[str, str], body: bytes) -> str:
    """Keep the raw notification, then verify, check against our records and apply once; the
    kept row gets the verdict. Returns the verdict; never raises for bad input.

    TRANSACTION.* go to the payment, REFUND.* to our refund of that out_refund_no.
    Verdicts: applied, duplicate, ignored (a state we do not act on), rejected (kept and flagged);
    a row left "received" means handling stopped half-way (the retry jobs finish the money side).
    """
    kept = await ChannelNotification.create(
        channel=channel_name, body=body.decode("utf-8", errors="replace"), verdict="received",
        headers={k: v for k, v in ((k.lower(), v) for k, v in headers.items()) if k in _KEPT_HEADERS},
    )
    verdict, fields = await _decide(services, channel_name, headers, body)
    await ChannelNotification.filter(id=kept.id).update(verdict=verdict, flagged=verdict == "rejected", **fields)
    return verdict


def _keep(verdict: str, **fields: Any) -> Verdict:
    return verdict, fields


async def _decide(services: Services, channel_name: str, headers: Mapping[str, str], body: bytes) -> Verdict:
    channel = services.channel(channel_name)
    try:
        note = await channel.parse_notification(headers, body)
    except ch.NotificationRejected as exc:
        return _keep("rejected", reject_reason=exc.reason)
    common: dict[str, Any] = {
        "notification_id": note.notification_id, "event_type": note.event_type, "resource": note.resource,
    }
    if note.kind == "refund" and note.refund is not None:
        return await _handle_refund(channel_name, note.refund, common)
    if note.kind != "payment" or note.trade is None:
        return _keep("ignored", **common)
    trade = note.trade
    common["out_trade_no"] = trade.out_trade_no
    payment = await Payment.get_or_none(out_trade_no=trade.out_trade_no, channel=channel_name)
    if payment is None:
        return _keep("rejected", reject_reason="unknown_order", **common)
    if trade.amount_fen != payment.amount_fen:
        return _keep("rejected", reject_reason="amount_mismatch", **common)
    if trade.state not in (ch.TradeState.PAID, ch.TradeState.CLOSED):
        return _keep("ignored", **common)
    changed = await apply_trade_status(services, payment, trade, actor=f"channel:{channel_name}")
    return _keep("applied" if changed else "duplicate", **common)


async def _handle_refund(channel_name: str, status: ch.RefundStatus, common: dict[str, Any]) -> Verdict:
    """REFUND.*: applied only to our own refund, for its order and its exact amount."""
    common["out_trade_no"] = status.out_trade_no
    common["out_refund_no"] = status.out_refund_no
    refund = await Refund.get_or_none(out_refund_no=status.out_refund_no, channel=channel_name)
    if refund is None:
        return _keep("rejected", reject_reason="unknown_refund", **common)
    payment = await Payment.get(id=refund.payment_id)
    if status.out_trade_no != payment.out_trade_no:
        return _keep("rejected", reject_reason="order_mismatch", **common)
    if status.amount_fen != refund.amount_fen:
        return _keep("rejected", reject_reason="amount_mismatch", **common)
    changed = await apply_refund_status(refund, status, actor=f"channel:{channel_name}")
    return _keep("applied" if changed else "duplicate", **common)
