"""The whole self-pay journey per region, through HTTP, the WeChat Pay sandbox and upstream."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.api.support import checkout, declare, options_for, sign_in, signed_in_person

JOURNEYS = [
    ("hubei", "resident_medical"),
    ("hubei", "resident_pension"),
    ("hubei", "flexible_pension"),
    ("guizhou", "flexible_pension"),
    ("guizhou", "resident_pension"),
    ("guizhou", "resident_medical"),
    ("beijing", "resident_pension"),
    ("beijing", "resident_medical"),
]


def verify_pay_sign(params: dict[str, str], merchant_public_key_pem: str) -> None:
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    key = serialization.load_pem_public_key(merchant_public_key_pem.encode())
    key.verify(base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]


@pytest.mark.parametrize(("region", "insurance_type"), JOURNEYS)
async def test_self_pay_journey(client, services, wechat_sandbox, upstream, demo_keys, region, insurance_type):
    headers = await sign_in(client, wechat_sandbox, region)
    r = await client.get("/api/v1/me", headers=headers)
    assert r.json()["user"]["real_name_bound"] is False
    r = await client.get("/api/v1/enrollments", headers=headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "real_name_required"

    headers, person = await signed_in_person(client, wechat_sandbox, region, insurance_type)
    me = (await client.get("/api/v1/me", headers=headers)).json()["user"]
    assert me["real_name_bound"] and person.id_number not in str(me) and me["id_number_masked"]

    menus = (await client.get("/api/v1/menus", headers=headers)).json()
    assert menus["region"] == region and insurance_type in menus["insurance_types"]
    actions = {item["action"] for group in menus["menus"] for item in group["items"]}
    assert "self_pay" in actions and "wechat_pay" in menus["channels"]

    enrollments = (await client.get("/api/v1/enrollments", headers=headers)).json()["enrollments"]
    assert insurance_type in {e["insurance_type"] for e in enrollments}

    options = options_for(services, region, insurance_type)
    preview = (await client.post("/api/v1/assessments", json=options, headers=headers)).json()["assessment"]
    assert isinstance(preview["amount_due_fen"], int) and preview["amount_due_fen"] > 0

    declaration = await declare(client, headers, options)
    assert declaration["state_label"] == "申报成功，未缴款" and declaration["payment_status"] == "unpaid"
    assert declaration["amount_due_fen"] == preview["amount_due_fen"]

    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text
    payment, params = r.json()["payment"], r.json()["request_payment"]
    assert payment["status_label"] == "缴款中" and payment["amount_fen"] == declaration["amount_due_fen"]
    assert params["package"].startswith("prepay_id=") and params["signType"] == "RSA"
    verify_pay_sign(params, demo_keys.merchant_public_key_pem)
    held = (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()["declaration"]
    assert held["state_label"] == "申报处理中"

    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])

    paid = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert paid["status_label"] == "缴款成功", paid
    assert paid["items"][0]["posting_state"] == "posted" and paid["transaction_id"]
    final = (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()["declaration"]
    assert final["state_label"] == "已缴款" and final["payment_status"] == "paid"
    assert len(upstream.postings) == 1
    listed = (await client.get("/api/v1/payments", headers=headers)).json()["payments"]
    assert [p["id"] for p in listed] == [payment["id"]]


async def test_void_declared_unpaid_declaration_closes_the_channel_order(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    options = options_for(services, "hubei", "resident_medical")
    declaration = await declare(client, headers, options)
    again = await client.post("/api/v1/declarations", json=options, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "declaration_exists"

    r = await checkout(client, headers, declaration["id"])
    out_trade_no = r.json()["payment"]["out_trade_no"]
    r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["declaration"]["state_label"] == "已作废"
    assert wechat_sandbox.orders[out_trade_no].trade_state == "CLOSED"

    r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_voided"
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_voided"
    # once voided, the same period may be declared again
    assert (await client.post("/api/v1/declarations", json=options, headers=headers)).status_code == 201


async def test_paid_declaration_cannot_be_voided_or_paid_again(client, services, wechat_sandbox, upstream):
    from tests.api.support import paid_through_wechat

    headers, _ = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "beijing", "resident_pension"))
    payment = await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    assert payment["status_label"] == "缴款成功"
    r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_not_voidable"
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "declaration_already_paid"
