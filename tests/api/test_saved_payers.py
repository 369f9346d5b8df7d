"""Saved payers (代缴人名单): add, edit, delete, list, select; the limit, duplicates, history, isolation;
one saved before the identity checks is verified before anything is shown."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import pytest

from app.declarations.models import Declaration
from app.events.services import history
from app.identity.id_numbers import make_resident_id
from app.payers.models import SavedPayer
from tests.api.payer_steps import add_saved, assert_error, demo, payer_body, registered, signed_in_as
from tests.api.support import options_for


def _someone(i: int, name: str = "赵六") -> dict[str, str]:
    number = make_resident_id("420102", date(1980, 1, 1 + i % 28), f"{100 + i:03d}")
    return {"id_type": "resident_id_card", "id_number": number, "name": name}


async def test_add_edit_delete_list_and_history(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    wang = demo("王秀兰")
    listed = (await client.get("/api/v1/saved-payers", headers=headers)).json()
    assert listed == {"saved_payers": [], "limit": 30, "mode": "list"}

    calls_before, checks_before = upstream.calls["list_enrollments"], upstream.calls["verify_person"]
    added = await add_saved(client, headers, payer_body(wang))
    assert upstream.calls["list_enrollments"] == calls_before  # adding never asks about enrollment…
    assert upstream.calls["verify_person"] == checks_before + 1  # …but always whether the name is the number's
    assert added["name"] == "王秀兰" and added["id_number_masked"].startswith("420102") and added["verified"]
    assert wang.id_number not in str(added)

    assert_error(await client.put(f"/api/v1/saved-payers/{added['id']}", json=payer_body(wang, name="王秀英"),
                                  headers=headers), 400, "person_mismatch")
    upstream.add_person(dataclasses.replace(wang, name="王秀英"))  # her change of name, registered upstream
    edited = await client.put(f"/api/v1/saved-payers/{added['id']}", json=payer_body(wang, name="王秀英"),
                              headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["saved_payer"]["name"] == "王秀英" and edited.json()["saved_payer"]["id"] == added["id"]
    listed = (await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"]
    assert [p["name"] for p in listed] == ["王秀英"]

    r = await client.delete(f"/api/v1/saved-payers/{added['id']}", headers=headers)
    assert r.status_code == 200 and r.json()["deleted"] is True
    assert (await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"] == []
    assert_error(await client.delete(f"/api/v1/saved-payers/{added['id']}", headers=headers), 404,
                 "saved_payer_not_found")

    events = await history("saved_payer", added["id"])
    assert [e.action for e in events] == ["add", "edit", "delete"]
    assert events[1].data["before"]["name"] == "王秀兰" and events[1].data["after"]["name"] == "王秀英"
    assert all(wang.id_number not in str(e.data) for e in events)
    assert await SavedPayer.filter(id=added["id"]).count() == 1  # soft delete: the row stays

    again = await add_saved(client, headers, payer_body(wang))  # once deleted, the person may be added again
    assert again["id"] != added["id"]


async def test_editing_keeps_declarations_and_history_intact(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    saved = await add_saved(client, headers, payer_body(demo("王秀兰")))
    options = {**options_for(services, "hubei", "resident_pension"), "saved_payer_id": saved["id"]}
    r = await client.post("/api/v1/declarations", json=options, headers=headers)
    assert r.status_code == 201, r.text
    declaration = r.json()["declaration"]
    assert declaration["relation"] == "pay_for_others" and declaration["payer_name"] == "王秀兰"

    other = payer_body(demo("王秀兰"), name="王秀英")
    upstream.add_person(dataclasses.replace(demo("王秀兰"), name="王秀英"))  # a change of name, registered upstream
    assert (await client.put(f"/api/v1/saved-payers/{saved['id']}", json=other, headers=headers)).status_code == 200
    assert (await client.delete(f"/api/v1/saved-payers/{saved['id']}", headers=headers)).status_code == 200
    kept = (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()["declaration"]
    assert kept["payer_name"] == "王秀兰" and kept["payer_id_masked"] == declaration["payer_id_masked"]
    listed = (await client.get("/api/v1/declarations", headers=headers)).json()["declarations"]
    assert [d["payer_name"] for d in listed] == ["王秀兰"]


async def test_thirty_first_saved_payer_is_refused(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    for i in range(31):
        registered(upstream, _someone(i))
    ids = [(await add_saved(client, headers, _someone(i)))["id"] for i in range(30)]
    error = assert_error(await client.post("/api/v1/saved-payers", json=_someone(30), headers=headers), 409,
                         "saved_payers_limit")
    assert "30" in error["message"] and error["data"]["limit"] == 30
    assert len((await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"]) == 30
    assert (await client.delete(f"/api/v1/saved-payers/{ids[0]}", headers=headers)).status_code == 200
    await add_saved(client, headers, _someone(30))


async def test_concurrent_adds_never_pass_the_limit(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    for i in [*range(28), *range(100, 106)]:
        registered(upstream, _someone(i))
    for i in range(28):
        await add_saved(client, headers, _someone(i))
    results = await asyncio.gather(*(client.post("/api/v1/saved-payers", json=_someone(100 + i), headers=headers)
                                     for i in range(6)))
    assert sorted(r.status_code for r in results) == [201, 201, 409, 409, 409, 409]
    assert {r.json()["error"]["code"] for r in results if r.status_code == 409} == {"saved_payers_limit"}
    assert len((await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"]) == 30


async def test_duplicates_and_self_are_refused(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    wang, li = demo("王秀兰"), demo("李晓明")
    await add_saved(client, headers, payer_body(wang))
    upstream.add_person(dataclasses.replace(wang, name="王秀英"))  # even under her new name: the same person
    assert_error(await client.post("/api/v1/saved-payers", json=payer_body(wang, name="王秀英"), headers=headers),
                 409, "saved_payer_exists")
    second = await add_saved(client, headers, payer_body(li))
    assert_error(await client.put(f"/api/v1/saved-payers/{second['id']}", json=payer_body(wang), headers=headers),
                 409, "saved_payer_exists")
    assert_error(await client.post("/api/v1/saved-payers", json=payer_body(demo("张敏")), headers=headers), 400,
                 "saved_payer_is_self")
    names = [p["name"] for p in (await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"]]
    assert names == ["王秀兰", "李晓明"]


async def test_twenty_concurrent_adds_of_the_same_payer_make_one(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    body = payer_body(demo("王秀兰"))
    results = await asyncio.gather(*(client.post("/api/v1/saved-payers", json=body, headers=headers)
                                     for _ in range(20)))
    assert sorted(r.status_code for r in results) == [201] + [409] * 19
    assert {r.json()["error"]["code"] for r in results if r.status_code == 409} == {"saved_payer_exists"}
    assert await SavedPayer.filter(deleted_at=None).count() == 1


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"id_type": "resident_id_card", "id_number": "420102199003150220", "name": "王五"}, 400, "id_number_checksum"),
    ({"id_type": "resident_id_card", "id_number": "12345", "name": "王五"}, 400, "id_number_format"),
    ({"id_type": "driving_licence", "id_number": "420102199003150221", "name": "王五"}, 400, "id_type_not_offered"),
    ({**_someone(1), "name": "<script>"}, 400, "name_invalid"),
    ({**_someone(1), "nationality": "1"}, 400, "nationality_invalid"),
    ({"id_type": "resident_id_card", "name": "王五"}, 400, "field_missing"),
    ({**_someone(1), "id_number": 420102}, 400, "field_invalid"),
])
async def test_bad_saved_payer_inputs(client, services, wechat_sandbox, upstream, body, status, code):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    assert_error(await client.post("/api/v1/saved-payers", json=body, headers=headers), status, code)
    assert await SavedPayer.all().count() == 0
    assert_error(await client.put("/api/v1/saved-payers/abc", json=_someone(1), headers=headers), 400,
                 "field_invalid")
    assert_error(await client.get("/api/v1/saved-payers/99999/enrollments", headers=headers), 404,
                 "saved_payer_not_found")


async def test_beijing_principal_needs_nationality(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "王建华")
    chen = demo("陈美玲")
    assert_error(await client.post("/api/v1/saved-payers", json=payer_body(chen), headers=headers), 400,
                 "nationality_required")
    saved = await add_saved(client, headers, payer_body(chen, nationality="中国香港"))
    assert saved["nationality"] == "中国香港" and saved["id_type"] == "hk_mo_tw_residence_permit"
    menus = (await client.get("/api/v1/menus", headers=headers)).json()
    assert menus["nationality_required_for_others"] is True
    assert menus["channels_for_others"] == ["bank_agreement", "wechat_pay"]  # 委托人: the user's own agreement
    assert menus["for_others_insurance_types"] == ["resident_medical"]


async def test_selecting_asks_upstream_and_says_why(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    wang = await add_saved(client, headers, payer_body(demo("王秀兰")))
    zhou = await add_saved(client, headers, payer_body(demo("周婷")))  # enrolled in nothing: adding still works
    r = await client.get(f"/api/v1/saved-payers/{wang['id']}/enrollments?insurance_type=resident_pension",
                         headers=headers)
    assert r.status_code == 200, r.text
    assert [e["insurance_type"] for e in r.json()["enrollments"]] == ["resident_pension"]
    assert r.json()["enrollments"][0]["agency"] and r.json()["saved_payer"]["id"] == wang["id"]

    error = assert_error(await client.get(
        f"/api/v1/saved-payers/{wang['id']}/enrollments?insurance_type=flexible_pension", headers=headers),
        400, "not_enrolled")
    assert error["message"].startswith("该人员未参加该险种") and "灵活就业人员基本养老保险" in error["message"]
    assert_error(await client.get(f"/api/v1/saved-payers/{zhou['id']}/enrollments", headers=headers), 400,
                 "not_enrolled")
    assert_error(await client.get(f"/api/v1/saved-payers/{wang['id']}/enrollments?insurance_type=unemployment",
                                  headers=headers), 400, "insurance_type_not_offered")

    # 实名核验: a name that is not the id number's is refused when added, not only when selected
    assert_error(await client.post("/api/v1/saved-payers", json=payer_body(demo("李晓明"), name="李小明"),
                                   headers=headers), 400, "person_mismatch")
    # a valid number that nobody holds
    assert_error(await client.post("/api/v1/saved-payers", json=_someone(3), headers=headers), 400,
                 "person_not_found")
    assert [p["name"] for p in (await client.get("/api/v1/saved-payers", headers=headers)).json()["saved_payers"]
            ] == ["王秀兰", "周婷"]
    upstream.set_fault("list_enrollments", "down")
    assert_error(await client.get(f"/api/v1/saved-payers/{wang['id']}/enrollments", headers=headers), 503,
                 "upstream_unavailable")


async def test_another_users_saved_payers_are_not_found_everywhere(client, services, wechat_sandbox, upstream):
    owner = await signed_in_as(client, wechat_sandbox, "张敏")
    saved = await add_saved(client, owner, payer_body(demo("王秀兰")))
    stranger = await signed_in_as(client, wechat_sandbox, "李建国")
    options = {**options_for(services, "hubei", "resident_pension"), "saved_payer_id": saved["id"]}
    base = f"/api/v1/saved-payers/{saved['id']}"
    attempts = [
        ("PUT", base, payer_body(demo("王秀兰"), name="王秀英")),
        ("DELETE", base, None),
        ("GET", f"{base}/enrollments", None),
        ("POST", "/api/v1/assessments", options),
        ("POST", "/api/v1/declarations", options),
    ]
    for method, path, body in attempts:
        r = await client.request(method, path, json=body, headers=stranger)
        assert_error(r, 404, "saved_payer_not_found")
    assert (await client.get("/api/v1/saved-payers", headers=stranger)).json()["saved_payers"] == []
    mine = (await client.get("/api/v1/saved-payers", headers=owner)).json()["saved_payers"]
    assert [(p["id"], p["name"]) for p in mine] == [(saved["id"], "王秀兰")]
    assert [e.action for e in await history("saved_payer", saved["id"])] == ["add"]


async def test_saved_payers_need_a_real_name(client, services, wechat_sandbox, upstream):
    from tests.api.support import sign_in

    headers = await sign_in(client, wechat_sandbox, "hubei")
    assert_error(await client.get("/api/v1/saved-payers", headers=headers), 403, "real_name_required")
    assert_error(await client.post("/api/v1/saved-payers", json=_someone(1), headers=headers), 403,
                 "real_name_required")
    assert_error(await client.get("/api/v1/saved-payers", headers={"Authorization": "Bearer forged"}), 401,
                 "session_invalid")


async def test_a_saved_payer_from_before_the_checks_is_verified_before_anything_is_shown(
    client, services, wechat_sandbox, upstream
):
    from app.payers.models import SavedPayer

    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    saved = await add_saved(client, headers, payer_body(demo("王秀兰")))
    await SavedPayer.filter(id=saved["id"]).update(verified_at=None, name="王秀英")  # typed wrong, never checked
    r = await client.get(f"/api/v1/saved-payers/{saved['id']}/enrollments", headers=headers)
    assert_error(r, 400, "person_mismatch")
    options = {**options_for(services, "hubei", "resident_pension"), "saved_payer_id": saved["id"]}
    assert_error(await client.post("/api/v1/declarations", json=options, headers=headers), 400, "person_mismatch")
    assert await Declaration.all().count() == 0


async def test_new_endpoints_need_a_session(client):
    for method, path in [("GET", "/api/v1/saved-payers"), ("POST", "/api/v1/saved-payers"),
                         ("PUT", "/api/v1/saved-payers/1"), ("DELETE", "/api/v1/saved-payers/1"),
                         ("GET", "/api/v1/saved-payers/1/enrollments"), ("GET", "/api/v1/social-insurance-records"),
                         ("GET", "/api/v1/batch-debit-settings"), ("POST", "/api/v1/batch-debit-settings"),
                         ("POST", "/api/v1/batch-debit-settings/1/void")]:
        r = await client.request(method, path, json={}, headers={"Authorization": "Bearer forged"})
        assert_error(r, 401, "session_invalid")
