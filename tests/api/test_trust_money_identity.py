"""Issue 6, money and identity: no overlapping declarations, a refused one never payable again,
names verified against id numbers (and faces in Hubei), nobody holding another's periods forever,
notifications believed only when the channel confirms them, abandoned checkouts closed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from app.context import SHANGHAI
from app.declarations.models import Declaration, DeclarationState
from app.identity.id_numbers import make_resident_id
from app.identity.models import User
from app.notifications.models import ChannelNotification
from app.payments.jobs import close_expired_payments, fail_overdue_shares
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.refunds.models import Refund
from app.tasks import SWEEPS
from tests.api.payer_steps import add_saved, assert_error, demo, payer_body, signed_in_as
from tests.api.support import BACK, bind, checkout, current, declare, declared, options_for, sign_in
from tests.conftest import drain

CHEN_BACK = {"insurance_type": "flexible_pension", "payment_kind": "back_payment"}  # 陈刚 owes 202507–202510


async def test_overlapping_periods_are_refused_per_payer_and_type(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "陈刚")
    first = await declare(client, headers, {**CHEN_BACK, "period_start": "202507", "period_end": "202508"})
    r = await client.post("/api/v1/declarations", headers=headers,
                          json={**CHEN_BACK, "period_start": "202507", "period_end": "202510"})
    error = assert_error(r, 409, "declaration_overlaps")
    assert (error["data"]["period_start"], error["data"]["declaration_no"]) == ("202507", first["declaration_no"])
    same = await client.post("/api/v1/declarations", headers=headers,
                             json={**CHEN_BACK, "period_start": "202507", "period_end": "202508"})
    assert_error(same, 409, "declaration_exists")
    # another insurance type, or the months after, are not an overlap
    assert (await client.post("/api/v1/declarations", headers=headers, json={
        "insurance_type": "flexible_medical", "payment_kind": "back_payment", "period_start": "202509",
        "period_end": "202510"})).status_code == 201
    await declare(client, headers, {**CHEN_BACK, "period_start": "202509", "period_end": "202510"})
    assert await Declaration.filter(insurance_type="flexible_pension").count() == 2


async def test_concurrent_overlapping_declarations_make_one(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "陈刚")
    ranges = [("202507", "202508"), ("202507", "202510"), ("202508", "202509"), ("202508", "202508"),
              ("202507", "202509"), ("202508", "202510")] * 2  # every two of them overlap (202508)
    results = await asyncio.gather(*(client.post("/api/v1/declarations", headers=headers, json={
        **CHEN_BACK, "period_start": a, "period_end": b}) for a, b in ranges))
    assert sorted(r.status_code for r in results).count(201) == 1, [r.text for r in results]
    assert {r.json()["error"]["code"] for r in results if r.status_code != 201} <= {
        "declaration_overlaps", "declaration_exists", "declaration_busy"}
    assert await Declaration.filter(insurance_type="flexible_pension").exclude(
        state=DeclarationState.VOIDED).count() == 1


async def test_binding_checks_the_name_against_the_id_number(client, services, wechat_sandbox, upstream):
    li = demo("李建国")
    headers = await sign_in(client, wechat_sandbox, "guizhou")  # no face needed there: the check is upstream's
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(li, name="张三"))
    assert_error(r, 400, "person_mismatch")
    stranger = {"id_type": "resident_id_card", "name": "张三",
                "id_number": make_resident_id("110101", date(1990, 3, 7), "019")}  # valid, but nobody's
    assert_error(await bind(client, wechat_sandbox, headers, "guizhou", stranger), 400, "person_not_found")
    me = (await client.get("/api/v1/me", headers=headers)).json()["user"]
    assert (me["real_name_bound"], me["real_name_verified"], me["name"]) == (False, False, None)
    upstream.set_fault("verify_person", "down", count=1)
    assert_error(await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波"))), 503,
                 "identity_check_unavailable")
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波")))
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True


async def test_hubei_binding_needs_this_accounts_passed_face(client, services, wechat_sandbox, upstream):
    zhang = payer_body(demo("张敏"))
    headers = await sign_in(client, wechat_sandbox, "hubei")
    assert_error(await client.post("/api/v1/me/real-name", json=zhang, headers=headers), 400,
                 "face_verification_required")
    assert_error(await bind(client, wechat_sandbox, headers, "hubei", zhang, face_passes=False), 400,
                 "face_verification_failed")
    # a verify_id started by another account, or for another person, proves nothing here
    other = await sign_in(client, wechat_sandbox, "hubei")
    started = await client.post("/api/v1/face-verifications", json=zhang, headers=other)
    assert started.status_code == 201, started.text
    verify_id = started.json()["verify_id"]
    wechat_sandbox.face.scan(verify_id, passed=True)
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=headers)
    assert_error(r, 400, "face_verification_failed")
    wang = payer_body(demo("王秀兰"))
    r = await client.post("/api/v1/me/real-name", json={**wang, "face_verify_id": verify_id}, headers=other)
    assert_error(r, 400, "face_verification_failed")
    # the right account, person and a passed scan: bound, verified, and the verify_id is spent
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=other)
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True, r.text
    assert (await User.get(name="张敏")).verified_by == "upstream+face"
    third = await sign_in(client, wechat_sandbox, "hubei")
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=third)
    assert_error(r, 400, "face_verification_failed")
    assert_error(await client.post("/api/v1/face-verifications", headers=third, json={
        "id_type": "passport", "id_number": "E12345678", "name": "ZHANG MIN"}), 400, "face_id_type_unsupported")


async def test_an_unverified_binding_shows_nothing_until_verified(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "杨波")
    await User.filter(name="杨波").update(verified_at=None, verified_by=None)  # bound before checks existed
    for path in ("/api/v1/enrollments", "/api/v1/saved-payers", "/api/v1/social-insurance-records"):
        assert_error(await client.get(path, headers=headers), 403, "real_name_unverified")
    assert_error(await client.post("/api/v1/declarations", json=current(services), headers=headers), 403,
                 "real_name_unverified")
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波")))
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True
    assert (await client.get("/api/v1/enrollments", headers=headers)).status_code == 200


async def test_a_saved_payer_from_before_the_checks_is_verified_before_anything_is_shown(
    client, services, wechat_sandbox, upstream
):
    from app.payers.models import SavedPayer

    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    saved = await add_saved(client, headers, payer_body(demo("王秀兰")))
    await SavedPayer.filter(id=saved["id"]).update(verified_at=None, name="王秀英")  # typed wrong, never checked
    r = await client.get(f"/api/v1/saved-payers/{saved['id']}/enrollments", headers=headers)
    assert_error(r, 400, "person_mismatch")
    options = {**options_for(services, "hubei", "resident_pension"), "saved_payer_id": saved["id"]}
    assert_error(await client.post("/api/v1/declarations", json=options, headers=headers), 400, "person_mismatch")
    assert await Declaration.all().count() == 0


async def test_the_person_comes_before_a_strangers_unpaid_declaration(client, services, wechat_sandbox, upstream):
    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    squat = await declare(client, stranger, {**current(services), "payer": payer_body(demo("杨波"))})
    assert squat["expires_at"] is not None
    me = await signed_in_as(client, wechat_sandbox, "杨波")
    mine = await declare(client, me, current(services))
    assert mine["relation"] == "self_pay"
    voided = await Declaration.get(id=squat["id"])
    assert voided.state == DeclarationState.VOIDED and "本人已申报" in (voided.void_reason or "")
    # the other way round, the payer's own declaration stands
    r = await client.post("/api/v1/declarations", headers=stranger,
                          json={**current(services), "payer": payer_body(demo("杨波"))})
    error = assert_error(r, 409, "declaration_overlaps")
    assert error["data"]["declaration_no"] is None  # another account's number is never shown


async def test_unpaid_declarations_expire_and_free_what_they_held(client, services, wechat_sandbox, upstream):
    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    back = await declare(client, stranger, {**BACK, "payer": payer_body(demo("吴强"))})  # nobody pays it
    wu = await signed_in_as(client, wechat_sandbox, "吴强")
    later = await declare(client, wu, current(services))
    payment = (await checkout(client, wu, later["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=wu)).json()["payment"]
    item = shown["items"][0]
    assert item["posting_state"] == "not_posted" and item["posting_deadline"] is not None
    deadline_day = item["posting_deadline"][:10]
    assert "到期自动作废" in item["posting_reason"] and deadline_day in item["posting_reason"]
    assert await SWEEPS["expire_declarations"].work(services) == 0  # not yet
    await Declaration.filter(id=back["id"]).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await SWEEPS["expire_declarations"].work(services) == 1
    assert (await Declaration.get(id=back["id"])).state == DeclarationState.VOIDED
    assert upstream.assessments[back["assessment_no"]].status == "voided"
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.POSTED
    r = await client.post("/api/v1/payments", json={"declaration_ids": [back["id"]]}, headers=stranger)
    assert_error(r, 409, "declaration_voided")


async def test_an_expired_declaration_cannot_be_paid(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    await Declaration.filter(id=declaration["id"]).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    assert_error(await checkout(client, headers, declaration["id"]), 409, "declaration_expired")
    assert (await Declaration.get(id=declaration["id"])).state == DeclarationState.VOIDED
    assert await Payment.all().count() == 0


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
    await PaymentItem.filter(id=item.id).update(posting_deadline=datetime.now(UTC) - timedelta(seconds=1))
    assert sum(await asyncio.gather(*(fail_overdue_shares(services) for _ in range(5)))) >= 1
    await drain()  # the refund is the worker's job
    refunds = await Refund.filter(payment_id=payment["id"])
    assert [(r.amount_fen, r.reason_code) for r in refunds] == [(item.amount_fen, "posting_deadline_passed")]
    d = await Declaration.get(id=declaration["id"])
    assert d.state == DeclarationState.VOIDED and "到账确认失败" in (d.void_reason or "")
    upstream.clear_faults()
    await fail_overdue_shares(services)
    await drain()
    assert await Refund.filter(payment_id=payment["id"]).count() == 1
    assert upstream.postings == {}  # never posted late


async def _forged_but_signed(client, sandbox, event_type: str, resource: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    headers, body = sandbox.build_signed_notification(event_type, resource)
    r = await client.post("/notify/wechat_pay", content=body, headers=headers)
    assert r.status_code == 200, r.text


async def test_a_signed_success_for_an_unpaid_order_is_not_believed(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    resource = wechat_sandbox.order_resource(payment["out_trade_no"])
    resource.update(trade_state="SUCCESS", transaction_id="4200000000000000000000000001",
                    success_time=datetime.now(UTC).isoformat(timespec="seconds"))
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


async def test_abandoned_created_and_unknown_checkouts_are_closed(client, services, wechat_sandbox, upstream):
    headers, first = await declared(client, services, wechat_sandbox)
    wechat_sandbox.set_fault("create_order", "down", count=1)  # stays CREATED
    r = await checkout(client, headers, first["id"])
    assert r.status_code == 503
    created = await Payment.get(out_trade_no=r.json()["error"]["data"]["out_trade_no"])
    assert created.state == PaymentState.CREATED
    await Payment.filter(id=created.id).update(expires_at=datetime.now(UTC) - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=created.id)).state == PaymentState.CLOSED
    d = await Declaration.get(id=first["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)
    # a checkout whose order is already expired starts a new one instead of reviving it
    again = await checkout(client, headers, first["id"])
    assert again.status_code == 200 and again.json()["payment"]["out_trade_no"] != created.out_trade_no
    stale = await Payment.get(out_trade_no=again.json()["payment"]["out_trade_no"])
    await Payment.filter(id=stale.id).update(state=PaymentState.UNKNOWN,
                                             expires_at=datetime.now(UTC) - timedelta(minutes=10))
    wechat_sandbox.orders[stale.out_trade_no].trade_state = "NOTPAY"
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=stale.id)).state == PaymentState.CLOSED
    assert wechat_sandbox.orders[stale.out_trade_no].trade_state == "CLOSED"
    assert await close_expired_payments(services) == 0  # nothing left to ask about
