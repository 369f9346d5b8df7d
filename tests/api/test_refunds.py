"""Refunds to the original channel (invariants 2, 3, 4, 6): only the refused share (or money that
arrived for a voided declaration), exactly once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.declarations.models import Declaration, DeclarationState
from app.events.models import Event
from app.notifications.models import ChannelNotification
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.payments.states import set_posting, transition
from app.refunds import errors
from app.refunds.models import Refund, RefundState
from app.refunds.services import refund_share, send_refund, sync_refund
from payment_channels import interfaces as ch
from tests.api.support import checkout, declare, declared, options_for, signed_in_person

REFUSED = "reject:not_enrolled"


async def _basket(client, services, sandbox) -> tuple[dict[str, str], dict[str, Any], dict[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """One WeChat payment for a Hubei payer's resident pension and resident medical declarations."""
    headers, _ = await signed_in_person(client, sandbox, "hubei", "resident_pension")
    declared = {t: await declare(client, headers, options_for(services, "hubei", t))
                for t in ("resident_pension", "resident_medical")}
    r = await client.post("/api/v1/payments", headers=headers, json={
        "declaration_ids": [d["id"] for d in declared.values()], "channel": "wechat_pay"})
    assert r.status_code == 200, r.text
    return headers, r.json()["payment"], declared


def _refunds_at(sandbox, out_trade_no: str) -> list[Any]:  # type: ignore[no-untyped-def]
    return [r for r in sandbox.refunds.values() if r.out_trade_no == out_trade_no]


