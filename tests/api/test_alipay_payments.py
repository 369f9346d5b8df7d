"""支付宝 end to end: my.getAuthCode → checkout → my.tradePay → Alipay's signed notification →
posting; the same money rules and test families as WeChat Pay (duplicates, forgeries, unknown
results, concurrency, refunds to the original channel, reconciliation of Alipay's own bill)."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from app import clock
from app.identity.models import User
from app.notifications.models import ChannelNotification
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation.models import ReconciliationDifference, RunState
from app.reconciliation.services import reconcile
from app.refunds.models import Refund, RefundState
from tests.api.support import declare, options_for, signed_in_person
from tests.conftest import drain

FORM = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}


async def _declared(client: httpx.AsyncClient, services: Any, sandbox: Any, region: str = "hubei",
                    kind: str = "resident_medical") -> tuple[dict[str, str], dict[str, Any]]:
    headers, _ = await signed_in_person(client, sandbox, region, kind)
    return headers, await declare(client, headers, options_for(services, region, kind))


async def _checkout(client: httpx.AsyncClient, alipay: Any, headers: dict[str, str], ids: list[int],
                    code: str | None = "new") -> httpx.Response:
    body: dict[str, Any] = {"declaration_ids": ids, "channel": "alipay"}
    if code is not None:
        body["alipay_auth_code"] = alipay.issue_auth_code() if code == "new" else code
    return await client.post("/api/v1/payments", headers=headers, json=body)


async def _notify(client: httpx.AsyncClient, form: dict[str, str]) -> httpx.Response:
    return await client.post("/notify/alipay", content=urlencode(form).encode(), headers=FORM)


async def test_a_hubei_payer_pays_with_alipay_and_the_notification_posts_it_once(
        client, services, wechat_sandbox, alipay_sandbox, upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]], code=None)
    assert (r.status_code, r.json()["error"]["code"]) == (400, "alipay_auth_code_required")
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]])
    assert r.status_code == 200, r.text
    out = r.json()
    payment, trade_no = out["payment"], out["trade_pay"]["tradeNO"]
    assert out["request_payment"] is None and payment["channel"] == "alipay" and payment["status_label"] == "缴款中"
    trade = alipay_sandbox.trades[payment["out_trade_no"]]
    assert (trade.trade_no, trade.total_fen) == (trade_no, declaration["amount_due_fen"])
    # the payer comes back to the cashier: the same order, no code needed, nothing new at Alipay
    again = await _checkout(client, alipay_sandbox, headers, [declaration["id"]], code=None)
    assert again.status_code == 200 and again.json()["trade_pay"]["tradeNO"] == trade_no
    assert await Payment.all().count() == 1

    alipay_sandbox.pay(payment["out_trade_no"])
    form = alipay_sandbox.notification(payment["out_trade_no"])
    first, second = await _notify(client, form), await _notify(client, form)
    assert (first.status_code, first.text, second.text) == (200, "success", "success")
    await drain()
    stored = await Payment.get(id=payment["id"])
    assert stored.state == PaymentState.PAID and stored.transaction_id == trade_no
    assert [i.posting_state for i in await PaymentItem.filter(payment_id=stored.id)] == [PostingState.POSTED]
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1
    assert sorted(n.verdict for n in await ChannelNotification.filter(channel="alipay")) == ["applied", "duplicate"]
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款成功"


async def test_ten_identical_notifications_at_once_pay_and_post_once(client, services, wechat_sandbox, alipay_sandbox,
                                                                      upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    payment = (await _checkout(client, alipay_sandbox, headers, [declaration["id"]])).json()["payment"]
    alipay_sandbox.pay(payment["out_trade_no"])
    form = alipay_sandbox.notification(payment["out_trade_no"])
    answers = await asyncio.gather(*(_notify(client, form) for _ in range(10)))
    assert [a.text for a in answers] == ["success"] * 10
    await drain()
    assert await Payment.filter(state=PaymentState.PAID).count() == 1
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1
    verdicts = sorted(n.verdict for n in await ChannelNotification.filter(channel="alipay"))
    assert verdicts == ["applied"] + ["duplicate"] * 9


async def test_twenty_concurrent_checkouts_make_one_alipay_trade(client, services, wechat_sandbox, alipay_sandbox,
                                                                 upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox, "hubei", "flexible_pension")
    before = set(alipay_sandbox.trades)
    answers = await asyncio.gather(*(_checkout(client, alipay_sandbox, headers, [declaration["id"]])
                                     for _ in range(20)))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    assert len({a.json()["trade_pay"]["tradeNO"] for a in answers}) == 1
    assert len(set(alipay_sandbox.trades) - before) == 1 and await Payment.all().count() == 1


@pytest.mark.parametrize("forge", ["bad_signature", "wrong_amount", "wrong_app_id", "wrong_seller"])
async def test_a_forged_notification_is_kept_flagged_and_never_applied(client, services, wechat_sandbox,
                                                                       alipay_sandbox, upstream, forge):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    payment = (await _checkout(client, alipay_sandbox, headers, [declaration["id"]])).json()["payment"]
    alipay_sandbox.pay(payment["out_trade_no"])
    r = await _notify(client, alipay_sandbox.notification(payment["out_trade_no"], forge=forge))
    assert r.text == "success"  # acknowledged: Alipay must not send a forgery again and again
    await drain()
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT
    assert upstream.postings == {}
    kept = await ChannelNotification.get(channel="alipay")
    expected = {"bad_signature": "bad_signature", "wrong_amount": "amount_mismatch", "wrong_app_id": "wrong_appid",
                "wrong_seller": "wrong_mchid"}[forge]
    assert (kept.verdict, kept.flagged, kept.reject_reason) == ("rejected", True, expected)
    # the genuine one still pays
    assert (await _notify(client, alipay_sandbox.notification(payment["out_trade_no"]))).text == "success"
    await drain()
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID


async def test_a_notification_alipay_does_not_stand_behind_is_not_applied(client, services, wechat_sandbox,
                                                                           alipay_sandbox, upstream):
    """Signed, but the trade is still unpaid when we ask: nothing is applied."""
    headers, declaration = await _declared(client, services, wechat_sandbox)
    payment = (await _checkout(client, alipay_sandbox, headers, [declaration["id"]])).json()["payment"]
    trade = alipay_sandbox.trades[payment["out_trade_no"]]
    trade.status = "TRADE_SUCCESS"
    form = alipay_sandbox.notification(payment["out_trade_no"])
    trade.status = "WAIT_BUYER_PAY"
    assert (await _notify(client, form)).text == "success"
    assert (await Payment.get(id=payment["id"])).state == PaymentState.AWAITING_PAYMENT
    assert (await ChannelNotification.get(channel="alipay")).reject_reason == "not_confirmed"


async def test_an_unknown_create_stays_unknown_until_asking_settles_it(client, services, wechat_sandbox,
                                                                       alipay_sandbox, upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    alipay_sandbox.faults["alipay.trade.create"] = "unknown"
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]])
    assert (r.status_code, r.json()["error"]["code"]) == (503, "channel_result_unknown")
    stored = await Payment.get()
    assert stored.state == PaymentState.UNKNOWN  # the trade was made at Alipay; we do not know it yet
    alipay_sandbox.faults.clear()
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]], code=None)
    assert r.status_code == 200, r.text
    assert r.json()["trade_pay"]["tradeNO"] == alipay_sandbox.trades[stored.out_trade_no].trade_no
    assert len(alipay_sandbox.trades) >= 1 and await Payment.all().count() == 1


async def test_an_auth_code_is_good_once_and_an_unoffered_region_is_told_so(client, services, wechat_sandbox,
                                                                            alipay_sandbox, upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    code = alipay_sandbox.issue_auth_code()
    alipay_sandbox.auth_codes.pop(code)  # used elsewhere already
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]], code=code)
    assert (r.status_code, r.json()["error"]["code"]) == (400, "alipay_auth_code_invalid")
    assert await Payment.all().count() == 0
    headers, declaration = await _declared(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]])
    assert (r.status_code, r.json()["error"]["code"]) == (400, "channel_not_offered")


async def test_a_refused_share_is_refunded_through_alipay_once(client, services, wechat_sandbox, alipay_sandbox,
                                                               upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox, "hubei", "flexible_pension")
    payment = (await _checkout(client, alipay_sandbox, headers, [declaration["id"]])).json()["payment"]
    upstream.set_fault("post_payment", "reject:not_enrolled", count=1)
    alipay_sandbox.pay(payment["out_trade_no"])
    await _notify(client, alipay_sandbox.notification(payment["out_trade_no"]))
    await drain()
    await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)
    await drain()
    refund = await Refund.get(payment_id=payment["id"])
    assert (refund.state, refund.amount_fen, refund.channel) == (RefundState.SUCCEEDED, declaration["amount_due_fen"],
                                                                 "alipay")
    trade = alipay_sandbox.trades[payment["out_trade_no"]]
    assert trade.refunds == {refund.out_refund_no: declaration["amount_due_fen"]}
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["items"][0]["refund"]["status_label"] == "已退费"


async def test_reconciliation_reads_alipay_s_bill(client, services, wechat_sandbox, alipay_sandbox, upstream):
    upstream.clock = lambda: clock.now()
    alipay_sandbox.trades.clear()
    headers, declaration = await _declared(client, services, wechat_sandbox)
    payment = (await _checkout(client, alipay_sandbox, headers, [declaration["id"]])).json()["payment"]
    alipay_sandbox.pay(payment["out_trade_no"])
    await _notify(client, alipay_sandbox.notification(payment["out_trade_no"]))
    await drain()
    # a second trade paid at Alipay whose notification never came: the bill shows it, asking settles it
    headers2, declaration2 = await _declared(client, services, wechat_sandbox, "hubei", "flexible_pension")
    silent = (await _checkout(client, alipay_sandbox, headers2, [declaration2["id"]])).json()["payment"]
    alipay_sandbox.pay(silent["out_trade_no"])
    day = clock.business_date()
    run = await reconcile(services, "alipay", day)
    assert run.state == RunState.DONE, run.error
    assert run.statement_lines == 2 and run.matched >= 1
    assert (await Payment.get(id=silent["id"])).state == PaymentState.PAID
    open_differences = await ReconciliationDifference.filter(run_id=run.id, state="open").count()
    assert open_differences == 0


async def test_signing_in_with_alipay(client, services, wechat_sandbox, alipay_sandbox, upstream):
    """Each region lists the sign-ins it accepts (sign_ins): Alipay only where it leads to a payment
    (Hubei), refused at sign-in elsewhere with a code and the region's words."""
    open_id = "074alipayuser0000000000000000000000000001"

    async def sign_in(region: str) -> httpx.Response:
        return await client.post("/api/v1/sessions", json={"alipay_auth_code": alipay_sandbox.issue_auth_code(open_id),
                                                           "region": region})

    for region, platform in (("guizhou", "贵州税务微信公众号"), ("beijing", services.profile("beijing").platform)):
        r = await sign_in(region)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "sign_in_not_offered"), r.text
        assert r.json()["error"]["message"] == f"{platform}暂不支持此登录方式（支付宝登录），请使用微信登录"
        assert r.json()["error"]["data"]["sign_ins"] == ["wechat"]
    assert await User.all().count() == 0  # refused before anyone was asked or kept
    r = await sign_in("hubei")
    assert r.status_code == 201, r.text
    first = r.json()["user"]["id"]
    code = alipay_sandbox.issue_auth_code(open_id)
    assert (await client.post("/api/v1/sessions", json={"alipay_auth_code": code, "region": "hubei"})).status_code \
        == 201
    again = await client.post("/api/v1/sessions", json={"alipay_auth_code": code, "region": "hubei"})
    assert (again.status_code, again.json()["error"]["code"]) == (401, "login_code_invalid")  # a code is good once
    both = await client.post("/api/v1/sessions", json={"alipay_auth_code": "x", "code": "y", "region": "hubei"})
    assert (both.status_code, both.json()["error"]["code"]) == (400, "sign_in_code_ambiguous")
    none = await client.post("/api/v1/sessions", json={"region": "hubei"})
    assert (none.status_code, none.json()["error"]["code"]) == (400, "sign_in_code_missing")
    # the same Alipay user is the same account
    r = await sign_in("hubei")
    assert r.json()["user"]["id"] == first


