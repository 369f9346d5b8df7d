"""Invariants 1, 4 and 6: one debit per declaration; unknown is not failed (nor is a channel refusing
queries); notifications believed only when checked and confirmed by the channel."""

from __future__ import annotations

import asyncio

import pytest

from app import clock
from app.notifications.models import ChannelNotification
from app.payments.models import Payment, PaymentState
from tests.api.support import checkout, declared


async def test_same_notification_ten_times_concurrently_pays_and_posts_once(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    notification_headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"])

    async def deliver() -> int:
        r = await client.post("/notify/wechat_pay", content=body, headers=notification_headers)
        return r.status_code

    statuses = await asyncio.gather(*(deliver() for _ in range(10)))
    assert statuses == [200] * 10
    assert await Payment.filter(state=PaymentState.PAID).count() == 1
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1
    verdicts = sorted(n.verdict for n in await ChannelNotification.all())
    assert verdicts == ["applied"] + ["duplicate"] * 9
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款成功"


async def test_twenty_concurrent_pay_requests_make_one_channel_order(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    before = set(wechat_sandbox.orders)
    responses = await asyncio.gather(*(checkout(client, headers, declaration["id"]) for _ in range(20)))
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses if r.status_code != 200]
    numbers = {r.json()["payment"]["out_trade_no"] for r in responses}
    prepay = {r.json()["request_payment"]["package"] for r in responses}
    assert len(numbers) == 1 and len(prepay) == 1
    assert len(set(wechat_sandbox.orders) - before) == 1
    assert await Payment.all().count() == 1
    (out_trade_no,) = numbers
    wechat_sandbox.confirm_payment(out_trade_no)
    await wechat_sandbox.deliver_payment_notification(out_trade_no, times=2)
    assert len(upstream.postings) == 1
    debits = [no for no in set(wechat_sandbox.orders) - before if wechat_sandbox.orders[no].trade_state == "SUCCESS"]
    assert debits == [out_trade_no]


@pytest.mark.parametrize("forge", ["bad_signature", "wrong_amount", "wrong_mchid", "wrong_appid", "stale_timestamp",
                                   "unknown_order", "bad_ciphertext"])
async def test_forged_notification_changes_nothing_and_is_kept(client, services, wechat_sandbox, upstream, forge):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    forged_headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"], forge=forge)
    r = await client.post("/notify/wechat_pay", content=body, headers=forged_headers)
    assert r.status_code == 200  # acknowledged, kept, flagged, never applied
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT
    assert upstream.postings == {}
    kept = await ChannelNotification.get(verdict="rejected")
    assert kept.flagged and kept.reject_reason and kept.body == body.decode()
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款中"
    # the genuine notification still works afterwards
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID


async def _forged_but_signed(client, sandbox, event_type: str, resource: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    headers, body = sandbox.build_signed_notification(event_type, resource)
    r = await client.post("/notify/wechat_pay", content=body, headers=headers)
    assert r.status_code == 200, r.text


async def test_a_signed_success_for_an_unpaid_order_is_not_believed(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    resource = wechat_sandbox.order_resource(payment["out_trade_no"])
    resource.update(trade_state="SUCCESS", transaction_id="4200000000000000000000000001",
                    success_time=clock.now().isoformat(timespec="seconds"))
    resource["amount"]["payer_total"] = resource["amount"]["total"]
    await _forged_but_signed(client, wechat_sandbox, "TRANSACTION.SUCCESS", resource)
    kept = await ChannelNotification.get(out_trade_no=payment["out_trade_no"])
    assert (kept.verdict, kept.reject_reason, kept.flagged) == ("rejected", "not_confirmed", True)
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT
    assert upstream.postings == {}


async def test_an_event_that_contradicts_its_state_is_refused(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])  # even when the order really is paid
    resource = wechat_sandbox.order_resource(payment["out_trade_no"])
    await _forged_but_signed(client, wechat_sandbox, "TRANSACTION.CLOSED", resource)
    kept = await ChannelNotification.filter(event_type__isnull=True).first()
    assert kept is not None and (kept.verdict, kept.reject_reason) == ("rejected", "inconsistent_event")
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT


async def test_a_notification_the_channel_cannot_confirm_is_asked_again(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    wechat_sandbox.set_fault("query_order", "down", count=1)
    assert await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"]) == [503]
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT
    assert await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"]) == [200]  # WeChat retries
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    assert [n.verdict for n in await ChannelNotification.all().order_by("id")] == ["unconfirmed", "applied"]


@pytest.mark.parametrize("style", ["timeout", "error_500", "bad_signature"])
async def test_create_order_timeout_leaves_payment_unknown_until_a_query_settles_it(
    client, services, wechat_sandbox, upstream, style
):
    headers, declaration = await declared(client, services, wechat_sandbox, "beijing", "resident_medical")
    # the sandbox creates the order, then answers too late (past our timeout), with a 500, or unsigned
    wechat_sandbox.set_fault("create_order", "unknown", count=1, style=style)
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 503 and r.json()["error"]["code"] == "channel_result_unknown"
    payment = await Payment.get(user__openid__isnull=False)
    assert payment.state == PaymentState.UNKNOWN
    shown = (await client.get(f"/api/v1/payments/{payment.id}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款中"  # unknown is not failed

    # the channel did create the order; the payer paid it
    wechat_sandbox.confirm_payment(payment.out_trade_no)
    r = await client.post(f"/api/v1/payments/{payment.id}/refresh", headers=headers)
    assert r.status_code == 200 and r.json()["payment"]["state"] == "paid"  # the query settled it …
    shown = (await client.get(f"/api/v1/payments/{payment.id}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款成功"  # … and the posting job, a moment later, posted it
    assert len(upstream.postings) == 1


async def test_channel_down_keeps_the_number_and_a_retry_uses_it(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    wechat_sandbox.set_fault("create_order", "down", count=1)
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 503 and r.json()["error"]["code"] == "channel_unavailable"
    first = await Payment.get(user__openid__isnull=False)
    assert first.state == PaymentState.CREATED
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200 and r.json()["payment"]["out_trade_no"] == first.out_trade_no


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


async def test_posting_refused_shows_failure_and_keeps_the_reason(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "reject:not_enrolled")
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款失败"
    assert "未参加该险种" in shown["items"][0]["posting_reason"]


async def test_posting_unknown_is_settled_by_refresh(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    upstream.set_fault("post_payment", "unknown", count=1)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款中" and shown["items"][0]["posting_state"] == "unknown"
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    assert r.json()["payment"]["status_label"] == "缴款成功"
    assert len(upstream.postings) == 1


async def test_late_notification_after_a_query_already_settled_is_a_duplicate(
    client, services, wechat_sandbox, upstream
):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert [n.verdict for n in await ChannelNotification.all()] == ["duplicate"]
    assert len(upstream.postings) == 1




async def test_every_state_change_is_recorded_with_who_from_and_to(client, services, wechat_sandbox, upstream):
    from app.events.models import Event
    from tests.api.support import paid_through_wechat

    headers, declaration = await declared(client, services, wechat_sandbox, "hubei", "resident_pension")
    payment = await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    payment_events = await Event.filter(entity="payment", entity_id=payment["id"]).order_by("id")
    assert [(e.from_state, e.to_state) for e in payment_events] == [
        (None, "created"), ("created", "awaiting_payment"), ("awaiting_payment", "paid")]
    assert payment_events[0].actor.startswith("user:") and payment_events[2].actor == "channel:wechat_pay"
    declaration_events = await Event.filter(entity="declaration", entity_id=declaration["id"]).order_by("id")
    assert [e.action for e in declaration_events] == ["declare", "held", "paid", "posted"]
    assert [(e.from_state, e.to_state) for e in declaration_events][1:3] == [
        ("declared", "processing"), ("processing", "processing")]
    assert declaration_events[-1].to_state == "declared"
    item_events = await Event.filter(entity="payment_item").order_by("id")
    assert [(e.from_state, e.to_state) for e in item_events] == [("not_posted", "posting"), ("posting", "posted")]
