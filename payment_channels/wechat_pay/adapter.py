"""WeChat Pay (API v3, public-key mode) behind our PaymentChannel port: JSAPI for the mini-program,
Native (a code_url to scan) for a computer's 扫码缴款.

The SDK (`wechatpayv3.async_`) builds and signs requests, checks response signatures, signs
wx.requestPayment parameters and decrypts notifications. What it does not do, we do here: error
mapping (transport errors in `_send`, HTTP answers and status codes in `mapping.py`), the
timestamp window on notifications, and mchid/appid checks.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import date, datetime
from typing import Any

import httpx
from wechatpayv3.async_ import AsyncWeChatPay, WeChatPayType
from wechatpayv3.async_.utils import load_public_key, rsa_verify

from app.clock import SHANGHAI
from payment_channels import scan
from payment_channels.interfaces import (
    LOCAL_PREPAY_ID,
    ChannelRejected,
    ChannelResultUnknown,
    ChannelUnavailable,
    NotificationRejected,
    OrderRequest,
    OrderResult,
    RefundRequest,
    RefundStatus,
    TradeStatus,
    VerifiedNotification,
)
from payment_channels.wechat_pay.config import WeChatPayConfig
from payment_channels.wechat_pay.mapping import (
    REFUND_STATES,
    TRADE_STATES,
    map_http_status,
    refund_status_from,
    trade_status_from,
)

NOTIFICATION_WINDOW_SECONDS = 300
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
_NUMBER = re.compile(r"^[0-9A-Za-z_-]{6,64}$")
_HEADER_NAMES = ("Timestamp", "Nonce", "Signature", "Serial", "Signature-Type")
SdkAnswer = tuple[int, Any]
# the only states each event may carry (WeChat sends TRANSACTION.SUCCESS for payments, and one
# REFUND.* per final refund state); any other pair is refused, never interpreted
EVENT_STATES = {
    "TRANSACTION.SUCCESS": "SUCCESS",
    "REFUND.SUCCESS": "SUCCESS",
    "REFUND.ABNORMAL": "ABNORMAL",
    "REFUND.CLOSED": "CLOSED",
}


def _check_pair(event_type: str, provider_state: str) -> None:
    if EVENT_STATES.get(event_type) != provider_state:
        raise NotificationRejected("inconsistent_event", f"{event_type} with state {provider_state}")


class WeChatPayChannel:
    """WeChat Pay adapter implementing `PaymentChannel` (see payment_channels.interfaces): JSAPI
    orders for an openid; Native orders (`device` "pc": a code_url, whoever scans it pays).

    Call `start()` once before any API call and `close()` at shutdown; `client_params` and
    `parse_notification` need no network. Every call may be repeated with the same number.
    Raises only the exceptions of payment_channels.interfaces.
    """

    name = "wechat_pay"

    def __init__(self, config: WeChatPayConfig, *, clock: Callable[[], float] = time.time) -> None:
        self._config = config
        self._clock = clock
        self._gateway = config.gateway_url.rstrip("/")
        self._platform_key = load_public_key(config.platform_public_key_pem)
        self._pay = AsyncWeChatPay(
            wechatpay_type=WeChatPayType.JSAPI,
            mchid=config.mchid,
            private_key=config.merchant_private_key_pem,
            cert_serial_no=config.merchant_serial_no,
            appid=config.appid,
            apiv3_key=config.apiv3_key,
            timeout=(config.timeout_seconds, config.timeout_seconds),
            public_key=config.platform_public_key_pem,
            public_key_id=config.platform_public_key_id,
        )
        # the SDK hard-codes the live host; this is the only place we point it elsewhere
        self._pay._core._gate_way = self._gateway
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self._pay.__aenter__()
            self._started = True

    async def close(self) -> None:
        if self._started:
            await self._pay.__aexit__(None, None, None)
            self._started = False

    async def _send(self, call: Awaitable[SdkAnswer], *, mutating: bool) -> SdkAnswer:
        """Await one SDK call; transport failures become our exceptions (the one place for them)."""
        if not self._started:
            if isinstance(call, Coroutine):
                call.close()  # never awaited: avoid a "coroutine was never awaited" warning
            raise RuntimeError("WeChatPayChannel.start() was not called")
        try:
            return await call
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as exc:
            raise ChannelUnavailable(str(exc) or type(exc).__name__, code="CONNECT_FAILED") from exc
        except httpx.TimeoutException as exc:
            raise ChannelResultUnknown(str(exc) or type(exc).__name__, code="TIMEOUT") from exc
        except httpx.TransportError as exc:  # connection dropped after the request went out
            cls = ChannelResultUnknown if mutating else ChannelUnavailable
            raise cls(str(exc) or type(exc).__name__, code="CONNECTION_LOST") from exc
        except Exception as exc:  # the SDK raises bare Exception when a 2xx answer fails its signature check
            raise ChannelResultUnknown(str(exc), code="UNVERIFIED_RESPONSE") from exc

    async def _call(self, call: Awaitable[SdkAnswer], *, mutating: bool) -> dict[str, Any]:
        status, payload = await self._send(call, mutating=mutating)
        return map_http_status(status, payload, mutating=mutating)

    def _check_number(self, value: str, what: str) -> None:
        if not _NUMBER.match(value or ""):
            raise ChannelRejected(f"{what} must match {_NUMBER.pattern}", code="PARAM_ERROR")

    async def create_order(self, request: OrderRequest) -> OrderResult:
        self._check_number(request.out_trade_no, "out_trade_no")
        if request.device == scan.DEVICE:
            return await self._create_native(request)
        if request.amount_fen <= 0 or not request.description or not request.payer_ref or not request.notify_url:
            raise ChannelRejected("amount, description, payer_ref and notify_url are required", code="PARAM_ERROR")
        expire = request.time_expire.astimezone(SHANGHAI).isoformat(timespec="seconds") if request.time_expire else None
        data = await self._call(
            self._pay.pay(
                description=request.description,
                out_trade_no=request.out_trade_no,
                amount={"total": request.amount_fen, "currency": "CNY"},
                payer={"openid": request.payer_ref},
                time_expire=expire,
                attach=request.attach or None,
                notify_url=request.notify_url,
                pay_type=WeChatPayType.JSAPI,
            ),
            mutating=True,
        )
        prepay_id = data.get("prepay_id")
        if not isinstance(prepay_id, str) or not prepay_id:
            raise ChannelResultUnknown("answer without prepay_id", code="UNREADABLE_RESPONSE", raw=data)
        return OrderResult(prepay_id=prepay_id, client_params=await self.client_params(prepay_id), raw=data)

    async def _create_native(self, request: OrderRequest) -> OrderResult:
        """POST /v3/pay/transactions/native: the code_url to show as a QR code. The same number
        again answers the order's code_url again, so the order is asked for each time it is shown
        (LOCAL_PREPAY_ID: nothing of it is kept but our number); a number already paid says so
        as an unknown result, settled by a query, never as a refusal of the payment."""
        if request.amount_fen <= 0 or not request.description or not request.notify_url or not request.time_expire:
            raise ChannelRejected("amount, description, notify_url and time_expire are required", code="PARAM_ERROR")
        try:
            data = await self._call(
                self._pay.pay(
                    description=request.description,
                    out_trade_no=request.out_trade_no,
                    amount={"total": request.amount_fen, "currency": "CNY"},
                    time_expire=request.time_expire.astimezone(SHANGHAI).isoformat(timespec="seconds"),
                    attach=request.attach or None,
                    notify_url=request.notify_url,
                    pay_type=WeChatPayType.NATIVE,
                ),
                mutating=True,
            )
        except ChannelRejected as exc:
            if exc.code == "ORDERPAID":
                raise ChannelResultUnknown("the order is paid already", code=exc.code, raw=exc.raw) from exc
            raise
        code_url = data.get("code_url")
        if not isinstance(code_url, str) or not code_url.startswith("weixin://"):
            raise ChannelResultUnknown("answer without code_url", code="UNREADABLE_RESPONSE", raw=data)
        return OrderResult(prepay_id=LOCAL_PREPAY_ID, client_params=scan.scan_to_pay(code_url, request.time_expire),
                           raw=data)

    async def client_params(self, prepay_id: str) -> dict[str, str]:
        time_stamp = str(int(self._clock()))
        nonce = secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        pay_sign = self._pay.sign([self._config.appid, time_stamp, nonce, package])
        return {
            "appId": self._config.appid,
            "timeStamp": time_stamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": pay_sign,
        }

    async def query_order(self, out_trade_no: str) -> TradeStatus:
        self._check_number(out_trade_no, "out_trade_no")
        try:
            data = await self._call(self._pay.query(out_trade_no=out_trade_no), mutating=False)
        except ChannelRejected as exc:
            if exc.code == "ORDER_NOT_EXIST":
                return TradeStatus(out_trade_no, TRADE_STATES[exc.code], exc.code, raw=exc.raw or {})
            raise
        return trade_status_from(data)

    async def close_order(self, out_trade_no: str) -> None:
        self._check_number(out_trade_no, "out_trade_no")
        await self._call(self._pay.close(out_trade_no=out_trade_no), mutating=True)

    async def refund(self, request: RefundRequest) -> RefundStatus:
        self._check_number(request.out_trade_no, "out_trade_no")
        self._check_number(request.out_refund_no, "out_refund_no")
        if not 0 < request.amount_fen <= request.total_fen:
            raise ChannelRejected("refund amount must be within (0, total]", code="PARAM_ERROR")
        data = await self._call(
            self._pay.refund(
                out_refund_no=request.out_refund_no,
                amount={"refund": request.amount_fen, "total": request.total_fen, "currency": "CNY"},
                out_trade_no=request.out_trade_no,
                reason=request.reason or None,
                notify_url=request.notify_url or None,
            ),
            mutating=True,
        )
        return refund_status_from(data)

    async def query_refund(self, out_refund_no: str, out_trade_no: str | None = None) -> RefundStatus:
        self._check_number(out_refund_no, "out_refund_no")
        try:
            data = await self._call(self._pay.query_refund(out_refund_no=out_refund_no), mutating=False)
        except ChannelRejected as exc:
            if exc.code == "RESOURCE_NOT_EXISTS":
                return RefundStatus(out_refund_no, REFUND_STATES[exc.code], exc.code, raw=exc.raw or {})
            raise
        return refund_status_from(data)

    async def download_trade_bill(self, bill_date: date) -> str:
        data = await self._call(self._pay.trade_bill(bill_date=bill_date.isoformat(), tar_type="GZIP"), mutating=False)
        url = data.get("download_url")
        if not isinstance(url, str) or not url.startswith(self._gateway + "/"):
            # the SDK would glue a foreign URL onto the gateway; never follow it
            raise ChannelResultUnknown("download_url outside the gateway", code="UNREADABLE_RESPONSE", raw=data)
        status, content = await self._send(self._pay.download_bill(url), mutating=False)
        if not 200 <= status < 300:
            map_http_status(status, content, mutating=False)
        if isinstance(content, str):
            content = content.encode()
        if content[:2] == b"\x1f\x8b":
            content = gzip.decompress(content)
        expected = str(data.get("hash_value", "")).lower()
        if data.get("hash_type", "SHA1") == "SHA1" and expected and hashlib.sha1(content).hexdigest() != expected:
            raise ChannelResultUnknown("bill file does not match hash_value", code="BILL_HASH_MISMATCH", raw=data)
        return bytes(content).decode("utf-8-sig")

    async def parse_notification(
        self, headers: Mapping[str, str], body: bytes, now: datetime | None = None
    ) -> VerifiedNotification:
        canonical = self._canonical_headers(headers)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotificationRejected("malformed", "body is not UTF-8") from exc
        self._check_signature(canonical, text)
        self._check_timestamp(canonical["Wechatpay-Timestamp"], now)
        envelope = self._envelope(text)
        try:
            plaintext = self._pay.decrypt_callback(canonical, text)
        except Exception as exc:  # the SDK raises bare errors on bad base64 / nonce length
            raise NotificationRejected("decrypt_failed", str(exc)) from exc
        if not plaintext:
            raise NotificationRejected("decrypt_failed", "AEAD tag mismatch")
        try:
            resource = json.loads(plaintext)
        except ValueError as exc:
            raise NotificationRejected("malformed", "resource is not JSON") from exc
        if not isinstance(resource, dict):
            raise NotificationRejected("malformed", "resource is not an object")
        return self._verified(envelope, resource)

    def _canonical_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        lowered = {str(k).lower(): str(v) for k, v in headers.items()}
        canonical: dict[str, str] = {}
        missing = []
        for part in _HEADER_NAMES:
            value = lowered.get(f"wechatpay-{part.lower()}", "")
            if not value:
                missing.append(f"Wechatpay-{part}")
            canonical[f"Wechatpay-{part}"] = value
        if missing:
            raise NotificationRejected("missing_headers", ", ".join(missing))
        return canonical

    def _check_signature(self, headers: Mapping[str, str], text: str) -> None:
        if headers["Wechatpay-Signature-Type"] != SIGNATURE_TYPE:
            raise NotificationRejected("bad_signature", "unsupported signature type")
        if headers["Wechatpay-Serial"] != self._config.platform_public_key_id:
            raise NotificationRejected("bad_signature", "unknown Wechatpay-Serial")
        ok = rsa_verify(
            headers["Wechatpay-Timestamp"], headers["Wechatpay-Nonce"], text,
            headers["Wechatpay-Signature"], self._platform_key,
        )
        if not ok:
            raise NotificationRejected("bad_signature")

    def _check_timestamp(self, value: str, now: datetime | None) -> None:
        current = now.timestamp() if now is not None else self._clock()
        try:
            stamp = int(value)
        except ValueError as exc:
            raise NotificationRejected("stale_timestamp", "not a number") from exc
        if abs(current - stamp) > NOTIFICATION_WINDOW_SECONDS:
            raise NotificationRejected("stale_timestamp", f"{int(current - stamp)} s off")

    @staticmethod
    def _envelope(text: str) -> dict[str, Any]:
        try:
            envelope: Any = json.loads(text)
        except ValueError as exc:
            raise NotificationRejected("malformed", "body is not JSON") from exc
        resource = envelope.get("resource") if isinstance(envelope, dict) else None
        if (
            not isinstance(resource, dict)
            or envelope.get("resource_type") != "encrypt-resource"
            or resource.get("algorithm") != "AEAD_AES_256_GCM"
            or not all(isinstance(resource.get(k), str) for k in ("ciphertext", "nonce"))
            or not isinstance(envelope.get("event_type"), str)
            or not isinstance(envelope.get("id"), str)
        ):
            raise NotificationRejected("malformed", "not an encrypted WeChat Pay notification")
        return dict(envelope)

    def _verified(self, envelope: dict[str, Any], resource: dict[str, Any]) -> VerifiedNotification:
        event_type: str = envelope["event_type"]
        if resource.get("mchid") != self._config.mchid:
            raise NotificationRejected("wrong_mchid", str(resource.get("mchid")))
        try:
            if event_type.startswith("TRANSACTION."):
                if resource.get("appid") != self._config.appid:
                    raise NotificationRejected("wrong_appid", str(resource.get("appid")))
                trade = trade_status_from(resource)
                if not trade.out_trade_no or trade.amount_fen is None:
                    raise NotificationRejected("malformed", "transaction without out_trade_no or amount")
                _check_pair(event_type, trade.provider_state)
                return VerifiedNotification(envelope["id"], event_type, "payment", resource, trade=trade)
            if event_type.startswith("REFUND."):
                refund = refund_status_from(resource)
                if not refund.out_refund_no or refund.amount_fen is None:
                    raise NotificationRejected("malformed", "refund without out_refund_no or amount")
                _check_pair(event_type, refund.provider_state)
                return VerifiedNotification(envelope["id"], event_type, "refund", resource, refund=refund)
        except ChannelResultUnknown as exc:  # unknown state code inside a signed notification
            raise NotificationRejected("malformed", str(exc)) from exc
        raise NotificationRejected("malformed", f"unexpected event_type {event_type}")
