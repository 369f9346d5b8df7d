"""Monitoring: /metrics counts open payments by age (whatever offset their times were written in),
and /readyz says what is there (the embedded queue and store, or PostgreSQL and Redis)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from app import clock
from app.payments.models import Payment
from tests.api.support import checkout, declared
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL

CHINA = ZoneInfo("Asia/Shanghai")


def _metric(text: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        key, _, value = line.rpartition(" ")
        if key == (f"{name}{{{wanted}}}" if wanted else name):
            return float(value)
    return None


async def test_metrics_count_open_payments_by_age(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text
    headers2, other = await declared(client, services, wechat_sandbox, region="guizhou")
    r2 = await checkout(client, headers2, other["id"])
    assert r2.status_code == 200, r2.text
    # one opened three hours ago, written in China's offset: 2-hour bucket boundary passed
    await Payment.filter(id=r2.json()["payment"]["id"]).update(
        created_at=(clock.now() - timedelta(hours=3)).astimezone(CHINA))
    page = await client.get("/metrics")
    assert page.status_code == 200, page.text
    assert _metric(page.text, "shebao_open_payments", state="awaiting_payment", age="lt_5m") == 1.0
    assert _metric(page.text, "shebao_open_payments", state="awaiting_payment", age="lt_1d") == 1.0
    assert _metric(page.text, "shebao_open_payments", state="awaiting_payment", age="lt_2h") is None


async def test_readyz_says_what_is_there(client):
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text
    expected_queue = "ok" if TEST_DATABASE_URL else "embedded"
    expected_store = "ok" if TEST_REDIS_URL else "embedded"
    assert r.json() == {"status": "ok", "database": "ok", "redis": expected_store, "queue": expected_queue}
