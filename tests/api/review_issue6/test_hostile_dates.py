"""From the review of issue 6: dates at the edges of the calendar in 申报记录查询 are refused, not a 500."""

from __future__ import annotations

import pytest

from tests.api.payer_steps import assert_error
from tests.api.support import declared
from tests.conftest import TEST_DATABASE_URL


async def _refused_or_answered(client, services, wechat_sandbox, query: str) -> None:  # type: ignore[no-untyped-def]
    headers, _ = await declared(client, services, wechat_sandbox)
    r = await client.get(f"/api/v1/declarations?{query}", headers=headers)
    if r.status_code != 200:
        assert_error(r, 400, "field_invalid")


async def test_the_last_day_of_the_calendar_as_to_date_is_refused(client, services, wechat_sandbox, upstream):
    # the inclusive end date adds a day past datetime.max: OverflowError (both databases)
    await _refused_or_answered(client, services, wechat_sandbox, "to=9999-12-31")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite stores the date as text; PostgreSQL converts it")
async def test_the_first_day_of_the_calendar_as_from_date_is_refused_on_postgres(
    client, services, wechat_sandbox, upstream
):
    # 0001-01-01 in Asia/Shanghai (LMT +08:05:43) is before year 1 in UTC: the driver overflows
    await _refused_or_answered(client, services, wechat_sandbox, "from=0001-01-01")
