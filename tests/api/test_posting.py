"""到账确认 (posting a paid share upstream): by the worker, never inside the channel's notification;
retried when upstream could not take it, asked about when its answer was lost; a final refusal
voids the declaration for good; a share not posted by its deadline (also one paid before deadlines
existed) is refunded once and never posted late."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from app import clock
from app.clock import SHANGHAI
from app.declarations.models import Declaration, DeclarationState
from app.events.models import Event
from app.notifications.models import ChannelNotification
from app.payments.jobs import fail_overdue_shares
from app.payments.models import Payment, PaymentItem, PostingState
from app.refunds.models import Refund
from tests.api.support import checkout, declared, options_for
from tests.conftest import drain


async def test_a_slow_upstream_never_holds_up_the_notification(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    upstream.slow_seconds = 5.5  # past the 5 s WeChat waits for our answer
    upstream.set_fault("post_payment", "slow", count=1)
    notification_headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"])
    started = asyncio.get_running_loop().time()
    async with httpx.AsyncClient(base_url=str(client.base_url)) as plain:  # no worker runs after this one
        r = await plain.post("/notify/wechat_pay", content=body, headers=notification_headers)
    assert r.status_code == 200 and asyncio.get_running_loop().time() - started < 2  # recorded, answered
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.NOT_POSTED and upstream.calls["post_payment"] == 0
    await drain()  # the worker posts it, however slowly upstream answers
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.POSTED
    assert [n.verdict for n in await ChannelNotification.all()] == ["applied"]
    claims = await Event.filter(entity="payment_item", entity_id=item.id).values_list("from_state", "to_state")
    assert claims == [("not_posted", "posting"), ("posting", "posted")]


async def test_retry_job_posts_what_upstream_could_not_take_earlier(client, services, wechat_sandbox, upstream):
    from app.payments.jobs import payments_with_unposted_shares, sync_open_payments

    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down", count=1)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.NOT_POSTED
    # the posting job waits for its back-off (a few seconds: the sweep leaves it be); its retry posts it
    assert await payments_with_unposted_shares() == [payment["id"]]
    assert await services.queue.sweep_postings([payment["id"]]) == 0
    await services.queue.defer_posting(payment["id"])  # as the retry would
    await drain()
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.POSTED
    assert await payments_with_unposted_shares() == []
    assert await sync_open_payments(services) == 0


async def test_a_share_stuck_in_posting_is_asked_about_on_refresh(client, services, wechat_sandbox, upstream):
    from datetime import timedelta

    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    upstream.set_fault("post_payment", "unknown", count=1)  # upstream posts, the answer is lost
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    # as if the poster died while asking: the share sits in POSTING, long ago
    await PaymentItem.filter(id=item.id).update(posting_state=PostingState.POSTING)
    await PaymentItem.filter(id=item.id).update(updated_at=clock.now() - timedelta(minutes=10))
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    assert r.json()["payment"]["status_label"] == "缴款成功"
    assert len(upstream.postings) == 1


async def test_refused_share_voids_its_declaration_for_good(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "reject:not_enrolled", count=1)
    p = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p["out_trade_no"])
    d = await Declaration.get(id=declaration["id"])
    # a final refusal: never payable again (it would only be debited and refused again)
    assert (d.state, d.paid, d.current_payment_id) == (DeclarationState.VOIDED, False, None)
    assert d.void_reason.startswith("社保经办机构未确认到账：该人员未参加该险种")
    assert upstream.assessments[d.assessment_no].status == "voided"  # released upstream too
    r = await client.post("/api/v1/payments", json={"declaration_ids": [declaration["id"]]}, headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_voided"
    assert r.json()["error"]["data"]["void_reason"] == d.void_reason
    # not a dead end: the payer may declare the period anew once the cause is fixed
    assert (await client.post("/api/v1/declarations", json=options_for(services, "hubei", "resident_medical"),
                              headers=headers)).status_code == 201


# ---- the posting deadline ----

async def test_a_share_not_posted_by_its_deadline_is_refunded_once(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down")  # upstream down for days
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.NOT_POSTED and item.posting_deadline is not None
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]["items"][0]
    # Hubei: 7 working days; posting until the 6th, the refund by the 7th, the payer told both
    from app.workdays import add_working_days
    paid_on = (await Payment.get(id=payment["id"])).paid_at.astimezone(SHANGHAI).date()
    assert shown["posting_deadline"][:10] == add_working_days(paid_on, 6).isoformat()
    assert shown["refund_due_by"] == add_working_days(paid_on, 7).isoformat()
    assert await fail_overdue_shares(services) == 0
    await PaymentItem.filter(id=item.id).update(posting_deadline=clock.now() - timedelta(seconds=1))
    assert sum(await asyncio.gather(*(fail_overdue_shares(services) for _ in range(5)))) >= 1
    await drain()  # the refund is the worker's job
    refunds = await Refund.filter(payment_id=payment["id"])
    assert [(r.amount_fen, r.reason_code) for r in refunds] == [(item.amount_fen, "posting_deadline_passed")]
    d = await Declaration.get(id=declaration["id"])
    assert d.state == DeclarationState.VOIDED and "未确认到账" in (d.void_reason or "")
    upstream.clear_faults()
    await fail_overdue_shares(services)
    await drain()
    assert await Refund.filter(payment_id=payment["id"]).count() == 1
    assert upstream.postings == {}  # never posted late


async def test_a_share_paid_before_the_upgrade_gets_a_deadline_and_is_refunded(
    client, services, wechat_sandbox, upstream
):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down")  # upstream down for weeks
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    # as the row stands after migration 1_…_update: paid a month ago, the new column left NULL
    month_ago = clock.now() - timedelta(days=30)
    await Payment.filter(id=payment["id"]).update(paid_at=month_ago)
    await PaymentItem.filter(payment_id=payment["id"]).update(posting_deadline=None)
    await fail_overdue_shares(services)
    await drain()
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.FAILED, item.posting_state
    assert await Refund.filter(payment_id=payment["id"]).count() == 1
