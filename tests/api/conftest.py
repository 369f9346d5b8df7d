"""Fixtures of the API tests (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

import pytest

from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.api.support import bind, sign_in


@pytest.fixture
async def owing(client, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    """Headers of a Guizhou user bound to the demo payer who owes flexible-pension months."""
    person = next(p for p in DEMO_PEOPLE if p.region == "guizhou" and p.owed_months.get("flexible_pension"))
    headers = await sign_in(client, wechat_sandbox, "guizhou")
    r = await bind(client, wechat_sandbox, headers, "guizhou",
                   {"id_type": person.id_type, "id_number": person.id_number, "name": person.name})
    assert r.status_code == 200, r.text
    return headers
