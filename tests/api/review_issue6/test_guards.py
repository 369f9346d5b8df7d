"""Guards kept from the review of issue 6: paths that work, and that no test covered."""

from __future__ import annotations

from app.declarations.models import Declaration, DeclarationState
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.payments.states import transition
from app.refunds.models import Refund
from tests.api.support import checkout, declared


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


async def test_a_declaration_from_before_expiry_existed_gets_one_and_expires(
    client, services, wechat_sandbox, upstream
):
    from datetime import UTC, datetime, timedelta

    from app.tasks import SWEEPS

    _, declaration = await declared(client, services, wechat_sandbox)
    made = datetime.now(UTC) - timedelta(days=3)
    await Declaration.filter(id=declaration["id"]).update(expires_at=None, created_at=made)  # as migrated
    assert await SWEEPS["expire_declarations"].work(services) == 1
    d = await Declaration.get(id=declaration["id"])
    assert d.state == DeclarationState.VOIDED and d.expires_at == made + timedelta(hours=24)


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


async def test_a_preview_assessment_holds_back_nothing(client, services, wechat_sandbox, upstream):
    from tests.api.payer_steps import signed_in_as
    from tests.api.support import options_for

    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    r = await client.post("/api/v1/assessments", json=options_for(services, "hubei", "resident_medical"),
                          headers=headers)
    assert r.status_code == 200, r.text
    assert upstream.assessments[r.json()["assessment"]["assessment_no"]].status == "voided"


async def test_face_verifications_are_limited_per_account(client, services, wechat_sandbox, upstream):
    from tests.api.payer_steps import demo, payer_body
    from tests.api.support import sign_in

    before = services.settings
    services.settings = before.model_copy(update={"binding_rate_per_hour": 2})
    try:
        headers = await sign_in(client, wechat_sandbox, "hubei")
        body = payer_body(demo("张敏"))
        codes = [(await client.post("/api/v1/face-verifications", json=body, headers=headers)).status_code
                 for _ in range(3)]
        assert codes == [201, 201, 429]
    finally:
        services.settings = before
