"""Issue 6, honesty of the surface: menus offer only what works, the document describes what the
API answers, and records are 全渠道 for a verified person, per payer, by insurance type."""

from __future__ import annotations

from tests.api.payer_steps import add_saved, assert_error, demo, payer_body, signed_in_as
from tests.api.support import checkout, declare, options_for, paid_through_wechat
from tests.openapi_check import document


async def test_menus_mark_what_is_not_offered_yet(client, services, wechat_sandbox, upstream, monkeypatch):
    hubei = (await client.get("/api/v1/regions/hubei/menus")).json()
    assert hubei["channels"] == ["wechat_pay", "alipay", "bank_agreement"] and hubei["channels_not_yet_offered"] == []
    assert hubei["channels_for_others"] == ["wechat_pay", "alipay"] and hubei["real_name"]["face_verification"] is True
    beijing = (await client.get("/api/v1/regions/beijing/menus")).json()
    assert beijing["channels_for_others"] == ["bank_agreement", "wechat_pay"]  # 委托人: by the user's agreement
    items = {i["title"]: i for g in beijing["menus"] for i in g["items"]}
    assert (items["缴费协议"]["available"], items["缴费协议"]["unavailable_reason"]) == (True, None)
    # a deployment that switched Alipay off says so, and refuses it honestly
    monkeypatch.delitem(services.channels, "alipay")
    hubei = (await client.get("/api/v1/regions/hubei/menus")).json()
    assert hubei["channels_not_yet_offered"] == ["alipay"]
    for title in ("记录打印", "记录下载", "记录查验"):  # certificates (issue 9) work now
        assert (items[title]["available"], items[title]["unavailable_reason"]) == (True, None)
    assert items["缴费办理"]["available"] and items["批量扣款缴费金额设置"]["available"]
    assert beijing["certificate"]["available"] is True
    guizhou = (await client.get("/api/v1/regions/guizhou/menus")).json()
    certificate = next(i for g in guizhou["menus"] for i in g["items"] if i["title"] == "完税证明查询")
    assert certificate["available"] is True and guizhou["certificate"]["query_captcha"] is True
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_medical"))
    r = await client.post("/api/v1/payments", json={"declaration_ids": [declaration["id"]], "channel": "alipay"},
                          headers=headers)
    error = assert_error(r, 400, "channel_not_yet_offered")
    assert error["data"]["channels"] == ["wechat_pay", "bank_agreement"]


def test_the_document_describes_every_field_and_parameter() -> None:
    doc = document()
    declaration = doc["components"]["schemas"]["DeclarationOut"]
    assert len(declaration["required"]) == len(declaration["properties"]) >= 25
    assert declaration["additionalProperties"] is False
    assert declaration["properties"]["state"]["enum"] == ["declared", "processing", "voided"]
    params = {p["name"] for p in doc["paths"]["/api/v1/payments"]["get"]["parameters"]}
    assert params == {"page", "page_size", "order", "period_from", "period_to", "insurance_type"}
    params = {p["name"] for p in doc["paths"]["/api/v1/declarations"]["get"]["parameters"]}
    assert params == {"page", "page_size", "order", "from", "to", "state"}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert "405" in statuses, (method, path)
            if operation.get("security"):
                assert "401" in statuses, (method, path)


async def test_payment_records_by_type_per_payer_and_next_year(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "李建国")
    pension = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    medical = await declare(client, headers, options_for(services, "hubei", "resident_medical", year=2027))
    for d in (pension, medical):
        assert (await paid_through_wechat(client, wechat_sandbox, headers, d["id"]))["status_label"] == "缴款成功"
    # the default period covers next year's fee, paid this November
    listed = (await client.get("/api/v1/payments", headers=headers)).json()
    assert (listed["period_from"], listed["period_to"]) == ("202601", "202712") and listed["total"] == 2
    only = (await client.get("/api/v1/payments?insurance_type=resident_medical", headers=headers)).json()
    assert [p["declarations"][0]["id"] for p in only["payments"]] == [medical["id"]]
    assert {t["insurance_type"] for t in only["totals"]} == {"resident_medical"}
    assert_error(await client.get("/api/v1/payments?insurance_type=unemployment", headers=headers), 400,
                 "field_invalid")


