"""实名 (identity): binding checks the name against the id number upstream; in Hubei it needs this
account's own passed face scan, and a binding made elsewhere without one opens nothing there; an
unverified binding shows nothing until verified; face verifications are limited per account; one
account binds one person however many bind at once."""

from __future__ import annotations

import asyncio
from datetime import date

from app.identity.id_numbers import make_resident_id
from app.identity.models import User
from tests.api.payer_steps import assert_error, demo, payer_body, signed_in_as
from tests.api.support import bind, current, declare, options_for, sign_in


async def test_binding_checks_the_name_against_the_id_number(client, services, wechat_sandbox, upstream):
    li = demo("李建国")
    headers = await sign_in(client, wechat_sandbox, "guizhou")  # no face needed there: the check is upstream's
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(li, name="张三"))
    assert_error(r, 400, "person_mismatch")
    stranger = {"id_type": "resident_id_card", "name": "张三",
                "id_number": make_resident_id("110101", date(1990, 3, 7), "019")}  # valid, but nobody's
    assert_error(await bind(client, wechat_sandbox, headers, "guizhou", stranger), 400, "person_not_found")
    me = (await client.get("/api/v1/me", headers=headers)).json()["user"]
    assert (me["real_name_bound"], me["real_name_verified"], me["name"]) == (False, False, None)
    upstream.set_fault("verify_person", "down", count=1)
    assert_error(await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波"))), 503,
                 "identity_check_unavailable")
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波")))
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True


async def test_hubei_binding_needs_this_accounts_passed_face(client, services, wechat_sandbox, upstream):
    zhang = payer_body(demo("张敏"))
    headers = await sign_in(client, wechat_sandbox, "hubei")
    assert_error(await client.post("/api/v1/me/real-name", json=zhang, headers=headers), 400,
                 "face_verification_required")
    assert_error(await bind(client, wechat_sandbox, headers, "hubei", zhang, face_passes=False), 400,
                 "face_verification_failed")
    # a verify_id started by another account, or for another person, proves nothing here
    other = await sign_in(client, wechat_sandbox, "hubei")
    started = await client.post("/api/v1/face-verifications", json=zhang, headers=other)
    assert started.status_code == 201, started.text
    verify_id = started.json()["verify_id"]
    wechat_sandbox.face.scan(verify_id, passed=True)
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=headers)
    assert_error(r, 400, "face_verification_failed")
    wang = payer_body(demo("王秀兰"))
    r = await client.post("/api/v1/me/real-name", json={**wang, "face_verify_id": verify_id}, headers=other)
    assert_error(r, 400, "face_verification_failed")
    # the right account, person and a passed scan: bound, verified, and the verify_id is spent
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=other)
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True, r.text
    assert (await User.get(name="张敏")).verified_by == "upstream+face"
    third = await sign_in(client, wechat_sandbox, "hubei")
    r = await client.post("/api/v1/me/real-name", json={**zhang, "face_verify_id": verify_id}, headers=third)
    assert_error(r, 400, "face_verification_failed")
    assert_error(await client.post("/api/v1/face-verifications", headers=third, json={
        "id_type": "passport", "id_number": "E12345678", "name": "ZHANG MIN"}), 400, "face_id_type_unsupported")


async def test_a_binding_made_without_a_face_elsewhere_opens_nothing_in_hubei(
    client, services, wechat_sandbox, upstream
):
    # the real 张敏 binds in Hubei with her face, and declares
    zhang = await signed_in_as(client, wechat_sandbox, "张敏")
    hers = await declare(client, zhang, options_for(services, "hubei", "resident_medical"))
    # someone who knows her name and id number binds in Guizhou (no face asked there) ...
    other = await sign_in(client, wechat_sandbox, "guizhou", hint="squatter")
    r = await bind(client, wechat_sandbox, other, "guizhou", payer_body(demo("张敏")))
    assert r.status_code == 200, r.text
    # ... and comes back to Hubei, where binding needs this account's passed face
    other = await sign_in(client, wechat_sandbox, "hubei", hint="squatter")
    assert_error(await client.get("/api/v1/enrollments", headers=other), 403, "real_name_unverified")
    listed = (await client.get("/api/v1/declarations", headers=other)).json()["declarations"]
    assert hers["id"] not in [d["id"] for d in listed]
    r = await client.post(f"/api/v1/declarations/{hers['id']}/void", headers=other)
    assert r.status_code in (403, 404), r.text


async def test_an_unverified_binding_shows_nothing_until_verified(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "杨波")
    await User.filter(name="杨波").update(verified_at=None, verified_by=None)  # bound before checks existed
    for path in ("/api/v1/enrollments", "/api/v1/saved-payers", "/api/v1/social-insurance-records"):
        assert_error(await client.get(path, headers=headers), 403, "real_name_unverified")
    assert_error(await client.post("/api/v1/declarations", json=current(services), headers=headers), 403,
                 "real_name_unverified")
    r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波")))
    assert r.status_code == 200 and r.json()["user"]["real_name_verified"] is True
    assert (await client.get("/api/v1/enrollments", headers=headers)).status_code == 200


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


async def test_concurrent_bindings_of_one_account_bind_one_person(client, services, wechat_sandbox, upstream):
    from app.events.models import Event
    from app.identity.models import User
    from tests.api.support import bind, sign_in

    headers = await sign_in(client, wechat_sandbox, "guizhou", hint="two-people")
    people = [payer_body(demo(name)) for name in ("杨波", "刘芳", "杨帆")] * 3
    results = await asyncio.gather(*(bind(client, wechat_sandbox, headers, "guizhou", p) for p in people))
    bound = await User.get(openid=wechat_sandbox.login.openid_for("two-people"))
    winners = {r.json()["user"]["name"] for r in results if r.status_code == 200}
    assert winners == {bound.name}  # every 200 names the one person the account is bound to
    assert {r.json()["error"]["code"] for r in results if r.status_code != 200} <= {"already_bound"}
    assert await Event.filter(entity="user", entity_id=bound.id, action="bind").count() == 1
