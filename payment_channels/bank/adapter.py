"""Bank agreement debits (两方协议 / 个人委托扣款协议) through a bank-side withholding gateway (代扣
网关) behind our PaymentChannel port.

The wire (documented in full in `sandboxes/bank/__init__.py`): JSON over HTTP, amounts in
integer fen, every request signed by our merchant key and every answer and callback by the bank's
key, SHA256withRSA (PKCS#1 v1.5) base64 in `X-Bank-Signature` over
"METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n" (ours) and "TIMESTAMP\\nNONCE\\nBODY\\n" (the bank's).

A debit is asynchronous: `create_order` only submits it (the bank answers ACCEPTED and a
bank_serial); it stays PROCESSING until the bank settles it and calls back (DEBIT.SUCCESS /
DEBIT.FAILED), or a query sees it finished. The payer reference of an OrderRequest
(`payer_ref`) carries the agreement_no here.

Errors, in one place (`_send` / `_answer`): a connection that never got through or a 503 is
*unavailable* (the request certainly did not take effect); a timeout, a dropped connection, an
answer whose signature fails or that cannot be read, or a 500 to a changing call is *unknown* (only
a query settles it); a signed refusal is *rejected* with the bank's code and message.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.clock import SHANGHAI
from payment_channels import interfaces as ch
from payment_channels.bank.statement import StatementUnreadable, parse

NOTIFICATION_WINDOW_SECONDS = 300
HEADERS = ("X-Bank-Merchant", "X-Bank-Timestamp", "X-Bank-Nonce", "X-Bank-Signature")
_NUMBER = re.compile(r"^[0-9A-Za-z_-]{6,64}$")
# the bank's debit status → ours (FAILED carries its fail_code as provider_state)
TRADE_STATES = {"PROCESSING": ch.TradeState.PENDING, "SUCCESS": ch.TradeState.PAID, "FAILED": ch.TradeState.CLOSED,
                "CLOSED": ch.TradeState.CLOSED, "NOT_FOUND": ch.TradeState.NOT_FOUND}
REFUND_STATES = {"PROCESSING": ch.RefundState.PROCESSING, "SUCCESS": ch.RefundState.SUCCEEDED,
                 "FAILED": ch.RefundState.ABNORMAL, "NOT_FOUND": ch.RefundState.NOT_FOUND}
# callback event → (our event_type, the status it must carry)
EVENTS = {"DEBIT.SUCCESS": ("TRANSACTION.SUCCESS", "SUCCESS"), "DEBIT.FAILED": ("TRANSACTION.CLOSED", "FAILED"),
          "REFUND.SUCCESS": ("REFUND.SUCCESS", "SUCCESS"), "REFUND.FAILED": ("REFUND.ABNORMAL", "FAILED")}
# our identity document types (app.identity.id_numbers) → the gateway's 证件类型 codes; a code of
# the gateway's own passes unchanged
ID_TYPES = {"resident_id_card": "ID_CARD", "hk_mo_tw_residence_permit": "HMT_RESIDENCE_PERMIT",
            "hk_mo_travel_permit": "HK_MO_PASS", "tw_travel_permit": "TW_PASS",
            "foreign_permanent_residence": "FOREIGN_PERMANENT_ID", "passport": "PASSPORT"}
# our Chinese words for the bank's refusals, when its answer carries no message
MESSAGES = {
    "ACCOUNT_NOT_FOUND": "账户不存在", "NAME_MISMATCH": "持卡人姓名与账户不符", "ID_MISMATCH": "证件号码与账户不符",
    "ACCOUNT_FROZEN": "账户已冻结", "BANK_NOT_SUPPORTED": "暂不支持该银行", "AGREEMENT_NOT_FOUND": "协议不存在",
    "AGREEMENT_CANCELLED": "协议已解约", "DUPLICATE_ORDER": "商户订单号重复", "REFUND_EXCEEDS": "退款金额超过可退金额",
    "ORDER_NOT_PAID": "订单未扣款成功，不能退款", "DUPLICATE_REFUND": "退款单号重复", "PARAM_ERROR": "参数错误",
    "STATEMENT_NOT_READY": "对账文件尚未生成",
}


def _time(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)


def _fen(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class BankConfig:
    merchant_no: str  # ours at the bank: every message names it in X-Bank-Merchant
    merchant_private_key: str  # PEM (PKCS#1 or PKCS#8): signs our requests
    bank_public_key: str  # PEM: verifies the bank's answers and callbacks
    gateway_url: str  # the gateway's base URL; the endpoints are <gateway_url>/bank/…
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class SignedAgreement:
    agreement_no: str
    raw: dict[str, Any] = field(default_factory=dict)


class BankAgreementChannel:
    """Debits under a payer's signed bank agreement, implementing `PaymentChannel`.

    Call `start()` once before any call to the bank and `close()` at shutdown; `client_params`
    and `parse_notification` need no network. Every call may be repeated with the same number.
    Raises only the exceptions of payment_channels.interfaces.
    """

    name = "bank_agreement"

    def __init__(self, config: BankConfig, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self._clock = clock
        self._gateway = config.gateway_url.rstrip("/")
        self._prefix = urlparse(self._gateway).path
        key = serialization.load_pem_private_key(config.merchant_private_key.encode(), password=None)
        public = serialization.load_pem_public_key(config.bank_public_key.encode())
        if not isinstance(key, rsa.RSAPrivateKey) or not isinstance(public, rsa.RSAPublicKey):
            raise ValueError("the bank channel needs RSA keys")
        self._key: rsa.RSAPrivateKey = key
        self._bank_key: rsa.RSAPublicKey = public
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.config.timeout_seconds)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ---- the wire ----

    def _sign(self, message: str) -> str:
        return base64.b64encode(self._key.sign(message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()

    def _verified(self, headers: Mapping[str, str], text: str) -> bool:
        """The bank's signature over "TIMESTAMP\\nNONCE\\nBODY\\n" checks out."""
        message = f"{headers.get('x-bank-timestamp', '')}\n{headers.get('x-bank-nonce', '')}\n{text}\n"
        try:
            self._bank_key.verify(base64.b64decode(headers.get("x-bank-signature", ""), validate=True),
                                  message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    async def _send(self, method: str, endpoint: str, payload: Mapping[str, Any] | None, *,
                    mutating: bool) -> tuple[int, str, dict[str, Any]]:
        """One signed request; (status, verified body text, its JSON object or {}). The one place
        where transport failures, 503 and unsigned answers become our exceptions."""
        if self._client is None:
            raise RuntimeError("BankAgreementChannel.start() was not called")
        body = _dumps(payload) if payload is not None else ""
        stamp, nonce = str(int(self._clock())), secrets.token_hex(16)
        signature = self._sign(f"{method}\n{self._prefix}{endpoint}\n{stamp}\n{nonce}\n{body}\n")
        headers = {"X-Bank-Merchant": self.config.merchant_no, "X-Bank-Timestamp": stamp, "X-Bank-Nonce": nonce,
                   "X-Bank-Signature": signature}
        if payload is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            response = await self._client.request(method, self._gateway + endpoint, headers=headers,
                                                  content=body.encode("utf-8") if payload is not None else None)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as exc:
            raise ch.ChannelUnavailable(str(exc) or type(exc).__name__, code="CONNECT_FAILED") from exc
        except httpx.TimeoutException as exc:
            raise ch.ChannelResultUnknown(str(exc) or type(exc).__name__, code="TIMEOUT") from exc
        except httpx.TransportError as exc:  # the connection dropped after the request went out
            kind = ch.ChannelResultUnknown if mutating else ch.ChannelUnavailable
            raise kind(str(exc) or type(exc).__name__, code="CONNECTION_LOST") from exc
        if response.status_code == 503:  # the gateway's front: not processed, try again later
            error = _object(response.content)
            raise ch.ChannelUnavailable(str(error.get("message") or "HTTP 503"),
                                        code=str(error.get("code") or "HTTP_503"), raw=error)
        try:
            text = response.content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ch.ChannelResultUnknown("the answer is not UTF-8", code="UNREADABLE_RESPONSE") from exc
        answer_headers = {k.lower(): v for k, v in response.headers.items()}
        if answer_headers.get("x-bank-merchant") != self.config.merchant_no or not self._verified(answer_headers, text):
            raise ch.ChannelResultUnknown(f"HTTP {response.status_code}: the answer's signature does not verify",
                                          code="BAD_SIGNATURE")
        data = _object(response.content) if response.headers.get("content-type", "").startswith(
            "application/json") else {}
        if response.status_code >= 500:  # the call may have taken effect: only a query settles a change
            kind = ch.ChannelResultUnknown if mutating else ch.ChannelUnavailable
            raise kind(str(data.get("message") or f"HTTP {response.status_code}"),
                       code=str(data.get("code") or f"HTTP_{response.status_code}"), raw=data)
        return response.status_code, text, data

    async def _call(self, endpoint: str, payload: Mapping[str, Any], *, mutating: bool) -> dict[str, Any]:
        """POST; the verified answer when its code is SUCCESS, else the bank's refusal."""
        status, _, data = await self._send("POST", endpoint, payload, mutating=mutating)
        if not data:
            raise ch.ChannelResultUnknown(f"HTTP {status}: the answer is not a JSON object",
                                          code="UNREADABLE_RESPONSE")
        if 200 <= status < 300 and data.get("code") == "SUCCESS":
            return data
        raise self._refused(data, status)

    @staticmethod
    def _refused(data: Mapping[str, Any], status: int) -> ch.ChannelRejected:
        code = str(data.get("code") or f"HTTP_{status}")
        return ch.ChannelRejected(str(data.get("message") or MESSAGES.get(code, code)), code=code, raw=dict(data))

    def _check_number(self, value: str, what: str) -> None:
        if not _NUMBER.match(value or ""):
            raise ch.ChannelRejected(f"{what}格式错误", code="PARAM_ERROR")

    # ---- agreements ----

    async def sign_agreement(self, *, bank_code: str, account_no: str, holder_name: str, id_number: str,
                             tax_office_code: str = "", id_type: str = "resident_id_card") -> SignedAgreement:
        """签约: the payer's account at `bank_code` under a two-party debit agreement. The same account
        and id again answer the same live agreement. `id_type` is ours (resident_id_card, passport, …;
        see ID_TYPES) or already the gateway's code; `tax_office_code` may be empty.

        Raises: ChannelRejected (ACCOUNT_NOT_FOUND, NAME_MISMATCH, ID_MISMATCH, ACCOUNT_FROZEN,
        BANK_NOT_SUPPORTED, PARAM_ERROR; message in Chinese), ChannelUnavailable, ChannelResultUnknown."""
        data = await self._call("/bank/agreements/sign", {
            "bank_code": bank_code, "account_no": account_no, "holder_name": holder_name,
            "id_type": ID_TYPES.get(id_type, id_type),
            "id_number": id_number, "tax_office_code": tax_office_code}, mutating=True)
        if data.get("result") != "SIGNED" or not data.get("agreement_no"):
            raise ch.ChannelResultUnknown("a sign answer without an agreement", code="UNREADABLE_RESPONSE", raw=data)
        return SignedAgreement(str(data["agreement_no"]), raw=data)

    async def cancel_agreement(self, agreement_no: str) -> None:
        """解约 (again: fine). Raises: ChannelRejected (AGREEMENT_NOT_FOUND), ChannelUnavailable,
        ChannelResultUnknown."""
        data = await self._call("/bank/agreements/cancel", {"agreement_no": agreement_no}, mutating=True)
        if data.get("result") != "CANCELLED":
            raise ch.ChannelResultUnknown("a cancel answer that does not say CANCELLED", code="UNREADABLE_RESPONSE",
                                          raw=data)

    # ---- debits ----

    async def create_order(self, request: ch.OrderRequest, *, batch_no: str | None = None) -> ch.OrderResult:
        """Submit the debit under the agreement in `request.payer_ref`; the bank answers
        ACCEPTED (the result comes later). The same number and amount again debit nothing more.
        `time_expire` is not part of the protocol: close_order stops a debit not yet settled.

        Raises: ChannelRejected (AGREEMENT_NOT_FOUND, AGREEMENT_CANCELLED, DUPLICATE_ORDER,
        PARAM_ERROR), ChannelUnavailable, ChannelResultUnknown."""
        self._check_number(request.out_trade_no, "商户订单号")
        if request.amount_fen <= 0 or not request.payer_ref or not request.notify_url:
            raise ch.ChannelRejected("金额、协议号和通知地址必填", code="PARAM_ERROR")
        payload: dict[str, Any] = {"out_trade_no": request.out_trade_no, "agreement_no": request.payer_ref,
                                   "amount_fen": request.amount_fen, "description": request.description[:128],
                                   "notify_url": request.notify_url}
        batch_no = batch_no or request.attach  # a 批扣清册's debit carries the run's number in `attach`
        if batch_no:
            payload["batch_no"] = batch_no[:32]
        data = await self._call("/bank/debits", payload, mutating=True)
        if data.get("status") != "ACCEPTED" or not data.get("bank_serial"):
            raise ch.ChannelResultUnknown("a debit answer without ACCEPTED and bank_serial",
                                          code="UNREADABLE_RESPONSE", raw=data)
        return ch.OrderResult(prepay_id=str(data["bank_serial"]), client_params={}, raw=data)

    async def client_params(self, prepay_id: str) -> dict[str, str]:
        return {}  # nothing for the payer to confirm: the agreement is the authority

    async def query_order(self, out_trade_no: str) -> ch.TradeStatus:
        data = await self._call("/bank/debits/query", {"out_trade_no": out_trade_no}, mutating=False)
        return self._trade(data, out_trade_no)

    def _trade(self, data: Mapping[str, Any], out_trade_no: str | None = None) -> ch.TradeStatus:
        """A debit JSON (query answer or callback) as our TradeStatus."""
        status = str(data.get("status", ""))
        state = TRADE_STATES.get(status)
        if state is None:
            raise ch.ChannelResultUnknown(f"unknown debit status {status!r}", code="UNKNOWN_STATE", raw=dict(data))
        amount = _fen(data.get("amount_fen"))
        return ch.TradeStatus(
            out_trade_no=str(data.get("out_trade_no") or out_trade_no or ""), state=state,
            provider_state=str(data.get("fail_code") or status) if status == "FAILED" else status,
            transaction_id=str(data["bank_serial"]) if data.get("bank_serial") else None, amount_fen=amount,
            payer_amount_fen=amount if status == "SUCCESS" else None, mchid=self.config.merchant_no,
            success_time=_time(data.get("finished_at")) if status == "SUCCESS" else None, raw=dict(data))

    async def close_order(self, out_trade_no: str) -> None:
        """Stop a debit not yet settled. Never submitted (ORDER_NOT_FOUND), already failed or closed:
        fine, nothing can be debited under the number. Raises: ChannelRejected (ORDERPAID),
        ChannelUnavailable, ChannelResultUnknown."""
        try:
            await self._call("/bank/debits/close", {"out_trade_no": out_trade_no}, mutating=True)
        except ch.ChannelRejected as exc:
            if exc.code == "ORDER_NOT_FOUND":
                return
            if exc.code == "ORDER_PAID":
                raise ch.ChannelRejected("该笔扣款已成功，不能关闭", code="ORDERPAID", raw=exc.raw) from exc
            raise

    # ---- refunds ----

    async def refund(self, request: ch.RefundRequest) -> ch.RefundStatus:
        """Money back to the payer's account, settled later (PROCESSING now; REFUND.SUCCESS calls
        back). The same out_refund_no again moves nothing more.

        Raises: ChannelRejected (REFUND_EXCEEDS, ORDER_NOT_PAID, DUPLICATE_REFUND, PARAM_ERROR),
        ChannelUnavailable, ChannelResultUnknown."""
        self._check_number(request.out_trade_no, "商户订单号")
        self._check_number(request.out_refund_no, "退款单号")
        if not 0 < request.amount_fen <= request.total_fen:
            raise ch.ChannelRejected("退款金额应大于0且不超过原扣款金额", code="PARAM_ERROR")
        data = await self._call("/bank/refunds", {
            "out_trade_no": request.out_trade_no, "out_refund_no": request.out_refund_no,
            "amount_fen": request.amount_fen, "reason": request.reason[:128], "notify_url": request.notify_url},
            mutating=True)
        return self._refund(data, request.out_refund_no)

    async def query_refund(self, out_refund_no: str, out_trade_no: str | None = None) -> ch.RefundStatus:
        payload = {"out_refund_no": out_refund_no, **({"out_trade_no": out_trade_no} if out_trade_no else {})}
        data = await self._call("/bank/refunds/query", payload, mutating=False)
        return self._refund(data, out_refund_no, out_trade_no)

    @staticmethod
    def _refund(data: Mapping[str, Any], out_refund_no: str | None = None,
                out_trade_no: str | None = None) -> ch.RefundStatus:
        status = str(data.get("status", ""))
        state = REFUND_STATES.get(status)
        if state is None:
            raise ch.ChannelResultUnknown(f"unknown refund status {status!r}", code="UNKNOWN_STATE", raw=dict(data))
        return ch.RefundStatus(
            out_refund_no=str(data.get("out_refund_no") or out_refund_no or ""), state=state,
            provider_state=str(data.get("fail_code") or status) if status == "FAILED" else status,
            refund_id=str(data["refund_serial"]) if data.get("refund_serial") else None,
            out_trade_no=str(data.get("out_trade_no") or out_trade_no or "") or None,
            amount_fen=_fen(data.get("amount_fen")), raw=dict(data))

    # ---- callbacks ----

    async def parse_notification(self, headers: Mapping[str, str], body: bytes,
                                 now: datetime | None = None) -> ch.VerifiedNotification:
        """A bank callback: the four X-Bank-* headers, our merchant, the bank's signature, a
        timestamp within ±5 minutes, then the event and the state it carries.

        Raises: NotificationRejected (missing_headers, wrong_mchid, malformed, bad_signature,
        stale_timestamp, inconsistent_event)."""
        lowered = {str(k).lower(): str(v) for k, v in headers.items()}
        missing = [name for name in HEADERS if not lowered.get(name.lower())]
        if missing:
            raise ch.NotificationRejected("missing_headers", ", ".join(missing))
        if lowered["x-bank-merchant"] != self.config.merchant_no:
            raise ch.NotificationRejected("wrong_mchid", lowered["x-bank-merchant"])
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ch.NotificationRejected("malformed", "body is not UTF-8") from exc
        if not self._verified(lowered, text):
            raise ch.NotificationRejected("bad_signature")
        current = now.timestamp() if now is not None else self._clock()
        stamp = lowered["x-bank-timestamp"]
        if not stamp.isdigit() or abs(current - int(stamp)) > NOTIFICATION_WINDOW_SECONDS:
            raise ch.NotificationRejected("stale_timestamp", f"timestamp {stamp}")
        data = _object(body)
        event = str(data.get("event", ""))
        if event not in EVENTS or not data.get("out_trade_no") or _fen(data.get("amount_fen")) is None:
            raise ch.NotificationRejected("malformed", f"not a bank callback (event {event!r})")
        if data.get("merchant_no") != self.config.merchant_no:
            raise ch.NotificationRejected("wrong_mchid", str(data.get("merchant_no")))
        event_type, status = EVENTS[event]
        if data.get("status") != status:
            raise ch.NotificationRejected("inconsistent_event", f"{event} with status {data.get('status')}")
        notification_id = str(data.get("notify_id") or f"{stamp}-{lowered['x-bank-nonce']}")
        if event.startswith("DEBIT."):
            trade = self._trade(data)
            return ch.VerifiedNotification(notification_id, event_type, "payment", data, trade=trade)
        if not data.get("out_refund_no"):
            raise ch.NotificationRejected("malformed", "a refund callback without out_refund_no")
        return ch.VerifiedNotification(notification_id, event_type, "refund", data, refund=self._refund(data))

    # ---- statements ----

    async def download_trade_bill(self, bill_date: date) -> str:
        """The day's statement (对账文件) as CSV text, its signature verified and its trailer checked
        (`statement.parse` reads it). Raises: ChannelRejected (STATEMENT_NOT_READY), ChannelUnavailable,
        ChannelResultUnknown (unsigned, or not a whole statement)."""
        status, text, data = await self._send("GET", f"/bank/statements/{bill_date.isoformat()}", None,
                                              mutating=False)
        if status != 200:
            raise self._refused(data, status)
        try:
            parse(text)
        except StatementUnreadable as exc:
            raise ch.ChannelResultUnknown(str(exc), code="STATEMENT_UNREADABLE") from exc
        return text


def _object(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
