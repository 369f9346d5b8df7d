"""Regressions found in review: each was a way to leave money or records in between."""

from __future__ import annotations

import asyncio

import httpx

from app.declarations.models import Declaration, DeclarationState
from app.events.models import Event
from app.notifications.models import ChannelNotification
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.api.support import bind, checkout, declare, declared, options_for, sign_in
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


async def test_a_share_stuck_in_posting_is_asked_about_on_refresh(client, services, wechat_sandbox, upstream):
    from datetime import UTC, datetime, timedelta

    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    upstream.set_fault("post_payment", "unknown", count=1)  # upstream posts, the answer is lost
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    # as if the poster died while asking: the share sits in POSTING, long ago
    await PaymentItem.filter(id=item.id).update(posting_state=PostingState.POSTING)
    await PaymentItem.filter(id=item.id).update(updated_at=datetime.now(UTC) - timedelta(minutes=10))
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    assert r.json()["payment"]["status_label"] == "缴款成功"
    assert len(upstream.postings) == 1


async def test_voided_back_payment_does_not_hold_back_the_current_one(client, services, wechat_sandbox, upstream):
    person = next(p for p in DEMO_PEOPLE if p.region == "hubei" and p.owed_months.get("resident_pension"))
    headers = await sign_in(client, wechat_sandbox, "hubei")
    r = await bind(client, wechat_sandbox, headers, "hubei",
                   {"id_type": person.id_type, "id_number": person.id_number, "name": person.name})
    assert r.status_code == 200, r.text
    month = person.owed_months["resident_pension"][0].month
    back = await declare(client, headers, {"insurance_type": "resident_pension", "payment_kind": "back_payment",
                                           "period_start": month, "period_end": month})
    assert (await client.post(f"/api/v1/declarations/{back['id']}/void", headers=headers)).status_code == 200
    assert upstream.calls["release_assessment"] == 1
    current = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    p = (await checkout(client, headers, current["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{p['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款成功"


async def test_refused_share_voids_its_declaration_for_good(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "reject:not_enrolled", count=1)
    p = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p["out_trade_no"])
    d = await Declaration.get(id=declaration["id"])
    # a final refusal: never payable again (it would only be debited and refused again)
    assert (d.state, d.paid, d.current_payment_id) == (DeclarationState.VOIDED, False, None)
    assert d.void_reason.startswith("到账确认失败：该人员未参加该险种")
    assert upstream.assessments[d.assessment_no].status == "voided"  # released upstream too
    r = await client.post("/api/v1/payments", json={"declaration_ids": [declaration["id"]]}, headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_voided"
    assert r.json()["error"]["data"]["void_reason"] == d.void_reason
    # not a dead end: the payer may declare the period anew once the cause is fixed
    assert (await client.post("/api/v1/declarations", json=options_for(services, "hubei", "resident_medical"),
                              headers=headers)).status_code == 201


async def test_out_of_range_numbers_and_trailing_newlines_are_refused(client, services, wechat_sandbox, upstream):
    headers, _ = await declared(client, services, wechat_sandbox)
    r = await client.post("/api/v1/payments", json={"declaration_ids": [10**20]}, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "field_invalid"
    body = {**options_for(services, "hubei", "resident_medical"), "period_start": "202601\n"}
    r = await client.post("/api/v1/declarations", json=body, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "period_invalid"


async def test_a_channel_that_refuses_queries_is_not_a_500(client, services, wechat_sandbox, upstream, monkeypatch):
    from payment_channels import interfaces as ch

    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    channel = services.channel("wechat_pay")

    async def refused(out_trade_no: str) -> ch.TradeStatus:
        raise ch.ChannelRejected("商户无权限", code="NO_AUTH")

    monkeypatch.setattr(channel, "query_order", refused)
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    assert r.status_code == 200 and r.json()["payment"]["status_label"] == "缴款中"
    r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    assert r.status_code == 503 and r.json()["error"]["code"] == "channel_unavailable"
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT


async def test_retry_job_posts_what_upstream_could_not_take_earlier(client, services, wechat_sandbox, upstream):
    from app.payments.jobs import payments_with_unposted_shares, settle_open_payments

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
    assert await settle_open_payments(services) == 0


async def test_abandoned_checkout_is_closed_after_expiry_asking_the_channel(
    client, services, wechat_sandbox, upstream
):
    from datetime import UTC, datetime, timedelta

    from app.payments.jobs import close_expired_payments

    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    assert wechat_sandbox.orders[payment["out_trade_no"]].time_expire  # the order carries its expiry
    assert await close_expired_payments(services) == 0  # not yet
    await Payment.filter(id=payment["id"]).update(expires_at=datetime.now(UTC) - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=payment["id"])).state == PaymentState.CLOSED
    assert wechat_sandbox.orders[payment["out_trade_no"]].trade_state == "CLOSED"
    d = await Declaration.get(id=declaration["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)
