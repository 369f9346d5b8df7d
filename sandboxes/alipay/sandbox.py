"""Alipay's side of the sandbox: the gateway's methods, trades and precreated codes in memory, the
payer (my.tradePay, an app's order string, a phone scanning a code) and notifications."""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from app import clock
from app.clock import SHANGHAI
from app.money import fen_to_yuan as yuan
from sandboxes.alipay.bill import bill_zip
from sandboxes.alipay.protocol import fen, now_text, rsa2_sign, rsa2_verify, sign_content, trade_no
from sandboxes.bounded import Recent, RecentList, SpillingDict

NOTIFY_FORGES = frozenset({"bad_signature", "wrong_amount", "wrong_app_id", "wrong_seller"})


@dataclass
class AlipayTrade:
    out_trade_no: str
    trade_no: str
    total_fen: int
    subject: str
    buyer_open_id: str
    notify_url: str
    status: str = "WAIT_BUYER_PAY"  # TRADE_SUCCESS | TRADE_CLOSED | TRADE_FINISHED
    paid_at: datetime | None = None
    refunds: dict[str, int] = field(default_factory=dict)  # out_request_no → fen
    refunded_at: dict[str, datetime] = field(default_factory=dict)


@dataclass
class PrecreatedCode:
    """alipay.trade.precreate's qr_code: not a trade yet — Alipay makes the trade when it is scanned."""

    out_trade_no: str
    qr_code: str
    total_fen: int
    subject: str
    notify_url: str
    time_expire: datetime | None
    closed: bool = False  # closed before anyone scanned it: scanning it fails


@dataclass
class Certification:
    """alipay.user.certify.open.initialize's certify_id: whose identity the face must match, and
    whether the person has passed the face scan in Alipay (my.startAPVerify, simulated by `face_scan`)."""

    outer_order_no: str
    cert_name: str
    cert_no: str
    passed: bool = False


