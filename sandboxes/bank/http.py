"""The bank sandbox's HTTP face: the gateway under /bank/… and the controls under /sandbox/bank."""

from __future__ import annotations

import itertools
from dataclasses import asdict
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from sandboxes.bank.sandbox import BankSandbox
from sandboxes.control import control, control_body

_names = itertools.count(1)


def create_bank_blueprint(sandbox: BankSandbox) -> Blueprint:
    """Routes: GET/POST /bank/… (the gateway) and the controls under /sandbox/bank."""
    bp = Blueprint(f"bank_sandbox_{next(_names)}")

    @bp.route("/bank/<rest:path>", methods=["GET", "POST"], name="gateway")  # type: ignore[untyped-decorator]
    async def gateway(request: Request, rest: str) -> HTTPResponse:
        answer = await sandbox.handle(request.method, request.path, request.headers, request.body)
        return HTTPResponse(answer.body, status=answer.status, headers=answer.headers,
                            content_type=answer.content_type)

    @bp.post("/sandbox/bank/accounts", name="seed_account")
    async def seed_account(request: Request) -> HTTPResponse:
        """{bank_code, account_no, holder_name, id_number, balance_fen, frozen, id_type? ("ID_CARD")}"""
        def act() -> dict[str, Any]:
            d = control_body(request)
            return asdict(sandbox.seed_account(str(d["bank_code"]), str(d["account_no"]), str(d["holder_name"]),
                                               str(d["id_number"]), d.get("balance_fen", 0), bool(d.get("frozen")),
                                               str(d.get("id_type") or "ID_CARD")))

        return await control(act)

    @bp.post("/sandbox/bank/accounts/demo", name="seed_demo_accounts")
    async def seed_demo(request: Request) -> HTTPResponse:
        return await control(lambda: [asdict(a) for a in sandbox.seed_demo_accounts()])

    @bp.post("/sandbox/bank/settle", name="settle")
    async def settle(request: Request) -> HTTPResponse:
        """{out_trade_no?}: finish pending debits and refunds, deliver their callbacks."""
        async def act() -> dict[str, int]:
            number = control_body(request).get("out_trade_no")
            return await sandbox.settle(str(number) if number else None)

        return await control(act)

    @bp.post("/sandbox/bank/deliver", name="deliver")
    async def deliver(request: Request) -> HTTPResponse:
        return await control(sandbox.deliver_pending)

    @bp.post("/sandbox/bank/callbacks/forge", name="forge")
    async def forge(request: Request) -> HTTPResponse:
        """{forge, out_trade_no | out_refund_no}"""
        async def act() -> dict[str, Any]:
            d = control_body(request)
            return asdict(await sandbox.deliver_forged(str(d["forge"]), d.get("out_trade_no"), d.get("out_refund_no")))

        return await control(act)

    @bp.post("/sandbox/bank/faults", name="set_fault")
    async def set_fault(request: Request) -> HTTPResponse:
        """{operation, mode, count? (default 1; null: until cleared)}"""
        def act() -> None:
            d = control_body(request)
            count = d.get("count", 1)
            sandbox.set_fault(str(d["operation"]), str(d["mode"]), None if count is None else int(count))

        return await control(act)

    @bp.delete("/sandbox/bank/faults", name="clear_faults")
    async def clear_faults(request: Request) -> HTTPResponse:
        return await control(sandbox.clear_faults)

    @bp.get("/sandbox/bank/state", name="state")
    async def state(request: Request) -> HTTPResponse:
        return json_response(sandbox.snapshot())

    return bp
