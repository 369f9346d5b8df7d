"""WeChat Pay API v3, wx.login and 人脸核身, simulated in memory (one process), speaking the real protocol.

Business logic only: `handle_api` / `handle_login` / `handle_face*` take a request's parts and return a
SandboxResponse; `http.py` is the HTTP face. Test and person controls are plain methods
(`confirm_payment`, `scan_and_pay`, `complete_refund`, `deliver_payment_notification`, `set_fault`, …;
the payer's side in payer.py, notifications in notify.py).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx

from app import clock
from payment_channels.wechat_pay.keys import DemoKeys
from sandboxes.wechat_face import FaceSimulator
from sandboxes.wechat_login import LoginSimulator
from sandboxes.wechat_pay import protocol as proto
from sandboxes.wechat_pay.bill import BillLine, render_trade_bill
from sandboxes.wechat_pay.notify import Deliver
from sandboxes.wechat_pay.payer import PayerMixin
from sandboxes.wechat_pay.protocol import SandboxResponse, error_response, json_response
from sandboxes.wechat_pay.state import (
    LIVE_REFUND_STATES,
    SHANGHAI,
    SandboxOrder,
    SandboxRefund,
    refund_json,
    transaction_json,
)

OPERATIONS = frozenset(
    {"create_order", "query_order", "close_order", "refund", "query_refund", "trade_bill", "login", "face", "*"}
)
FAULT_MODES = frozenset({"slow", "down", "unknown"})
UNKNOWN_STYLES = frozenset({"timeout", "error_500", "bad_signature"})
AUTH_WINDOW_SECONDS = 300


@dataclass
class _Fault:
    mode: str
    remaining: int | None
    style: str


@dataclass
class _Route:
    method: str
    pattern: re.Pattern[str]
    operation: str
    handler: Callable[..., SandboxResponse]


async def _post(url: str, headers: dict[str, str], body: bytes) -> int:
    async with httpx.AsyncClient(timeout=5.0) as client:
        try:
            response = await client.post(url, headers=headers, content=body)
        except httpx.HTTPError:
            return 0
        return response.status_code


class WeChatPaySandbox(PayerMixin):
    """Our WeChat Pay simulator. Contract: requests must carry a valid merchant Authorization
    (else 401 SIGN_ERROR); every 2xx answer is signed with the platform key; creation is
    idempotent per out_trade_no; refunds never exceed the paid total; faults apply per operation.
    """

    def __init__(
        self, mchid: str, appid: str, merchant_public_key_pem: str, merchant_serial_no: str,
        platform_private_key_pem: str, platform_public_key_id: str, apiv3_key: str, login_secret: str,
        deliver: Deliver | None = None, *, clock: Callable[[], float] = time.time,
        auto_complete_refunds: bool = False, slow_seconds: float = 1.0, unknown_sleep_seconds: float = 15.0,
    ) -> None:
        self.mchid, self.appid, self.merchant_serial_no = mchid, appid, merchant_serial_no
        self.platform_public_key_id, self.apiv3_key = platform_public_key_id, apiv3_key
        self._merchant_key = proto.load_public_key(merchant_public_key_pem)
        self._platform_key = proto.load_private_key(platform_private_key_pem)
        self._deliver: Deliver = deliver or _post
        self._clock = clock
        self.login = LoginSimulator(appid, login_secret, clock)
        self.face = FaceSimulator(appid, login_secret, clock)  # the same mini-program AppSecret
        self.orders: dict[str, SandboxOrder] = {}
        self.refunds: dict[str, SandboxRefund] = {}
        self.create_order_calls = 0
        self.deliveries: list[tuple[str, str, int]] = []  # (url, event_type, status)
        self.auto_complete_refunds = auto_complete_refunds
        self.slow_seconds = slow_seconds
        self.unknown_sleep_seconds = unknown_sleep_seconds  # past the client's timeout
        self.base_url = ""  # where it is served, for whoever serves it; answers use the request's host
        self._faults: dict[str, _Fault] = {}
        self._bills: dict[str, bytes] = {}
        self._routes = [
            _Route("POST", re.compile(r"/v3/pay/transactions/jsapi"), "create_order", self._create_order),
            _Route("POST", re.compile(r"/v3/pay/transactions/native"), "create_order", self._create_native),
            _Route("GET", re.compile(r"/v3/pay/transactions/out-trade-no/([^/?]+)"), "query_order", self._query_order),
            _Route("GET", re.compile(r"/v3/pay/transactions/id/([^/?]+)"), "query_order", self._query_by_id),
            _Route("POST", re.compile(r"/v3/pay/transactions/out-trade-no/([^/?]+)/close"), "close_order", self._close),
            _Route("POST", re.compile(r"/v3/refund/domestic/refunds"), "refund", self._refund),
            _Route("GET", re.compile(r"/v3/refund/domestic/refunds/([^/?]+)"), "query_refund", self._query_refund),
            _Route("GET", re.compile(r"/v3/bill/tradebill"), "trade_bill", self._trade_bill),
            _Route("GET", re.compile(r"/v3/billdownload/file"), "trade_bill", self._download),
        ]

    @classmethod
    def from_demo_keys(cls, keys: DemoKeys, *, mchid: str, appid: str, login_secret: str,
                       deliver: Deliver | None = None) -> WeChatPaySandbox:
        return cls(mchid, appid, keys.merchant_public_key_pem, keys.merchant_serial_no,
                   keys.platform_private_key_pem, keys.platform_public_key_id, keys.apiv3_key,
                   login_secret, deliver)

    def _now(self) -> datetime:
        """The business time of what happens here (a payment's success_time): app.clock's, which
        the sandbox moves with the service; the wire's signatures keep the real `_clock`."""
        return clock.in_china()

    # --- faults -------------------------------------------------------------------------------

    def set_fault(self, operation: str, mode: str, count: int | None = None, *, style: str = "timeout") -> None:
        """Make `operation` ("*" for all) misbehave for `count` calls (None: until cleared).

        slow: sleep `slow_seconds`, then answer normally. down: 503 before doing anything.
        unknown: do the work, then answer untrustworthily: style "timeout" (sleep
        `unknown_sleep_seconds`), "error_500", or "bad_signature".
        """
        if operation not in OPERATIONS or mode not in FAULT_MODES or style not in UNKNOWN_STYLES:
            raise ValueError(f"bad fault {operation!r}/{mode!r}/{style!r}")
        self._faults[operation] = _Fault(mode, count, style)

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, operation: str) -> _Fault | None:
        for key in (operation, "*"):
            fault = self._faults.get(key)
            if fault is None:
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    del self._faults[key]
            return fault
        return None

    async def _untrustworthy(self, response: SandboxResponse, style: str, signed: bool) -> SandboxResponse:
        if style == "error_500":
            return error_response(500, "SYSTEM_ERROR", "系统错误")
        if style == "bad_signature" and signed:
            tampered = proto.signed_headers(self._platform_key, self.platform_public_key_id,
                                            int(self._clock()), response.text, tamper=True)
            return SandboxResponse(response.status, response.body, response.content_type, tampered)
        await asyncio.sleep(self.unknown_sleep_seconds)
        return response

    # --- the API ------------------------------------------------------------------------------

    async def handle_api(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, base_url: str
    ) -> SandboxResponse:
        """Answer one API v3 request. `target` is the raw request-target (path?query) as signed."""
        path, _, query = target.partition("?")
        found = [(r, m) for r in self._routes if r.method == method and (m := r.pattern.fullmatch(path))]
        if not found:
            return error_response(404, "NOT_FOUND", f"no such API: {method} {path}")
        route, match = found[0]
        fault = self._take_fault(route.operation)
        if fault and fault.mode == "down":
            return error_response(503, "SYSTEM_ERROR", "系统繁忙，请稍后重试")
        if fault and fault.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        text = body.decode("utf-8", errors="replace")
        if not self._authorized(method, target, proto.lower_keys(headers), text):
            return error_response(401, "SIGN_ERROR", "签名错误")
        try:
            payload = json.loads(text) if text else {}
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return error_response(400, "PARAM_ERROR", "请求体不是JSON对象")
        response = route.handler(*match.groups(), query=proto.query_params(query), payload=payload, base=base_url)
        signed = 200 <= response.status < 300
        if signed:
            response = self._signed(response)
        if fault and fault.mode == "unknown":
            return await self._untrustworthy(response, fault.style, signed)
        return response

    def _authorized(self, method: str, target: str, headers: Mapping[str, str], body: str) -> bool:
        auth = proto.parse_authorization(headers.get("authorization", ""))
        if not auth or auth["mchid"] != self.mchid or auth["serial_no"] != self.merchant_serial_no:
            return False
        if not auth["timestamp"].isdigit() or abs(self._clock() - int(auth["timestamp"])) > AUTH_WINDOW_SECONDS:
            return False
        message = proto.request_message(method, target, auth["timestamp"], auth["nonce_str"], body)
        return proto.rsa_verify(self._merchant_key, message, auth["signature"])

    def _signed(self, response: SandboxResponse) -> SandboxResponse:
        text = response.text if response.content_type.startswith("application/json") else ""
        headers = proto.signed_headers(self._platform_key, self.platform_public_key_id, int(self._clock()), text)
        return SandboxResponse(response.status, response.body, response.content_type, {**response.headers, **headers})

    async def handle_login(self, params: Mapping[str, str]) -> SandboxResponse:
        """GET /sns/jscode2session; WeChat answers 200 with text/plain JSON, errors included."""
        fault = self._take_fault("login")
        if fault and fault.mode == "down":
            return SandboxResponse(503, b"service unavailable", "text/plain")
        if fault and fault.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        answer = self.login.jscode2session(params)
        response = SandboxResponse(200, json.dumps(answer).encode(), "text/plain")
        if fault and fault.mode == "unknown":
            return await self._untrustworthy(response, fault.style, signed=False)
        return response

    def issue_login_code(self, openid_hint: str) -> str:
        return self.login.issue_login_code(openid_hint)

    async def handle_face_token(self, params: Mapping[str, str]) -> SandboxResponse:
        """GET /cgi-bin/token (no faults: "face" targets the two face calls only)."""
        return json_response(200, self.face.token(params))

    async def handle_face(self, action: str, query: Mapping[str, str], body: bytes) -> SandboxResponse:
        """POST /cityservice/face/identify/{getverifyid,queryverifyinfo}; fault target "face"."""
        call = {"getverifyid": self.face.getverifyid, "queryverifyinfo": self.face.queryverifyinfo}[action]
        fault = self._take_fault("face")
        if fault and fault.mode == "down":
            return SandboxResponse(503, b"service unavailable", "text/plain")
        if fault and fault.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        response = json_response(200, call(query.get("access_token", ""), body))
        if fault and fault.mode == "unknown":
            return await self._untrustworthy(response, fault.style, signed=False)
        return response

    # --- orders -------------------------------------------------------------------------------

    def _create_order(self, *, query: dict[str, str], payload: dict[str, Any], base: str) -> SandboxResponse:
        """POST /v3/pay/transactions/jsapi: an order for the payer's openid → prepay_id."""
        return self._create("JSAPI", payload)

    def _create_native(self, *, query: dict[str, str], payload: dict[str, Any], base: str) -> SandboxResponse:
        """POST /v3/pay/transactions/native: an order anyone pays by scanning → code_url."""
        return self._create("NATIVE", payload)

    def _create(self, trade_type: str, payload: dict[str, Any]) -> SandboxResponse:
        """Checked alike for every trade type; the same out_trade_no with the same order answers
        the same prepay_id / code_url, with another order 201 商户订单号重复."""
        self.create_order_calls += 1
        amount, payer = payload.get("amount") or {}, payload.get("payer") or {}
        total, openid = amount.get("total"), str(payer.get("openid") or "")
        out_trade_no = payload.get("out_trade_no")
        if payload.get("mchid") != self.mchid:
            return error_response(400, "MCH_NOT_EXISTS", "商户号不存在")
        if payload.get("appid") != self.appid:
            return error_response(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        if not (isinstance(total, int) and total > 0 and (openid or trade_type == "NATIVE") and out_trade_no
                and payload.get("description") and payload.get("notify_url")):
            return error_response(400, "PARAM_ERROR", "参数错误")
        order = self.orders.get(out_trade_no)
        if order is None:
            order = SandboxOrder(out_trade_no, self.appid, payload["description"], total, openid,
                                 payload["notify_url"], payload.get("attach", ""), "wx" + secrets.token_hex(15),
                                 time_expire=payload.get("time_expire") or "", trade_type=trade_type,
                                 code_url=proto.new_code_url() if trade_type == "NATIVE" else "")
            self.orders[out_trade_no] = order
        elif (order.trade_type, order.total_fen, order.description) != (trade_type, total, payload["description"]) or (
                trade_type == "JSAPI" and order.openid != openid):
            return error_response(400, "INVALID_REQUEST", "201 商户订单号重复")
        elif order.trade_state in ("SUCCESS", "REFUND"):
            return error_response(400, "ORDERPAID", "该订单已支付")
        elif order.trade_state == "CLOSED":
            return error_response(400, "ORDER_CLOSED", "订单已关闭")
        return json_response(200, {"code_url": order.code_url} if trade_type == "NATIVE"
                             else {"prepay_id": order.prepay_id})

    def _query_order(self, out_trade_no: str, *, query: dict[str, str], payload: dict[str, Any],
                     base: str) -> SandboxResponse:
        if query.get("mchid") != self.mchid:
            return error_response(400, "PARAM_ERROR", "mchid错误")
        order = self.orders.get(out_trade_no)
        if order is None:
            return error_response(404, "ORDER_NOT_EXIST", "订单不存在")
        return json_response(200, transaction_json(order, self.mchid))

    def _query_by_id(self, transaction_id: str, **kwargs: Any) -> SandboxResponse:
        found = [o.out_trade_no for o in self.orders.values() if o.transaction_id == transaction_id]
        return self._query_order(found[0] if found else "", **kwargs)

    def _close(self, out_trade_no: str, *, query: dict[str, str], payload: dict[str, Any],
               base: str) -> SandboxResponse:
        order = self.orders.get(out_trade_no)
        if payload.get("mchid") != self.mchid:
            return error_response(400, "PARAM_ERROR", "mchid错误")
        if order is None:
            return error_response(404, "ORDER_NOT_EXIST", "订单不存在")
        if order.trade_state in ("SUCCESS", "REFUND"):
            return error_response(400, "ORDERPAID", "该订单已支付")
        order.trade_state = "CLOSED"
        return json_response(204, None)

    # --- refunds ------------------------------------------------------------------------------

    def _refund(self, *, query: dict[str, str], payload: dict[str, Any], base: str) -> SandboxResponse:
        amount = payload.get("amount") or {}
        out_refund_no, refund_fen, total_fen = payload.get("out_refund_no"), amount.get("refund"), amount.get("total")
        order = self.orders.get(payload.get("out_trade_no", ""))
        if payload.get("transaction_id"):
            order = next((o for o in self.orders.values() if o.transaction_id == payload["transaction_id"]), None)
        if not (out_refund_no and isinstance(refund_fen, int) and refund_fen > 0 and isinstance(total_fen, int)):
            return error_response(400, "PARAM_ERROR", "参数错误")
        if order is None:
            return error_response(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        existing = self.refunds.get(out_refund_no)
        if existing is not None:
            if (existing.out_trade_no, existing.refund_fen) != (order.out_trade_no, refund_fen):
                return error_response(400, "INVALID_REQUEST", "退款单号重复，请更换商户退款单号")
            return json_response(200, refund_json(existing, order))
        if order.trade_state not in ("SUCCESS", "REFUND"):
            return error_response(400, "INVALID_REQUEST", "订单未支付，不能退款")
        if total_fen != order.total_fen:
            return error_response(400, "INVALID_REQUEST", "订单金额与原订单不一致")
        if refund_fen > order.total_fen - self.refunded_fen(order.out_trade_no):
            return error_response(400, "NOT_ENOUGH", "申请退款金额超过订单可退金额")
        refund = SandboxRefund(out_refund_no, order.out_trade_no, "50" + secrets.token_hex(15), refund_fen,
                               total_fen, payload.get("reason", ""), payload.get("notify_url", ""), self._now())
        self.refunds[out_refund_no] = refund
        order.trade_state = "REFUND"
        if self.auto_complete_refunds:
            self.complete_refund(out_refund_no)
        return json_response(200, refund_json(refund, order))

    def refunded_fen(self, out_trade_no: str) -> int:
        """Refunds that hold money back: PROCESSING and SUCCESS."""
        return sum(r.refund_fen for r in self.refunds.values()
                   if r.out_trade_no == out_trade_no and r.status in LIVE_REFUND_STATES)

    def _query_refund(self, out_refund_no: str, *, query: dict[str, str], payload: dict[str, Any],
                      base: str) -> SandboxResponse:
        refund = self.refunds.get(out_refund_no)
        if refund is None:
            return error_response(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        return json_response(200, refund_json(refund, self.orders[refund.out_trade_no]))

    def complete_refund(self, out_refund_no: str, status: str = "SUCCESS") -> None:
        """PROCESSING → SUCCESS (or ABNORMAL / CLOSED, which give the amount back to the order)."""
        refund = self.refunds[out_refund_no]
        if status not in ("SUCCESS", "ABNORMAL", "CLOSED"):
            raise ValueError(f"bad refund status {status!r}")
        if refund.status != "PROCESSING":
            return
        refund.status = status
        refund.success_time = self._now() if status == "SUCCESS" else None

    # --- bills --------------------------------------------------------------------------------

    def _trade_bill(self, *, query: dict[str, str], payload: dict[str, Any], base: str) -> SandboxResponse:
        try:
            bill_date = date.fromisoformat(query.get("bill_date", ""))
        except ValueError:
            return error_response(400, "PARAM_ERROR", "bill_date格式错误")
        csv = render_trade_bill(self._bill_lines(bill_date)).encode("utf-8")
        token = secrets.token_urlsafe(16)
        self._bills[token] = gzip.compress(csv) if query.get("tar_type") == "GZIP" else csv
        return json_response(200, {
            "hash_type": "SHA1", "hash_value": hashlib.sha1(csv).hexdigest(),
            "download_url": f"{base.rstrip('/')}/v3/billdownload/file?token={token}",
        })

    def _bill_lines(self, bill_date: date) -> list[BillLine]:
        def on_day(moment: datetime | None) -> bool:
            return moment is not None and moment.astimezone(SHANGHAI).date() == bill_date

        def stamp(moment: datetime | None) -> str:
            return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if moment else ""

        lines = [
            BillLine(stamp(o.success_time), o.appid, self.mchid, o.transaction_id, o.out_trade_no, o.openid,
                     "SUCCESS", o.total_fen, o.description, o.attach, trade_type=o.trade_type)
            for o in self.orders.values() if on_day(o.success_time)
        ]
        for r in self.refunds.values():
            if r.status == "SUCCESS" and on_day(r.success_time):
                o = self.orders[r.out_trade_no]
                lines.append(BillLine(stamp(r.success_time), o.appid, self.mchid, o.transaction_id, o.out_trade_no,
                                      o.openid, "REFUND", o.total_fen, o.description, o.attach, r.refund_id,
                                      r.out_refund_no, r.refund_fen, "SUCCESS", o.trade_type))
        return sorted(lines, key=lambda line: line.time)

    def _download(self, *, query: dict[str, str], payload: dict[str, Any], base: str) -> SandboxResponse:
        content = self._bills.get(query.get("token", ""))
        if content is None:
            return error_response(404, "NO_STATEMENT_EXIST", "账单文件不存在")
        return SandboxResponse(200, content, "application/octet-stream")

    # --- state for dashboards and tests -------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        return {
            "create_order_calls": self.create_order_calls,
            "orders": {k: transaction_json(o, self.mchid) for k, o in self.orders.items()},
            "refunds": {k: refund_json(r, self.orders[r.out_trade_no]) for k, r in self.refunds.items()},
            "faults": {k: vars(f) for k, f in self._faults.items()},
            "deliveries": [list(d) for d in self.deliveries],
        }
