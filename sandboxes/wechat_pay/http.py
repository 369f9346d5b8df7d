"""The HTTP face of the WeChat sandbox: API v3 under /v3, jscode2session, access tokens and 人脸核身,
controls under /sandbox."""

from __future__ import annotations

import itertools
from typing import Any

from sanic import Blueprint, Request, Sanic
from sanic.response import HTTPResponse, json

from sandboxes.control import control, control_body
from sandboxes.wechat_pay.protocol import SandboxResponse
from sandboxes.wechat_pay.sandbox import WeChatPaySandbox

_names = itertools.count(1)


def _http(answer: SandboxResponse) -> HTTPResponse:
    return HTTPResponse(
        body=answer.body or None, status=answer.status, headers=answer.headers,
        content_type=answer.content_type or None,
    )


def create_wechat_sandbox_blueprint(sandbox: WeChatPaySandbox) -> Blueprint:
    """Routes: /v3/* (API v3), GET /sns/jscode2session, GET /cgi-bin/token,
    POST /cityservice/face/identify/{getverifyid,queryverifyinfo}, and the /sandbox/* controls."""
    bp = Blueprint(f"wechat_sandbox_{next(_names)}")
    _add_provider_routes(bp, sandbox)
    _add_control_routes(bp, sandbox)
    return bp


def _add_provider_routes(bp: Blueprint, sandbox: WeChatPaySandbox) -> None:

    @bp.route("/v3/<rest:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], name="api")  # type: ignore[untyped-decorator]
    async def api(request: Request, rest: str) -> HTTPResponse:
        base = f"{request.scheme}://{request.host}"
        target = request.raw_url.decode("latin-1")
        return _http(await sandbox.handle_api(request.method, target, request.headers, request.body, base))

    @bp.get("/sns/jscode2session", name="jscode2session")
    async def jscode2session(request: Request) -> HTTPResponse:
        params = {k: v[0] for k, v in request.args.items()}
        return _http(await sandbox.handle_login(params))

    @bp.get("/cgi-bin/token", name="access_token")
    async def access_token(request: Request) -> HTTPResponse:
        params = {k: v[0] for k, v in request.args.items()}
        return _http(await sandbox.handle_face_token(params))

    @bp.post("/cityservice/face/identify/getverifyid", name="face_getverifyid")
    async def face_getverifyid(request: Request) -> HTTPResponse:
        query = {k: v[0] for k, v in request.args.items()}
        return _http(await sandbox.handle_face("getverifyid", query, request.body))

    @bp.post("/cityservice/face/identify/queryverifyinfo", name="face_queryverifyinfo")
    async def face_queryverifyinfo(request: Request) -> HTTPResponse:
        query = {k: v[0] for k, v in request.args.items()}
        return _http(await sandbox.handle_face("queryverifyinfo", query, request.body))


def _add_control_routes(bp: Blueprint, sandbox: WeChatPaySandbox) -> None:

    @bp.post("/sandbox/wx/login-code", name="login_code")
    async def login_code(request: Request) -> HTTPResponse:
        return await control(lambda: {"code": sandbox.issue_login_code(str(control_body(request).get("user", "")))})

    @bp.post("/sandbox/face/scan", name="face_scan")
    async def face_scan(request: Request) -> HTTPResponse:
        """The person scans their face in the mini-program: {"verify_id": "…", "passed": true}."""

        def act() -> dict[str, Any]:
            data = control_body(request)
            return sandbox.face.scan(data.get("verify_id"), data.get("passed", True))

        return await control(act)

    @bp.post("/sandbox/pay/confirm", name="confirm")
    async def confirm(request: Request) -> HTTPResponse:
        def act() -> dict[str, str]:
            data = control_body(request)
            number = data.get("out_trade_no") or sandbox.order_by_prepay_id(str(data.get("prepay_id"))).out_trade_no
            return {"transaction_id": sandbox.confirm_payment(number, data.get("payer_total_fen"))}

        return await control(act)

    @bp.post("/sandbox/pay/scan", name="scan_and_pay")
    async def scan_and_pay(request: Request) -> HTTPResponse:
        """A payer's phone scans a Native code_url and pays; WeChat then notifies the merchant:
        {"code_url": "weixin://…", "openid": optional, "notify": true}."""

        async def act() -> dict[str, object]:
            data = control_body(request)
            openid = data.get("openid")
            return await sandbox.scan_and_pay(str(data.get("code_url", "")), str(openid) if openid else None,
                                              bool(data.get("notify", True)))

        return await control(act)

    @bp.post("/sandbox/pay/notify", name="pay_notify")
    async def pay_notify(request: Request) -> HTTPResponse:
        async def act() -> list[int]:
            data = control_body(request)
            return await sandbox.deliver_payment_notification(
                data["out_trade_no"], int(data.get("times", 1)), data.get("forge"), float(data.get("delay", 0.0)))

        return await control(act)

    @bp.post("/sandbox/refunds/complete", name="refund_complete")
    async def refund_complete(request: Request) -> HTTPResponse:
        def act() -> None:
            data = control_body(request)
            sandbox.complete_refund(data["out_refund_no"], data.get("status", "SUCCESS"))

        return await control(act)

    @bp.post("/sandbox/refunds/notify", name="refund_notify")
    async def refund_notify(request: Request) -> HTTPResponse:
        async def act() -> list[int]:
            data = control_body(request)
            return await sandbox.deliver_refund_notification(
                data["out_refund_no"], int(data.get("times", 1)), data.get("forge"), float(data.get("delay", 0.0)))

        return await control(act)

    @bp.post("/sandbox/faults", name="set_fault")
    async def set_fault(request: Request) -> HTTPResponse:
        def act() -> None:
            data = control_body(request)
            count = data.get("count")
            sandbox.set_fault(data["operation"], data["mode"], None if count is None else int(count),
                              style=data.get("style", "timeout"))

        return await control(act)

    @bp.delete("/sandbox/faults", name="clear_faults")
    async def clear_faults(request: Request) -> HTTPResponse:
        return await control(sandbox.clear_faults)

    @bp.get("/sandbox/state", name="state")
    async def state(request: Request) -> HTTPResponse:
        return json(sandbox.snapshot())


def create_sandbox_app(sandbox: WeChatPaySandbox, name: str = "wechat_sandbox") -> Sanic[Any, Any]:
    """A Sanic app serving only the sandbox. Names are made unique, so tests may build many."""
    unique = name
    while unique in Sanic._app_registry:
        unique = f"{name}_{next(_names)}"
    app = Sanic(unique)
    app.config.AUTO_EXTEND = False  # no sanic-ext (OpenAPI pages etc.) on a fake provider
    app.config.ACCESS_LOG = False
    app.blueprint(create_wechat_sandbox_blueprint(sandbox))
    return app
