"""Alipay (支付宝) through the official `alipay-sdk-python`, called off the event loop.

The SDK is synchronous (`http.client`, a new connection per call), so every call runs in a
thread. Its transport ignores an explicit port in the gateway URL (it always dials 80/443): the
one place that corrects it is `_connection` below, installed once. Amounts are yuan strings only
here; everything outside speaks fen. Provider codes map to our states in one place (`_trade`,
`_refund`); a timeout, an unreadable or unsigned answer, or Alipay's 20000 "service unavailable"
is *unknown* — only a query settles it.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlparse

import httpx
from alipay.aop.api.AlipayClientConfig import AlipayClientConfig
from alipay.aop.api.DefaultAlipayClient import DefaultAlipayClient
from alipay.aop.api.exception.Exception import RequestException, ResponseException
from alipay.aop.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest import (
    AlipayDataDataserviceBillDownloadurlQueryRequest,
)
from alipay.aop.api.request.AlipaySystemOauthTokenRequest import AlipaySystemOauthTokenRequest
from alipay.aop.api.request.AlipayTradeAppPayRequest import AlipayTradeAppPayRequest
from alipay.aop.api.request.AlipayTradeCloseRequest import AlipayTradeCloseRequest
from alipay.aop.api.request.AlipayTradeCreateRequest import AlipayTradeCreateRequest
from alipay.aop.api.request.AlipayTradeFastpayRefundQueryRequest import AlipayTradeFastpayRefundQueryRequest
from alipay.aop.api.request.AlipayTradePrecreateRequest import AlipayTradePrecreateRequest
from alipay.aop.api.request.AlipayTradeQueryRequest import AlipayTradeQueryRequest
from alipay.aop.api.request.AlipayTradeRefundRequest import AlipayTradeRefundRequest
from alipay.aop.api.util import WebUtils
from alipay.aop.api.util.SignatureUtils import get_sign_content, verify_with_rsa

from app.clock import SHANGHAI
from app.money import InvalidAmount, fen_to_yuan, yuan_to_fen
from payment_channels import interfaces as ch
from payment_channels import scan
from payment_channels.alipay.bill import BillUnreadable, detail_csv
from payment_channels.alipay.face import AlipayFaceVerifier

TRADE_STATES = {"WAIT_BUYER_PAY": ch.TradeState.PENDING, "TRADE_SUCCESS": ch.TradeState.PAID,
                "TRADE_FINISHED": ch.TradeState.PAID, "TRADE_CLOSED": ch.TradeState.CLOSED}
EVENTS = {ch.TradeState.PAID: "TRANSACTION.SUCCESS", ch.TradeState.PENDING: "TRANSACTION.PENDING",
          ch.TradeState.CLOSED: "TRANSACTION.CLOSED"}


_LOCAL = threading.local()  # the connection of the SDK call running in this thread


def _connection(url: str, query_string: str, timeout: int) -> tuple[str, http.client.HTTPConnection]:
    """WebUtils.get_http_connection, with the URL's own port (the SDK's drops it); remembered so
    that `_execute` closes it even when the SDK gives up half-way (it leaves it open then)."""
    parts = urlparse(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    kind = http.client.HTTPSConnection if secure else http.client.HTTPConnection
    connection = kind(parts.hostname or "", port=port, timeout=timeout)
    _LOCAL.connection = connection
    return f"{parts.scheme}://{parts.hostname}:{port}{parts.path}?{query_string}", connection


WebUtils.get_http_connection = _connection  # the one correction of the SDK's transport


def fen(value: object) -> int | None:
    """An amount Alipay sent ("380.00") in fen; None when it is missing or not whole fen."""
    try:
        return yuan_to_fen(str(value))
    except InvalidAmount:
        return None


def _time(value: object) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)
    except ValueError:
        return None


@dataclass(frozen=True)
class AlipayConfig:
    app_id: str
    seller_id: str  # the merchant's PID (2088…): notifications must name it
    app_private_key: str  # PKCS#1 PEM (the SDK cannot sign with PKCS#8)
    alipay_public_key: str  # PEM
    gateway_url: str  # https://openapi.alipay.com/gateway.do, or our sandbox
    timeout_seconds: float = 10.0


class AlipayChannel:
    """The Alipay channel: the mini-program (JSAPI_PAY: the payer confirms with my.tradePay), a
    phone app (an order string), a computer (alipay.trade.precreate: a qr_code to scan)."""

    name = "alipay"

    def __init__(self, config: AlipayConfig) -> None:
        self.config = config
        sdk = AlipayClientConfig(sandbox_debug=False)
        sdk.server_url = config.gateway_url
        sdk.app_id = config.app_id
        sdk.app_private_key = config.app_private_key
        sdk.alipay_public_key = config.alipay_public_key
        sdk.sign_type = "RSA2"
        sdk.timeout = max(1, int(config.timeout_seconds))
        self._client = DefaultAlipayClient(alipay_client_config=sdk)

    async def start(self) -> None:
        return None

    def face_verifier(self) -> AlipayFaceVerifier:
        """支付宝人脸核身 with this channel's client, for payers who signed in with Alipay."""
        return AlipayFaceVerifier(self)

    async def close(self) -> None:
        return None

    def _execute(self, request: Any) -> Any:
        try:
            return self._client.execute(request)
        finally:
            connection = getattr(_LOCAL, "connection", None)
            _LOCAL.connection = None
            if connection is not None:
                connection.close()

    async def _call(self, request: Any) -> dict[str, Any]:
        """Execute one request; its verified inner answer. Failures: unavailable (it did not take
        effect) or unknown (it may have)."""
        try:
            answer = await asyncio.to_thread(self._execute, request)
        except RequestException as exc:  # the connection failed: nothing reached Alipay
            if "connect failed" in str(exc):
                raise ch.ChannelUnavailable(str(exc), code="CONNECT_FAILED") from exc
            raise ch.ChannelResultUnknown(str(exc), code="REQUEST_FAILED") from exc
        except ResponseException as exc:  # a bad status, or an answer whose signature failed
            raise ch.ChannelResultUnknown(str(exc), code="BAD_RESPONSE") from exc
        except (TimeoutError, OSError) as exc:
            raise ch.ChannelResultUnknown(str(exc), code="TIMEOUT") from exc
        except TypeError as exc:  # the SDK's own report of a non-200 answer fails (str + bytes)
            if "concatenate" not in str(exc):
                raise
            raise ch.ChannelResultUnknown("the gateway answered an error status", code="HTTP_STATUS") from exc
        try:

            inner: dict[str, Any] = json.loads(answer)
        except (TypeError, ValueError) as exc:
            raise ch.ChannelResultUnknown("unreadable answer", code="UNREADABLE") from exc
        if inner.get("code") == "20000":  # 服务不可用: whether it was done is not known
            raise ch.ChannelResultUnknown(str(inner.get("sub_msg", "")), code=str(inner.get("sub_code", "20000")),
                                          raw=inner)
        return inner

    @staticmethod
    def _refused(inner: dict[str, Any]) -> ch.ChannelRejected:
        return ch.ChannelRejected(str(inner.get("sub_msg") or inner.get("msg") or ""),
                                  code=str(inner.get("sub_code") or inner.get("code") or "REJECTED"), raw=inner)

    async def exchange_auth_code(self, auth_code: str) -> str:
        """alipay.system.oauth.token: the payer's open_id for the code my.getAuthCode gave the
        mini-program (good once). Raises: ChannelRejected (isv.code-invalid …), ChannelUnavailable,
        ChannelResultUnknown."""
        call = AlipaySystemOauthTokenRequest()
        call.grant_type = "authorization_code"
        call.code = auth_code
        inner = await self._call(call)
        open_id = inner.get("open_id") or inner.get("user_id")
        if not open_id:
            raise self._refused(inner)
        return str(open_id)

    def app_order_string(self, request: ch.OrderRequest) -> str:
        """alipay.trade.app.pay: the signed order string the phone app hands to the Alipay SDK
        (QUICK_MSECURITY_PAY). Made here, no call to Alipay: the trade exists at Alipay once the
        payer pays, under our out_trade_no, until time_expire."""
        call = AlipayTradeAppPayRequest()
        biz: dict[str, Any] = {"out_trade_no": request.out_trade_no, "total_amount": fen_to_yuan(request.amount_fen),
                               "subject": request.description[:128], "product_code": "QUICK_MSECURITY_PAY"}
        if request.time_expire is not None:
            biz["time_expire"] = request.time_expire.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        call.biz_content = biz
        call.notify_url = request.notify_url
        return str(self._client.sdk_execute(call))

    async def create_order(self, request: ch.OrderRequest) -> ch.OrderResult:
        """alipay.trade.create (JSAPI_PAY) for the payer's buyer_open_id; the same out_trade_no
        again answers the same trade_no (idempotent). `device` "app": the app's order string
        (`orderStr`), made again the same way each time it is asked for; "pc": a precreated
        qr_code, asked for again each time it is shown."""
        if request.device == "app":
            order_string = self.app_order_string(request)
            return ch.OrderResult(prepay_id=ch.LOCAL_PREPAY_ID, client_params={"orderStr": order_string})
        if request.device == scan.DEVICE:
            return await self._precreate(request)
        call = AlipayTradeCreateRequest()
        biz: dict[str, Any] = {"out_trade_no": request.out_trade_no, "total_amount": fen_to_yuan(request.amount_fen),
                               "subject": request.description[:128], "product_code": "JSAPI_PAY",
                               "buyer_open_id": request.payer_ref}
        if request.time_expire is not None:
            biz["time_expire"] = request.time_expire.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        call.biz_content = biz
        call.notify_url = request.notify_url
        inner = await self._call(call)
        if inner.get("code") != "10000" or not inner.get("trade_no"):
            raise self._refused(inner)
        trade_no = str(inner["trade_no"])
        return ch.OrderResult(prepay_id=trade_no, client_params={"tradeNO": trade_no}, raw=inner)

    async def _precreate(self, request: ch.OrderRequest) -> ch.OrderResult:
        """alipay.trade.precreate (当面付, FACE_TO_FACE_PAYMENT): the qr_code a computer shows. The
        trade exists at Alipay only once the code is scanned (until then a query answers
        ACQ.TRADE_NOT_EXIST and a close locks the code); the same number again answers the code
        again (LOCAL_PREPAY_ID). A number already paid says so as an unknown result, settled by a
        query, never as a refusal of the payment."""
        if request.time_expire is None:
            raise ch.ChannelRejected("time_expire is required for a QR code", code="PARAM_ERROR")
        call = AlipayTradePrecreateRequest()
        call.biz_content = {"out_trade_no": request.out_trade_no, "total_amount": fen_to_yuan(request.amount_fen),
                            "subject": request.description[:128], "product_code": "FACE_TO_FACE_PAYMENT",
                            "time_expire": request.time_expire.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")}
        call.notify_url = request.notify_url
        inner = await self._call(call)
        if inner.get("sub_code") == "ACQ.TRADE_HAS_SUCCESS":
            raise ch.ChannelResultUnknown("the trade is paid already", code="ORDERPAID", raw=inner)
        qr_code = inner.get("qr_code")
        if inner.get("code") != "10000" or not isinstance(qr_code, str) or not qr_code:
            raise self._refused(inner)
        return ch.OrderResult(prepay_id=ch.LOCAL_PREPAY_ID,
                              client_params=scan.scan_to_pay(qr_code, request.time_expire), raw=inner)

    async def client_params(self, prepay_id: str) -> dict[str, str]:
        return {"tradeNO": prepay_id}  # my.tradePay({tradeNO})

    async def query_order(self, out_trade_no: str) -> ch.TradeStatus:
        call = AlipayTradeQueryRequest()
        call.biz_content = {"out_trade_no": out_trade_no}
        inner = await self._call(call)
        if inner.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return ch.TradeStatus(out_trade_no, ch.TradeState.NOT_FOUND, "TRADE_NOT_EXIST", raw=inner)
        if inner.get("code") != "10000":
            raise ch.ChannelResultUnknown(str(inner.get("sub_msg", "")), code=str(inner.get("sub_code", "")),
                                          raw=inner)
        return self._trade(inner, appid=self.config.app_id, seller_id=None)

    @staticmethod
    def _trade(values: Mapping[str, Any], appid: str | None, seller_id: str | None) -> ch.TradeStatus:
        provider = str(values.get("trade_status", ""))
        state = TRADE_STATES.get(provider)
        if state is None:
            raise ch.ChannelResultUnknown(f"unknown trade_status {provider!r}", code="UNKNOWN_STATE", raw=dict(values))
        paid = values.get("buyer_pay_amount") or values.get("receipt_amount")
        return ch.TradeStatus(
            out_trade_no=str(values.get("out_trade_no", "")), state=state, provider_state=provider,
            transaction_id=str(values["trade_no"]) if values.get("trade_no") else None,
            amount_fen=fen(values.get("total_amount")), payer_amount_fen=fen(paid) if paid else None,
            mchid=seller_id, appid=appid, success_time=_time(values.get("send_pay_date") or values.get("gmt_payment")),
            raw=dict(values))

    async def close_order(self, out_trade_no: str) -> None:
        call = AlipayTradeCloseRequest()
        call.biz_content = {"out_trade_no": out_trade_no}
        inner = await self._call(call)
        if inner.get("code") == "10000" or inner.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return  # closed, or never created: nothing can be paid under this number
        if inner.get("sub_code") == "ACQ.TRADE_STATUS_ERROR":
            raise ch.ChannelRejected("交易已支付，不能关闭", code="ORDERPAID", raw=inner)
        raise self._refused(inner)

    async def refund(self, request: ch.RefundRequest) -> ch.RefundStatus:
        """alipay.trade.refund with out_request_no = our out_refund_no (the same number again moves
        nothing more). Alipay settles a refund at once: SUCCEEDED when the answer says so."""
        call = AlipayTradeRefundRequest()
        call.biz_content = {"out_trade_no": request.out_trade_no, "refund_amount": fen_to_yuan(request.amount_fen),
                            "out_request_no": request.out_refund_no, "refund_reason": request.reason[:256]}
        inner = await self._call(call)
        if inner.get("code") != "10000":
            raise self._refused(inner)
        refund_id = f"{inner.get('trade_no')}-{request.out_refund_no}"[:64]
        return ch.RefundStatus(out_refund_no=request.out_refund_no, state=ch.RefundState.SUCCEEDED,
                               provider_state="REFUND_SUCCESS", refund_id=refund_id,
                               out_trade_no=request.out_trade_no, amount_fen=request.amount_fen, raw=inner)

    async def query_refund(self, out_refund_no: str, out_trade_no: str | None = None) -> ch.RefundStatus:
        """alipay.trade.fastpay.refund.query: needs the order too. No refund fields in a successful
        answer means Alipay never took the refund (NOT_FOUND: ask again with the same number)."""
        if not out_trade_no:
            raise ch.ChannelRejected("支付宝退款查询需要商户订单号", code="OUT_TRADE_NO_REQUIRED")
        call = AlipayTradeFastpayRefundQueryRequest()
        call.biz_content = {"out_trade_no": out_trade_no, "out_request_no": out_refund_no}
        inner = await self._call(call)
        if inner.get("code") != "10000" and inner.get("sub_code") != "ACQ.TRADE_NOT_EXIST":
            raise ch.ChannelResultUnknown(str(inner.get("sub_msg", "")), code=str(inner.get("sub_code", "")),
                                          raw=inner)
        if inner.get("refund_status") != "REFUND_SUCCESS":
            return ch.RefundStatus(out_refund_no, ch.RefundState.NOT_FOUND, "NOT_FOUND", out_trade_no=out_trade_no,
                                   raw=inner)
        return ch.RefundStatus(out_refund_no, ch.RefundState.SUCCEEDED, "REFUND_SUCCESS",
                               refund_id=f"{inner.get('trade_no')}-{out_refund_no}"[:64], out_trade_no=out_trade_no,
                               amount_fen=fen(inner.get("refund_amount")), raw=inner)

    async def parse_notification(self, headers: Mapping[str, str], body: bytes,
                                 now: datetime | None = None) -> ch.VerifiedNotification:
        """A trade_status_sync form: RSA2 over the sorted pairs without sign and sign_type, by
        Alipay's key; then app_id and seller_id must be ours and the status one we know.

        Raises: NotificationRejected (malformed, bad_signature, wrong_appid, wrong_mchid,
        inconsistent_event)."""
        try:
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ch.NotificationRejected("malformed", "not a form") from exc
        signature = form.get("sign", "")
        if not signature or form.get("sign_type") != "RSA2" or not form.get("out_trade_no"):
            raise ch.NotificationRejected("malformed", "sign, sign_type or out_trade_no missing")
        content = get_sign_content({k: v for k, v in form.items() if k not in ("sign", "sign_type")})
        try:
            verify_with_rsa(self.config.alipay_public_key, content.encode("utf-8"), signature)
        except Exception as exc:  # noqa: BLE001 - the SDK raises bare Exception on a mismatch
            raise ch.NotificationRejected("bad_signature") from exc
        if form.get("app_id") != self.config.app_id:
            raise ch.NotificationRejected("wrong_appid", str(form.get("app_id")))
        if form.get("seller_id") != self.config.seller_id:
            raise ch.NotificationRejected("wrong_mchid", str(form.get("seller_id")))
        try:
            trade = self._trade(form, appid=form.get("app_id"), seller_id=form.get("seller_id"))
        except ch.ChannelResultUnknown as exc:
            raise ch.NotificationRejected("inconsistent_event", str(form.get("trade_status"))) from exc
        return ch.VerifiedNotification(notification_id=form.get("notify_id", ""), event_type=EVENTS[trade.state],
                                       kind="payment", resource=form, trade=trade)

    async def download_trade_bill(self, bill_date: date) -> str:
        """The day's 业务明细 (CSV text; `bill.parse` reads it): the download address from
        alipay.data.dataservice.bill.downloadurl.query, then the zip it points to."""
        call = AlipayDataDataserviceBillDownloadurlQueryRequest()
        call.biz_content = {"bill_type": "trade", "bill_date": bill_date.isoformat()}
        inner = await self._call(call)
        url = inner.get("bill_download_url")
        if inner.get("code") != "10000" or not url:
            raise self._refused(inner)
        try:
            async with httpx.AsyncClient(timeout=max(30.0, self.config.timeout_seconds)) as client:
                response = await client.get(str(url))
        except httpx.HTTPError as exc:
            raise ch.ChannelUnavailable(str(exc), code="BILL_DOWNLOAD") from exc
        if response.status_code != 200:
            raise ch.ChannelUnavailable(f"bill download answered {response.status_code}", code="BILL_DOWNLOAD")
        try:
            return detail_csv(response.content)
        except BillUnreadable as exc:
            raise ch.ChannelResultUnknown(str(exc), code="BILL_UNREADABLE") from exc
