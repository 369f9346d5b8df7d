"""Pay for others (代缴) per region, through checkout, the WeChat Pay sandbox and posting;
the region's rules for others; 社保费申报查询 and who may use it."""

from __future__ import annotations

from typing import Any

import pytest

from app.declarations.models import Declaration
from tests.api.payer_steps import add_saved, assert_error, demo, payer_body, signed_in_as
from tests.api.support import checkout, options_for, paid_through_wechat

# (region, insurance type, the user, the payer, how the payer is named, nationality)
# Each user is someone upstream does not enrol in the type: a fee for the wrong person would be refused.
JOURNEYS = [
    ("hubei", "resident_pension", "张敏", "王秀兰", "saved", None),
    ("hubei", "resident_medical", "李建国", "李晓明", "saved", None),  # a parent for a child
    ("guizhou", "flexible_pension", "黄丽", "刘芳", "inline", None),  # 代他人缴费: typed each time
    ("beijing", "resident_medical", "刘洋", "王子涵", "inline", "中国"),  # 委托人 with 国籍（地区）
    ("beijing", "resident_medical", "王建华", "陈美玲", "saved", "中国香港"),
]


async def _payer_fields(client, headers, mode: str, payer: str, nationality: str | None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    extra = {"nationality": nationality} if nationality else {}
    body = payer_body(demo(payer), **extra)
    if mode == "inline":
        return {"payer": body}
    saved = await add_saved(client, headers, body)
    return {"saved_payer_id": saved["id"]}


@pytest.mark.parametrize(("region", "insurance_type", "user", "payer", "mode", "nationality"), JOURNEYS)
async def test_pay_for_others_journey(client, services, wechat_sandbox, upstream, region, insurance_type, user,
                                      payer, mode, nationality):
    headers = await signed_in_as(client, wechat_sandbox, user)
    who = await _payer_fields(client, headers, mode, payer, nationality)
    if "saved_payer_id" in who:
        r = await client.get(f"/api/v1/saved-payers/{who['saved_payer_id']}/enrollments",
                             params={"insurance_type": insurance_type}, headers=headers)
        assert r.status_code == 200, r.text
    options = {**options_for(services, region, insurance_type), **who}
    r = await client.post("/api/v1/assessments", json=options, headers=headers)
    assert r.status_code == 200, r.text
    amount = r.json()["assessment"]["amount_due_fen"]

    r = await client.post("/api/v1/declarations", json=options, headers=headers)
    assert r.status_code == 201, r.text
    declaration = r.json()["declaration"]
    assert declaration["relation"] == "pay_for_others" and declaration["payer_name"] == payer
    assert declaration["amount_due_fen"] == amount and declaration["payer_nationality"] == nationality
    assert demo(payer).id_number not in r.text

    payment = await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    assert payment["status_label"] == "缴款成功", payment
    assert payment["items"][0]["posting_state"] == "posted" and len(upstream.postings) == 1

    # the user who paid sees the payer's records
    listed = (await client.get("/api/v1/declarations", headers=headers)).json()["declarations"]
    assert [(d["id"], d["payment_status"]) for d in listed] == [(declaration["id"], "paid")]
    assert [p["id"] for p in (await client.get("/api/v1/payments", headers=headers)).json()["payments"]] == [
        payment["id"]]
    query = {k: v for k, v in payer_body(demo(payer)).items()}
    r = await client.get("/api/v1/social-insurance-records", params=query, headers=headers)
    assert r.status_code == 200, r.text
    records = r.json()
    assert records["person"]["name"] == payer and demo(payer).id_number not in r.text
    assert [d["id"] for d in records["declarations"]] == [declaration["id"]]
    assert [(p["id"], p["status_label"]) for p in records["payments"]] == [(payment["id"], "缴款成功")]
    mine = (await client.get("/api/v1/social-insurance-records", headers=headers)).json()
    assert mine["person"]["name"] == user and mine["declarations"] == [] and mine["payments"] == []


async def test_a_family_in_one_payment(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "李建国")
    own = await client.post("/api/v1/declarations", json=options_for(services, "hubei", "resident_medical"),
                            headers=headers)
    ids = [own.json()["declaration"]["id"]]
    for name in ("王秀兰", "李晓明"):
        who = await _payer_fields(client, headers, "saved", name, None)
        r = await client.post("/api/v1/declarations", json={**options_for(services, "hubei", "resident_medical"),
                                                             **who}, headers=headers)
        assert r.status_code == 201, r.text
        ids.append(r.json()["declaration"]["id"])
    r = await client.post("/api/v1/payments", json={"declaration_ids": ids, "channel": "wechat_pay"},
                          headers=headers)
    assert r.status_code == 200, r.text
    out_trade_no = r.json()["payment"]["out_trade_no"]
    wechat_sandbox.confirm_payment(out_trade_no)
    await wechat_sandbox.deliver_payment_notification(out_trade_no)
    paid = (await client.get(f"/api/v1/payments/{r.json()['payment']['id']}", headers=headers)).json()["payment"]
    assert paid["status_label"] == "缴款成功" and paid["amount_fen"] == 3 * 40_000
    relations = sorted(d.relation for d in await Declaration.all())
    assert relations == ["pay_for_others", "pay_for_others", "self_pay"]


async def test_the_region_decides_what_may_be_paid_for_others(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    sun = payer_body(demo("孙丽娟"), nationality="中国")
    pension = {**options_for(services, "beijing", "resident_pension"), "payer": sun}
    # 城乡居民养老 缴费办理 has no 选择他人 in Beijing's manual
    assert_error(await client.post("/api/v1/declarations", json=pension, headers=headers), 400,
                 "insurance_type_not_for_others")
    medical = options_for(services, "beijing", "resident_medical")
    assert_error(await client.post("/api/v1/assessments", json={**medical, "payer": payer_body(demo("孙丽娟"))},
                                   headers=headers), 400, "nationality_required")
    r = await client.post("/api/v1/declarations", json={**medical, "payer": sun}, headers=headers)
    assert r.status_code == 201, r.text
    for_other = r.json()["declaration"]["id"]
    # 委托人 is paid by the user's own agreement: which one must be said
    r = await client.post("/api/v1/payments", json={"declaration_ids": [for_other], "channel": "bank_agreement"},
                          headers=headers)
    assert_error(r, 400, "agreement_required")
    assert (await checkout(client, headers, for_other)).status_code == 200


async def test_payer_choice_refusals(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    saved = await add_saved(client, headers, payer_body(demo("王秀兰")))
    options = options_for(services, "hubei", "resident_pension")
    both = {**options, "saved_payer_id": saved["id"], "payer": payer_body(demo("王秀兰"))}
    assert_error(await client.post("/api/v1/declarations", json=both, headers=headers), 400, "payer_ambiguous")
    missing = {**options, "payer": {"id_type": "resident_id_card", "id_number": demo("王秀兰").id_number}}
    error = assert_error(await client.post("/api/v1/declarations", json=missing, headers=headers), 400,
                         "field_missing")
    assert error["data"]["field"] == "payer.name"
    assert_error(await client.post("/api/v1/declarations", json={**options, "payer": "王秀兰"}, headers=headers),
                 400, "field_invalid")
    bad_number = {**options, "payer": payer_body(demo("王秀兰"), id_number="420102197011200240")}
    assert_error(await client.post("/api/v1/declarations", json=bad_number, headers=headers), 400,
                 "id_number_checksum")
    assert_error(await client.post("/api/v1/declarations", json={**options, "saved_payer_id": 999_999},
                                   headers=headers), 404, "saved_payer_not_found")
    unknown_type = {**options, "insurance_type": "unemployment", "saved_payer_id": saved["id"]}
    assert_error(await client.post("/api/v1/assessments", json=unknown_type, headers=headers), 400,
                 "insurance_type_not_offered")
    # upstream's own refusal for a payer not enrolled in the type
    flexible = {**options_for(services, "hubei", "flexible_pension"), "saved_payer_id": saved["id"]}
    assert_error(await client.post("/api/v1/assessments", json=flexible, headers=headers), 400, "not_enrolled")
    # typing oneself is self-pay; with another name it is refused
    me = payer_body(demo("张敏"))
    medical = options_for(services, "hubei", "resident_medical")
    r = await client.post("/api/v1/declarations", json={**medical, "payer": me}, headers=headers)
    assert r.status_code == 201 and r.json()["declaration"]["relation"] == "self_pay"
    assert_error(await client.post("/api/v1/assessments", json={**medical, "payer": {**me, "name": "张明"}},
                                   headers=headers), 400, "payer_name_mismatch")
    assert await Declaration.filter(relation="pay_for_others").count() == 0


async def test_social_insurance_query_only_for_people_of_the_user(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "杨波")
    r = await client.post("/api/v1/declarations", json=options_for(services, "guizhou", "flexible_pension"),
                          headers=headers)
    own_id = r.json()["declaration"]["id"]
    mine = (await client.get("/api/v1/social-insurance-records", headers=headers)).json()
    assert [d["id"] for d in mine["declarations"]] == [own_id] and mine["period_from"].endswith("01")

    declared_for = {**options_for(services, "guizhou", "flexible_pension"), "payer": payer_body(demo("刘芳"))}
    r = await client.post("/api/v1/declarations", json=declared_for, headers=headers)
    assert r.status_code == 201, r.text
    await add_saved(client, headers, payer_body(demo("杨帆")))

    async def query(person: dict[str, Any], **period: str):  # type: ignore[no-untyped-def]
        return await client.get("/api/v1/social-insurance-records", params={**person, **period}, headers=headers)

    r = await query(payer_body(demo("刘芳")))
    assert r.status_code == 200 and [d["payer_name"] for d in r.json()["declarations"]] == ["刘芳"]
    assert (await query(payer_body(demo("刘芳")), **{"from": "202501", "to": "202512"})).json()["declarations"] == []
    saved_only = await query(payer_body(demo("杨帆")))
    assert saved_only.status_code == 200 and saved_only.json()["declarations"] == []
    assert (await query(payer_body(demo("杨波")))).status_code == 200  # oneself, typed

    # Guizhou lets anyone be looked up whose name belongs to the id number (manual 001 2.9:
    # tests/api/test_guizhou_records_lookup.py): upstream's 缴费信息 only, never this user's declarations
    stranger = (await query(payer_body(demo("吴强")))).json()
    assert stranger["declarations"] == [] and stranger["paid_records"] == []
    for person in (payer_body(demo("刘芳"), name="刘方"), payer_body(demo("杨波"), name="杨博")):
        assert_error(await query(person), 400, "person_mismatch")
    other = await signed_in_as(client, wechat_sandbox, "吴强")
    r = await client.get("/api/v1/social-insurance-records", params=payer_body(demo("杨波")), headers=other)
    assert r.status_code == 200 and r.json()["declarations"] == [] and r.json()["payments"] == []

    assert_error(await query({"id_type": "resident_id_card", "name": "刘芳"}), 400, "field_missing")
    assert_error(await query({}, **{"from": "2026-01"}), 400, "field_invalid")
    assert_error(await query({}, **{"from": "202612", "to": "202601"}), 400, "field_invalid")
    assert_error(await query({**payer_body(demo("刘芳")), "id_number": "520102"}), 400, "id_number_format")
