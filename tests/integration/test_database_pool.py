"""The ORM's PostgreSQL pool (app.db.serving_config): a connection handed back costs no second
round trip (asyncpg's reset query is not sent), and a transaction left open on it is still
rolled back before anyone else gets it."""

from __future__ import annotations

import pytest
from tortoise import Tortoise

from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="the pool is PostgreSQL's (SHEBAO_TEST_DATABASE_URL)")


async def _pool():  # type: ignore[no-untyped-def]
    connection = Tortoise.get_connection("default")
    await connection.execute_query("SELECT 1")  # the pool is made on first use
    return connection._pool  # type: ignore[attr-defined]


async def test_a_statement_outside_a_transaction_is_one_round_trip(database_url: str) -> None:
    sent: list[str] = []

    def log(record) -> None:  # type: ignore[no-untyped-def]
        sent.append(record.query)

    async with (await _pool()).acquire() as proxy:
        connection = proxy._con
        connection.add_query_logger(log)
        assert await proxy.fetchval("SELECT 41 + 1") == 42
    # handed back: asyncpg's default would have sent "SELECT pg_advisory_unlock_all(); CLOSE ALL; …" here
    connection.remove_query_logger(log)
    assert sent == ["SELECT 41 + 1"]


async def test_a_transaction_left_open_is_rolled_back_on_release(database_url: str) -> None:
    pool = await _pool()
    async with pool.acquire() as proxy:
        connection = proxy._con
        await proxy.execute("BEGIN")  # not asyncpg's managed transaction: nothing closes it but the pool
        await proxy.execute("CREATE TEMP TABLE left_open (x int) ON COMMIT DROP")
        assert connection.is_in_transaction()
    assert not connection.is_in_transaction()
    async with pool.acquire() as proxy:  # and whoever gets a connection next sees nothing of it
        assert not proxy._con.is_in_transaction()
        assert await proxy.fetchval("SELECT to_regclass('pg_temp.left_open') IS NULL")


async def test_the_orm_still_works_through_it(database_url: str) -> None:
    from app.identity.models import User

    user = await User.create(openid="pool-check", region="guizhou")
    assert (await User.get(id=user.id)).openid == "pool-check"
    await User.filter(id=user.id).delete()
