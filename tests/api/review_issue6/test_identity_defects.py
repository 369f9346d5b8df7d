"""From the review of issue 6: identity and sessions."""

from __future__ import annotations

from tests.api.payer_steps import assert_error, demo, payer_body, signed_in_as
from tests.api.support import bind, declare, options_for, sign_in


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
