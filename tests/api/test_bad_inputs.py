"""Every endpoint answers bad input with a stable code and a Chinese message, never a 500."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.payments.models import Payment
from tests.api.support import checkout, declare, declared, options_for, sign_in, signed_in_person


def _committed_openapi() -> dict:  # type: ignore[type-arg]
    with open(Path(__file__).resolve().parents[2] / "docs" / "openapi.json", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def assert_error(r, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code, error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error


async def test_sign_in_refusals(client, wechat_sandbox):
    assert_error(await client.post("/api/v1/sessions", json={}), 400, "field_missing")
    assert_error(await client.post("/api/v1/sessions", json={"code": 123, "region": "hubei"}), 400, "field_invalid")
    assert_error(await client.post("/api/v1/sessions", content=b"{not json"), 400, "body_invalid")
    assert_error(await client.post("/api/v1/sessions", json=["x"]), 400, "body_invalid")
    assert_error(await client.post("/api/v1/sessions", json={"code": "nope", "region": "hubei"}), 401,
                 "login_code_invalid")
    code = wechat_sandbox.issue_login_code("someone")
    assert_error(await client.post("/api/v1/sessions", json={"code": code, "region": "mars"}), 400, "region_unknown")
    assert (await client.post("/api/v1/sessions", json={"code": code, "region": "hubei"})).status_code == 201
    assert_error(await client.post("/api/v1/sessions", json={"code": code, "region": "hubei"}), 401,
                 "login_code_invalid")  # a code is used once


async def test_unauthenticated_everywhere(client):
    for method, path in [("GET", "/api/v1/me"), ("GET", "/api/v1/menus"), ("GET", "/api/v1/enrollments"),
                         ("POST", "/api/v1/assessments"), ("POST", "/api/v1/declarations"),
                         ("GET", "/api/v1/declarations"), ("GET", "/api/v1/declarations/1"),
                         ("POST", "/api/v1/declarations/1/void"), ("POST", "/api/v1/payments"),
                         ("GET", "/api/v1/payments"), ("GET", "/api/v1/payments/1"),
                         ("POST", "/api/v1/payments/1/refresh"), ("POST", "/api/v1/me/real-name")]:
        r = await client.request(method, path, json={}, headers={"Authorization": "Bearer forged"})
        assert_error(r, 401, "session_invalid")


@pytest.mark.parametrize(("id_type", "id_number", "code"), [
    ("resident_id_card", "11010519491231002Y", "id_number_format"),
    ("resident_id_card", "110105194912310021", "id_number_checksum"),
    ("resident_id_card", "420102202602300013", None),
    ("resident_id_card", "12345", "id_number_format"),
    ("driving_licence", "110105194912310021", "id_type_not_offered"),
])
async def test_real_name_refusals(client, wechat_sandbox, id_type, id_number, code):
    headers = await sign_in(client, wechat_sandbox, "hubei")
    r = await client.post("/api/v1/me/real-name", json={"id_type": id_type, "id_number": id_number, "name": "张三"},
                          headers=headers)
    assert r.status_code == 400, r.text
    if code:
        assert r.json()["error"]["code"] == code
    else:
        assert r.json()["error"]["code"].startswith("id_number_")


async def test_real_name_name_and_rebinding(client, wechat_sandbox):
    headers, person = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    body = {"id_type": "resident_id_card", "id_number": "11010519491231002X", "name": "李四"}
    assert_error(await client.post("/api/v1/me/real-name", json=body, headers=headers), 409, "already_bound")
    same = {"id_type": person.id_type, "id_number": person.id_number, "name": person.name}
    assert (await client.post("/api/v1/me/real-name", json=same, headers=headers)).status_code == 200
    other = await sign_in(client, wechat_sandbox, "hubei")
    bad_name = {"id_type": "resident_id_card", "id_number": "11010519491231002X", "name": "<script>"}
    assert_error(await client.post("/api/v1/me/real-name", json=bad_name, headers=other), 400, "name_invalid")


async def test_assessment_and_declaration_refusals(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    good = options_for(services, "hubei", "resident_medical")
    cases = [
        ({**good, "insurance_type": "space_travel"}, "insurance_type_not_offered"),
        ({**good, "payment_kind": "whatever"}, "payment_kind_not_allowed"),
        ({**good, "period_start": "2026-01"}, "period_invalid"),
        ({**good, "period_start": "202613"}, "period_invalid"),
        ({**good, "period_start": "202605"}, "period_invalid"),
        ({**good, "contribution_base_fen": "lots"}, "field_invalid"),
        ({k: v for k, v in good.items() if k != "period_end"}, "field_missing"),
    ]
    for body, code in cases:
        for path in ("/api/v1/assessments", "/api/v1/declarations"):
            assert_error(await client.post(path, json=body, headers=headers), 400, code)
    flexible = options_for(services, "hubei", "flexible_pension")
    r = await client.post("/api/v1/assessments", json={**flexible, "grade": "no-such-grade"}, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] in ("grade_not_allowed", "base_out_of_range")


async def test_upstream_refusal_and_outage_are_clear(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    upstream.set_fault("assess", "down")
    assert_error(await client.post("/api/v1/assessments", json=options_for(services, "hubei", "resident_medical"),
                                   headers=headers), 503, "upstream_unavailable")
    upstream.clear_faults()
    upstream.set_fault("assess", "reject:not_enrolled")
    r = await client.post("/api/v1/assessments", json=options_for(services, "hubei", "resident_medical"),
                          headers=headers)
    assert r.status_code == 400 and "未参加该险种" in r.json()["error"]["message"]


async def test_other_users_ids_are_not_found(client, services, wechat_sandbox, upstream):
    owner, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    declaration = await declare(client, owner, options_for(services, "hubei", "resident_medical"))
    payment = (await checkout(client, owner, declaration["id"])).json()["payment"]
    intruder, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    d, p = declaration["id"], payment["id"]
    assert_error(await client.get(f"/api/v1/declarations/{d}", headers=intruder), 404, "declaration_not_found")
    assert_error(await client.post(f"/api/v1/declarations/{d}/void", headers=intruder), 404, "declaration_not_found")
    assert_error(await checkout(client, intruder, d), 404, "declaration_not_found")
    assert_error(await client.get(f"/api/v1/payments/{p}", headers=intruder), 404, "payment_not_found")
    assert_error(await client.post(f"/api/v1/payments/{p}/refresh", headers=intruder), 404, "payment_not_found")
    assert (await client.get("/api/v1/payments", headers=intruder)).json()["payments"] == []
    assert (await client.get("/api/v1/declarations", headers=intruder)).json()["declarations"] == []
    assert await Payment.all().count() == 1


async def test_path_query_and_route_refusals(client, services, wechat_sandbox, upstream):
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    assert_error(await client.get("/api/v1/declarations/abc", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/payments/99999999999999999999999", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/payments/12345", headers=headers), 404, "payment_not_found")
    assert_error(await client.get("/api/v1/declarations?from=yesterday", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/payments?period_from=2026-01", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/payments?page=0", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/payments?page_size=1000", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/declarations?state=posted", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/declarations?order=sideways", headers=headers), 400, "field_invalid")
    assert_error(await client.get("/api/v1/nothing-here", headers=headers), 404, "route_not_found")
    assert_error(await client.put("/api/v1/payments", headers=headers), 405, "method_not_allowed")
    assert_error(await client.post("/api/v1/payments", json={"declaration_ids": "1"}, headers=headers), 400,
                 "field_invalid")
    assert_error(await client.post("/api/v1/payments", json={"declaration_ids": []}, headers=headers), 400,
                 "too_many_declarations")
    assert_error(await client.post("/api/v1/payments", json={"declaration_ids": [1], "channel": "cash"},
                                   headers=headers), 400, "channel_not_offered")
    assert_error(await client.post("/api/v1/payments", json={"declaration_ids": [True]}, headers=headers), 400,
                 "field_invalid")


async def test_out_of_range_numbers_and_trailing_newlines_are_refused(client, services, wechat_sandbox, upstream):
    headers, _ = await declared(client, services, wechat_sandbox)
    r = await client.post("/api/v1/payments", json={"declaration_ids": [10**20]}, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "field_invalid"
    body = {**options_for(services, "hubei", "resident_medical"), "period_start": "202601\n"}
    r = await client.post("/api/v1/declarations", json=body, headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "period_invalid"


@pytest.mark.parametrize("path", [
    "/api/v1/declarations/%C2%B2", "/api/v1/payments/%C2%B2", "/api/v1/payments?page=%C2%B2",
    "/api/v1/declarations?page_size=%C2%B2", "/api/v1/batch-debit-settings?year=%C2%B2%C2%B2%C2%B2%C2%B2",
])
async def test_non_ascii_digits_are_refused(client, services, wechat_sandbox, owing, upstream, path):
    r = await client.get(path, headers=owing)
    assert r.status_code == 400 and r.json()["error"]["code"] == "field_invalid", r.text


async def test_health_and_openapi(client, server):
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json()["database"] == "ok"
    spec = (await client.get("/docs/openapi.json")).json()
    # sanic-ext documents every app of the process; keep the paths this app serves
    ours = {"/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", route.path) for route in server.router.routes}
    spec["paths"] = {path: ops for path, ops in spec["paths"].items() if path in ours}
    assert "/api/v1/payments" in spec["paths"] and "/healthz" in spec["paths"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            ok = [s for s in operation.get("responses", {}) if s.startswith("2")]
            files = {"/api/v1/certificates/{certificate_id}/pdf": "application/pdf",
                     "/api/v1/certificates/{certificate_id}/image": "image/png"}
            kinds = {"text/plain"} if path in ("/metrics", "/notify/alipay") else {files.get(path, "application/json")}
            assert ok and kinds <= set(operation["responses"][ok[0]]["content"]), (method, path)
            errors = [s for s in operation["responses"] if s[0] in "45"]
            assert errors or path in ("/notify/wechat_pay",), (method, path)
    committed = _committed_openapi()
    assert committed["paths"] == spec["paths"], "docs/openapi.json is stale: run python -m app openapi"
    assert committed["components"]["schemas"] == spec["components"]["schemas"], \
        "docs/openapi.json is stale: run python -m app openapi"
