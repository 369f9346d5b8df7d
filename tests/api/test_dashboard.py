"""The operations dashboard over HTTP: sign-in, lockout, CSRF, roles, every action with its money
rules (each with a duplicate and a concurrent case), masking and the audit trail."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from app.events.models import Event
from app.notifications.models import ChannelNotification
from app.operations import services as ops
from app.operations.models import AuditEntry, ManualRefund, ManualRefundState
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation.models import DifferenceState, ReconciliationDifference
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


# ---- sign-in, sessions, lockout, CSRF, roles ----

async def test_pages_need_a_signed_in_operator(server, client):  # type: ignore[no-untyped-def]
    import httpx

    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        for path in ("/dashboard/", "/dashboard/refunds", "/dashboard/payments/1", "/dashboard/audit"):
            r = await anonymous.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/dashboard/sign-in?next="), path
        r = await anonymous.post("/dashboard/payments/1/requery", data={"remark": "x"})
        refused(r, 401, "operator_session_expired")
        r = await anonymous.get("/dashboard")
        assert r.status_code in (301, 302, 303, 308) and r.headers["location"].startswith("/dashboard/")
    viewer = await staff(server, "vera", "viewer")
    for path in ("/dashboard/", "/dashboard/refunds", "/dashboard/overdue", "/dashboard/differences",
                 "/dashboard/notifications", "/dashboard/manual-refunds", "/dashboard/search?q=none"):
        r = await viewer.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert "default-src 'self'" in r.headers["content-security-policy"] and r.headers["x-frame-options"] == "DENY"
    refused(await viewer.get("/dashboard/audit"), 403, "operator_role_required")  # approvers only
    cookie = next(c for c in viewer.http.cookies.jar if c.name == "shebao_ops")
    assert cookie.path == "/dashboard" and cookie.has_nonstandard_attr("HttpOnly")


async def test_wrong_passwords_lock_the_account_and_each_try_is_audited(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("olga", "operator")
    guesser = steps.Staff.at(server.ctx.base_url)
    unknown = await guesser.sign_in("nobody", "whatever-password")
    refused(unknown, 401, "operator_sign_in_failed")
    for _ in range(services.settings.operator_lockout_attempts - 1):
        refused(await guesser.sign_in("olga", "wrong-password-123"), 401, "operator_sign_in_failed")
    refused(await guesser.sign_in("olga", "wrong-password-123"), 429, "operator_locked")
    refused(await guesser.sign_in("olga"), 429, "operator_locked")  # the right password does not help now
    attempts = await AuditEntry.filter(action="sign_in", operator="olga").order_by("id")
    assert [a.outcome for a in attempts] == ["refused"] * (services.settings.operator_lockout_attempts + 1)
    assert attempts[-1].data["why"] == "locked" and attempts[-2].data["locked"] is True
    await ops.unlock("olga")
    assert (await guesser.sign_in("olga")).status_code == 303


@postgres_only
async def test_parallel_wrong_passwords_all_count(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("pavel", "operator")
    guessers = [steps.Staff.at(server.ctx.base_url) for _ in range(8)]
    answers = await asyncio.gather(*(g.sign_in("pavel", "wrong-password-123") for g in guessers))
    assert {r.status_code for r in answers} <= {401, 429} and any(r.status_code == 429 for r in answers)
    operator = await ops.Operator.get(username="pavel")
    assert operator.locked_until is not None and operator.locked_until > datetime.now(UTC)


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(server, client, services, wechat_sandbox,
                                                                            upstream):  # type: ignore[no-untyped-def]
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    operator = await staff(server, "otto", "operator")
    good = operator.csrf
    operator.csrf = ""
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "csrf_refused")
    operator.csrf = good[:-2] + "xx"
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "csrf_refused")
    await refund.refresh_from_db()
    assert refund.state == RefundState.FAILED
    assert await AuditEntry.filter(action="csrf_refused", operator="otto").count() == 2
    # the sign-in form has its own token: a foreign page cannot sign a browser in
    import httpx

    async with httpx.AsyncClient(base_url=server.ctx.base_url) as foreign:
        r = await foreign.post("/dashboard/sign-in", data={"username": "otto", "password": steps.PASSWORD})
        refused(r, 403, "csrf_refused")


async def test_a_viewer_cannot_act_and_the_refusal_is_audited(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    viewer = await staff(server, "vic", "viewer")
    refused(await viewer.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "operator_role_required")
    refused(await viewer.act(f"/dashboard/payments/{refund.payment_id}/requery"), 403, "operator_role_required")
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    assert await AuditEntry.filter(operator="vic", outcome="refused").count() == 2


async def test_a_disabled_operator_is_signed_out_at_once(server, client):  # type: ignore[no-untyped-def]
    operator = await staff(server, "dora", "operator")
    await ops.disable("dora")
    assert (await operator.get("/dashboard/")).status_code == 303
    refused(await operator.sign_in("dora"), 403, "operator_disabled")


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
                     "TRANSACTION.SUCCESS", "REFUND.CLOSED", "staff:otto", "重新发起", "退款中"):
        assert expected in page, expected
    assert page.index("TRANSACTION.SUCCESS") < page.index("REFUND.CLOSED") < page.index("重新发起退费")
    refused(await operator.get("/dashboard/payments/987654"), 404, "payment_not_found")


async def test_the_overdue_queue_shows_shares_past_their_refund_day(server, client, services, wechat_sandbox,
                                                                    upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    viewer = await staff(server, "vic", "viewer")
    assert payment["out_trade_no"] not in (await viewer.get("/dashboard/overdue")).text
    assert payment["out_trade_no"] in (await viewer.get("/dashboard/overdue", scope="unposted")).text  # the backlog
    await PaymentItem.filter(id=item.id).update(posting_deadline=datetime.now(UTC) - timedelta(days=10))
    services.clock = lambda: datetime.now(UTC)  # the queue is judged on today
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
