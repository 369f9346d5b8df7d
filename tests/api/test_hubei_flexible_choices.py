"""Hubei's 灵活就业 (manual 000, 六): before 提取核定 the payer chooses 核定提取方式 and 登记所在地.
The API lists the options (GET /api/v1/assessment-options), refuses a declaration without them or
with others, and passes the choice to upstream with the assessment."""

from __future__ import annotations

from sandboxes.upstream.demo_data import DEMO_PLACES
from tests.api.support import options_for, signed_in_person


async def test_hubei_flexible_payers_choose_the_extraction_method_and_the_registration_place(
        client, services, wechat_sandbox, upstream) -> None:
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "flexible_pension")
    r = await client.get("/api/v1/assessment-options", params={"insurance_type": "flexible_pension"}, headers=headers)
    assert r.status_code == 200, r.text
    options = r.json()
    assert options["required"] is True
    assert [m["name"] for m in options["extraction_methods"]] == ["按登记信息提取", "按核定信息提取"]
    assert options["registration_places"] == [DEMO_PLACES["hubei"]]  # the payer's registration, from upstream
    body = options_for(services, "hubei", "flexible_pension")
    bare = {k: v for k, v in body.items() if k not in ("extraction_method", "registration_place")}
    for path in ("/api/v1/assessments", "/api/v1/declarations"):
        r = await client.post(path, json=bare, headers=headers)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "extraction_method_required"), r.text
        assert r.json()["error"]["message"] == "请选择核定提取方式和登记所在地后再提取核定"
        r = await client.post(path, json={**body, "extraction_method": "by_guess"}, headers=headers)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "extraction_method_invalid"), r.text
        assert r.json()["error"]["data"]["extraction_methods"] == ["by_registration", "by_assessment"]
        r = await client.post(path, json={**body, "registration_place": "湖北省武汉市洪山区"}, headers=headers)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "registration_place_invalid"), r.text
    assert upstream.assessments == {}  # nothing was asked of upstream for a refused choice
    chosen = {**body, "extraction_method": "by_assessment"}
    r = await client.post("/api/v1/declarations", json=chosen, headers=headers)
    assert r.status_code == 201, r.text
    record = upstream.assessments[r.json()["declaration"]["assessment_no"]]
    assert record.choices == (DEMO_PLACES["hubei"], "by_assessment")  # passed to upstream with the assessment


async def test_other_regions_and_types_ask_no_such_choice(client, services, wechat_sandbox, upstream) -> None:
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    r = await client.get("/api/v1/assessment-options", params={"insurance_type": "flexible_pension"}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"insurance_type": "flexible_pension", "required": False, "extraction_methods": [],
                        "registration_places": []}
    r = await client.post("/api/v1/declarations", json=options_for(services, "guizhou", "flexible_pension"),
                          headers=headers)
    assert r.status_code == 201, r.text
    r = await client.get("/api/v1/assessment-options", params={"insurance_type": "flexible_medical"}, headers=headers)
    assert (r.status_code, r.json()["error"]["code"]) == (400, "insurance_type_not_offered")
