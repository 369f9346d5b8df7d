"""The Alipay sandbox's HTTP face: the gateway, bill downloads, and the /sandbox/alipay controls."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, text
from sanic.response import json as json_response

from sandboxes.alipay.sandbox import AlipaySandbox
from sandboxes.control import control, control_body


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

    @bp.post("/sandbox/alipay/scan")
    async def scan(request: Request) -> HTTPResponse:
        """A phone scans a precreated qr_code and pays; Alipay then notifies: {"qr_code", "open_id"?, "notify"?}."""

        async def act() -> dict[str, Any]:
            data = control_body(request)
            open_id = data.get("open_id")
            return await sandbox.scan_and_pay(str(data.get("qr_code", "")), str(open_id) if open_id else None,
                                              bool(data.get("notify", True)))

        return await control(act)

    @bp.post("/sandbox/alipay/face/scan")
    async def face_scan(request: Request) -> HTTPResponse:
        """The person scans their face in Alipay for a certify_id: {"certify_id", "passed"?}."""

        async def act() -> dict[str, Any]:
            data = control_body(request)
            return sandbox.face_scan(str(data.get("certify_id", "")), bool(data.get("passed", True)))

        return await control(act)

    @bp.post("/sandbox/alipay/auth-code")
    async def auth_code(request: Request) -> HTTPResponse:
        open_id = (request.json or {}).get("open_id")
        return json_response({"auth_code": sandbox.issue_auth_code(str(open_id) if open_id else None)})

    @bp.get("/sandbox/alipay/state")
    async def state(request: Request) -> HTTPResponse:
        """Every trade (paid, closed or waiting) with its refunds, for dashboards and load runs."""
        return await control(lambda: {"trades": {
            number: {"trade_no": t.trade_no, "status": t.status, "total_fen": t.total_fen, "refunds": dict(t.refunds)}
            for number, t in sandbox.trades.items()}})

    @bp.post("/sandbox/alipay/notify")
    async def notify(request: Request) -> HTTPResponse:
        body = request.json or {}
        return json_response({"status": await sandbox.deliver(str(body.get("out_trade_no", "")), body.get("forge"))})

    return bp

