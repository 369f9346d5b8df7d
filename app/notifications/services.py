"""Inbound channel notifications: kept, trusted only after every check (invariant 6), and
confirmed by asking the channel before money moves on.

A signed notification proves who sent it, not that it is true now: the order is queried and
the channel's answer to that query is what is applied (a TRANSACTION.SUCCESS for an order the
channel calls unpaid is flagged, never applied). What an unverified sender sent is kept only in
part: its first bytes, its size and its digest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from app import rate_limits
from app.context import Services
from app.notifications.models import ChannelNotification
from app.payments import Payment, PaymentState, apply_trade_status
from app.refunds import Refund, apply_refund_status
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.notifications")
_KEPT_HEADERS = ("wechatpay-timestamp", "wechatpay-nonce", "wechatpay-serial", "wechatpay-signature",
                 "wechatpay-signature-type", "x-bank-merchant", "x-bank-timestamp", "x-bank-nonce",
                 "x-bank-signature", "content-type", "user-agent")
UNVERIFIED_KEPT_BYTES = 2048
MAX_HEADER_CHARS = 512

Verdict = tuple[str, dict[str, Any]]


class ConfirmationUnavailable(Exception):
    """The channel could not be asked to confirm a notification: the sender should send it again."""


def storable(value: Any) -> Any:
    """`value` with what PostgreSQL cannot store in text or jsonb made visible instead: NUL
    characters and lone surrogates become escapes."""
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
            return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
        return value
    if isinstance(value, dict):
        return {storable(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def _text(body: bytes) -> str:
    return storable(body.decode("utf-8", errors="backslashreplace"))  # type: ignore[no-any-return]


async def keep(channel_name: str, headers: Mapping[str, str], body: bytes, source: str | None) -> ChannelNotification:
    """Write the notification down before anything else is done with it (a bounded prefix first:
    the whole body is kept only once its signature checks out)."""
    kept_headers = {k: storable(v[:MAX_HEADER_CHARS]) for k, v in ((k.lower(), str(v)) for k, v in headers.items())
                    if k in _KEPT_HEADERS}
    return await ChannelNotification.create(
        channel=channel_name, body=_text(body[:UNVERIFIED_KEPT_BYTES]), body_size=len(body),
        body_sha256=hashlib.sha256(body).hexdigest(), body_truncated=len(body) > UNVERIFIED_KEPT_BYTES,
        verdict="received", headers=kept_headers, source=(source or "")[:64] or None,
    )


async def handle_notification(
    services: Services, channel_name: str, headers: Mapping[str, str], body: bytes, source: str | None = None
) -> str:
    """Verify the notification, keep it (all of it once verified; a bounded prefix, within a
    per-address budget, when not), confirm it with the channel and apply the channel's answer
    once; the kept row gets the verdict. Returns the verdict; never raises for bad input.

    TRANSACTION.* go to the payment, REFUND.* to our refund of that out_refund_no. Verdicts:
    applied, duplicate, ignored, rejected (kept and flagged), unconfirmed (the channel could not
    be asked: the caller answers so that the sender retries). A row left "received" means
    handling stopped half-way (the jobs finish the money side).
    """
    channel = services.channel(channel_name)
    try:
        note: ch.VerifiedNotification | None = await channel.parse_notification(headers, body)
    except ch.NotificationRejected as exc:
        note, reason = None, exc.reason
    if note is None and not await _within_budget(services, source):
        log.warning("unverified notification from %s not kept (%s, %d bytes): over budget", source, reason, len(body))
        return "rejected"
    kept = await keep(channel_name, headers, body, source)
    if note is None:
        await ChannelNotification.filter(id=kept.id).update(verdict="rejected", flagged=True, reject_reason=reason)
        return "rejected"
    await ChannelNotification.filter(id=kept.id).update(body=_text(body), body_truncated=False)
    try:
        verdict, fields = await _decide(services, channel_name, note)
    except ConfirmationUnavailable:
        verdict, fields = "unconfirmed", {}
    await ChannelNotification.filter(id=kept.id).update(verdict=verdict, flagged=verdict == "rejected", **fields)
    return verdict


async def _within_budget(services: Services, source: str | None) -> bool:
    """Unverified senders get a small budget of kept notifications per minute and address."""
    return await rate_limits.allow(services, "unverified_notification", source or "-")


def _keep(verdict: str, **fields: Any) -> Verdict:
    return verdict, fields


async def _decide(services: Services, channel_name: str, note: ch.VerifiedNotification) -> Verdict:
    common: dict[str, Any] = {
        "notification_id": storable(note.notification_id)[:64], "event_type": storable(note.event_type)[:40],
        "resource": storable(note.resource),
    }
    if note.kind == "refund" and note.refund is not None:
        return await _handle_refund(services, channel_name, note.refund, common)
    if note.kind != "payment" or note.trade is None:
        return _keep("ignored", **common)
    trade = note.trade
    common["out_trade_no"] = storable(trade.out_trade_no)[:32]
    payment = await Payment.get_or_none(out_trade_no=trade.out_trade_no, channel=channel_name)
    if payment is None:
        return _keep("rejected", reject_reason="unknown_order", **common)
    if trade.amount_fen != payment.amount_fen:
        return _keep("rejected", reject_reason="amount_mismatch", **common)
    confirmed = await _confirm_trade(services, payment)
    if confirmed.state == ch.TradeState.REFUNDED and payment.state == PaymentState.PAID:
        return _keep("duplicate", **common)  # paid, then part of it refunded by us: nothing new
    if confirmed.state != trade.state or confirmed.amount_fen != trade.amount_fen:
        # the channel does not stand behind what the notification says: apply what it says now
        log.warning("notification for %s says %s, the channel says %s", payment.out_trade_no,
                    trade.provider_state, confirmed.provider_state)
        await apply_trade_status(services, payment, confirmed, actor=f"channel:{channel_name}:query")
        return _keep("rejected", reject_reason="not_confirmed", **common)
    changed = await apply_trade_status(services, payment, confirmed, actor=f"channel:{channel_name}")
    return _keep("applied" if changed else "duplicate", **common)


async def _confirm_trade(services: Services, payment: Payment) -> ch.TradeStatus:
    try:
        return await services.channel(payment.channel).query_order(payment.out_trade_no)
    except ch.ChannelError as exc:
        log.warning("cannot confirm the notification of %s: %s", payment.out_trade_no, exc)
        raise ConfirmationUnavailable() from exc


async def _handle_refund(
    services: Services, channel_name: str, status: ch.RefundStatus, common: dict[str, Any]
) -> Verdict:
    """REFUND.*: applied only to our own refund, for its order and its exact amount, as the
    channel confirms it when asked."""
    common["out_trade_no"] = storable(status.out_trade_no or "")[:32] or None
    common["out_refund_no"] = storable(status.out_refund_no)[:64]
    refund = await Refund.get_or_none(out_refund_no=status.out_refund_no, channel=channel_name)
    if refund is None:
        return _keep("rejected", reject_reason="unknown_refund", **common)
    payment = await Payment.get(id=refund.payment_id)
    if status.out_trade_no != payment.out_trade_no:
        return _keep("rejected", reject_reason="order_mismatch", **common)
    if status.amount_fen != refund.amount_fen:
        return _keep("rejected", reject_reason="amount_mismatch", **common)
    try:
        confirmed = await services.channel(channel_name).query_refund(refund.out_refund_no, payment.out_trade_no)
    except ch.ChannelError as exc:
        raise ConfirmationUnavailable() from exc
    if confirmed.state != status.state:
        await apply_refund_status(refund, confirmed, actor=f"channel:{channel_name}:query")
        return _keep("rejected", reject_reason="not_confirmed", **common)
    changed = await apply_refund_status(refund, confirmed, actor=f"channel:{channel_name}")
    return _keep("applied" if changed else "duplicate", **common)
