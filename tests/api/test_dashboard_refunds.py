"""The operations dashboard's refund actions, each with its money rules and a duplicate and a
concurrent case: retrying a failed refund, marking one refunded offline with the bank reference,
and manual refunds with four eyes. A refund is never paid twice, whatever our row says (the
channel's ABNORMAL, a statement showing it paid), and everything is audited."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from app.events.models import Event
from app.operations.models import AuditEntry, ManualRefund, ManualRefundState
from app.payments.models import PaymentItem, PostingState
from app.reconciliation.models import (
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    RunState,
)
from app.refunds.models import LIVE_REFUND_STATES, Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff
from tests.api.support import checkout, declare, options_for, signed_in_person
from tests.conftest import TEST_DATABASE_URL, drain

postgres_only = pytest.mark.skipif(not TEST_DATABASE_URL,
                                   reason="SQLite ignores select_for_update: races are asserted on PostgreSQL")


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


def _live_at_channel(sandbox, out_trade_no: str) -> int:  # type: ignore[no-untyped-def]
    return sandbox.refunded_fen(out_trade_no)


# ---- retry a refund ----

async def test_retry_sends_a_closed_refund_again_under_a_new_number_once(server, client, services, wechat_sandbox,
                                                                         upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    old_no = refund.out_refund_no
    operator = await staff(server, "omar", "operator")
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry", remark="  "), 400, "remark_required")
    r = await operator.act(f"/dashboard/refunds/{refund.id}/retry", remark="渠道关闭退款，重新发起")
    assert r.status_code == 303 and "done=retry_refund" in r.headers["location"]
    await refund.refresh_from_db()
    assert refund.state == RefundState.CREATED and refund.out_refund_no != old_no  # stored before the channel
    await drain()  # the refund job sends it
    await refund.refresh_from_db()
    assert refund.state == RefundState.PROCESSING
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == refund.amount_fen
    event = await Event.get(entity="refund", entity_id=refund.id, action="retry")
    assert (event.actor, event.reason, event.data["previous_out_refund_no"]) == (
        "staff:omar", "渠道关闭退款，重新发起", old_no)
    # again: nothing to retry; the money went out once
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 409, "refund_not_retryable")
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == refund.amount_fen
    assert await Refund.all().count() == 1
    audit = await AuditEntry.get(action="retry_refund")
    assert (audit.operator, audit.remark, audit.data["previous_out_refund_no"]) == (
        "omar", "渠道关闭退款，重新发起", old_no)


@postgres_only
async def test_parallel_retries_send_the_refund_once(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    operators = [await staff(server, f"op{i}", "operator") for i in range(5)]
    answers = await asyncio.gather(*(o.act(f"/dashboard/refunds/{refund.id}/retry") for o in operators))
    assert sorted(r.status_code for r in answers) == [303, 409, 409, 409, 409]
    await drain()
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == refund.amount_fen
    assert await Event.filter(entity="refund", entity_id=refund.id, action="retry").count() == 1


async def test_a_refund_the_channel_still_has_in_progress_is_not_retried(server, client, services, wechat_sandbox,
                                                                         upstream):  # type: ignore[no-untyped-def]
    payment = await steps.paid_and_refused(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    # our row says failed (e.g. a wrong manual edit or a lost answer), the channel says processing
    await Refund.filter(id=refund.id).update(state=RefundState.FAILED, failure_code="CLOSED")
    operator = await staff(server, "olaf", "operator")
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 409, "refund_live_at_channel")
    approver = await staff(server, "anna", "approver")
    refused(await approver.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="BK20261130001"), 409,
            "refund_live_at_channel")
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == refund.amount_fen  # still once
    assert await Event.filter(entity="refund", entity_id=refund.id, action="channel_contradicts").count() == 2


async def test_channel_down_leaves_a_failed_refund_as_it_is(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    operator = await staff(server, "oleg", "operator")
    wechat_sandbox.set_fault("query_refund", "down")
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 503, "channel_not_answering")
    wechat_sandbox.clear_faults()
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED


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


# ---- mark refunded offline ----

async def test_an_abnormal_refund_is_paid_offline_by_an_approver_with_the_bank_reference(
        server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream, status="ABNORMAL")
    operator = await staff(server, "ola", "operator")
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 409, "refund_abnormal")
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="BK1"), 403,
            "operator_role_required")
    approver = await staff(server, "ada", "approver")
    listed = await approver.get("/dashboard/refunds", failure="abnormal")
    assert refund.out_refund_no in listed.text
    assert refund.out_refund_no not in (await approver.get("/dashboard/refunds", failure="closed")).text
    refused(await approver.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="<script>"), 400,
            "bank_reference_required")
    r = await approver.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="BK20261130-0001",
                           remark="原卡已注销，已通过银行转账退回")
    assert r.status_code == 303
    await refund.refresh_from_db()
    assert (refund.state, refund.offline_reference) == (RefundState.OFFLINE, "BK20261130-0001")
    refused(await approver.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference="BK20261130-0002"), 409,
            "refund_not_markable_offline")
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=payment["headers"])).json()["payment"]
    assert shown["items"][0]["refund"]["state"] == "offline"
    assert shown["items"][0]["refund"]["status_label"] == "已退费（银行转账）"
    metrics = (await client.get("/metrics")).text
    assert "shebao_refunds_owed 0.0" in metrics


@postgres_only
async def test_parallel_offline_marks_and_retries_settle_a_refund_once(server, client, services, wechat_sandbox,
                                                                      upstream):  # type: ignore[no-untyped-def]
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    approvers = [await staff(server, f"ap{i}", "approver") for i in range(4)]
    marks = [a.act(f"/dashboard/refunds/{refund.id}/offline", bank_reference=f"BK2026113000{i}")
             for i, a in enumerate(approvers)]
    retries = [a.act(f"/dashboard/refunds/{refund.id}/retry") for a in approvers]
    answers = await asyncio.gather(*marks, *retries)
    assert sum(r.status_code == 303 for r in answers) == 1 and {r.status_code for r in answers} <= {303, 409}
    await drain()
    await refund.refresh_from_db()
    moves = await Event.filter(entity="refund", entity_id=refund.id, action__in=["retry", "refunded_offline"]).count()
    assert moves == 1  # paid back once: offline or by the channel, never both
    assert (refund.state == RefundState.OFFLINE) == (_live_at_channel(wechat_sandbox, payment["out_trade_no"]) == 0)


# ---- manual refunds: four eyes ----

async def test_a_manual_refund_needs_a_second_person_and_refunds_exactly_the_share(
        server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    alice = await staff(server, "alice", "approver")
    bob = await staff(server, "bob", "approver")
    r = await alice.act(f"/dashboard/shares/{item.id}/manual-refund", remark="缴费人申请退费，经办机构确认不予入账")
    assert r.status_code == 303
    manual = await ManualRefund.get(payment_item_id=item.id)
    assert (manual.state, manual.amount_fen, manual.requested_by) == (
        ManualRefundState.REQUESTED, item.amount_fen, "alice")
    refused(await alice.act(f"/dashboard/shares/{item.id}/manual-refund"), 409, "manual_refund_open")
    refused(await alice.act(f"/dashboard/manual-refunds/{manual.id}/approve"), 403, "four_eyes_required")
    assert await AuditEntry.filter(operator="alice", action="approve_manual_refund", outcome="refused").count() == 1
    r = await bob.act(f"/dashboard/manual-refunds/{manual.id}/approve", remark="复核无误")
    assert r.status_code == 303
    await drain()  # the refund job: assessment released upstream, share given up, refunded
    await item.refresh_from_db()
    assert (item.posting_state, item.posting_reason_code) == (PostingState.FAILED, "manual_refund")
    refund = await Refund.get(payment_item_id=item.id)
    assert refund.amount_fen == item.amount_fen and refund.reason_code == "manual_refund"
    await manual.refresh_from_db()
    assert (manual.state, manual.refund_id, manual.decided_by) == (ManualRefundState.REFUNDING, refund.id, "bob")
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == item.amount_fen
    assessment_no = payment["declaration"]["assessment_no"]
    assert upstream.assessments[assessment_no].status == "voided"  # the fence: no late posting can land now
    refused(await bob.act(f"/dashboard/manual-refunds/{manual.id}/approve"), 409, "manual_refund_decided")
    refused(await bob.act(f"/dashboard/shares/{item.id}/manual-refund"), 409, "share_not_eligible_for_manual_refund")
    await drain()
    assert await Refund.all().count() == 1 and _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == (
        item.amount_fen)


async def test_a_share_that_posts_before_the_approval_is_not_refunded(server, client, services, wechat_sandbox,
                                                                      upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    olga = await staff(server, "olga", "operator")
    assert (await olga.act(f"/dashboard/shares/{item.id}/manual-refund")).status_code == 303
    upstream.clear_faults()
    await services.queue.defer_posting(payment["id"])
    await drain()  # upstream is back: the share posts
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTED
    approver = await staff(server, "abe", "approver")
    manual = await ManualRefund.get(payment_item_id=item.id)
    assert (await approver.act(f"/dashboard/manual-refunds/{manual.id}/approve")).status_code == 303
    await drain()
    await manual.refresh_from_db()
    assert manual.state == ManualRefundState.CANCELLED and "已到账确认" in (manual.outcome or "")
    assert not await Refund.exists() and _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == 0


async def test_a_rejected_request_refunds_nothing_and_a_new_one_may_follow(server, client, services, wechat_sandbox,
                                                                         upstream):  # type: ignore[no-untyped-def]
    _, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    olga = await staff(server, "olga", "operator")
    approver = await staff(server, "abe", "approver")
    await olga.act(f"/dashboard/shares/{item.id}/manual-refund")
    manual = await ManualRefund.get(payment_item_id=item.id)
    assert (await approver.act(f"/dashboard/manual-refunds/{manual.id}/reject", remark="材料不全")).status_code == 303
    await drain()
    assert (await ManualRefund.get(id=manual.id)).state == ManualRefundState.REJECTED
    assert not await Refund.exists() and (await PaymentItem.get(id=item.id)).posting_state == PostingState.NOT_POSTED
    assert (await olga.act(f"/dashboard/shares/{item.id}/manual-refund")).status_code == 303


async def test_a_posted_share_or_an_unpaid_payment_cannot_be_refunded_by_hand(server, client, services,
                                                                              wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    item = await PaymentItem.get(payment_id=payment["id"])
    olga = await staff(server, "olga", "operator")
    refused(await olga.act(f"/dashboard/shares/{item.id}/manual-refund"), 409, "share_not_eligible_for_manual_refund")
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTED
    refused(await olga.act(f"/dashboard/shares/{item.id}/manual-refund"), 409, "share_not_eligible_for_manual_refund")
    refused(await olga.act("/dashboard/shares/999999/manual-refund"), 404, "share_not_found")
    assert not await ManualRefund.exists()


@postgres_only
async def test_parallel_requests_and_approvals_make_one_refund(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    requesters = [await staff(server, f"req{i}", "operator") for i in range(5)]
    answers = await asyncio.gather(*(o.act(f"/dashboard/shares/{item.id}/manual-refund") for o in requesters))
    assert sorted(r.status_code for r in answers) == [303, 409, 409, 409, 409]
    manual = await ManualRefund.get(payment_item_id=item.id)
    approvers = [await staff(server, f"appr{i}", "approver") for i in range(5)]
    answers = await asyncio.gather(*(a.act(f"/dashboard/manual-refunds/{manual.id}/approve") for a in approvers))
    assert sorted(r.status_code for r in answers) == [303, 409, 409, 409, 409]
    await drain()
    refunds = await Refund.filter(payment_id=payment["id"], state__in=list(LIVE_REFUND_STATES))
    assert [r.amount_fen for r in refunds] == [item.amount_fen]
    assert _live_at_channel(wechat_sandbox, payment["out_trade_no"]) == item.amount_fen
