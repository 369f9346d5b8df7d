"""Notifications the sandbox posts to the merchant: built, signed, encrypted, delivered."""

from __future__ import annotations

import asyncio
import copy
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from sandboxes.bounded import SpillingDict
from sandboxes.wechat_pay import protocol as proto
from sandboxes.wechat_pay.state import (
    SHANGHAI,
    SandboxOrder,
    SandboxRefund,
    iso,
    refund_notification_json,
    transaction_json,
)

REFUND_EVENTS = {"SUCCESS": "REFUND.SUCCESS", "ABNORMAL": "REFUND.ABNORMAL", "CLOSED": "REFUND.CLOSED"}
Deliver = Callable[[str, dict[str, str], bytes], Awaitable[int]]


class NotificationsMixin:
    """build_* / deliver_* for WeChatPaySandbox; relies on the attributes declared below."""

    mchid: str
    platform_public_key_id: str
    apiv3_key: str
    orders: SpillingDict[str, SandboxOrder]
    refunds: dict[str, SandboxRefund]
    deliveries: list[tuple[str, str, int]]
    _platform_key: rsa.RSAPrivateKey
    _deliver: Deliver
    _clock: Callable[[], float]

    def _check_forge(self, forge: str | None) -> None:
        if forge is not None and forge not in proto.NOTIFICATION_FORGES:
            raise ValueError(f"unknown forge {forge!r}; one of {sorted(proto.NOTIFICATION_FORGES)}")

    def build_payment_notification(
        self, out_trade_no: str, forge: str | None = None, timestamp: int | None = None
    ) -> tuple[dict[str, str], bytes]:
        """A TRANSACTION.SUCCESS notification for a paid order; each `forge` breaks one thing only.

        Raises: KeyError (no such order), ValueError (not paid, unknown forge).
        """
        self._check_forge(forge)
        order = self.orders[out_trade_no]
        if not order.transaction_id:
            raise ValueError(f"order {out_trade_no} is not paid: confirm_payment() first")
        resource = copy.deepcopy(transaction_json(order, self.mchid))
        resource["trade_state"] = "SUCCESS"
        resource["trade_state_desc"] = "支付成功"
        if forge == "wrong_amount":
            resource["amount"]["total"] += 1
            resource["amount"]["payer_total"] = resource["amount"]["total"]
        elif forge == "wrong_mchid":
            resource["mchid"] = "1999999999"
        elif forge == "wrong_appid":
            resource["appid"] = "wx00000000000forged"
        elif forge == "unknown_order":
            resource["out_trade_no"] = "UNKNOWN" + secrets.token_hex(8)
        return self._build("TRANSACTION.SUCCESS", "支付成功", resource, "transaction", forge, timestamp)

    def build_refund_notification(
        self, out_refund_no: str, forge: str | None = None, timestamp: int | None = None
    ) -> tuple[dict[str, str], bytes]:
        """A REFUND.SUCCESS / ABNORMAL / CLOSED notification for a finished refund.

        Raises: KeyError (no such refund), ValueError (still PROCESSING, wrong_appid: refunds have no appid).
        """
        self._check_forge(forge)
        refund = self.refunds[out_refund_no]
        if refund.status not in REFUND_EVENTS:
            raise ValueError(f"refund {out_refund_no} is {refund.status}: complete_refund() first")
        if forge == "wrong_appid":
            raise ValueError("refund notifications carry no appid")
        resource = refund_notification_json(refund, self.orders[refund.out_trade_no], self.mchid)
        if forge == "wrong_amount":
            resource["amount"]["refund"] += 1
        elif forge == "wrong_mchid":
            resource["mchid"] = "1999999999"
        elif forge == "unknown_order":
            resource["out_refund_no"] = "UNKNOWN" + secrets.token_hex(8)
        return self._build(REFUND_EVENTS[refund.status], "退款状态变更", resource, "refund", forge, timestamp)

    def build_signed_notification(
        self, event_type: str, resource: dict[str, Any], summary: str = "通知"
    ) -> tuple[dict[str, str], bytes]:
        """A correctly signed, encrypted notification carrying whatever `event_type` and
        `resource` say: what a valid signature alone must not make us believe (a SUCCESS for an
        order that was never paid, an event whose state contradicts it)."""
        original_type = "refund" if event_type.startswith("REFUND.") else "transaction"
        return self._build(event_type, summary, copy.deepcopy(resource), original_type, None, None)

    def order_resource(self, out_trade_no: str) -> dict[str, Any]:
        """The order as a notification's resource would carry it today (paid or not)."""
        return copy.deepcopy(transaction_json(self.orders[out_trade_no], self.mchid))

    def _build(self, event_type: str, summary: str, resource: dict[str, Any], original_type: str,
               forge: str | None, timestamp: int | None) -> tuple[dict[str, str], bytes]:
        now = self._clock()
        return proto.build_notification(
            platform_key=self._platform_key, public_key_id=self.platform_public_key_id,
            apiv3_key=self.apiv3_key, event_type=event_type, summary=summary, resource=resource,
            original_type=original_type, created=iso(datetime.fromtimestamp(now, SHANGHAI)),
            now=int(now), forge=forge, timestamp=timestamp,
        )

    async def deliver_payment_notification(
        self, out_trade_no: str, times: int = 1, forge: str | None = None, delay: float = 0.0
    ) -> list[int]:
        """Post one notification `times` times (each after `delay` s) to the order's notify_url.

        Returns the merchant's HTTP statuses (0: no answer). Raises like build_payment_notification.
        """
        headers, body = self.build_payment_notification(out_trade_no, forge)
        url = self.orders[out_trade_no].notify_url
        return await self._deliver_times(url, "TRANSACTION.SUCCESS", headers, body, times, delay)

    async def deliver_refund_notification(
        self, out_refund_no: str, times: int = 1, forge: str | None = None, delay: float = 0.0
    ) -> list[int]:
        """Like deliver_payment_notification, to the refund's notify_url (else the order's)."""
        headers, body = self.build_refund_notification(out_refund_no, forge)
        refund = self.refunds[out_refund_no]
        url = refund.notify_url or self.orders[refund.out_trade_no].notify_url
        return await self._deliver_times(url, REFUND_EVENTS[refund.status], headers, body, times, delay)

    async def _deliver_times(self, url: str, event_type: str, headers: dict[str, str], body: bytes,
                             times: int, delay: float) -> list[int]:
        statuses = []
        for _ in range(times):
            if delay:
                await asyncio.sleep(delay)
            status = await self._deliver(url, dict(headers), body)
            self.deliveries.append((url, event_type, status))
            statuses.append(status)
        return statuses
