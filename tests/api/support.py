"""Steps of the journeys, as a mini-program would take them, through real HTTP."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any

import httpx

from config.regions import load_region_profiles
from sandboxes.upstream.demo_data import DEMO_PEOPLE, DEMO_PLACES

_counter = itertools.count(1)


@dataclass
class Person:
    id_type: str
    id_number: str
    name: str
    region: str


def demo_person(region: str, insurance_type: str) -> Person:
    """A demo payer of the region with an active enrollment for the insurance type."""
    for p in DEMO_PEOPLE:
        if p.region == region and any(
            e.insurance_type == insurance_type and e.status == "active" for e in p.enrollments
        ):
            return Person(p.id_type, p.id_number, p.name, p.region)
    raise LookupError(f"no demo person in {region} for {insurance_type}")


async def sign_in(client: httpx.AsyncClient, sandbox: Any, region: str, hint: str | None = None) -> dict[str, str]:
    code = sandbox.issue_login_code(hint or f"user-{next(_counter)}")
    r = await client.post("/api/v1/sessions", json={"code": code, "region": region})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@functools.cache
def _face_required(region: str) -> bool:
    return load_region_profiles()[region].real_name.face_verification


async def bind(
    client: httpx.AsyncClient, sandbox: Any, headers: dict[str, str], region: str, body: dict[str, Any],
    *, face_passes: bool = True,
) -> httpx.Response:
    """实名认证 as the mini-program does it; where the region asks for a face, first
    POST /face-verifications, then the person scans their face (the sandbox), then bind."""
    if _face_required(region):
        r = await client.post("/api/v1/face-verifications", headers=headers, json={
            k: body[k] for k in ("id_type", "id_number", "name")})
        if r.status_code != 201:
            return r
        verify_id = r.json()["verify_id"]
        sandbox.face.scan(verify_id, passed=face_passes)
        body = {**body, "face_verify_id": verify_id}
    return await client.post("/api/v1/me/real-name", json=body, headers=headers)


async def signed_in_person(
    client: httpx.AsyncClient, sandbox: Any, region: str, insurance_type: str
) -> tuple[dict[str, str], Person]:
    headers = await sign_in(client, sandbox, region)
    person = demo_person(region, insurance_type)
    r = await bind(client, sandbox, headers, region,
                   {"id_type": person.id_type, "id_number": person.id_number, "name": person.name})
    assert r.status_code == 200, r.text
    return headers, person


def options_for(services: Any, region: str, insurance_type: str, year: int = 2026) -> dict[str, Any]:
    """Valid assessment options for the region's rules of an insurance type (normal payment)."""
    rule = services.profile(region).insurance_types[insurance_type]
    body: dict[str, Any] = {"insurance_type": insurance_type, "payment_kind": "normal"}
    if rule.period_unit == "year":
        body.update(period_start=f"{year}01", period_end=f"{year}12")
    else:
        body.update(period_start=f"{year}01", period_end=f"{year}03")
    if rule.assessment_mode == "by_grade":
        body["grade"] = rule.grades[0].code
    if rule.assessment_mode == "by_base":
        assert rule.base_range_fen is not None
        body["contribution_base_fen"] = rule.base_range_fen[0]
    if rule.extraction_methods:  # Hubei's 灵活就业: 核定提取方式 and 登记所在地 (the demo people's)
        body["extraction_method"] = rule.extraction_methods[0].code
        body["registration_place"] = DEMO_PLACES[region]
    return body


async def declare(client: httpx.AsyncClient, headers: dict[str, str], options: dict[str, Any]) -> dict[str, Any]:
    r = await client.post("/api/v1/declarations", json=options, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["declaration"]


async def checkout(client: httpx.AsyncClient, headers: dict[str, str], declaration_id: int) -> httpx.Response:
    return await client.post(
        "/api/v1/payments", json={"declaration_ids": [declaration_id], "channel": "wechat_pay"}, headers=headers
    )


async def paid_through_wechat(
    client: httpx.AsyncClient, sandbox: Any, headers: dict[str, str], declaration_id: int
) -> dict[str, Any]:
    """Checkout, the payer pays in WeChat, the sandbox notifies us; returns the payment as we show it."""
    r = await checkout(client, headers, declaration_id)
    assert r.status_code == 200, r.text
    out_trade_no = r.json()["payment"]["out_trade_no"]
    sandbox.confirm_payment(out_trade_no)
    await sandbox.deliver_payment_notification(out_trade_no)
    r = await client.get(f"/api/v1/payments/{r.json()['payment']['id']}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["payment"]


async def paid_and_posted(client: httpx.AsyncClient, services: Any, sandbox: Any, region: str = "hubei",
                          kind: str = "resident_medical") -> tuple[dict[str, str], Person, dict[str, Any]]:
    """A bound payer whose one declaration of the type was paid through WeChat and posted."""
    headers, person = await signed_in_person(client, sandbox, region, kind)
    declaration = await declare(client, headers, options_for(services, region, kind))
    payment = await paid_through_wechat(client, sandbox, headers, declaration["id"])
    assert payment["status_label"] == "缴款成功", payment
    return headers, person, payment


async def declared(client: httpx.AsyncClient, services: Any, sandbox: Any, region: str = "hubei",
                   insurance_type: str = "resident_medical") -> tuple[dict[str, str], dict[str, Any]]:
    """A signed-in, bound payer with one normal declaration of the type."""
    headers, _ = await signed_in_person(client, sandbox, region, insurance_type)
    return headers, await declare(client, headers, options_for(services, region, insurance_type))


# Guizhou's demo payer who owes 202509–202512 (with late fees), and the current month
BACK = {"insurance_type": "flexible_pension", "payment_kind": "back_payment",
        "period_start": "202509", "period_end": "202512"}


def current(services: Any) -> dict[str, Any]:
    grade = services.profile("guizhou").insurance_types["flexible_pension"].grades[0].code
    return {"insurance_type": "flexible_pension", "payment_kind": "normal",
            "period_start": "202611", "period_end": "202611", "grade": grade}