async def _paid(sandbox, payment: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    sandbox.confirm_payment(payment["out_trade_no"])
    await sandbox.deliver_payment_notification(payment["out_trade_no"])


async def _refused_single(client, services, sandbox, upstream) -> tuple[dict[str, str], dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A single paid declaration whose posting upstream refused."""
    headers, _ = await signed_in_person(client, sandbox, "guizhou", "flexible_pension")
    declaration = await declare(client, headers, options_for(services, "guizhou", "flexible_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    upstream.set_fault("post_payment", REFUSED, count=1)
    await _paid(sandbox, payment)
    return headers, payment


async def test_basket_with_one_refused_share_refunds_exactly_that_share(client, services, wechat_sandbox, upstream):
    headers, payment, declared = await _basket(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", REFUSED, department="healthcare_security")
    await _paid(wechat_sandbox, payment)

    medical_fen = declared["resident_medical"]["amount_due_fen"]
    items = {i.declaration_id: i for i in await PaymentItem.filter(payment_id=payment["id"])}
    assert items[declared["resident_pension"]["id"]].posting_state == PostingState.POSTED
    assert items[declared["resident_medical"]["id"]].posting_state == PostingState.FAILED
    refund = await Refund.get(payment_id=payment["id"])
    assert await Refund.all().count() == 1
    assert (refund.payment_item_id, refund.amount_fen, refund.state) == (
        items[declared["resident_medical"]["id"]].id, medical_fen, RefundState.PROCESSING)
    assert wechat_sandbox.refunded_fen(payment["out_trade_no"]) == medical_fen
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    by_declaration = {i["declaration_id"]: i for i in shown["items"]}
    assert by_declaration[declared["resident_pension"]["id"]]["refund"] is None
    assert by_declaration[declared["resident_medical"]["id"]]["refund"]["status_label"] == "退费中"

    wechat_sandbox.complete_refund(refund.out_refund_no)
    assert await wechat_sandbox.deliver_refund_notification(refund.out_refund_no) == [200]
    await refund.refresh_from_db()
    assert refund.state == RefundState.SUCCEEDED and refund.succeeded_at is not None and refund.refund_id
    from app.notifications.models import ChannelNotification

    kept = await ChannelNotification.get(out_refund_no=refund.out_refund_no)
    assert (kept.verdict, kept.out_trade_no) == ("applied", payment["out_trade_no"])
    assert wechat_sandbox.refunded_fen(payment["out_trade_no"]) == medical_fen
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    medical = next(i for i in shown["items"] if i["declaration_id"] == declared["resident_medical"]["id"])
    assert medical["status_label"] == "缴款失败" and medical["refund"]["status_label"] == "已退费"
    assert medical["refund"]["amount_fen"] == medical_fen and shown["status_label"] == "部分缴款失败"
    events = await Event.filter(entity="refund", entity_id=refund.id).order_by("id")
    assert [(e.from_state, e.to_state) for e in events] == [
        (None, "created"), ("created", "processing"), ("processing", "succeeded")]
    # a later 查验状态 changes nothing: still one refund, one channel refund
    await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    assert await Refund.all().count() == 1 and len(_refunds_at(wechat_sandbox, payment["out_trade_no"])) == 1


async def test_parallel_refunds_cannot_exceed_paid(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "beijing", "resident_medical")
    declaration = await declare(client, headers, options_for(services, "beijing", "resident_medical"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    upstream.set_fault("post_payment", "down", count=1)  # not posted yet: no refund is due
    await _paid(wechat_sandbox, payment)
    item = await PaymentItem.get(payment_id=payment["id"])
    await set_posting(item, PostingState.FAILED, actor="test", reason_code="not_enrolled", reason="该人员未参加该险种")
    assert await Refund.all().count() == 0

    results = await asyncio.gather(*(
        refund_share(services, item, actor="test", reason_code="posting_refused", reason="到账确认失败退费")
        for _ in range(20)))
    assert len({r.id for r in results}) == 1
    assert await Refund.all().count() == 1
    assert len(_refunds_at(wechat_sandbox, payment["out_trade_no"])) == 1
    assert wechat_sandbox.refunded_fen(payment["out_trade_no"]) == item.amount_fen == payment["amount_fen"]


async def test_refund_refusals_write_nothing(client, services, wechat_sandbox, upstream):
    headers, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    item = await PaymentItem.get(payment_id=payment["id"])
    # a share that posted is never refunded
    headers2, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    declaration = await declare(client, headers2, options_for(services, "hubei", "resident_medical"))
    posted = (await checkout(client, headers2, declaration["id"])).json()["payment"]
    await _paid(wechat_sandbox, posted)
    with pytest.raises(errors.ShareNotRefundable):
        await refund_share(services, await PaymentItem.get(payment_id=posted["id"]), actor="test",
                           reason_code="manual", reason="测试")
    # never more than was paid, whatever the records say
    await Refund.all().delete()
    await Payment.filter(id=payment["id"]).update(paid_amount_fen=item.amount_fen - 1)
    with pytest.raises(errors.RefundExceedsPaid) as caught:
        await refund_share(services, item, actor="test", reason_code="manual", reason="测试")
    assert caught.value.code == "refund_exceeds_paid"
    assert await Refund.all().count() == 0


async def test_same_refund_notification_ten_times_concurrently_applies_once(client, services, wechat_sandbox, upstream):
    _, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    wechat_sandbox.complete_refund(refund.out_refund_no)
    note_headers, body = wechat_sandbox.build_refund_notification(refund.out_refund_no)

    async def deliver() -> int:
        return (await client.post("/notify/wechat_pay", content=body, headers=note_headers)).status_code

    assert await asyncio.gather(*(deliver() for _ in range(10))) == [200] * 10
    kept = sorted(n.verdict for n in await ChannelNotification.filter(event_type="REFUND.SUCCESS"))
    assert kept == ["applied"] + ["duplicate"] * 9
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED
    assert await Event.filter(entity="refund", entity_id=refund.id, to_state="succeeded").count() == 1


@pytest.mark.parametrize("forge, reason", [
    ("bad_signature", "bad_signature"), ("wrong_amount", "amount_mismatch"), ("wrong_mchid", "wrong_mchid"),
    ("stale_timestamp", "stale_timestamp"), ("unknown_order", "unknown_refund"), ("bad_ciphertext", "decrypt_failed"),
])
async def test_forged_refund_notification_changes_nothing_and_is_kept(
    client, services, wechat_sandbox, upstream, forge, reason
):
    _, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    wechat_sandbox.complete_refund(refund.out_refund_no)
    forged_headers, body = wechat_sandbox.build_refund_notification(refund.out_refund_no, forge=forge)
    r = await client.post("/notify/wechat_pay", content=body, headers=forged_headers)
    assert r.status_code == 200
    assert (await Refund.get(id=refund.id)).state == RefundState.PROCESSING
    kept = await ChannelNotification.get(verdict="rejected")
    assert kept.flagged and kept.reject_reason == reason and kept.body == body.decode()
    await wechat_sandbox.deliver_refund_notification(refund.out_refund_no)
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED


@pytest.mark.parametrize("style", ["timeout", "error_500", "bad_signature"])
async def test_refund_timeout_is_unknown_until_a_query_settles_it(client, services, wechat_sandbox, upstream, style):
    wechat_sandbox.set_fault("refund", "unknown", count=1, style=style)
    headers, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    # the refund job met an unknown answer, and a query (never a second request) settled it
    moves = await Event.filter(entity="refund", entity_id=refund.id, action="transition").order_by("id").values_list(
        "from_state", "to_state")
    assert moves == [("created", "unknown"), ("unknown", "processing")]
    assert refund.state == RefundState.PROCESSING  # the channel had taken it
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["items"][0]["refund"]["status_label"] == "退费中"
    assert (await refund_share(services, await PaymentItem.get(payment_id=payment["id"]), actor="test",
                               reason_code="posting_refused", reason="x")).id == refund.id
    wechat_sandbox.complete_refund(refund.out_refund_no)
    assert (await sync_refund(services, refund)).state == RefundState.SUCCEEDED
    assert len(_refunds_at(wechat_sandbox, payment["out_trade_no"])) == 1


async def test_unknown_refund_the_channel_never_saw_goes_back_to_created(
    client, services, wechat_sandbox, upstream, monkeypatch
):
    channel = services.channel("wechat_pay")
    real_refund = channel.refund

    async def lost(request: ch.RefundRequest) -> ch.RefundStatus:
        raise ch.ChannelResultUnknown("timed out before the channel took it", code="TIMEOUT")

    monkeypatch.setattr(channel, "refund", lost)
    _, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    # the refund job asked at once: the channel never had it, so it may be sent again, same number
    moves = await Event.filter(entity="refund", entity_id=refund.id, action="transition").order_by("id").values_list(
        "from_state", "to_state")
    assert moves == [("created", "unknown"), ("unknown", "created")] and refund.state == RefundState.CREATED
    assert (await sync_refund(services, refund)).state == RefundState.CREATED  # asking again changes nothing
    monkeypatch.setattr(channel, "refund", real_refund)
    refund = await send_refund(services, refund, actor="test")
    assert refund.state == RefundState.PROCESSING
    assert [r.out_refund_no for r in _refunds_at(wechat_sandbox, payment["out_trade_no"])] == [refund.out_refund_no]


async def test_refund_channel_down_stays_created_and_a_retry_uses_the_same_number(
    client, services, wechat_sandbox, upstream
):
    wechat_sandbox.set_fault("refund", "down", count=1)
    headers, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    assert refund.state == RefundState.CREATED and _refunds_at(wechat_sandbox, payment["out_trade_no"]) == []
    assert await Event.filter(entity="refund", entity_id=refund.id, action="channel_unavailable").count() == 1
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)  # 查验状态 …
    assert r.status_code == 200
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["items"][0]["refund"]["state"] == "processing"  # … and the refund job sent it again
    assert [r.out_refund_no for r in _refunds_at(wechat_sandbox, payment["out_trade_no"])] == [refund.out_refund_no]
    assert await Refund.all().count() == 1


async def test_rejected_refund_fails_and_keeps_the_reason(client, services, wechat_sandbox, upstream, monkeypatch):
    async def refused(request: ch.RefundRequest) -> ch.RefundStatus:
        raise ch.ChannelRejected("申请退款金额超过订单可退金额", code="NOT_ENOUGH")

    monkeypatch.setattr(services.channel("wechat_pay"), "refund", refused)
    headers, payment = await _refused_single(client, services, wechat_sandbox, upstream)
    refund = await Refund.get(payment_id=payment["id"])
    assert (refund.state, refund.failure_code) == (RefundState.FAILED, "NOT_ENOUGH")
    event = await Event.get(entity="refund", entity_id=refund.id, to_state="failed")
    assert event.data["flagged"] and "可退金额" in event.reason
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["items"][0]["refund"]["state"] == "failed"


async def test_a_second_debit_for_a_paid_declaration_is_refunded_in_full(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_medical"))
    first = (await checkout(client, headers, declaration["id"])).json()["payment"]
    await services.channel("wechat_pay").close_order(first["out_trade_no"])
    await client.post(f"/api/v1/payments/{first['id']}/refresh", headers=headers)  # closed: released
    second = (await checkout(client, headers, declaration["id"])).json()["payment"]
    await _paid(wechat_sandbox, second)
    # the payer had paid the first order just as it was closed: the channel debits it after all
    wechat_sandbox.orders[first["out_trade_no"]].trade_state = "NOTPAY"
    await _paid(wechat_sandbox, first)
    share = await PaymentItem.get(payment_id=first["id"])
    assert share.posting_reason_code == "duplicate_debit"
    refund = await Refund.get(payment_id=first["id"])
    assert (refund.reason_code, refund.amount_fen) == ("duplicate_debit", first["amount_fen"])
    assert wechat_sandbox.refunded_fen(first["out_trade_no"]) == first["amount_fen"]
    assert wechat_sandbox.refunded_fen(second["out_trade_no"]) == 0
    assert await Refund.filter(payment_id=second["id"]).count() == 0


async def test_money_that_arrives_for_a_voided_declaration_is_refunded_never_posted(
    client, services, wechat_sandbox, upstream
):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    # our side closed it (say the channel answered CLOSED too early), the payer voided ...
    assert await transition(services, await Payment.get(id=payment["id"]), PaymentState.CLOSED, actor="test",
                            reason="closed")
    r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    assert r.status_code == 200, r.text
    # ... and then the channel's order turns out paid after all
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    item = await PaymentItem.get(payment_id=payment["id"])
    assert (item.posting_state, item.posting_reason_code) == (PostingState.FAILED, "declaration_voided")
    d = await Declaration.get(id=declaration["id"])
    assert (d.state, d.paid) == (DeclarationState.VOIDED, False)
    refunds = await Refund.filter(payment_id=payment["id"])
    assert [(r.amount_fen, r.reason_code) for r in refunds] == [(item.amount_fen, "declaration_voided")]
    assert upstream.postings == {}
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])  # again: nothing new
    assert await Refund.filter(payment_id=payment["id"]).count() == 1


async def test_refund_job_refunds_a_share_refused_after_the_notification(client, services, wechat_sandbox, upstream):
    from app.payments.jobs import payments_with_unposted_shares
    from app.refunds.jobs import payments_with_refunds_due
    from tests.conftest import drain

    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    declaration = await declare(client, headers, options_for(services, "guizhou", "flexible_pension"))
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    upstream.set_fault("post_payment", "down", count=1)
    await _paid(wechat_sandbox, payment)
    upstream.set_fault("post_payment", REFUSED, count=1)
    # the posting job's retry (seconds away: the sweep leaves it be) meets the refusal
    assert await services.queue.sweep_postings(await payments_with_unposted_shares()) == 0
    await services.queue.defer_posting(payment["id"])
    await drain()
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.FAILED
    assert (await Refund.get(payment_id=payment["id"])).state == RefundState.PROCESSING  # the job it deferred
    assert await payments_with_refunds_due() == []  # nothing left for the refund sweep
