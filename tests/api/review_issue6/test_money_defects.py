"""From the review of issue 6: money rules."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from app.payments.jobs import fail_overdue_shares
from app.payments.models import Payment, PaymentItem, PostingState
from app.refunds.models import Refund
from tests.api.payer_steps import demo, payer_body
from tests.api.support import bind, checkout, current, declare, declared, sign_in
from tests.conftest import drain


async def test_a_declaration_of_another_region_cannot_be_paid_from_this_one(
    client, services, wechat_sandbox, upstream
):
    # 杨波 binds (with a face, so that either region accepts the binding) and declares in Guizhou
    headers = await sign_in(client, wechat_sandbox, "hubei", hint="mover")
    r = await bind(client, wechat_sandbox, headers, "hubei", payer_body(demo("杨波")))
    assert r.status_code == 200, r.text
    headers = await sign_in(client, wechat_sandbox, "guizhou", hint="mover")
    declaration = await declare(client, headers, current(services))
    # then pays it from a Hubei session (he moved, or simply switched the region in the app)
    headers = await sign_in(client, wechat_sandbox, "hubei", hint="mover")
    r = await client.post("/api/v1/payments", json={"declaration_ids": [declaration["id"]]}, headers=headers)
    # another region's declaration is that region's business (its channels, its deadlines):
    # not visible, not payable, from this one
    assert r.status_code == 404 and r.json()["error"]["code"] == "declaration_not_found", r.text
    assert await Payment.all().count() == 0


async def test_voiding_while_the_payment_is_busy_with_the_channel_says_busy(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    held, release = asyncio.Event(), asyncio.Event()

    async def slow_channel_call() -> None:  # e.g. the close job: query + close + query, each slow
        async with services.kv.lock(f"payment:{payment['out_trade_no']}", 60, 1):
            held.set()
            await release.wait()

    holder = asyncio.create_task(slow_channel_call())
    await held.wait()
    try:
        r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    finally:
        release.set()
        await holder
    assert r.status_code in (409, 503), r.text  # busy, try again: never an internal error


async def test_a_share_paid_before_the_upgrade_gets_a_deadline_and_is_refunded(
    client, services, wechat_sandbox, upstream
):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down")  # upstream down for weeks
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    # as the row stands after migration 1_…_update: paid a month ago, the new column left NULL
    month_ago = datetime.now(UTC) - timedelta(days=30)
    await Payment.filter(id=payment["id"]).update(paid_at=month_ago)
    await PaymentItem.filter(payment_id=payment["id"]).update(posting_deadline=None)
    await fail_overdue_shares(services)
    await drain()
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.FAILED, item.posting_state
    assert await Refund.filter(payment_id=payment["id"]).count() == 1
