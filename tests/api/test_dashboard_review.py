"""Review of the operations dashboard: defects found, each shown by a failing test."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.operations.models import AuditEntry
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


HUGE = "99999999999999999999"


async def test_probe_huge_ids(server, client):  # type: ignore[no-untyped-def]
    approver = await staff(server, "ada", "approver")
    out = {}
    out["get payment"] = (await approver.get(f"/dashboard/payments/{HUGE}")).status_code
    out["get payment 2^40"] = (await approver.get(f"/dashboard/payments/{2**40}")).status_code
    for path in (f"/dashboard/refunds/{HUGE}/retry", f"/dashboard/refunds/{HUGE}/offline",
                 f"/dashboard/shares/{HUGE}/manual-refund", f"/dashboard/manual-refunds/{HUGE}/approve",
                 f"/dashboard/differences/{HUGE}/resolve", f"/dashboard/payments/{HUGE}/requery",
                 f"/dashboard/declarations/{HUGE}/unmask"):
        out[path] = (await approver.act(path, bank_reference="BK20261130001")).status_code
    print(out)
    assert False, out


async def test_probe_empty_host(server, client):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        r = await anonymous.post("/dashboard/payments/1/requery", data={"remark": "x"}, headers={"Host": ""})
        print(r.status_code, r.text[:300])
        assert False, r.status_code


async def test_probe_nul_username(server, client):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        r = await anonymous.post("/dashboard/sign-in", data={"username": "a\x00b", "password": "x"})
        print(r.status_code, r.text[:300])
        assert False, r.status_code


async def test_probe_lockout_burst(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("pavel", "operator")
    guessers = [steps.Staff.at(server.ctx.base_url) for _ in range(15)]
    answers = await asyncio.gather(*(g.sign_in("pavel", f"wrong-password-{i}") for i, g in enumerate(guessers)))
    checked = await AuditEntry.filter(action="sign_in", operator="pavel").all()
    whys = [a.data.get("why") for a in checked]
    print([r.status_code for r in answers], whys)
    assert False, whys
