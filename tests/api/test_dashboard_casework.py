"""Reconciliation runs and case work on the dashboard (issue 18, items 11 and 12): runs per day and
channel with their counts, their differences and the statement they read, downloadable as read;
claiming an exception ("我来处理": one holder, seen by the others), its notes thread, "我的认领"
and "待我审批" (never one's own request)."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime

import pytest

from app import clock
from app.operations.models import AuditEntry, CaseClaim, CaseNote, ClaimState
from app.reconciliation.models import ReconciliationRun, ReconciliationStatement, RunState
from app.reconciliation.services import reconcile
from payment_channels import interfaces as ch
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


# ---- reconciliation runs ----

async def test_runs_show_counts_their_differences_and_the_statement_they_read(server, client, services,
                                                                              wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    wechat_sandbox.orders.clear()
    wechat_sandbox.refunds.clear()
    await services.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261207001", description="别处的订单", amount_fen=12_300, payer_ref="o-stranger",
        notify_url=f"{services.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261207001")
    day = clock.business_date()  # the sandbox's trade is dated on the business clock
    run = await reconcile(services, "wechat_pay", day)
    assert run.state == RunState.DONE
    kept = await ReconciliationStatement.get(run_id=run.id)
    assert kept.sha1 == run.statement_sha1 and kept.size > 0
    failed = await ReconciliationRun.create(channel="alipay", bill_date=day, state=RunState.FAILED,
                                            error="对账单不可用（测试）")
    viewer, operator = await staff(server, "vic", "viewer"), await staff(server, "otto", "operator")
    page = await viewer.get("/dashboard/reconciliation-runs")
    assert page.status_code == 200
    assert f"/dashboard/differences?run={run.id}&amp;state=all" in page.text and "对账单不可用（测试）" in page.text
    assert f"/dashboard/reconciliation-runs/{run.id}/statement" not in page.text  # a viewer does not download
    only_failed = await viewer.get("/dashboard/reconciliation-runs", state="failed")
    assert f"run={failed.id}&amp;" in only_failed.text and f"run={run.id}&amp;" not in only_failed.text
    by_channel = await viewer.get("/dashboard/reconciliation-runs", channel="wechat_pay")
    assert f"run={run.id}&amp;" in by_channel.text and f"run={failed.id}&amp;" not in by_channel.text
    differences = await viewer.get("/dashboard/differences", run=str(run.id), state="all")
    assert "ELSEWHERE20261207001" in differences.text
    assert "ELSEWHERE20261207001" not in (await viewer.get("/dashboard/differences", run=str(failed.id),
                                                              state="all")).text
    refused(await viewer.get("/dashboard/differences", run="x1"), 400, "filter_invalid")
    exported = (await viewer.get("/dashboard/export/differences", run=str(run.id), state="all", format="csv")).text
    assert "ELSEWHERE20261207001" in exported and len(exported.strip().splitlines()) == 2  # the header, its one
    assert f"/dashboard/export/differences?state=all&amp;run={run.id}" in differences.text
    # the statement, byte for byte as the channel gave it
    statement = await operator.get(f"/dashboard/reconciliation-runs/{run.id}/statement")
    assert statement.status_code == 200 and statement.headers["content-disposition"].startswith("attachment")
    assert "ELSEWHERE20261207001" in statement.text
    assert hashlib.sha1(statement.content).hexdigest() == run.statement_sha1
    assert await AuditEntry.filter(action="download_statement", operator="otto").count() == 1
    refused(await viewer.get(f"/dashboard/reconciliation-runs/{run.id}/statement"), 403, "operator_role_required")
    refused(await operator.get(f"/dashboard/reconciliation-runs/{failed.id}/statement"), 404, "statement_not_kept")
    refused(await viewer.get("/dashboard/reconciliation-runs", sort="nope"), 400, "filter_invalid")


# ---- case work ----

async def _claim(who: steps.Staff, subject: str, subject_id: int) -> object:
    return await who.act(f"/dashboard/cases/{subject}/{subject_id}/claim", remark=None)


async def test_a_claim_shows_who_has_it_and_only_one_holds_it(server, client):  # type: ignore[no-untyped-def]
    refund = (await steps.refunds_owed([("hubei", "wechat_pay", 10_000, datetime.now(UTC))]))[0]
    otto, olga = await staff(server, "otto", "operator"), await staff(server, "olga", "operator")
    viewer, ada = await staff(server, "vic", "viewer"), await staff(server, "ada", "approver")
    assert "我来处理" in (await otto.get("/dashboard/refunds")).text
    assert (await _claim(otto, "refund", refund.id)).status_code == 303  # type: ignore[attr-defined]
    assert "我在处理" in (await otto.get("/dashboard/refunds")).text
    seen = (await olga.get("/dashboard/refunds")).text
    assert "已由 Otto 认领" in seen and f"/dashboard/cases/refund/{refund.id}/claim" not in seen
    refused(await _claim(olga, "refund", refund.id), 409, "case_claimed")  # type: ignore[arg-type]
    assert "已由 otto 认领处理" in (await _claim(olga, "refund", refund.id)).text  # type: ignore[attr-defined]
    assert (await _claim(otto, "refund", refund.id)).status_code == 303  # type: ignore[attr-defined]  # again: no change
    refused(await _claim(viewer, "refund", refund.id), 403, "operator_role_required")  # type: ignore[arg-type]
    refused(await otto.act(f"/dashboard/cases/refund/{refund.id}/claim", remark=None, csrf_token=""), 403,
            "csrf_refused")
    refused(await _claim(otto, "refund", 424242), 404, "case_not_found")  # type: ignore[arg-type]
    refused(await olga.act(f"/dashboard/cases/refund/{refund.id}/release", remark=None), 409, "case_claimed")
    assert (await ada.act(f"/dashboard/cases/refund/{refund.id}/release", remark=None)).status_code == 303
    assert await CaseClaim.filter(state=ClaimState.CLAIMED).count() == 0
    assert (await _claim(olga, "refund", refund.id)).status_code == 303  # type: ignore[attr-defined]
    history = (await viewer.get(f"/dashboard/cases/refund/{refund.id}")).text
    assert "由 <strong>Olga</strong> 认领处理" in history and "认领历史" in history
    actions = [e.action for e in await AuditEntry.filter(action__in=["claim_case", "release_case"]).order_by("id")]
    assert actions == ["claim_case", "release_case", "claim_case"]


async def test_two_claims_at_once_leave_one_holder(server, client):  # type: ignore[no-untyped-def]
    refund = (await steps.refunds_owed([("hubei", "wechat_pay", 10_000, datetime.now(UTC))]))[0]
    people = [await staff(server, name, "operator") for name in ("otto", "olga", "oleg")]
    answers = await asyncio.gather(*(_claim(p, "refund", refund.id) for p in people))
    assert sorted(a.status_code for a in answers) == [303, 409, 409]  # type: ignore[attr-defined]
    assert await CaseClaim.filter(subject_type="refund", subject_id=refund.id).count() == 1


async def test_notes_thread_my_claims_and_waiting_for_me(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    difference = await steps.difference()
    otto, olga = await staff(server, "otto", "operator"), await staff(server, "olga", "operator")
    await _claim(otto, "difference", difference.id)
    r = await otto.act(f"/dashboard/cases/difference/{difference.id}/notes", remark="已致电渠道 <b>核实</b>")
    assert r.status_code == 303
    assert (await olga.act(f"/dashboard/cases/difference/{difference.id}/notes", remark="渠道回复为测试单")
            ).status_code == 303
    refused(await olga.act(f"/dashboard/cases/difference/{difference.id}/notes", remark=None), 400, "remark_required")
    thread = (await olga.get(f"/dashboard/cases/difference/{difference.id}")).text
    assert thread.index("已致电渠道 &lt;b&gt;核实&lt;/b&gt;") < thread.index("渠道回复为测试单")  # oldest first
    assert [n.author for n in await CaseNote.all().order_by("id")] == ["otto", "olga"]
    mine = (await otto.get("/dashboard/my-claims")).text
    assert f"/dashboard/cases/difference/{difference.id}" in mine
    assert f"/dashboard/cases/difference/{difference.id}" not in (await olga.get("/dashboard/my-claims")).text
    # 待我审批: requests waiting for an approver, never the approver's own
    _, first = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    _, second = await steps.stuck_share(client, services, wechat_sandbox, upstream, "resident_pension")
    ada, bea = await staff(server, "ada", "approver"), await staff(server, "bea", "approver")
    await otto.act(f"/dashboard/shares/{first.id}/manual-refund", remark="超期未到账")
    await ada.act(f"/dashboard/shares/{second.id}/manual-refund", remark="超期未到账")
    for_ada, for_bea = (await ada.get("/dashboard/awaiting-me")).text, (await bea.get("/dashboard/awaiting-me")).text
    assert f"费款 {first.id}" in for_ada and f"费款 {second.id}" not in for_ada
    assert f"费款 {first.id}" in for_bea and f"费款 {second.id}" in for_bea
    refused(await otto.get("/dashboard/awaiting-me"), 403, "operator_role_required")