@dataclass
class AlipaySandbox:
    """Alipay's side: its own key pair, the app's public key, trades and refunds in memory."""

    app_id: str
    seller_id: str
    alipay_key: rsa.RSAPrivateKey
    app_public_key: rsa.RSAPublicKey
    # paid or closed trades past the newest few thousand wait on disk (sandboxes.bounded)
    trades: SpillingDict[str, AlipayTrade] = field(
        default_factory=lambda: SpillingDict(finished=lambda t: t.status != "WAIT_BUYER_PAY"))
    faults: dict[str, str] = field(default_factory=dict)  # method → down | unknown
    unknown_sleep_seconds: float = 15.0
    delivered: list[dict[str, str]] = field(default_factory=RecentList)  # the last ones
    base_url: str = ""  # where the bill download addresses point (set when served)
    bills: dict[str, bytes] = field(default_factory=lambda: Recent(100))
    # my.getAuthCode's codes → the user's open_id; precreated QR codes, by out_trade_no
    auth_codes: dict[str, str] = field(default_factory=lambda: Recent(20000))
    codes: SpillingDict[str, PrecreatedCode] = field(default_factory=SpillingDict)
    certifications: dict[str, Certification] = field(default_factory=dict)  # 人脸核身, by certify_id

    # ---- the gateway ----

    async def gateway(self, query: dict[str, str], form: dict[str, str]) -> tuple[int, str]:
        params = {**form, **query}
        method = params.get("method", "")
        fault = self.faults.get(method) or self.faults.get("*")
        if fault == "down":
            return 502, "Bad Gateway"
        answer = self._handle(method, params)
        if fault == "unknown":  # done, but the answer comes after the caller gave up
            await asyncio.sleep(self.unknown_sleep_seconds)
        return answer

    def _handle(self, method: str, params: dict[str, str]) -> tuple[int, str]:
        if params.get("app_id") != self.app_id:
            return self._answer(method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-app-id",
                                         "sub_msg": "无效的AppID参数"})
        if params.get("sign_type") != "RSA2" or not rsa2_verify(self.app_public_key, sign_content(params),
                                                                params.get("sign", "")):
            return self._answer(method, {"code": "40002", "msg": "Invalid Arguments",
                                         "sub_code": "isv.invalid-signature", "sub_msg": "验签出错"})
        try:
            biz = json.loads(params.get("biz_content") or "{}")
        except ValueError:
            biz = None
        handler = _METHODS.get(method)
        if handler is None or not isinstance(biz, dict):
            return self._answer(method, {"code": "40002", "msg": "Invalid Arguments",
                                         "sub_code": "isv.invalid-method", "sub_msg": "不存在的方法名"})
        return self._answer(method, handler(self, biz, params))

    def _answer(self, method: str, inner: dict[str, Any]) -> tuple[int, str]:
        body = json.dumps(inner, ensure_ascii=False, separators=(",", ":"))
        name = method.replace(".", "_") + "_response"
        return 200, f'{{"{name}":{body},"sign":"{rsa2_sign(self.alipay_key, body)}"}}'

    @staticmethod
    def _ok(**fields: Any) -> dict[str, Any]:
        return {"code": "10000", "msg": "Success", **fields}

    @staticmethod
    def _failed(sub_code: str, sub_msg: str) -> dict[str, Any]:
        return {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg}

    def _create(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        out_trade_no, amount = str(biz.get("out_trade_no", "")), str(biz.get("total_amount", ""))
        if not out_trade_no or not amount or not (biz.get("buyer_open_id") or biz.get("buyer_id")):
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.missing-required-arguments",
                    "sub_msg": "缺少必选参数"}
        existing = self.trades.get(out_trade_no)
        if existing is not None:
            if existing.total_fen != fen(amount):
                return self._failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
            if existing.status != "WAIT_BUYER_PAY":
                return self._failed("ACQ.TRADE_HAS_SUCCESS" if existing.status == "TRADE_SUCCESS" else
                                    "ACQ.TRADE_HAS_CLOSE", "交易已支付" if existing.status == "TRADE_SUCCESS" else
                                    "交易已经关闭")
            return self._ok(out_trade_no=out_trade_no, trade_no=existing.trade_no)
        trade = AlipayTrade(out_trade_no, trade_no(), fen(amount), str(biz.get("subject", "")),
                            str(biz.get("buyer_open_id") or biz.get("buyer_id")), params.get("notify_url", ""))
        self.trades[out_trade_no] = trade
        return self._ok(out_trade_no=out_trade_no, trade_no=trade.trade_no)

    def _precreate(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        """alipay.trade.precreate: a qr_code for the order; the same out_trade_no again answers the
        same code (a code closed meanwhile too: it just cannot be paid); a trade made under the
        number and paid, or closed, is said so."""
        out_trade_no, amount = str(biz.get("out_trade_no", "")), str(biz.get("total_amount", ""))
        if not out_trade_no or not amount or not biz.get("subject"):
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.missing-required-arguments",
                    "sub_msg": "缺少必选参数"}
        trade, code = self.trades.get(out_trade_no), self.codes.get(out_trade_no)
        known = trade.total_fen if trade is not None else code.total_fen if code is not None else None
        if known is not None and known != fen(amount):
            return self._failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
        if trade is not None and trade.status in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return self._failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
        if trade is not None and trade.status == "TRADE_CLOSED":
            return self._failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
        if code is None:
            expire = biz.get("time_expire")
            code = PrecreatedCode(out_trade_no, "https://qr.alipay.com/bax0" + secrets.token_hex(10), fen(amount),
                                  str(biz["subject"]), params.get("notify_url", ""), datetime.strptime(
                                      str(expire), "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI) if expire else None)
            self.codes[out_trade_no] = code
        return self._ok(out_trade_no=out_trade_no, qr_code=code.qr_code)

    def issue_auth_code(self, open_id: str | None = None) -> str:
        """The mini-program's my.getAuthCode({scopes: 'auth_base'}): a one-time code for a user."""
        code = "ac" + secrets.token_hex(14)
        self.auth_codes[code] = open_id or "074" + secrets.token_hex(20)
        return code

    def _oauth(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        """alipay.system.oauth.token (grant_type=authorization_code): a code is good once."""
        if params.get("grant_type") != "authorization_code":
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.grant-type-invalid",
                    "sub_msg": "grant_type参数不正确"}
        open_id = self.auth_codes.pop(params.get("code", ""), None)
        if open_id is None:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.code-invalid",
                    "sub_msg": "授权码code无效"}
        return {"open_id": open_id, "access_token": "authbseB" + secrets.token_hex(16), "expires_in": 1296000,
                "re_expires_in": 2592000, "refresh_token": "authbseB" + secrets.token_hex(16)}

    # ---- 人脸核身 (alipay.user.certify.open.*) ----

    def _certify_initialize(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        """alipay.user.certify.open.initialize: a certify_id for the identity (身份证 only); an
        outer_order_no is never accepted twice."""
        given = biz.get("identity_param")
        identity: dict[str, Any] = given if isinstance(given, dict) else {}
        outer_order_no = str(biz.get("outer_order_no", ""))
        if (not outer_order_no or biz.get("biz_code") not in ("FACE", "SMART_FACE")
                or identity.get("identity_type") != "CERT_INFO" or identity.get("cert_type") != "IDENTITY_CARD"
                or not identity.get("cert_name") or not identity.get("cert_no")):
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-parameter",
                    "sub_msg": "参数有误"}
        if any(c.outer_order_no == outer_order_no for c in self.certifications.values()):
            return self._failed("OUTER_ORDER_NO_REPEAT", "商户请求唯一标识重复")
        certify_id = secrets.token_hex(16)
        self.certifications[certify_id] = Certification(outer_order_no, str(identity["cert_name"]),
                                                        str(identity["cert_no"]))
        return self._ok(certify_id=certify_id)

    def _certify_query(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        """alipay.user.certify.open.query: passed "T", or "F" (not passed, or not finished yet)."""
        found = self.certifications.get(str(biz.get("certify_id", "")))
        if found is None:
            return self._failed("CERTIFY_ID_INVALID", "认证标识无效")
        return self._ok(passed="T" if found.passed else "F")

    def face_scan(self, certify_id: str, passed: bool = True) -> dict[str, Any]:
        """The person does the face scan in Alipay (my.startAPVerify with the certify_id)."""
        found = self.certifications.get(certify_id)
        if found is None:
            raise ValueError("unknown certify_id")
        found.passed = passed
        return {"certify_id": certify_id, "passed": passed}

    def _query(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(str(biz.get("out_trade_no", "")))
        if trade is None:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        found = dict(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, trade_status=trade.status,
                     total_amount=yuan(trade.total_fen), buyer_open_id=trade.buyer_open_id)
        if trade.paid_at is not None:
            found.update(buyer_pay_amount=yuan(trade.total_fen), send_pay_date=trade.paid_at.strftime(
                "%Y-%m-%d %H:%M:%S"))
        return self._ok(**found)

    def _close(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(str(biz.get("out_trade_no", "")))
        if trade is None:
            code = self.codes.get(str(biz.get("out_trade_no", "")))
            if code is not None:  # not scanned: no trade to close, but the code can no longer be paid
                code.closed = True
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        if trade.status in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return self._failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        trade.status = "TRADE_CLOSED"
        return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no)

    def _refund(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(str(biz.get("out_trade_no", "")))
        request_no, amount = str(biz.get("out_request_no", "")), str(biz.get("refund_amount", ""))
        if trade is None:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        if not request_no or not amount:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.missing-required-arguments",
                    "sub_msg": "缺少必选参数"}
        if request_no in trade.refunds:  # the same request again: nothing more moves
            if trade.refunds[request_no] != fen(amount):
                return self._failed("ACQ.REQUEST_AMOUNT_EXCEED", "请求退款金额与原请求不一致")
            return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, fund_change="N",
                            refund_fee=yuan(sum(trade.refunds.values())))
        if trade.status not in ("TRADE_SUCCESS",):
            return self._failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        if sum(trade.refunds.values()) + fen(amount) > trade.total_fen:
            return self._failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
        trade.refunds[request_no] = fen(amount)
        trade.refunded_at[request_no] = clock.in_china()
        return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, fund_change="Y",
                        refund_fee=yuan(sum(trade.refunds.values())), gmt_refund_pay=now_text())

    def _refund_query(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(str(biz.get("out_trade_no", "")))
        request_no = str(biz.get("out_request_no", ""))
        if trade is None:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        if request_no not in trade.refunds:  # Alipay answers success without refund fields
            return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, out_request_no=request_no)
        return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, out_request_no=request_no,
                        refund_amount=yuan(trade.refunds[request_no]), total_amount=yuan(trade.total_fen),
                        refund_status="REFUND_SUCCESS")

    def _bill_url(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        """alipay.data.dataservice.bill.downloadurl.query: a one-day trade bill, zipped GBK CSV."""
        day = str(biz.get("bill_date", ""))
        if biz.get("bill_type") != "trade" or len(day) != 10:
            return {"code": "40004", "msg": "Business Failed", "sub_code": "isp.bill_not_exist",
                    "sub_msg": "账单不存在"}
        token = secrets.token_urlsafe(16)
        self.bills[token] = bill_zip(self.seller_id, self.trades.values(), day)
        return self._ok(bill_download_url=f"{self.base_url}/alipay/bill/{token}.zip")

    # ---- the payer, and notifications ----

    def pay(self, out_trade_no: str) -> str:
        """The payer pays in Alipay (my.tradePay): the trade is TRADE_SUCCESS."""
        trade = self.trades[out_trade_no]
        if trade.status == "WAIT_BUYER_PAY":
            trade.status, trade.paid_at = "TRADE_SUCCESS", clock.in_china()
        return trade.trade_no

    def pay_app_order(self, order_string: str, open_id: str | None = None) -> str:
        """The payer pays an app order string in the Alipay app (the SDK submits it): checked as
        Alipay checks it — the app's RSA2 signature, our app_id, not past time_expire — then the
        trade exists, paid; a second pay of the same order changes nothing. Returns out_trade_no.
        Raises ValueError when Alipay would refuse the order."""
        params = dict(parse_qsl(order_string, keep_blank_values=True))
        if params.get("app_id") != self.app_id or params.get("method") != "alipay.trade.app.pay":
            raise ValueError("not an alipay.trade.app.pay order of this app")
        if params.get("sign_type") != "RSA2" or not rsa2_verify(self.app_public_key, sign_content(params),
                                                                params.get("sign", "")):
            raise ValueError("验签出错")
        biz = json.loads(params.get("biz_content") or "{}")
        out_trade_no, amount = str(biz.get("out_trade_no", "")), str(biz.get("total_amount", ""))
        expire = biz.get("time_expire")
        if expire and datetime.strptime(str(expire), "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI) < clock.in_china():
            raise ValueError("交易已过期")
        existing = self.trades.get(out_trade_no)
        if existing is None:
            self.trades[out_trade_no] = AlipayTrade(out_trade_no, trade_no(), fen(amount), str(biz.get("subject", "")),
                                                    open_id or "074" + secrets.token_hex(20),
                                                    params.get("notify_url", ""))
        elif existing.total_fen != fen(amount):
            raise ValueError("交易信息被篡改")
        self.pay(out_trade_no)
        return out_trade_no

    def scan(self, qr_code: str, open_id: str | None = None) -> str:
        """A phone scans a precreated qr_code in Alipay and pays it: the trade is made then (the
        scanning user its buyer), unless the code was closed or is past its time_expire; paying it
        again changes nothing. Returns out_trade_no. Raises KeyError (no such code), ValueError
        (Alipay refuses: closed or expired)."""
        code = self.codes.find(lambda c: c.qr_code == qr_code)
        if code is None:
            raise KeyError(qr_code)
        if code.out_trade_no not in self.trades:
            if code.closed:
                raise ValueError("交易已关闭")
            if code.time_expire is not None and code.time_expire < clock.in_china():
                raise ValueError("交易已过期")
            self.trades[code.out_trade_no] = AlipayTrade(code.out_trade_no, trade_no(), code.total_fen, code.subject,
                                                         open_id or "074" + secrets.token_hex(20), code.notify_url)
        self.pay(code.out_trade_no)
        return code.out_trade_no

    async def scan_and_pay(self, qr_code: str, open_id: str | None = None, notify: bool = True) -> dict[str, Any]:
        """`scan`, then Alipay's trade_status_sync to the notify_url (unless `notify` is False).
        Returns out_trade_no, trade_no and the merchant's answer's status."""
        out_trade_no = self.scan(qr_code, open_id)
        status = await self.deliver(out_trade_no) if notify else None
        return {"out_trade_no": out_trade_no, "trade_no": self.trades[out_trade_no].trade_no, "delivery": status}

    def notification(self, out_trade_no: str, forge: str | None = None) -> dict[str, str]:
        """The form Alipay POSTs to notify_url for a trade's status (trade_status_sync)."""
        if forge is not None and forge not in NOTIFY_FORGES:
            raise ValueError(f"unknown forge {forge!r}")
        trade = self.trades[out_trade_no]
        total = trade.total_fen + (1 if forge == "wrong_amount" else 0)
        form = {
            "notify_time": now_text(), "notify_type": "trade_status_sync", "notify_id": secrets.token_hex(16),
            "charset": "utf-8", "version": "1.0", "sign_type": "RSA2",
            "app_id": "2021000000000000" if forge == "wrong_app_id" else self.app_id,
            "seller_id": "2088000000000000" if forge == "wrong_seller" else self.seller_id,
            "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no, "trade_status": trade.status,
            "total_amount": yuan(total), "receipt_amount": yuan(total), "buyer_pay_amount": yuan(total),
            "buyer_open_id": trade.buyer_open_id, "subject": trade.subject,
        }
        if trade.paid_at is not None:
            form["gmt_payment"] = trade.paid_at.strftime("%Y-%m-%d %H:%M:%S")
        signature = rsa2_sign(self.alipay_key, sign_content(form, leave_out=("sign", "sign_type")))
        form["sign"] = signature[:-6] + ("AAAAA=" if not signature.endswith("AAAAA=") else "BBBBB=") \
            if forge == "bad_signature" else signature
        return form

    async def deliver(self, out_trade_no: str, forge: str | None = None) -> int:
        """POST the notification to the trade's notify_url; the answer's status (body must be "success")."""
        trade = self.trades[out_trade_no]
        form = self.notification(out_trade_no, forge)
        self.delivered.append(form)
        async with httpx.AsyncClient(timeout=10) as client:
            try:
                r = await client.post(trade.notify_url, content=urlencode(form).encode(),
                                      headers={"content-type": "application/x-www-form-urlencoded; charset=utf-8"})
            except httpx.HTTPError:  # the merchant dropped the connection: not delivered (Alipay tries again)
                return 0
        return r.status_code if r.text.strip() == "success" or r.status_code != 200 else 299


_METHODS = {
    "alipay.system.oauth.token": AlipaySandbox._oauth,
    "alipay.user.certify.open.initialize": AlipaySandbox._certify_initialize,
    "alipay.user.certify.open.query": AlipaySandbox._certify_query,
    "alipay.trade.create": AlipaySandbox._create,
    "alipay.trade.precreate": AlipaySandbox._precreate,
    "alipay.trade.query": AlipaySandbox._query,
    "alipay.trade.close": AlipaySandbox._close,
    "alipay.trade.refund": AlipaySandbox._refund,
    "alipay.trade.fastpay.refund.query": AlipaySandbox._refund_query,
    "alipay.data.dataservice.bill.downloadurl.query": AlipaySandbox._bill_url,
}

