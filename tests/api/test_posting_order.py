"""Posting in period order (issue 3 §4): a back-payment and a current payment for the same payer and
insurance type post earlier period first — the later one waits, and says why, instead of failing
with 到账确认失败; it goes ahead once the earlier declaration is voided, and a live posting is
never taken for stale and refunded."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from app import clock
from app.payments.models import PaymentItem, PostingState
from app.refunds.models import Refund
from app.upstream import interfaces as up
from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.api.support import BACK, bind, checkout, current, declare, options_for, paid_through_wechat, sign_in


async def _posted_order(upstream, declarations: list[dict]) -> list[str]:  # type: ignore[no-untyped-def]
    by_assessment = {d["assessment_no"]: d["period_start"] for d in declarations}
    return [by_assessment[upstream._requests[no].assessment_no] for no in upstream.postings]



async def test_owed_months_are_listed_with_amounts_and_late_fees(client, services, owing, upstream):
    r = await client.post("/api/v1/assessments", json=BACK, headers=owing)
    assert r.status_code == 200, r.text
    lines = r.json()["assessment"]["lines"]
    assert [x["month"] for x in lines] == ["202509", "202510", "202511", "202512"]
    assert r.json()["assessment"]["amount_due_fen"] == sum(x["amount_fen"] + x["late_fee_fen"] for x in lines)
    assert any(x["late_fee_fen"] for x in lines)


async def test_back_and_current_in_one_payment_post_in_period_order(client, services, wechat_sandbox, owing,
                                                                    upstream):
    later = await declare(client, owing, current(services))
    earlier = await declare(client, owing, BACK)
    r = await client.post("/api/v1/payments", headers=owing, json={"declaration_ids": [later["id"], earlier["id"]]})
    assert r.status_code == 200, r.text
    payment = r.json()["payment"]
    assert payment["amount_fen"] == later["amount_due_fen"] + earlier["amount_due_fen"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=owing)).json()["payment"]
    assert shown["status_label"] == "缴款成功", shown
    assert await _posted_order(upstream, [later, earlier]) == ["202509", "202611"]
    assert upstream.rejections == {}


@pytest.mark.parametrize("order", ["current_first", "back_first", "together"])
async def test_separate_payments_post_in_order_whatever_order_the_notifications_arrive(
    client, services, wechat_sandbox, owing, upstream, order
):
    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    p_back = (await checkout(client, owing, earlier["id"])).json()["payment"]
    p_now = (await checkout(client, owing, later["id"])).json()["payment"]
    for p in (p_back, p_now):
        wechat_sandbox.confirm_payment(p["out_trade_no"])
    if order == "together":
        await asyncio.gather(*(wechat_sandbox.deliver_payment_notification(p["out_trade_no"])
                               for p in (p_now, p_back)))
    else:
        first, second = (p_now, p_back) if order == "current_first" else (p_back, p_now)
        await wechat_sandbox.deliver_payment_notification(first["out_trade_no"])
        if first is p_now:
            waiting = (await client.get(f"/api/v1/payments/{p_now['id']}", headers=owing)).json()["payment"]
            assert waiting["status_label"] == "缴款中"  # never 缴款失败: it waits, and says why
            assert waiting["items"][0]["posting_reason"]
        await wechat_sandbox.deliver_payment_notification(second["out_trade_no"])
    for p in (p_back, p_now):
        shown = (await client.get(f"/api/v1/payments/{p['id']}", headers=owing)).json()["payment"]
        assert shown["status_label"] == "缴款成功", (order, shown)
    assert await _posted_order(upstream, [earlier, later]) == ["202509", "202611"]
    assert await PaymentItem.filter(posting_state=PostingState.FAILED).count() == 0


async def test_later_share_waits_without_asking_upstream_while_the_earlier_is_unknown(
    client, services, wechat_sandbox, owing, upstream
):
    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    p_back = (await checkout(client, owing, earlier["id"])).json()["payment"]
    p_now = (await checkout(client, owing, later["id"])).json()["payment"]
    upstream.set_fault("post_payment", "timeout", count=1)
    upstream.slow_seconds = 0.05
    for p in (p_back, p_now):
        wechat_sandbox.confirm_payment(p["out_trade_no"])
        await wechat_sandbox.deliver_payment_notification(p["out_trade_no"])
    assert upstream.calls["post_payment"] == 1  # the later share did not even ask
    waiting = (await client.get(f"/api/v1/payments/{p_now['id']}", headers=owing)).json()["payment"]
    assert waiting["status_label"] == "缴款中" and "202509" in waiting["items"][0]["posting_reason"]
    r = await client.post(f"/api/v1/payments/{p_back['id']}/refresh", headers=owing)
    assert r.json()["payment"]["items"][0]["posting_state"] == "not_posted"  # upstream never had it …
    for p in (p_back, p_now):  # … so the posting job posts it, then the later one
        shown = (await client.get(f"/api/v1/payments/{p['id']}", headers=owing)).json()["payment"]
        assert shown["status_label"] == "缴款成功"
    assert await _posted_order(upstream, [earlier, later]) == ["202509", "202611"]


async def test_an_unpaid_earlier_declaration_holds_the_later_share_and_says_so(
    client, services, wechat_sandbox, owing, upstream
):
    from app.payments.jobs import payments_with_unposted_shares
    from tests.conftest import drain

    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    payment = await paid_through_wechat(client, wechat_sandbox, owing, later["id"])
    for payment_id in await payments_with_unposted_shares():  # the sweep, as often as it likes
        await services.queue.defer_posting(payment_id)
    await drain()
    assert upstream.calls["post_payment"] == 0  # held here, not refused upstream
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=owing)).json()["payment"]
    assert shown["status_label"] == "缴款中"
    reason = shown["items"][0]["posting_reason"]
    assert "202509" in reason and "作废" in reason and "到账确认失败" not in reason
    # the payer voids the back-payment: the later share posts at once
    assert (await client.post(f"/api/v1/declarations/{earlier['id']}/void", headers=owing)).status_code == 200
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=owing)).json()["payment"]
    assert shown["status_label"] == "缴款成功"


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


async def test_a_live_posting_is_not_taken_for_stale_and_refunded(client, services, wechat_sandbox, owing, upstream):
    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    p_back = (await checkout(client, owing, earlier["id"])).json()["payment"]
    p_now = (await checkout(client, owing, later["id"])).json()["payment"]
    for p in (p_back, p_now):
        wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p_now["out_trade_no"])  # the later one first: it waits
    item = await PaymentItem.get(declaration_id=later["id"])
    old = clock.now() - timedelta(minutes=10)  # the earlier notification comes 10 minutes later
    await PaymentItem.filter(id=item.id).update(created_at=old, updated_at=old)
    real = upstream.post_payment

    async def slow_post(request: up.PostingRequest) -> up.PostingResult:
        if request.posting_no == item.posting_no:
            await asyncio.sleep(1.0)
        return await real(request)

    upstream.post_payment = slow_post
    notify = asyncio.create_task(wechat_sandbox.deliver_payment_notification(p_back["out_trade_no"]))
    for _ in range(50):
        await asyncio.sleep(0.05)
        if (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTING:
            break
    r = await client.post(f"/api/v1/payments/{p_now['id']}/refresh", headers=owing)  # 查验状态 meanwhile
    assert r.status_code == 200
    await notify
    upstream.post_payment = real
    item = await PaymentItem.get(id=item.id)
    assert item.posting_state == PostingState.POSTED and item.posting_no in upstream.postings
    assert await Refund.get_or_none(payment_item_id=item.id) is None


async def test_a_queried_not_yet_refusal_leaves_the_share_waiting(client, services, wechat_sandbox, owing, upstream):
    later = await declare(client, owing, current(services))
    upstream.set_fault("post_payment", "timeout", count=1)
    upstream.slow_seconds = 0.01
    payment = await paid_through_wechat(client, wechat_sandbox, owing, later["id"])
    item = await PaymentItem.get(declaration_id=later["id"])
    assert item.posting_state == PostingState.UNKNOWN

    async def not_yet(posting_no: str) -> up.PostingResult:
        return up.PostingResult(posting_no, up.PostingState.REJECTED, reason_code="posting_failed",
                                reason="到账确认失败")

    upstream.query_posting = not_yet
    upstream.set_fault("post_payment", "reject:posting_failed", count=1)
    await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=owing)
    item = await PaymentItem.get(id=item.id)
    # "not yet" is never final: the share waits (or, if its back-off came round meanwhile, posted)
    assert (item.posting_state, item.posting_reason_code) in [
        (PostingState.NOT_POSTED, "held_upstream"), (PostingState.POSTED, None)]
    assert await Refund.get_or_none(payment_item_id=item.id) is None
