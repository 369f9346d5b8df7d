"""Steps of the agreement journeys (缴费协议办理, 协议支付) as the mini-program takes them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tests.api.support import signed_in_person
from tests.conftest import TODAY, move_clock

DONGCHENG = "国家税务总局北京市东城区税务局"  # where the Beijing demo payers' enrollments are collected
ACCOUNT = "6222020200188880001"


def agreement_form(person: Any, **overrides: Any) -> dict[str, Any]:
    body = {"division_code": "110101" if person.region == "beijing" else "420102", "bank_code": "ICBC",
            "account_no": ACCOUNT, "holder_name": person.name}
    if person.region == "beijing":
        body["tax_office"] = DONGCHENG
    return {**body, **overrides}


async def face_scan(client: httpx.AsyncClient, sandbox: Any, headers: dict[str, str], passes: bool = True) -> str:
    r = await client.post("/api/v1/me/face-verifications", headers=headers)
    assert r.status_code == 201, r.text
    verify_id = str(r.json()["verify_id"])
    sandbox.face.scan(verify_id, passed=passes)
    return verify_id


async def signed_agreement(client: httpx.AsyncClient, services: Any, wechat: Any, bank: Any,
                           region: str = "beijing", kind: str = "resident_pension", balance_fen: int = 1_000_000,
                           account: str = ACCOUNT) -> tuple[dict[str, str], Any, dict[str, Any]]:
    """A bound payer with a card at the bank and an agreement on it, in effect (Beijing: the day after)."""
    headers, person = await signed_in_person(client, wechat, region, kind)
    bank.seed_account("ICBC", account, person.name, person.id_number, balance_fen=balance_fen)
    body = agreement_form(person, account_no=account)
    if region == "hubei":
        body["face_verify_id"] = await face_scan(client, wechat, headers)
    r = await client.post("/api/v1/agreements", headers=headers, json=body)
    assert r.status_code == 201, r.text
    if region == "beijing":
        move_clock(TODAY + timedelta(days=1))
    return headers, person, r.json()["agreement"]


async def pay_by_agreement(client: httpx.AsyncClient, headers: dict[str, str], ids: list[int], agreement_id: int,
                           face_verify_id: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"declaration_ids": ids, "channel": "bank_agreement", "agreement_id": agreement_id}
    if face_verify_id:
        body["face_verify_id"] = face_verify_id
    return await client.post("/api/v1/payments", headers=headers, json=body)


def pension_grade(services: Any, index: int = 1) -> Any:
    """One of Beijing's resident-pension grades (what a batch-debit setting may take)."""
    return services.profile("beijing").rule("resident_pension").grades[index]


async def set_batch_amount(client: Any, headers: dict[str, str], amount_fen: int) -> dict[str, Any]:
    """批量扣款缴费金额设置 of the signed-in payer's resident pension."""
    r = await client.post("/api/v1/batch-debit-settings", headers=headers,
                          json={"insurance_type": "resident_pension", "amount_fen": amount_fen})
    assert r.status_code == 201, r.text
    return dict(r.json()["batch_debit_setting"])
