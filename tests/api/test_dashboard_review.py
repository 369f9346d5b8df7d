"""Regressions from a review of the operations dashboard: each test once showed a defect."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest

from app.operations.models import AuditEntry
from app.reconciliation.models import (
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    RunState,
)
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


# ---- hostile input: 500s ----

async def test_an_error_page_for_a_request_with_an_empty_host_header_is_not_a_500(server, client):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        r = await anonymous.post("/dashboard/payments/1/requery", data={"remark": "x"}, headers={"Host": ""})
    refused(r, 401, "operator_session_expired")


async def test_a_refused_sign_in_audits_a_cleaned_username(server, client):  # type: ignore[no-untyped-def]
    # no sign-in token (a foreign page): refused and audited with the username as typed, NUL and all
    async with httpx.AsyncClient(base_url=server.ctx.base_url) as foreign:
        r = await foreign.post("/dashboard/sign-in", data={"username": "ev\x00il", "password": "x"})
    refused(r, 403, "csrf_refused")  # PostgreSQL: 500 (a NUL in a text column)
    entry = await AuditEntry.get(action="csrf_refused")
    assert "\x00" not in entry.operator  # SQLite: stored as typed


# ---- lockout ----

async def test_a_burst_of_parallel_guesses_is_held_to_the_lockout_limit(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("pavel", "operator")
    attempts = services.settings.operator_lockout_attempts
    guessers = [steps.Staff.at(server.ctx.base_url) for _ in range(3 * attempts)]  # under the per-address limit
    await asyncio.gather(*(g.sign_in("pavel", f"wrong-password-{i}") for i, g in enumerate(guessers)))
    tries = await AuditEntry.filter(action="sign_in", operator="pavel")
    checked = [a for a in tries if a.data.get("why") == "password"]
    assert len(checked) <= attempts  # it was: every guess of the burst had its password checked


async def test_a_locked_account_and_an_unknown_user_get_the_same_answer(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("olga", "operator")
    guesser = steps.Staff.at(server.ctx.base_url)
    answers = {}
    for name in ("olga", "nobody.here"):
        for _ in range(services.settings.operator_lockout_attempts):
            r = await guesser.sign_in(name, "wrong-password-123")
        answers[name] = (r.status_code, "operator_locked" in r.text)
    assert answers["olga"] == answers["nobody.here"] == (429, True)  # it was: only olga locked, telling she exists


# ---- money: a refund paid out twice ----

async def test_an_abnormal_refund_is_not_retried_whatever_our_row_says(server, client, services, wechat_sandbox,
                                                                       upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream, status="ABNORMAL")
    # our row lost the channel's word (the answer recorded as a plain refusal); the channel says ABNORMAL
    await Refund.filter(id=refund.id).update(failure_code="CLOSED")
    operator = await staff(server, "omar", "operator")
    r = await operator.act(f"/dashboard/refunds/{refund.id}/retry", remark="重新发起")
    assert r.status_code == 409 and "refund_abnormal" in r.text, (r.status_code, r.headers.get("location"))
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    assert wechat_sandbox.refunded_fen(payment["out_trade_no"]) == 0


async def test_a_refund_the_statement_shows_paid_is_not_paid_again(server, client, services, wechat_sandbox,
                                                                   upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    # the day's statement lists this refund as paid although ours failed: reconciliation says "切勿再次退款"
    run = await ReconciliationRun.create(channel="wechat_pay", bill_date=date(2026, 11, 22), state=RunState.DONE)
    await ReconciliationDifference.create(
        key=f"refund_unknown_here:{refund.out_refund_no}", run=run, channel="wechat_pay", bill_date=date(2026, 11, 22),
        kind=DifferenceKind.REFUND_UNKNOWN_HERE, state=DifferenceState.NEEDS_PERSON,
        out_trade_no=payment["out_trade_no"], out_refund_no=refund.out_refund_no, payment_id=payment["id"],
        refund_id=refund.id, channel_amount_fen=refund.amount_fen, local_amount_fen=refund.amount_fen,
        evidence={"why": "渠道退款成功，本系统记为failed（仍欠款？切勿再次退款）"})
    operator = await staff(server, "omar", "operator")
    r = await operator.act(f"/dashboard/refunds/{refund.id}/retry", remark="重新发起")
    assert r.status_code == 409, (r.status_code, r.headers.get("location"))
    approver = await staff(server, "ada", "approver")
    r = await approver.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="BK20261130001")
    assert r.status_code == 409, (r.status_code, r.headers.get("location"))
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    assert wechat_sandbox.refunded_fen(payment["out_trade_no"]) == 0


async def test_ids_beyond_64_bits_are_not_found_not_a_500(server, client):  # type: ignore[no-untyped-def]
    approver = await staff(server, "ada", "approver")
    huge = 99999999999999999999
    refused(await approver.get(f"/dashboard/payments/{huge}"), 404, "not_found")
    for path in (f"/dashboard/refunds/{huge}/retry", f"/dashboard/refunds/{huge}/offline",
                 f"/dashboard/shares/{huge}/manual-refund", f"/dashboard/manual-refunds/{huge}/approve",
                 f"/dashboard/differences/{huge}/resolve", f"/dashboard/payments/{huge}/requery",
                 f"/dashboard/declarations/{huge}/unmask"):
        refused(await approver.act(path, bank_reference="BK20261130001"), 404, "not_found")


async def test_a_new_password_ends_the_operators_sessions(server, client):  # type: ignore[no-untyped-def]
    from app.operations import services as ops

    otto = await staff(server, "otto", "operator")
    assert (await otto.get("/dashboard/")).status_code == 200
    await ops.set_password("otto", "another-long-password-2")
    assert (await otto.get("/dashboard/")).status_code == 303
    assert (await otto.sign_in("otto", "another-long-password-2")).status_code == 303


HOSTILE = ["\x00", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "9" * 30, "-1", "１２", "*" * 64,
           "SBP" + "x" * 200, "\u202e", ""]


async def test_hostile_queries_and_bodies_never_give_a_5xx(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    approver = await staff(server, "ada", "approver")
    pages = ["/dashboard/", "/dashboard/refunds", "/dashboard/manual-refunds", "/dashboard/overdue",
             "/dashboard/differences", "/dashboard/notifications", "/dashboard/search", "/dashboard/audit"]
    for path in pages:
        for value in HOSTILE:
            params = {"q": value, "page": value, "state": value, "kind": value, "failure": value, "scope": value,
                      "operator": value, "action": value, "all": value, "done": value}
            r = await approver.http.get(path, params=params)
            assert r.status_code < 500, (path, value, r.status_code)
            assert "<script>alert(1)</script>" not in r.text  # escaped wherever it is shown
    for path in pages:  # a lone surrogate and bytes that are not UTF-8, as a browser could send them
        r = await approver.http.get(f"{path}?q=%ED%A0%80&page=%FF&state=%C0%AF&operator=%ED%A0%80")
        assert r.status_code < 500, (path, r.status_code)
    for value in HOSTILE:
        declaration_id = payment["declaration"]["id"]
        for path in (f"/dashboard/refunds/{refund.id}/offline", f"/dashboard/declarations/{declaration_id}/unmask",
                     f"/dashboard/payments/{payment['id']}/requery"):
            r = await approver.act(path, remark=value, bank_reference=value)
            assert r.status_code < 500, (path, value, r.status_code)
    token = approver.csrf.encode()
    bodies = [b"\xff\xfe\x00garbage", b"csrf_token=%ZZ&remark=%E4", b"a" * 200_000,
              b"csrf_token=" + token + b"&remark=%ED%A0%80", b"csrf_token=" + token + b"&remark=%00%00"]
    for n, body in enumerate(bodies):
        r = await approver.http.post(f"/dashboard/payments/{payment['id']}/requery", content=body,
                                     headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code in ((400, 403) if n < 3 else (303, 400)), (body[:40], r.status_code)
        r = await approver.http.post(f"/dashboard/payments/{payment['id']}/requery", content=body,
                                     headers={"content-type": "multipart/form-data; boundary=zz"})
        assert r.status_code < 500, r.status_code
    refund = await Refund.get(id=refund.id)  # only the one legal value ("999…", a valid reference) marked it
    assert (refund.state, refund.offline_reference) == (RefundState.OFFLINE, "9" * 30)
    for entry in await AuditEntry.all():  # what was kept is text a database holds (no NUL, no lone surrogate)
        assert "\x00" not in entry.remark + entry.operator
        entry.remark.encode("utf-8")
