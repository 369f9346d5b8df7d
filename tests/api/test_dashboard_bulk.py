"""Bulk actions (issue 18, item 9): retry the selected failed refunds, resolve the selected
differences with one remark, approve the selected manual refunds (never one's own). Each row
done and audited on its own, a refused row reported with its code without stopping the others;
CSRF and roles as for one row; the same submission twice, or two at once, retries each refund
once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from app.operations.models import AuditEntry, ManualRefund, ManualRefundState
from app.reconciliation.models import DifferenceKind, DifferenceState, ReconciliationDifference
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


NOW = datetime.now(UTC)
THREE = [("hubei", "wechat_pay", 10_000, NOW), ("guizhou", "wechat_pay", 20_000, NOW),
         ("hubei", "wechat_pay", 30_000, NOW)]


async def _bulk(who: steps.Staff, path: str, ids: list[int], remark: str | None = "批量核实后处理",
                csrf: str | None = None) -> httpx.Response:
    data: dict[str, object] = {"csrf_token": who.csrf if csrf is None else csrf, "ids": [str(i) for i in ids]}
    if remark is not None:
        data["remark"] = remark
    return await who.http.post(path, data=data)


async def test_retrying_selected_refunds_reports_each_row_and_audits_each(server, client):  # type: ignore[no-untyped-def]
    refunds = await steps.refunds_owed(THREE)
    await Refund.filter(id=refunds[2].id).update(state=RefundState.SUCCEEDED, failure_code=None)  # not failed
    operator = await staff(server, "otto", "operator")
    page = await operator.get("/dashboard/refunds")
    assert 'form="bulk-retry"' in page.text and 'action="/dashboard/bulk/refunds/retry"' in page.text
    r = await _bulk(operator, "/dashboard/bulk/refunds/retry", [refunds[0].id, refunds[1].id, refunds[2].id, 424242])
    assert r.status_code == 200, r.text[:500]
    text = r.text
    assert "共 4 条退费单，成功 2 条，未办理 2 条" in text
    assert "refund_not_retryable" in text and "refund_not_found" in text
    for refund in refunds[:2]:
        again = await Refund.get(id=refund.id)
        assert again.state == RefundState.CREATED and again.out_refund_no != refund.out_refund_no
        assert again.out_refund_no in text  # the new number is said
    entries = await AuditEntry.filter(action="retry_refund").order_by("id")
    assert [(e.target_id, e.remark) for e in entries] == [(str(refunds[0].id), "批量核实后处理"),
                                                          (str(refunds[1].id), "批量核实后处理")]
    # the same submission again (a double click, a reload): nothing is retried twice
    r = await _bulk(operator, "/dashboard/bulk/refunds/retry", [refunds[0].id, refunds[1].id])
    assert "成功 0 条" in r.text
    assert await AuditEntry.filter(action="retry_refund").count() == 2


async def test_two_bulk_retries_at_once_retry_each_refund_once(server, client):  # type: ignore[no-untyped-def]
    refunds = await steps.refunds_owed(THREE)
    first, second = await staff(server, "otto", "operator"), await staff(server, "olga", "operator")
    ids = [r.id for r in refunds]
    answers = await asyncio.gather(_bulk(first, "/dashboard/bulk/refunds/retry", ids),
                                   _bulk(second, "/dashboard/bulk/refunds/retry", list(reversed(ids))))
    assert all(a.status_code == 200 for a in answers)
    assert await AuditEntry.filter(action="retry_refund").count() == 3
    for refund in refunds:
        assert await AuditEntry.filter(action="retry_refund", target_id=str(refund.id)).count() == 1
        assert (await Refund.get(id=refund.id)).state == RefundState.CREATED


async def test_bulk_actions_need_the_role_the_token_a_remark_and_a_selection(server, client):  # type: ignore[no-untyped-def]
    refunds = await steps.refunds_owed(THREE)
    viewer, operator = await staff(server, "vic", "viewer"), await staff(server, "otto", "operator")
    assert 'form="bulk-retry"' not in (await viewer.get("/dashboard/refunds")).text
    refused(await _bulk(viewer, "/dashboard/bulk/refunds/retry", [refunds[0].id]), 403,
            "operator_role_required")
    refused(await _bulk(operator, "/dashboard/bulk/manual-refunds/approve", [1]), 403,
            "operator_role_required")
    refused(await _bulk(operator, "/dashboard/bulk/refunds/retry", [refunds[0].id], csrf=""), 403,
            "csrf_refused")
    refused(await _bulk(operator, "/dashboard/bulk/refunds/retry", [refunds[0].id], remark=None), 400,
            "remark_required")
    refused(await _bulk(operator, "/dashboard/bulk/refunds/retry", []), 400, "bulk_selection_invalid")
    refused(await _bulk(operator, "/dashboard/bulk/refunds/retry", list(range(1, 202))), 400,
            "bulk_selection_invalid")
    hostile = {"csrf_token": operator.csrf, "remark": "x", "ids": ["1", "<script>", "99999999999999999999"]}
    r = await operator.http.post("/dashboard/bulk/refunds/retry", data=hostile)
    refused(r, 400, "bulk_selection_invalid")
    assert await AuditEntry.filter(action="retry_refund").count() == 0
    assert all(r.state == RefundState.FAILED for r in await Refund.all())


async def test_resolving_selected_differences_with_one_remark(server, client):  # type: ignore[no-untyped-def]
    one = await steps.difference()
    two = await steps.difference(DifferenceKind.AMOUNT_MISMATCH, "SBPX0002")
    done = await steps.difference(DifferenceKind.AMOUNT_MISMATCH, "SBPX0003", state=DifferenceState.RESOLVED)
    operator = await staff(server, "otto", "operator")
    assert 'form="bulk-resolve"' in (await operator.get("/dashboard/differences")).text
    r = await _bulk(operator, "/dashboard/bulk/differences/resolve", [one.id, two.id, done.id],
                    remark="渠道确认为测试单")
    assert "成功 2 条，未办理 1 条" in r.text and "difference_not_open" in r.text
    for found in (one, two):
        found = await ReconciliationDifference.get(id=found.id)
        assert (found.state, found.resolution, found.resolved_by) == (DifferenceState.RESOLVED, "渠道确认为测试单",
                                                                      "staff:otto")
    assert await AuditEntry.filter(action="resolve_difference").count() == 2


async def test_approving_selected_manual_refunds_never_ones_own(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, first = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    _, second = await steps.stuck_share(client, services, wechat_sandbox, upstream, "resident_pension")
    otto, ada, bea = (await staff(server, "otto", "operator"), await staff(server, "ada", "approver"),
                      await staff(server, "bea", "approver"))
    assert (await otto.act(f"/dashboard/shares/{first.id}/manual-refund", remark="超期未到账")).status_code == 303
    assert (await ada.act(f"/dashboard/shares/{second.id}/manual-refund", remark="超期未到账")).status_code == 303
    mine, others = await ManualRefund.get(payment_item_id=second.id), await ManualRefund.get(payment_item_id=first.id)
    page = await ada.get("/dashboard/manual-refunds")
    assert f'value="{others.id}" form="bulk-approve"' in page.text
    assert f'value="{mine.id}" form="bulk-approve"' not in page.text  # one's own is not even offered
    r = await _bulk(ada, "/dashboard/bulk/manual-refunds/approve", [others.id, mine.id], remark="核实无误")
    assert "成功 1 条，未办理 1 条" in r.text and "four_eyes_required" in r.text
    assert (await ManualRefund.get(id=others.id)).state != ManualRefundState.REQUESTED
    assert (await ManualRefund.get(id=mine.id)).state == ManualRefundState.REQUESTED
    assert await AuditEntry.filter(action="approve_manual_refund", outcome="refused", operator="ada").count() == 1
    r = await _bulk(bea, "/dashboard/bulk/manual-refunds/approve", [mine.id], remark="核实无误")
    assert "成功 1 条" in r.text
