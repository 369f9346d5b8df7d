"""Checkout (下单): a declaration is paid only from its own region's session, a relative's open
cashier is never handed to the person it is for, and a checkout abandoned at the channel (created,
awaiting or unknown) is closed after its expiry, asking the channel first."""

from __future__ import annotations

from datetime import timedelta

from app import clock
from app.declarations.models import Declaration, DeclarationState
from app.payments.jobs import close_expired_payments
from app.payments.models import Payment, PaymentState
from tests.api.payer_steps import demo, payer_body
from tests.api.support import bind, checkout, current, declare, declared, sign_in


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


async def test_a_relatives_open_cashier_is_not_handed_to_the_person(client, services, wechat_sandbox, upstream):
    from tests.api.payer_steps import add_saved, demo, payer_body, signed_in_as
    from tests.api.support import declare, options_for

    li = await signed_in_as(client, wechat_sandbox, "李建国")
    saved = await add_saved(client, li, payer_body(demo("王秀兰")))
    for_her = await declare(client, li, {**options_for(services, "hubei", "resident_medical"),
                                         "saved_payer_id": saved["id"]})
    assert (await checkout(client, li, for_her["id"])).status_code == 200  # his cashier is open
    her = await signed_in_as(client, wechat_sandbox, "王秀兰")
    r = await checkout(client, her, for_her["id"])  # its paySign is for his openid: not hers to use
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_in_other_payment", r.text


async def test_abandoned_checkout_is_closed_after_expiry_asking_the_channel(
    client, services, wechat_sandbox, upstream
):
    from datetime import timedelta

    from app.payments.jobs import close_expired_payments

    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    assert wechat_sandbox.orders[payment["out_trade_no"]].time_expire  # the order carries its expiry
    assert await close_expired_payments(services) == 0  # not yet
    await Payment.filter(id=payment["id"]).update(expires_at=clock.now() - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=payment["id"])).state == PaymentState.CLOSED
    assert wechat_sandbox.orders[payment["out_trade_no"]].trade_state == "CLOSED"
    d = await Declaration.get(id=declaration["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)


async def test_abandoned_created_and_unknown_checkouts_are_closed(client, services, wechat_sandbox, upstream):
    headers, first = await declared(client, services, wechat_sandbox)
    wechat_sandbox.set_fault("create_order", "down", count=1)  # stays CREATED
    r = await checkout(client, headers, first["id"])
    assert r.status_code == 503
    created = await Payment.get(out_trade_no=r.json()["error"]["data"]["out_trade_no"])
    assert created.state == PaymentState.CREATED
    await Payment.filter(id=created.id).update(expires_at=clock.now() - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=created.id)).state == PaymentState.CLOSED
    d = await Declaration.get(id=first["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)
    # a checkout whose order is already expired starts a new one instead of reviving it
    again = await checkout(client, headers, first["id"])
    assert again.status_code == 200 and again.json()["payment"]["out_trade_no"] != created.out_trade_no
    stale = await Payment.get(out_trade_no=again.json()["payment"]["out_trade_no"])
    await Payment.filter(id=stale.id).update(state=PaymentState.UNKNOWN,
                                             expires_at=clock.now() - timedelta(minutes=10))
    wechat_sandbox.orders[stale.out_trade_no].trade_state = "NOTPAY"
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=stale.id)).state == PaymentState.CLOSED
    assert wechat_sandbox.orders[stale.out_trade_no].trade_state == "CLOSED"
    assert await close_expired_payments(services) == 0  # nothing left to ask about
