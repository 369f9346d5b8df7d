"""Steps shared by the saved-payer, pay-for-others and batch-debit tests."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.upstream.demo_data import DEMO_PEOPLE, DemoPerson
from tests.api.support import bind, sign_in


def demo(name: str) -> DemoPerson:
    return next(p for p in DEMO_PEOPLE if p.name == name)


def registered(upstream: Any, body: dict[str, Any], region: str = "hubei") -> dict[str, Any]:
    """A person the upstream register knows (实名核验 passes), with no enrollment; returns `body`."""
    upstream.add_person(DemoPerson(body["id_type"], body["id_number"], body["name"], region))
    return body


def payer_body(person: DemoPerson, **extra: Any) -> dict[str, Any]:
    return {"id_type": person.id_type, "id_number": person.id_number, "name": person.name, **extra}


async def signed_in_as(client: httpx.AsyncClient, sandbox: Any, name: str) -> dict[str, str]:
    """A user of the person's region, bound to that demo person."""
    person = demo(name)
    headers = await sign_in(client, sandbox, person.region)
    r = await bind(client, sandbox, headers, person.region, payer_body(person))
    assert r.status_code == 200, r.text
    return headers


async def add_saved(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    r = await client.post("/api/v1/saved-payers", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["saved_payer"]


def assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code, error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    return error  # type: ignore[no-any-return]
