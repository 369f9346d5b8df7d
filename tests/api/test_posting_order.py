"""Issue 3 §4: a back-payment and a current payment for the same payer and insurance type post
in period order — the later one waits instead of failing with 到账确认失败."""

from __future__ import annotations

import asyncio

import pytest

from app.payments.models import PaymentItem, PostingState
from tests.api.support import BACK, checkout, current, declare


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
