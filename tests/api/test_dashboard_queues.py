"""The operations dashboard's queues and look-ups: reconciliation differences resolved once with who,
when and why; re-querying a payment the notification never reached; search by every kind of number
with id numbers masked (unmasked only by approvers, with a reason, audited); a payment's whole
story in one timeline; the overdue and flagged-notification queues."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import clock
from app.notifications.models import ChannelNotification
from app.operations.models import AuditEntry
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation.models import DifferenceState, ReconciliationDifference
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff
from tests.api.support import checkout, declare, options_for, signed_in_person
from tests.conftest import drain, move_clock


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


# ---- reconciliation differences, re-query ----

async def test_resolving_a_difference_keeps_who_when_and_why_once(server, client):  # type: ignore[no-untyped-def]
    found = await steps.difference()
    viewer = await staff(server, "vic", "viewer")
    page = await viewer.get("/dashboard/differences")
    assert "SBPX0001" in page.text and "渠道已扣款，本系统无记录" in page.text
    operator = await staff(server, "otto", "operator")
    refused(await operator.act(f"/dashboard/differences/{found.id}/resolve", remark=None), 400, "remark_required")
    r = await operator.act(f"/dashboard/differences/{found.id}/resolve", remark="已与渠道核实，为测试订单")
    assert r.status_code == 303
    await found.refresh_from_db()
    assert (found.state, found.resolved_by, found.resolution) == (
        DifferenceState.RESOLVED, "staff:otto", "已与渠道核实，为测试订单")
    refused(await operator.act(f"/dashboard/differences/{found.id}/resolve"), 409, "difference_not_open")
    assert "SBPX0001" not in (await viewer.get("/dashboard/differences")).text  # the pending queue is empty
    assert "SBPX0001" in (await viewer.get("/dashboard/differences", state="resolved")).text
    refused(await operator.act("/dashboard/differences/424242/resolve"), 404, "difference_not_found")
    assert await ReconciliationDifference.filter(state=DifferenceState.RESOLVED).count() == 1


async def test_requery_settles_a_payment_the_notification_never_reached(server, client, services, wechat_sandbox,
                                                                        upstream):  # type: ignore[no-untyped-def]
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])  # paid; WeChat's notification is lost
    operator = await staff(server, "otto", "operator")
    r = await operator.act(f"/dashboard/payments/{payment['id']}/requery", remark="缴费人来电称已扣款")
    assert r.status_code == 303
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    await drain()
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.POSTED
    # again: nothing changes, still one payment and one posting
    assert (await operator.act(f"/dashboard/payments/{payment['id']}/requery")).status_code == 303
    await drain()
    assert len(upstream.postings) == 1
    assert await AuditEntry.filter(action="requery_channel").count() == 2


# ---- search, masking, timeline, queues ----

async def test_search_finds_a_payment_by_every_kind_of_number_and_ids_stay_masked(
        server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    stored = await Payment.get(id=payment["id"])
    declaration = payment["declaration"]
    full_id = services.sealer.unseal((await __import__("app.declarations.models", fromlist=["Declaration"])
                                      .Declaration.get(id=declaration["id"])).payer_id_number_sealed)
    masked = declaration["payer_id_masked"]
    viewer = await staff(server, "vic", "viewer")
    for term in (stored.out_trade_no, stored.transaction_id, declaration["declaration_no"], refund.out_refund_no,
                 full_id, full_id.lower(), masked):
        r = await viewer.get("/dashboard/search", q=term)
        assert r.status_code == 303 and r.headers["location"] == f"/dashboard/payments/{payment['id']}", term
    page = await viewer.get(f"/dashboard/payments/{payment['id']}")
    assert masked in page.text and full_id not in page.text
    assert "查看完整证件号码" not in page.text  # viewers cannot unmask
    r = await viewer.get("/dashboard/search", q="SBP-no-such")
    assert r.status_code == 200 and "未找到" in r.text
    assert (await viewer.get("/dashboard/refunds", q=stored.out_trade_no)).text.count(refund.out_refund_no) == 1


async def test_unmasking_an_id_number_is_for_approvers_with_a_reason_and_is_audited(
        server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, _ = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    declaration_id = payment["declaration"]["id"]
    operator = await staff(server, "otto", "operator")
    refused(await operator.act(f"/dashboard/declarations/{declaration_id}/unmask"), 403, "operator_role_required")
    approver = await staff(server, "ada", "approver")
    refused(await approver.act(f"/dashboard/declarations/{declaration_id}/unmask", remark=""), 400, "remark_required")
    r = await approver.act(f"/dashboard/declarations/{declaration_id}/unmask", remark="线下退款需核对身份")
    assert r.status_code == 200
    from app.declarations.models import Declaration

    full_id = services.sealer.unseal((await Declaration.get(id=declaration_id)).payer_id_number_sealed)
    assert full_id in r.text
    entry = await AuditEntry.get(action="unmask_id")
    assert (entry.operator, entry.target_id, entry.remark) == ("ada", str(declaration_id), "线下退款需核对身份")
    assert full_id not in str(entry.data)  # the audit trail keeps the masked form only
    assert full_id not in (await approver.get(f"/dashboard/payments/{payment['id']}")).text  # once, not kept


async def test_a_payment_page_tells_the_whole_story_in_one_timeline(server, client, services, wechat_sandbox,
                                                                    upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    operator = await staff(server, "otto", "operator")
    await operator.act(f"/dashboard/refunds/{refund.id}/retry", remark="重新发起")
    await drain()
    page = (await operator.get(f"/dashboard/payments/{payment['id']}")).text
    for expected in (payment["out_trade_no"], payment["declaration"]["declaration_no"], "到账确认失败",
                     "渠道通知 · 支付成功", "渠道通知 · 退款关闭", "Otto（工作人员）", "重新发起", "退款中"):
        assert expected in page, expected
    timeline = page.split("<h2>时间线</h2>")[1]
    paid, closed = timeline.index("渠道通知 · 支付成功"), timeline.index("渠道通知 · 退款关闭")
    assert paid < closed < timeline.index("重新发起退费")
    refused(await operator.get("/dashboard/payments/987654"), 404, "payment_not_found")


async def test_the_overdue_queue_shows_shares_past_their_refund_day(server, client, services, wechat_sandbox,
                                                                    upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    viewer = await staff(server, "vic", "viewer")
    assert payment["out_trade_no"] not in (await viewer.get("/dashboard/overdue")).text
    assert payment["out_trade_no"] in (await viewer.get("/dashboard/overdue", scope="unposted")).text  # the backlog
    await PaymentItem.filter(id=item.id).update(posting_deadline=clock.now() - timedelta(days=10))
    move_clock(clock.now())  # the queue is judged on today
    page = await viewer.get("/dashboard/overdue")
    assert payment["out_trade_no"] in page.text and payment["declaration"]["payer_id_masked"] in page.text
    overview = await viewer.get("/dashboard/")
    assert 'href="/dashboard/overdue"><span class="n">1</span>' in overview.text
    backlog = '<td>1小时内</td><td class="num"><a href="/dashboard/overdue?scope=unposted">1</a></td>'
    assert backlog in overview.text, overview.text  # paid just now, not posted: the first bucket


async def test_flagged_notifications_are_listed(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    forged_headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"], forge="wrong_amount")
    await client.post("/notify/wechat_pay", content=body, headers=forged_headers)
    assert await ChannelNotification.filter(flagged=True).count() == 1
    viewer = await staff(server, "vic", "viewer")
    page = await viewer.get("/dashboard/notifications")
    assert payment["out_trade_no"] in page.text and "已标记" in page.text
    assert payment["out_trade_no"] in (await viewer.get("/dashboard/notifications", q=payment["out_trade_no"])).text
    assert payment["out_trade_no"] not in (await viewer.get("/dashboard/notifications", q="SBPnothing")).text