async def test_records_are_all_channel_for_the_verified_person(client, services, wechat_sandbox, upstream):
    li = await signed_in_as(client, wechat_sandbox, "李建国")
    wang = await add_saved(client, li, payer_body(demo("王秀兰")))
    own = await declare(client, li, options_for(services, "hubei", "resident_pension"))
    for_her = await declare(client, li, {**options_for(services, "hubei", "resident_medical"),
                                         "saved_payer_id": wang["id"]})
    r = await client.post("/api/v1/payments", json={"declaration_ids": [own["id"], for_her["id"]]}, headers=li)
    payment = r.json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])

    her = await signed_in_as(client, wechat_sandbox, "王秀兰")  # her own account, her own face
    listed = (await client.get("/api/v1/payments", headers=her)).json()
    assert listed["total"] == 1
    seen = listed["payments"][0]
    assert seen["paid_by_me"] is False and seen["transaction_id"] is None
    assert [i["declaration_id"] for i in seen["items"]] == [for_her["id"]]  # not his share
    assert seen["amount_fen"] == for_her["amount_due_fen"] and seen["status_label"] == "缴款成功"
    assert [(t["payer_name"], t["insurance_type"]) for t in listed["totals"]] == [("王秀兰", "resident_medical")]
    detail = (await client.get(f"/api/v1/payments/{payment['id']}", headers=her)).json()["payment"]
    assert [i["declaration_id"] for i in detail["items"]] == [for_her["id"]]
    declarations = (await client.get("/api/v1/declarations", headers=her)).json()["declarations"]
    assert [(d["id"], d["declared_by_me"]) for d in declarations] == [(for_her["id"], False)]
    mine = (await client.get("/api/v1/social-insurance-records", headers=her)).json()
    assert [d["id"] for d in mine["declarations"]] == [for_her["id"]]
    # his view is whole
    whole = (await client.get(f"/api/v1/payments/{payment['id']}", headers=li)).json()["payment"]
    assert whole["paid_by_me"] is True and len(whole["items"]) == 2 and whole["transaction_id"]
    # a stranger sees nothing of it
    stranger = await signed_in_as(client, wechat_sandbox, "周婷")
    assert_error(await client.get(f"/api/v1/payments/{payment['id']}", headers=stranger), 404, "payment_not_found")
    assert (await client.get("/api/v1/payments", headers=stranger)).json()["total"] == 0


async def test_other_channels_are_listed_for_the_person(client, services, wechat_sandbox, upstream):
    zhang = await signed_in_as(client, wechat_sandbox, "张敏")
    listed = (await client.get("/api/v1/payments?period_from=202501&period_to=202512", headers=zhang)).json()
    assert listed["other_channels_status"] == "ok" and listed["payments"] == []
    [record] = listed["other_channel_records"]
    assert (record["channel_label"], record["insurance_type"], record["amount_fen"]) == (
        "银行柜面", "resident_medical", 38000)
    assert [(t["year"], t["amount_fen"]) for t in listed["totals"]] == [("2025", 38000)]
    upstream.set_fault("list_paid_records", "down")
    listed = (await client.get("/api/v1/payments?period_from=202501&period_to=202512", headers=zhang)).json()
    assert listed["other_channels_status"] == "unavailable" and listed["other_channel_records"] == []
    # our own payments never appear twice: once ours, never again as "another channel"
    upstream.clear_faults()
    declaration = await declare(client, zhang, options_for(services, "hubei", "resident_medical"))
    await paid_through_wechat(client, wechat_sandbox, zhang, declaration["id"])
    listed = (await client.get("/api/v1/payments?period_from=202501&period_to=202612", headers=zhang)).json()
    assert len(listed["payments"]) == 1 and len(listed["other_channel_records"]) == 1
    assert (await checkout(client, zhang, declaration["id"])).status_code == 409
