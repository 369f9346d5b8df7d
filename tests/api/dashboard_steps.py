"""Steps of the dashboard tests: operators, a signed-in staff client, and the exceptions the
dashboard exists for (a refund the channel closed, a share that never posted, a difference)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import httpx

from app.identity.models import User
from app.operations import services as ops
from app.operations.models import Role
from app.payments.models import Payment, PaymentItem, PaymentState
from app.reconciliation.models import (
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    RunState,
)
from app.refunds.models import Refund, RefundState
from tests.api.support import checkout, declare, options_for, signed_in_person

PASSWORD = "correct-horse-battery-1"
REFUSED = "reject:not_enrolled"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def add_operator(username: str, role: str) -> None:
    await ops.add_operator(username, username.title(), Role(role), PASSWORD)


_OPEN: list[httpx.AsyncClient] = []


async def close_all() -> None:
    while _OPEN:
        await _OPEN.pop().aclose()


class Staff:
    """A browser-like client of one operator: cookies kept, redirects not followed."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.csrf = ""
        _OPEN.append(http)

    @classmethod
    def at(cls, base_url: str) -> Staff:
        return cls(httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False))

    async def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        form = await self.http.get("/dashboard/sign-in")
        token = CSRF.search(form.text)
        assert token, form.text
        r = await self.http.post("/dashboard/sign-in", data={
            "csrf_token": token.group(1), "username": username, "password": password, "next": "/dashboard/"})
        if r.status_code == 303:
            page = await self.http.get("/dashboard/")
            assert page.status_code == 200, page.text
            self.csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
        return r

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(path, params=params or None)

    async def act(self, path: str, remark: str | None = "经核实，按规定处理", **fields: str) -> httpx.Response:
        data = {"csrf_token": self.csrf, **fields}
        if remark is not None:
            data["remark"] = remark
        return await self.http.post(path, data=data)


async def staff(server: Any, username: str, role: str | None = None) -> Staff:
    if role is not None:
        await add_operator(username, role)
    client = Staff.at(server.ctx.base_url)
    r = await client.sign_in(username)
    assert r.status_code == 303, r.text
    return client


def refused(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text[:500]
    assert code in r.text, r.text[:800]


async def paid_and_refused(client: httpx.AsyncClient, services: Any, sandbox: Any, upstream: Any
                           ) -> dict[str, Any]:
    """A Guizhou payment whose only share upstream refused: its refund is on its way (processing)."""
    headers, _ = await signed_in_person(client, sandbox, "guizhou", "flexible_pension")
    declaration = await declare(client, headers, options_for(services, "guizhou", "flexible_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    upstream.set_fault("post_payment", REFUSED, count=1)
    sandbox.confirm_payment(payment["out_trade_no"])
    await sandbox.deliver_payment_notification(payment["out_trade_no"])
    return {**payment, "declaration": declaration, "headers": headers}


async def failed_refund(client: httpx.AsyncClient, services: Any, sandbox: Any, upstream: Any,
                        status: str = "CLOSED") -> tuple[dict[str, Any], Refund]:
    """A refund the channel closed (or found ABNORMAL): FAILED here, the money still owed."""
    payment = await paid_and_refused(client, services, sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    assert refund.state == RefundState.PROCESSING
    sandbox.complete_refund(refund.out_refund_no, status)
    assert await sandbox.deliver_refund_notification(refund.out_refund_no) == [200]
    await refund.refresh_from_db()
    assert refund.state == RefundState.FAILED and refund.failure_code == status
    return payment, refund


async def stuck_share(client: httpx.AsyncClient, services: Any, sandbox: Any, upstream: Any,
                      insurance: str = "resident_medical") -> tuple[dict[str, Any], PaymentItem]:
    """A paid Hubei share upstream has not posted: its postings stay down (else the posting job's
    retry could post it in the middle of a test), everything else upstream answers."""
    headers, _ = await signed_in_person(client, sandbox, "hubei", insurance)
    declaration = await declare(client, headers, options_for(services, "hubei", insurance))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    upstream.set_fault("post_payment", "down")
    sandbox.confirm_payment(payment["out_trade_no"])
    await sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state.value == "not_posted"
    return {**payment, "declaration": declaration, "headers": headers}, item


async def difference(kind: DifferenceKind = DifferenceKind.PAID_UNKNOWN_HERE, out_trade_no: str = "SBPX0001",
                     state: DifferenceState = DifferenceState.NEEDS_PERSON) -> ReconciliationDifference:
    run = await ReconciliationRun.create(channel="wechat_pay", bill_date=date(2026, 11, 22), state=RunState.DONE)
    return await ReconciliationDifference.create(
        key=f"{kind.value}:{out_trade_no}", run=run, channel="wechat_pay", bill_date=date(2026, 11, 22), kind=kind,
        state=state, out_trade_no=out_trade_no, transaction_id="4200000000000000000000000001",
        channel_amount_fen=30_000, local_amount_fen=None,
        evidence={"why": "渠道已扣款，本系统无记录", "line": {"out_trade_no": out_trade_no, "fen": 30_000}})


async def refunds_owed(rows: list[tuple[str, str, int, datetime]]) -> list[Refund]:
    """Failed refunds (closed at the channel), one per (region, channel, fen, when), written
    straight to the tables: the lists' filters need many at once, not the journey to each."""
    user = await User.create(openid=f"ops-test-{len(rows)}-{rows[0][2] if rows else 0}", region="hubei")
    made = []
    for n, (region, channel, fen, at) in enumerate(rows):
        payment = await Payment.create(
            out_trade_no=f"SBPF{n:08d}", user=user, region=region, channel=channel, amount_fen=fen, description="测试",
            state=PaymentState.PAID, payer_ref="x", paid_amount_fen=fen, paid_at=at)
        await Payment.filter(id=payment.id).update(created_at=at, updated_at=at)
        refund = await Refund.create(
            out_refund_no=f"SBRF{n:08d}", payment=payment, channel=channel, amount_fen=fen,
            reason_code="posting_refused", reason="到账确认失败退费", state=RefundState.FAILED, failure_code="CLOSED",
            failure_reason="退款关闭")
        await Refund.filter(id=refund.id).update(created_at=at, updated_at=at)
        made.append(refund)
    return made


ROW_NO = re.compile(r"<code>(SBRF\d{8})</code>")


def refund_nos(page: httpx.Response) -> list[str]:
    """The refund numbers a refunds page lists, in its order."""
    assert page.status_code == 200, page.text[:500]
    return ROW_NO.findall(page.text)