async def _alipay_face(client: httpx.AsyncClient, alipay: Any, headers: dict[str, str], path: str,
                       body: dict[str, Any] | None, passed: bool = True) -> str:
    """POST a face verification as an Alipay user; the person scans in Alipay (my.startAPVerify)."""
    r = await client.post(path, headers=headers, json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["provider"] == "alipay" and out["verify_id"] in alipay.certifications
    assert "method=alipay.user.certify.open.certify" in out["certify_url"] and out["verify_id"] in out["certify_url"]
    alipay.face_scan(out["verify_id"], passed=passed)
    return str(out["verify_id"])


async def test_an_alipay_user_in_hubei_binds_with_alipays_face_verification_and_pays_with_alipay(
        client, services, wechat_sandbox, alipay_sandbox, upstream):
    """Hubei binds with a face: an Alipay user verifies with Alipay's 人脸核身
    (alipay.user.certify.open.initialize / query), behind the same port as WeChat's; then declares and
    pays with Alipay — the door leads to a payment."""
    from tests.api.support import demo_person

    r = await client.post("/api/v1/sessions", json={"alipay_auth_code": alipay_sandbox.issue_auth_code(),
                                                     "region": "hubei"})
    headers = {"Authorization": f"Bearer {r.json()['token']}"}
    person = demo_person("hubei", "resident_medical")
    who = {"id_type": person.id_type, "id_number": person.id_number, "name": person.name}
    # a face not (yet) passed does not bind
    failed = await _alipay_face(client, alipay_sandbox, headers, "/api/v1/face-verifications", who, passed=False)
    r = await client.post("/api/v1/me/real-name", headers=headers, json={**who, "face_verify_id": failed})
    assert (r.status_code, r.json()["error"]["code"]) == (409, "face_verification_pending"), r.text
    assert alipay_sandbox.certifications[failed].cert_no == person.id_number.upper()
    verify_id = await _alipay_face(client, alipay_sandbox, headers, "/api/v1/face-verifications", who)
    r = await client.post("/api/v1/me/real-name", headers=headers, json={**who, "face_verify_id": verify_id})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["real_name_verified"] is True
    again = await client.post("/api/v1/me/real-name", headers={"Authorization": "Bearer x"}, json=who)
    assert again.status_code == 401
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_medical"))
    r = await _checkout(client, alipay_sandbox, headers, [declaration["id"]], code=None)
    assert r.status_code == 200, r.text
    payment = r.json()["payment"]
    assert payment["channel"] == "alipay" and r.json()["trade_pay"]["tradeNO"]
    alipay_sandbox.pay(payment["out_trade_no"])
    await _notify(client, alipay_sandbox.notification(payment["out_trade_no"]))
    await drain()
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID


async def test_signing_in_with_an_alipay_open_id_longer_than_57_characters_is_not_a_500(
        client, services, wechat_sandbox, alipay_sandbox, upstream):
    """users.openid holds 64 characters; "alipay:" takes 7 of them. An open_id Alipay answers with
    58–64 characters (Payment.payer_ref, 64, takes it for an Alipay payment; Alipay documents
    its open_id fields as up to 128) makes User.get_or_create fail Tortoise's length check: an
    unhandled ValidationError, 500 internal_error, on POST /api/v1/sessions."""
    open_id = "074" + "a1B2c3D4e5" * 5 + "f6G7h8I"  # 60 characters
    r = await client.post("/api/v1/sessions", json={"alipay_auth_code": alipay_sandbox.issue_auth_code(open_id),
                                                     "region": "hubei"})
    assert r.status_code == 201, r.text


async def test_the_phone_app_pays_with_an_order_string(client, services, wechat_sandbox, alipay_sandbox, upstream):
    """楚税通's app: no auth code; the answer's orderStr goes to the Alipay SDK; the trade exists at
    Alipay once the payer pays; the notification posts it once."""
    from urllib.parse import parse_qsl

    headers, declaration = await _declared(client, services, wechat_sandbox)
    body = {"declaration_ids": [declaration["id"]], "channel": "alipay", "alipay_client": "app"}
    r = await client.post("/api/v1/payments", headers=headers, json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    payment, order = out["payment"], out["alipay_app"]["orderStr"]
    assert out["trade_pay"] is None and out["request_payment"] is None and payment["status_label"] == "缴款中"
    params = dict(parse_qsl(order))
    assert params["method"] == "alipay.trade.app.pay" and params["sign_type"] == "RSA2" and params["sign"]
    assert payment["out_trade_no"] not in alipay_sandbox.trades  # nothing at Alipay until the payer pays
    # a tampered order string is refused by Alipay
    forged = order.replace("total_amount%22%3A%22", "total_amount%22%3A%220")
    with pytest.raises(ValueError):
        alipay_sandbox.pay_app_order(forged if forged != order else order + "x")
    # back at the cashier: the same payment, an order string for the same trade
    again = await client.post("/api/v1/payments", headers=headers, json=body)
    assert again.json()["payment"]["id"] == payment["id"] and await Payment.all().count() == 1
    assert alipay_sandbox.pay_app_order(again.json()["alipay_app"]["orderStr"]) == payment["out_trade_no"]
    assert alipay_sandbox.pay_app_order(order) == payment["out_trade_no"]  # paying twice: one trade, paid once
    assert alipay_sandbox.trades[payment["out_trade_no"]].total_fen == declaration["amount_due_fen"]
    form = alipay_sandbox.notification(payment["out_trade_no"])
    answers = await asyncio.gather(*(_notify(client, form) for _ in range(5)))
    assert [a.text for a in answers] == ["success"] * 5
    await drain()
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1


async def test_an_app_order_string_never_paid_is_closed_after_its_expiry(client, services, wechat_sandbox,
                                                                         alipay_sandbox, upstream):
    """Alipay has no trade for an order string until the payer pays it: past its expiry, asking
    answers "no such trade" while ours awaits payment. It is closed (at Alipay too), never left
    holding the declaration."""
    from datetime import timedelta

    from app.declarations.models import Declaration, DeclarationState
    from app.payments.jobs import close_expired_payments

    headers, declaration = await _declared(client, services, wechat_sandbox)
    body = {"declaration_ids": [declaration["id"]], "channel": "alipay", "device": "app"}
    payment = (await client.post("/api/v1/payments", headers=headers, json=body)).json()["payment"]
    await Payment.filter(id=payment["id"]).update(expires_at=clock.now() - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=payment["id"])).state == PaymentState.CLOSED
    d = await Declaration.get(id=declaration["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)
    again = await client.post("/api/v1/payments", headers=headers, json=body)
    assert again.status_code == 200 and again.json()["payment"]["id"] != payment["id"]
