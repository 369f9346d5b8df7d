"""Time on either backend (SQLite, and PostgreSQL in CI's second pass): deadlines compare as
instants whatever offset they were written in (SQLite rows written before are rewritten in UTC),
and every number carries one business date, China's, whatever the process's TZ."""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tortoise import Tortoise

from app import clock
from app.declarations.services import new_declaration_no
from app.instants import as_instant
from app.paying.batch_lists import new_batch_no
from app.payments.jobs import fail_overdue_shares
from app.payments.models import PaymentItem, PostingState
from app.payments.services import new_out_trade_no
from app.refunds.services import new_out_refund_no
from tests.api.support import checkout, declared
from tests.conftest import TEST_DATABASE_URL

CHINA = ZoneInfo("Asia/Shanghai")
NEW_YORK = timezone(timedelta(hours=-5))


async def _not_posted_share(client, services, wechat_sandbox, upstream) -> PaymentItem:  # type: ignore[no-untyped-def]
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down")
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.NOT_POSTED
    return item


async def test_deadlines_compare_as_instants_whatever_their_offset(client, services, wechat_sandbox, upstream):
    item = await _not_posted_share(client, services, wechat_sandbox, upstream)
    now = clock.now()
    # an hour from now, written in New York's offset: its text reads 4 hours *before* now in UTC
    await PaymentItem.filter(id=item.id).update(posting_deadline=(now + timedelta(hours=1)).astimezone(NEW_YORK))
    assert await fail_overdue_shares(services) == 0
    # 23:59:59 in China, seen at 06:20 the next morning: its text reads hours *after* now in UTC
    due = (now - timedelta(hours=6, minutes=20)).astimezone(CHINA)
    await PaymentItem.filter(id=item.id).update(posting_deadline=due)
    stored = (await Tortoise.get_connection("default").execute_query_dict(
        "SELECT posting_deadline FROM payment_items WHERE id = " + str(item.id)))[0]["posting_deadline"]
    assert as_instant(stored) == due  # the same instant, stored in UTC on either backend
    if not TEST_DATABASE_URL:
        assert str(stored).endswith("+00:00"), stored
    assert await fail_overdue_shares(services) == 1
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.FAILED


async def test_sqlite_rows_written_before_are_rewritten_in_utc(client, services, wechat_sandbox, upstream):
    if TEST_DATABASE_URL:
        pytest.skip("SQLite's text datetimes only: PostgreSQL keeps instants")
    path = Path(__file__).parents[2] / "migrations/sqlite/models/9_20261206233500_instants_in_utc.py"
    spec = importlib.util.spec_from_file_location("instants_in_utc", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    item = await _not_posted_share(client, services, wechat_sandbox, upstream)
    conn = Tortoise.get_connection("default")
    await conn.execute_query("UPDATE payment_items SET posting_deadline = ?, created_at = ? WHERE id = ?",
                             ["2026-12-06 23:59:59+08:00", "2026-12-06 10:00:00", item.id])
    await migration.upgrade(conn)
    row = (await conn.execute_query_dict(
        "SELECT posting_deadline, created_at FROM payment_items WHERE id = ?", [item.id]))[0]
    assert (row["posting_deadline"], row["created_at"]) == ("2026-12-06 15:59:59+00:00", "2026-12-06 02:00:00+00:00")
    assert (await PaymentItem.get(id=item.id)).posting_deadline == datetime(2026, 12, 6, 23, 59, 59, tzinfo=CHINA)


@pytest.fixture
def process_in_utc() -> Iterator[None]:
    """The process's TZ set to UTC (the suite otherwise runs under Asia/Shanghai), then restored."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_numbers_carry_chinas_date_in_a_process_on_utc(process_in_utc, monkeypatch):
    # 16:30 UTC on 12-06 is 00:30 on 12-07 in China
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 6, 16, 30, 5, tzinfo=UTC))
    assert datetime.now().astimezone().utcoffset() == timedelta(0)  # the process really is on UTC
    assert new_declaration_no().startswith("SB20261207")
    assert new_out_trade_no().startswith("SBP20261207003005")
    assert new_out_refund_no().startswith("SBR20261207003005")
    assert new_batch_no().startswith("PK20261207003005")
    assert clock.business_date().isoformat() == "2026-12-07"


async def test_a_declaration_made_under_utc_is_numbered_with_chinas_date(
        process_in_utc, client, services, wechat_sandbox, upstream):
    before = clock.in_china().strftime("%Y%m%d")
    _, declaration = await declared(client, services, wechat_sandbox)
    after = clock.in_china().strftime("%Y%m%d")
    assert declaration["declaration_no"][2:10] in {before, after}
