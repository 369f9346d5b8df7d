"""The operations dashboard under hostile input: never a 5xx (an empty Host header, ids beyond 64
bits, hostile queries, form values and bodies on every page and action), whatever is shown escaped,
and the audit trail keeping only text a database holds (no NUL, no lone surrogate)."""

from __future__ import annotations

import httpx
import pytest

from app.operations.models import AuditEntry
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


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


async def test_ids_beyond_64_bits_are_not_found_not_a_500(server, client):  # type: ignore[no-untyped-def]
    approver = await staff(server, "ada", "approver")
    huge = 99999999999999999999
    refused(await approver.get(f"/dashboard/payments/{huge}"), 404, "not_found")
    refused(await approver.get(f"/dashboard/cases/refund/{huge}"), 404, "not_found")
    refused(await approver.get(f"/dashboard/reconciliation-runs/{huge}/statement"), 404, "not_found")
    for path in (f"/dashboard/refunds/{huge}/retry", f"/dashboard/refunds/{huge}/offline",
                 f"/dashboard/shares/{huge}/manual-refund", f"/dashboard/manual-refunds/{huge}/approve",
                 f"/dashboard/differences/{huge}/resolve", f"/dashboard/payments/{huge}/requery",
                 f"/dashboard/declarations/{huge}/unmask", f"/dashboard/cases/refund/{huge}/claim",
                 f"/dashboard/cases/difference/{huge}/release", f"/dashboard/cases/payment_item/{huge}/notes"):
        refused(await approver.act(path, bank_reference="BK20261130001"), 404, "not_found")


HOSTILE = ["\x00", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "9" * 30, "-1", "１２", "*" * 64,
           "SBP" + "x" * 200, "\u202e", ""]


async def test_hostile_queries_and_bodies_never_give_a_5xx(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    approver = await staff(server, "ada", "approver")
    pages = ["/dashboard/", "/dashboard/refunds", "/dashboard/manual-refunds", "/dashboard/overdue",
             "/dashboard/differences", "/dashboard/notifications", "/dashboard/search", "/dashboard/audit",
             "/dashboard/reconciliation-runs", "/dashboard/my-claims", "/dashboard/awaiting-me",
             f"/dashboard/cases/refund/{refund.id}", "/dashboard/export/refunds", "/dashboard/export/audit"]
    for path in pages:
        for value in HOSTILE:
            params = {"q": value, "page": value, "state": value, "kind": value, "failure": value, "scope": value,
                      "operator": value, "action": value, "all": value, "done": value, "outcome": value,
                      "run": value, "format": value}
            r = await approver.http.get(path, params=params)
            assert r.status_code < 500, (path, value, r.status_code)
            assert "<script>alert(1)</script>" not in r.text  # escaped wherever it is shown
            params = {"from": value, "to": value, "region": value, "channel": value, "min": value, "max": value,
                      "sort": value, "dir": value}
            r = await approver.http.get(path, params=params)
            assert r.status_code < 500, (path, value, r.status_code)
            assert "<script>alert(1)</script>" not in r.text  # escaped wherever it is shown
    for path in pages:  # a lone surrogate and bytes that are not UTF-8, as a browser could send them
        r = await approver.http.get(f"{path}?q=%ED%A0%80&page=%FF&state=%C0%AF&operator=%ED%A0%80&from=%FF"
                                    "&min=%ED%A0%80")
        assert r.status_code < 500, (path, r.status_code)
    for value in HOSTILE:
        declaration_id = payment["declaration"]["id"]
        for path in (f"/dashboard/refunds/{refund.id}/offline", f"/dashboard/declarations/{declaration_id}/unmask",
                     f"/dashboard/payments/{payment['id']}/requery", f"/dashboard/cases/refund/{refund.id}/notes",
                     "/dashboard/bulk/differences/resolve"):
            r = await approver.act(path, remark=value, bank_reference=value, ids=value)
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
