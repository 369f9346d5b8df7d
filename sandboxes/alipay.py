"""Our Alipay sandbox: the open platform gateway (`/alipay/gateway.do`) as the official SDK speaks
to it, and asynchronous notifications as Alipay sends them.

Protocol, as the SDK and Alipay's documents give it: common parameters in the query string,
`biz_content` (JSON) in the form body, an RSA2 (SHA256withRSA) signature over every parameter but
`sign`, sorted and joined `k=v&k=v`; answers `{"<method with underscores>_response": {…}, "sign":
"…"}` signed by Alipay over the inner JSON exactly as sent; amounts are yuan strings with two
decimals; a notification is a form POST signed over its sorted pairs without `sign` and
`sign_type`, answered with the text `success`.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, text
from sanic.response import json as json_response

from app.clock import SHANGHAI
from app.money import fen_to_yuan as yuan
from app.money import yuan_to_fen
from payment_channels import demo_key_pairs as key_pairs
from payment_channels.spec import ChannelContext
from sandboxes.control import control, control_body

BILL_COLUMNS = tuple(
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
    "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
    "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注".split(","))
NOTIFY_FORGES = frozenset({"bad_signature", "wrong_amount", "wrong_app_id", "wrong_seller"})


def sign_content(params: dict[str, str], leave_out: tuple[str, ...] = ("sign",)) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in leave_out and v not in ("", None))


def rsa2_sign(key: rsa.RSAPrivateKey, content: str) -> str:
    return base64.b64encode(key.sign(content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(key: rsa.RSAPublicKey, content: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature), content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def fen(value: str) -> int:
    return yuan_to_fen(value, allow_negative=True)


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
class AlipaySandbox:
    """Alipay's side: its own key pair, the app's public key, trades and refunds in memory."""

    app_id: str
    seller_id: str
    alipay_key: rsa.RSAPrivateKey
    app_public_key: rsa.RSAPublicKey
    trades: dict[str, AlipayTrade] = field(default_factory=dict)
    faults: dict[str, str] = field(default_factory=dict)  # method → down | unknown
    unknown_sleep_seconds: float = 15.0
    delivered: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""  # where the bill download addresses point (set when served)
    bills: dict[str, bytes] = field(default_factory=dict)
    auth_codes: dict[str, str] = field(default_factory=dict)  # my.getAuthCode's codes → the user's open_id

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
        trade = AlipayTrade(out_trade_no, datetime.now(SHANGHAI).strftime("%Y%m%d") + "2200" + "".join(
            secrets.choice("0123456789") for _ in range(16)), fen(amount), str(biz.get("subject", "")),
            str(biz.get("buyer_open_id") or biz.get("buyer_id")), params.get("notify_url", ""))
        self.trades[out_trade_no] = trade
        return self._ok(out_trade_no=out_trade_no, trade_no=trade.trade_no)

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
        trade.refunded_at[request_no] = datetime.now(SHANGHAI)
        return self._ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, fund_change="Y",
                        refund_fee=yuan(sum(trade.refunds.values())), gmt_refund_pay=_now())

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
        self.bills[token] = self.bill_zip(day)
        return self._ok(bill_download_url=f"{self.base_url}/alipay/bill/{token}.zip")

    def bill_zip(self, day: str) -> bytes:
        """The bill as Alipay publishes it: a zip of `<pid>_<yyyymmdd>_业务明细.csv` (and its 汇总),
        GBK, comment lines starting with '#'."""
        rows = []
        for t in self.trades.values():
            if t.paid_at is not None and t.paid_at.strftime("%Y-%m-%d") == day:
                stamp = t.paid_at.strftime("%Y-%m-%d %H:%M:%S")
                rows.append([t.trade_no, t.out_trade_no, "交易", t.subject, stamp, stamp, "", "", "", "",
                             t.buyer_open_id, yuan(t.total_fen), yuan(t.total_fen), "0.00", "0.00", "0.00", "0.00",
                             "0.00", "", "0.00", "0.00", "", "0.00", "0.00", ""])
            for request_no, amount in t.refunds.items():
                at = t.refunded_at.get(request_no)
                if at is not None and at.strftime("%Y-%m-%d") == day:
                    stamp = at.strftime("%Y-%m-%d %H:%M:%S")
                    rows.append([t.trade_no, t.out_trade_no, "退款", t.subject, stamp, stamp, "", "", "", "",
                                 t.buyer_open_id, yuan(-amount), yuan(-amount), "0.00", "0.00", "0.00", "0.00",
                                 "0.00", "", "0.00", "0.00", request_no, "0.00", "0.00", ""])
        header = ",".join(BILL_COLUMNS)
        paid = [r for r in rows if r[2] == "交易"]
        back = [r for r in rows if r[2] == "退款"]
        lines = ["#支付宝业务明细查询", f"#账号：[{self.seller_id}]",
                 f"#起始日期：[{day} 00:00:00]   终止日期：[{day} 23:59:59]",
                 "#" + "-" * 20 + "业务明细列表" + "-" * 20,
                 header, *[",".join(r) for r in rows], "#" + "-" * 20 + "业务明细列表结束" + "-" * 20,
                 f"#交易合计：{len(paid)}笔，商家实收共{yuan(sum(fen(r[12]) for r in paid))}元",
                 f"#退款合计：{len(back)}笔，商家实收退款共{yuan(sum(fen(r[12]) for r in back))}元",
                 f"#导出时间：[{_now()}]"]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            name = f"{self.seller_id}0156_{day.replace('-', '')}"
            archive.writestr(f"{name}_业务明细.csv", ("\r\n".join(lines) + "\r\n").encode("gbk"))
            archive.writestr(f"{name}_业务明细(汇总).csv", "#支付宝业务汇总查询\r\n".encode("gbk"))
        return out.getvalue()

    # ---- the payer, and notifications ----

    def pay(self, out_trade_no: str) -> str:
        """The payer pays in Alipay (my.tradePay): the trade is TRADE_SUCCESS."""
        trade = self.trades[out_trade_no]
        if trade.status == "WAIT_BUYER_PAY":
            trade.status, trade.paid_at = "TRADE_SUCCESS", datetime.now(SHANGHAI)
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
        if expire and datetime.strptime(str(expire), "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI) < datetime.now(
                SHANGHAI):
            raise ValueError("交易已过期")
        existing = self.trades.get(out_trade_no)
        if existing is None:
            self.trades[out_trade_no] = AlipayTrade(
                out_trade_no, datetime.now(SHANGHAI).strftime("%Y%m%d") + "2200" + "".join(
                    secrets.choice("0123456789") for _ in range(16)), fen(amount), str(biz.get("subject", "")),
                open_id or "074" + secrets.token_hex(20), params.get("notify_url", ""))
        elif existing.total_fen != fen(amount):
            raise ValueError("交易信息被篡改")
        self.pay(out_trade_no)
        return out_trade_no

    def notification(self, out_trade_no: str, forge: str | None = None) -> dict[str, str]:
        """The form Alipay POSTs to notify_url for a trade's status (trade_status_sync)."""
        if forge is not None and forge not in NOTIFY_FORGES:
            raise ValueError(f"unknown forge {forge!r}")
        trade = self.trades[out_trade_no]
        total = trade.total_fen + (1 if forge == "wrong_amount" else 0)
        form = {
            "notify_time": _now(), "notify_type": "trade_status_sync", "notify_id": secrets.token_hex(16),
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
            r = await client.post(trade.notify_url, content=urlencode(form).encode(),
                                  headers={"content-type": "application/x-www-form-urlencoded; charset=utf-8"})
        return r.status_code if r.text.strip() == "success" or r.status_code != 200 else 299


_METHODS = {
    "alipay.system.oauth.token": AlipaySandbox._oauth,
    "alipay.trade.create": AlipaySandbox._create,
    "alipay.trade.query": AlipaySandbox._query,
    "alipay.trade.close": AlipaySandbox._close,
    "alipay.trade.refund": AlipaySandbox._refund,
    "alipay.trade.fastpay.refund.query": AlipaySandbox._refund_query,
    "alipay.data.dataservice.bill.downloadurl.query": AlipaySandbox._bill_url,
}


def _now() -> str:
    return datetime.now(UTC).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def generate_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """(the app's key, Alipay's key): demo key pairs, 2048-bit RSA."""
    return key_pairs.generate(), key_pairs.generate()


def create_alipay_blueprint(sandbox: AlipaySandbox) -> Blueprint:
    bp = Blueprint("alipay_sandbox")

    @bp.post("/alipay/gateway.do")
    async def gateway(request: Request) -> HTTPResponse:
        query = dict(parse_qsl(request.query_string, keep_blank_values=True))
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        status, body = await sandbox.gateway(query, form)
        return text(body, status=status, content_type="text/html;charset=utf-8")

    @bp.get("/alipay/bill/<name>")
    async def bill(request: Request, name: str) -> HTTPResponse:
        body = sandbox.bills.get(name.removesuffix(".zip"))
        if body is None:
            return text("Not Found", status=404)
        return HTTPResponse(body, content_type="application/zip")

    @bp.post("/sandbox/alipay/pay")
    async def pay(request: Request) -> HTTPResponse:
        return json_response({"trade_no": sandbox.pay(str((request.json or {}).get("out_trade_no", "")))})

    @bp.post("/sandbox/alipay/app-pay")
    async def app_pay(request: Request) -> HTTPResponse:
        return await control(lambda: sandbox.pay_app_order(str(control_body(request).get("order_string", ""))))

    @bp.post("/sandbox/alipay/auth-code")
    async def auth_code(request: Request) -> HTTPResponse:
        open_id = (request.json or {}).get("open_id")
        return json_response({"auth_code": sandbox.issue_auth_code(str(open_id) if open_id else None)})

    @bp.post("/sandbox/alipay/notify")
    async def notify(request: Request) -> HTTPResponse:
        body = request.json or {}
        return json_response({"status": await sandbox.deliver(str(body.get("out_trade_no", "")), body.get("forge"))})

    return bp


def channel_sandbox(context: ChannelContext) -> AlipaySandbox:
    """The Alipay simulator, holding the other halves of the Alipay demo keys; its bill addresses
    point at the sandboxes' own base URL."""
    app_public, alipay_key = context.demo_pair("alipay_app", "alipay_platform")
    alipay = context.settings.alipay
    return AlipaySandbox(alipay.app_id, alipay.seller_id, alipay_key, app_public, base_url=context.sandbox_base_url)
