"""Guizhou's 社保费申报查询 (manual 001, 2.9): the payer may change the name and id number to look up
someone else. Where the region profile says so (records_query_others = "verified"): the name must
belong to the id number at upstream, lookups are limited per account and audited, and the answer
is what the manual's page shows — upstream's 缴费信息 — never another account's declarations."""

from __future__ import annotations

from app.events.models import Event
from tests.api.payer_steps import demo, payer_body, signed_in_as
from tests.api.support import declare, options_for, paid_through_wechat


async def _records(client, headers, person):  # type: ignore[no-untyped-def]
    return await client.get("/api/v1/social-insurance-records", params=person, headers=headers)


async def test_a_guizhou_payer_looks_up_someone_else_whose_name_matches_the_id(
        client, services, wechat_sandbox, upstream) -> None:
    yang = await signed_in_as(client, wechat_sandbox, "杨波")
    declaration = await declare(client, yang, options_for(services, "guizhou", "flexible_pension"))
    payment = await paid_through_wechat(client, wechat_sandbox, yang, declaration["id"])
    assert payment["status_label"] == "缴款成功", payment

    wu = await signed_in_as(client, wechat_sandbox, "吴强")  # unrelated to 杨波
    r = await _records(client, wu, payer_body(demo("杨波"), name="杨博"))
    assert (r.status_code, r.json()["error"]["code"]) == (400, "person_mismatch"), r.text
    r = await _records(client, wu, payer_body(demo("杨波")))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["person"]["name"] == "杨波" and out["person"]["id_number_masked"] != demo("杨波").id_number
    assert "*" in out["person"]["id_number_masked"]
    assert out["declarations"] == [] and out["payments"] == []  # 杨波's own account stays his
    assert [(p["insurance_type"], p["period_start"], p["period_end"], p["amount_fen"]) for p in out["paid_records"]] \
        == [("flexible_pension", declaration["period_start"], declaration["period_end"], declaration["amount_due_fen"])]
    assert set(out["paid_records"][0]) == {"insurance_type", "period_start", "period_end", "amount_fen", "paid_on",
                                           "channel_label"}
    # audited: both lookups (the refused one too), masked
    audits = await Event.filter(action="records_lookup").order_by("id")
    assert len(audits) == 2
    assert all(a.data["id_number_masked"] == out["person"]["id_number_masked"] for a in audits)
    assert all(demo("杨波").id_number not in str(a.data) for a in audits)
    # oneself and related people still see their declarations (paid_records null)
    mine = (await _records(client, yang, {})).json()
    assert [d["id"] for d in mine["declarations"]] == [declaration["id"]] and mine["paid_records"] is None


async def test_lookups_of_others_are_limited_per_account(client, services, wechat_sandbox, upstream) -> None:
    before = services.settings
    services.settings = before.model_copy(update={"records_lookup_rate_per_hour": 2})
    try:
        wu = await signed_in_as(client, wechat_sandbox, "吴强")
        for name in ("刘芳", "杨帆"):
            assert (await _records(client, wu, payer_body(demo(name)))).status_code == 200
        r = await _records(client, wu, payer_body(demo("杨波")))
        assert (r.status_code, r.json()["error"]["code"]) == (429, "records_lookup_rate_limited"), r.text
        assert r.json()["error"]["message"] == "查询他人社保费信息过于频繁，请一小时后再试"
        # oneself is no lookup of others: never limited
        assert (await _records(client, wu, {})).status_code == 200
        # another account has its own count
        liu = await signed_in_as(client, wechat_sandbox, "刘芳")
        assert (await _records(client, liu, payer_body(demo("杨波")))).status_code == 200
    finally:
        services.settings = before


async def test_other_regions_keep_refusing_unrelated_people(client, services, wechat_sandbox, upstream) -> None:
    zhang = await signed_in_as(client, wechat_sandbox, "张敏")
    r = await _records(client, zhang, payer_body(demo("李建国")))
    assert (r.status_code, r.json()["error"]["code"]) == (403, "person_not_accessible")
    assert await Event.filter(action="records_lookup").count() == 0
