"""批量扣款缴费金额设置 / 作废 (Beijing 1.4 / 1.5): set this year's amount, change it, void it."""

from __future__ import annotations

import asyncio

import pytest

from app.batch_debit.models import BatchDebitSetting, BatchDebitSettingState
from app.events.services import history
from tests.api.payer_steps import assert_error, signed_in_as
from tests.api.support import sign_in
from tests.conftest import TODAY

URL = "/api/v1/batch-debit-settings"
YEAR = TODAY.year  # the suite's fixed day


async def test_set_change_and_void(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    r = await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 200_000}, headers=headers)
    assert r.status_code == 201, r.text
    first = r.json()["batch_debit_setting"]
    assert (first["state"], first["state_label"], first["grade"], first["year"]) == ("active", "有效", "y2000", YEAR)
    assert (first["valid_from"], first["valid_to"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31")
    assert first["payer_name"] == "王建华" and "*" in first["payer_id_masked"]

    same = await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 200_000, "year": YEAR},
                             headers=headers)
    assert same.status_code == 200 and same.json()["batch_debit_setting"]["id"] == first["id"]

    changed = await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 300_000},
                                headers=headers)
    assert changed.status_code == 201, changed.text
    second = changed.json()["batch_debit_setting"]
    listed = (await client.get(URL, headers=headers)).json()["batch_debit_settings"]
    assert [(s["id"], s["state"], s["amount_fen"]) for s in listed] == [
        (second["id"], "active", 300_000), (first["id"], "voided", 200_000)]

    r = await client.post(f"{URL}/{second['id']}/void", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["batch_debit_setting"]["state_label"] == "已作废" and r.json()["batch_debit_setting"]["voided_at"]
    assert_error(await client.post(f"{URL}/{second['id']}/void", headers=headers), 409, "batch_debit_setting_voided")
    assert [e.action for e in await history("batch_debit_setting", first["id"])] == ["set", "void"]
    assert [e.action for e in await history("batch_debit_setting", second["id"])] == ["set", "void"]
    assert (await client.get(f"{URL}?year={YEAR - 1}", headers=headers)).json()["batch_debit_settings"] == []

    again = await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 300_000}, headers=headers)
    assert again.status_code == 201  # after voiding, a new amount may be set


async def test_only_where_a_menu_offers_it(client, services, wechat_sandbox, upstream):
    # Hubei's batch debit is arranged at the bank (批扣协议): no menu sets an amount here
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    error = assert_error(await client.post(URL, json={"insurance_type": "resident_medical", "amount_fen": 40_000},
                                           headers=headers), 400, "batch_debit_not_offered")
    assert error["message"] == "本地区暂不提供批量扣款缴费金额设置"
    assert (await client.get("/api/v1/menus", headers=headers)).json()["batch_debit_types"] == []
    assert await BatchDebitSetting.all().count() == 0
    # Beijing sets it for resident pension only, and says so without contradicting itself
    beijing = await signed_in_as(client, wechat_sandbox, "王建华")
    error = assert_error(await client.post(URL, json={"insurance_type": "resident_medical", "amount_fen": 40_000},
                                           headers=beijing), 400, "batch_debit_not_offered")
    assert error["message"] == "本地区仅支持为城乡居民基本养老保险设置批量扣款缴费金额"
    assert error["data"]["insurance_types"] == ["resident_pension"]


@pytest.mark.parametrize(("body", "status", "code"), [
    # Beijing batch-debits resident pension only
    ({"insurance_type": "resident_medical", "amount_fen": 40_000}, 400, "batch_debit_not_offered"),
    ({"insurance_type": "flexible_pension", "amount_fen": 100_000}, 400, "batch_debit_not_offered"),
    ({"insurance_type": "resident_pension", "amount_fen": 123}, 400, "batch_debit_amount_not_allowed"),
    ({"insurance_type": "resident_pension", "amount_fen": 100_000, "year": YEAR - 1}, 400, "batch_debit_year_invalid"),
    ({"insurance_type": "resident_pension", "amount_fen": "1000"}, 400, "field_invalid"),
    ({"insurance_type": "resident_pension"}, 400, "field_missing"),
])
async def test_bad_settings(client, services, wechat_sandbox, upstream, body, status, code):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    assert_error(await client.post(URL, json=body, headers=headers), status, code)
    assert await BatchDebitSetting.all().count() == 0


async def test_other_refusals(client, services, wechat_sandbox, upstream):
    guizhou = await signed_in_as(client, wechat_sandbox, "杨波")
    assert_error(await client.post(URL, json={"insurance_type": "flexible_pension", "amount_fen": 78_000},
                                   headers=guizhou), 400, "batch_debit_not_offered")
    unbound = await sign_in(client, wechat_sandbox, "beijing")
    assert_error(await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 100_000},
                                   headers=unbound), 403, "real_name_required")
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    assert_error(await client.get(f"{URL}?year=26", headers=headers), 400, "field_invalid")
    assert_error(await client.post(f"{URL}/x1/void", headers=headers), 400, "field_invalid")
    assert_error(await client.post(f"{URL}/424242/void", headers=headers), 404, "batch_debit_setting_not_found")


async def test_another_users_setting_is_not_found(client, services, wechat_sandbox, upstream):
    owner = await signed_in_as(client, wechat_sandbox, "王建华")
    r = await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 100_000}, headers=owner)
    setting = r.json()["batch_debit_setting"]
    stranger = await signed_in_as(client, wechat_sandbox, "孙丽娟")
    assert_error(await client.post(f"{URL}/{setting['id']}/void", headers=stranger), 404,
                 "batch_debit_setting_not_found")
    assert (await client.get(URL, headers=stranger)).json()["batch_debit_settings"] == []
    mine = (await client.get(URL, headers=owner)).json()["batch_debit_settings"]
    assert [(s["id"], s["state"]) for s in mine] == [(setting["id"], "active")]
    # a second account bound to the same person cannot replace the first account's setting
    twin = await signed_in_as(client, wechat_sandbox, "王建华")
    assert_error(await client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": 200_000},
                                   headers=twin), 409, "batch_debit_setting_exists")


async def test_twenty_concurrent_sets_make_one_active(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    body = {"insurance_type": "resident_pension", "amount_fen": 500_000}
    results = await asyncio.gather(*(client.post(URL, json=body, headers=headers) for _ in range(20)))
    assert sorted(r.status_code for r in results) == [200] * 19 + [201], [r.text for r in results]
    assert len({r.json()["batch_debit_setting"]["id"] for r in results}) == 1
    assert await BatchDebitSetting.filter(state=BatchDebitSettingState.ACTIVE).count() == 1
    assert await BatchDebitSetting.all().count() == 1


async def test_concurrent_different_amounts_leave_one_active(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    amounts = [100_000 * (1 + i % 9) for i in range(20)]
    results = await asyncio.gather(*(client.post(URL, json={"insurance_type": "resident_pension", "amount_fen": a},
                                                 headers=headers) for a in amounts))
    assert all(r.status_code in (200, 201, 409) for r in results), [r.text for r in results]
    assert await BatchDebitSetting.filter(state=BatchDebitSettingState.ACTIVE).count() == 1
