"""Issue 3's journey per region: saved or typed payers, back-payment (or Beijing's special
payment), one WeChat payment for the whole family, posting in period order, and every query."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.payer_steps import add_saved, demo, payer_body, signed_in_as


async def owed(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> list[dict[str, Any]]:
    r = await client.post("/api/v1/owed-months", json=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["total_fen"] == sum(m["amount_fen"] + m["late_fee_fen"] for m in r.json()["months"])
    return r.json()["months"]  # type: ignore[no-any-return]


async def declare(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    r = await client.post("/api/v1/declarations", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["declaration"]  # type: ignore[no-any-return]


async def pay_together(client, sandbox, headers, declarations):  # type: ignore[no-untyped-def]
    ids = [d["id"] for d in declarations]
    r = await client.post("/api/v1/payments", json={"declaration_ids": ids}, headers=headers)
    assert r.status_code == 200, r.text
    payment = r.json()["payment"]
    assert payment["amount_fen"] == sum(d["amount_due_fen"] for d in declarations)
    sandbox.confirm_payment(payment["out_trade_no"])
    await sandbox.deliver_payment_notification(payment["out_trade_no"])
    r = await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)  # 查验状态
    shown = r.json()["payment"]
    assert shown["status_label"] == "缴款成功", shown
    assert {i["declaration_id"] for i in shown["items"]} == set(ids)
    assert all(i["posting_state"] == "posted" for i in shown["items"])
    return shown


def posted_periods(upstream) -> list[str]:  # type: ignore[no-untyped-def]
    return [upstream._requests[no].period_start for no in upstream.postings]


async def check_queries(client, headers, declarations, payment, expected_totals):  # type: ignore[no-untyped-def]
    r = await client.get("/api/v1/declarations?from=2020-01-01&state=paid&order=asc&page_size=50",
                         headers=headers)
    listed = r.json()
    assert listed["total"] == len(declarations)
    assert [d["id"] for d in listed["declarations"]] == sorted(d["id"] for d in declarations)
    assert {d["state_label"] for d in listed["declarations"]} == {"已缴款"}
    assert {d["payment_status"] for d in listed["declarations"]} == {"paid"}
    r = await client.get("/api/v1/payments?period_from=202001&period_to=202712", headers=headers)
    records = r.json()
    assert [p["id"] for p in records["payments"]] == [payment["id"]]
    assert len(records["payments"][0]["declarations"]) == len(declarations)
    totals = {(t["payer_name"], t["insurance_type"], t["year"]): t["amount_fen"] for t in records["totals"]}
    assert totals == expected_totals  # per payer: one person's totals never mix with another's
    page = (await client.get("/api/v1/declarations?from=2020-01-01&page=2&page_size=1", headers=headers)).json()
    assert page["total"] == len(declarations) and len(page["declarations"]) == 1


async def test_hubei_family_with_back_payment(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "李建国")
    spouse = await add_saved(client, headers, payer_body(demo("王秀兰")))
    child = await add_saved(client, headers, payer_body(demo("李晓明")))
    months = await owed(client, headers, {"insurance_type": "resident_pension"})
    year = months[0]["month"][:4]
    grade = services.profile("hubei").insurance_types["resident_pension"].grades[0]
    current = await declare(client, headers, insurance_type="resident_pension", payment_kind="normal",
                            period_start="202601", period_end="202612", grade=grade.code)
    back = await declare(client, headers, insurance_type="resident_pension", payment_kind="back_payment",
                         period_start=f"{year}01", period_end=f"{year}12")
    medical = [await declare(client, headers, insurance_type="resident_medical", payment_kind="normal",
                             period_start="202601", period_end="202612", saved_payer_id=p["id"])
               for p in (spouse, child)]
    assert {d["relation"] for d in medical} == {"pay_for_others"}
    family = [current, back, *medical]
    payment = await pay_together(client, wechat_sandbox, headers, family)
    periods = posted_periods(upstream)
    assert periods.index(f"{year}01") < periods.index("202601")  # the back-payment posted first
    await check_queries(client, headers, family, payment, {
        ("李建国", "resident_pension", year): back["amount_due_fen"],
        ("李建国", "resident_pension", "2026"): grade.amount_fen,
        ("李建国", "resident_pension", "2024"): 20000,  # paid at the tax hall: 全渠道
        ("王秀兰", "resident_medical", "2026"): 40000,
        ("李晓明", "resident_medical", "2026"): 40000,
    })


async def test_guizhou_back_payment_and_a_payer_typed_each_time(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "吴强")
    months = await owed(client, headers, {"insurance_type": "flexible_pension"})
    assert any(m["late_fee_fen"] for m in months)
    grade = services.profile("guizhou").insurance_types["flexible_pension"].grades[0]
    back = await declare(client, headers, insurance_type="flexible_pension", payment_kind="back_payment",
                         period_start=months[0]["month"], period_end=months[-1]["month"])
    assert back["amount_due_fen"] == sum(m["amount_fen"] + m["late_fee_fen"] for m in months)
    current = await declare(client, headers, insurance_type="flexible_pension", payment_kind="normal",
                            period_start="202611", period_end="202611", grade=grade.code)
    other = await declare(client, headers, insurance_type="flexible_pension", payment_kind="normal",
                          period_start="202611", period_end="202611", grade=grade.code,
                          payer=payer_body(demo("杨波")))
    payment = await pay_together(client, wechat_sandbox, headers, [current, other, back])
    periods = posted_periods(upstream)
    assert periods.index(months[0]["month"]) < periods.index("202611")
    await check_queries(client, headers, [back, current, other], payment, {
        ("吴强", "flexible_pension", "2025"): back["amount_due_fen"],
        ("吴强", "flexible_pension", "2026"): grade.amount_fen,
        ("杨波", "flexible_pension", "2026"): grade.amount_fen,
    })
    # 社保费申报查询: the people the user paid for, and nobody else
    r = await client.get("/api/v1/social-insurance-records", headers=headers,
                         params=payer_body(demo("杨波")))
    assert r.status_code == 200 and len(r.json()["declarations"]) == 1, r.text
    # and anyone else whose name belongs to the id number (2.9): upstream's 缴费信息 only
    r = await client.get("/api/v1/social-insurance-records", headers=headers, params=payer_body(demo("黄丽")))
    assert r.status_code == 200 and r.json()["declarations"] == [] and r.json()["paid_records"] == [], r.text


async def test_beijing_special_payment_principal_and_batch_debit(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    months = await owed(client, headers, {"insurance_type": "resident_pension", "payment_kind": "special"})
    special_year = months[0]["month"][:4]
    special = await declare(client, headers, insurance_type="resident_pension", payment_kind="special",
                            period_start=f"{special_year}01", period_end=f"{special_year}12")
    grade = services.profile("beijing").insurance_types["resident_pension"].grades[0]
    pension = await declare(client, headers, insurance_type="resident_pension", payment_kind="normal",
                            period_start="202601", period_end="202612", grade=grade.code)
    spouse = demo("孙丽娟")
    medical = await declare(client, headers, insurance_type="resident_medical", payment_kind="normal",
                            period_start="202601", period_end="202612",
                            payer=payer_body(spouse, nationality="中国"))
    payment = await pay_together(client, wechat_sandbox, headers, [pension, medical, special])
    await check_queries(client, headers, [special, pension, medical], payment, {
        ("王建华", "resident_pension", special_year): special["amount_due_fen"],
        ("王建华", "resident_pension", "2026"): grade.amount_fen,
        ("孙丽娟", "resident_medical", "2026"): medical["amount_due_fen"],
    })
    # 1.4 / 1.5 批量扣款缴费金额设置 and 作废
    r = await client.post("/api/v1/batch-debit-settings", headers=headers,
                          json={"insurance_type": "resident_pension", "amount_fen": grade.amount_fen})
    assert r.status_code == 201, r.text
    setting = r.json()["batch_debit_setting"]
    assert setting["amount_fen"] == grade.amount_fen
    r = await client.post(f"/api/v1/batch-debit-settings/{setting['id']}/void", headers=headers)
    assert r.status_code == 200, r.text
    listed = (await client.get("/api/v1/batch-debit-settings", headers=headers)).json()["batch_debit_settings"]
    assert [s["state"] for s in listed] == ["voided"]


async def test_owed_months_refusals(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "吴强")
    for body, status, code in [
        ({"insurance_type": "flexible_pension", "payment_kind": "normal"}, 400, "payment_kind_not_allowed"),
        ({"insurance_type": "flexible_medical"}, 400, "insurance_type_not_offered"),
        ({"insurance_type": "resident_medical"}, 400, "payment_kind_not_allowed"),
        ({"insurance_type": "flexible_pension", "payer": payer_body(demo("黄丽"))}, 400, "not_enrolled"),
        ({"insurance_type": "flexible_pension", "saved_payer_id": 999999}, 404, "saved_payer_not_found"),
        ({}, 400, "field_missing"),
    ]:
        r = await client.post("/api/v1/owed-months", json=body, headers=headers)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (body, r.text)
    upstream.set_fault("list_owed", "down")
    r = await client.post("/api/v1/owed-months", json={"insurance_type": "flexible_pension"}, headers=headers)
    assert (r.status_code, r.json()["error"]["code"]) == (503, "upstream_unavailable")
    nobody_owes = await signed_in_as(client, wechat_sandbox, "杨波")
    upstream.clear_faults()
    assert await owed(client, nobody_owes, {"insurance_type": "flexible_pension"}) == []
