"""Regressions from the second review: a share must never end both posted and refunded, and a
later period must never wait without the payer being told why and what to do."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from app.payments.models import PaymentItem, PostingState
from app.refunds.models import Refund
from app.upstream import interfaces as up
from tests.api.support import BACK, checkout, current, declare, paid_through_wechat
from tests.conftest import TODAY


async def test_a_live_posting_is_not_taken_for_stale_and_refunded(client, services, wechat_sandbox, owing, upstream):
    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    p_back = (await checkout(client, owing, earlier["id"])).json()["payment"]
    p_now = (await checkout(client, owing, later["id"])).json()["payment"]
    for p in (p_back, p_now):
        wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p_now["out_trade_no"])  # the later one first: it waits
    item = await PaymentItem.get(declaration_id=later["id"])
    old = datetime.now(UTC) - timedelta(minutes=10)  # the earlier notification comes 10 minutes later
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
        (PostingState.NOT_POSTED, "waiting_for_earlier"), (PostingState.POSTED, None)]
    assert await Refund.get_or_none(payment_item_id=item.id) is None


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


@pytest.mark.parametrize("path", [
    "/api/v1/declarations/%C2%B2", "/api/v1/payments/%C2%B2", "/api/v1/payments?page=%C2%B2",
    "/api/v1/declarations?page_size=%C2%B2", "/api/v1/batch-debit-settings?year=%C2%B2%C2%B2%C2%B2%C2%B2",
])
async def test_non_ascii_digits_are_refused(client, services, wechat_sandbox, owing, upstream, path):
    r = await client.get(path, headers=owing)
    assert r.status_code == 400 and r.json()["error"]["code"] == "field_invalid", r.text


async def test_the_to_date_of_declaration_records_includes_its_day(client, services, wechat_sandbox, owing, upstream):
    await declare(client, owing, current(services))
    today = datetime.now(TODAY.tzinfo).strftime("%Y-%m-%d")  # declared_at is the real clock
    r = await client.get(f"/api/v1/declarations?from={today}&to={today}", headers=owing)
    assert r.json()["total"] == 1, r.json()
