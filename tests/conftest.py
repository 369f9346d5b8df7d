"""Shared fixtures: a migrated database, the sandboxes as real loopback servers, the app.

The suite runs on the embedded default (SQLite file, in-process store). Set
SHEBAO_TEST_DATABASE_URL=postgres://… and SHEBAO_TEST_REDIS_URL=redis://… to run the same
suite against PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sanic import Sanic

from config.settings import AlipaySettings, BankSettings, Settings, WeChatSettings, load_settings

Sanic.test_mode = True

TEST_DATABASE_URL = os.environ.get("SHEBAO_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("SHEBAO_TEST_REDIS_URL", "")
_bound: list = []  # type: ignore[type-arg]  # the suite's services, once the server has built them


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _fresh_postgres(admin_url: str) -> str:
    import asyncpg

    base, _, _ = admin_url.rpartition("/")
    name = f"shebao_test_{os.getpid()}"
    conn = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base}/{name}"


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A fresh database, migrated with the real migrations, connected for the whole session."""
    from app import db

    if TEST_DATABASE_URL:
        url = await _fresh_postgres(TEST_DATABASE_URL)
    else:
        url = f"sqlite://{Path(tmp_path_factory.mktemp('db')) / 'test.sqlite3'}"
    settings = load_settings(env={}, database_url=url)
    await db.migrate(settings)
    await db.connect(settings)
    yield url
    await db.disconnect()


def _tables() -> list[str]:
    """Every table of our models (not aerich's), children before parents for SQLite's DELETE."""
    from tortoise import Tortoise

    models = [m for m in Tortoise.apps["models"].values() if not m.__module__.startswith("aerich")]
    ordered: list[str] = []
    pending = list(models)
    while pending:
        for model in list(pending):
            referenced_by_pending = any(
                model in {other._meta.fields_map[n].related_model
                          for n in (*other._meta.fk_fields, *other._meta.o2o_fields)}
                for other in pending if other is not model
            )
            if not referenced_by_pending:
                ordered.append(model._meta.db_table)
                pending.remove(model)
    return ordered


async def truncate_all() -> None:
    from tortoise import Tortoise

    conn = Tortoise.get_connection("default")
    tables = _tables()
    if TEST_DATABASE_URL:
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        for table in tables:
            await conn.execute_script(f"DELETE FROM {table}")


@pytest.fixture(scope="session")
def demo_keys():  # type: ignore[no-untyped-def]
    from payment_channels.wechat_pay.keys import generate_demo_keys

    return generate_demo_keys()


@pytest.fixture(scope="session")
def ports() -> dict[str, int]:
    return {"app": free_port(), "sandbox": free_port()}


@pytest.fixture(scope="session")
def settings(database_url: str, ports: dict[str, int]) -> Settings:
    return load_settings(
        env={},
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
        # a namespace of its own: rate-limit windows must not carry over from an earlier run
        redis_namespace=f"shebao-test-{os.getpid()}-{os.urandom(3).hex()}",
        port=ports["app"],
        public_base_url=f"http://127.0.0.1:{ports['app']}",
        sandbox_port=ports["sandbox"],
        login_rate_per_minute=1000,
        binding_rate_per_hour=1000,
        identity_check_rate_per_hour=1000,
        lock_timeout_seconds=10.0,
        wechat=WeChatSettings(timeout_seconds=2.0),
        alipay=AlipaySettings(timeout_seconds=2.0),
        bank=BankSettings(timeout_seconds=2.0),
        in_process_worker=False,  # tests run the queue themselves: services.queue.drain()
    )


@pytest.fixture(scope="session")
async def wechat_sandbox(settings: Settings, demo_keys, ports):  # type: ignore[no-untyped-def]
    """The WeChat Pay / wx.login sandbox, served on loopback; it delivers notifications over HTTP."""
    from app.bootstrap import build_sandboxes
    from app.server import serve_in_loop
    from payment_channels.registry import CHANNELS
    from sandboxes.wechat_pay.http import create_sandbox_app

    simulators = build_sandboxes(settings, demo_keys)
    sandbox, alipay, bank = simulators["wechat_pay"], simulators["alipay"], simulators["bank_agreement"]
    sandbox.unknown_sleep_seconds = settings.wechat.timeout_seconds + 0.5
    alipay.unknown_sleep_seconds = settings.alipay.timeout_seconds + 0.5
    bank.timeout_sleep_seconds = settings.bank.timeout_seconds + 0.5
    app = create_sandbox_app(sandbox, name="wechat_sandbox_test")
    for name, simulator in simulators.items():
        if name != "wechat_pay":
            app.blueprint(CHANNELS[name].sandbox_blueprint(simulator))
    from app.certificates.jobs import demo_keys_for
    from sandboxes.trust import DemoTrustAuthority, create_trust_sandbox_blueprint

    trust = DemoTrustAuthority(demo_keys_for(settings))  # certificates' timestamps and OCSP (PAdES B-LTA)
    app.blueprint(create_trust_sandbox_blueprint(trust))
    async with serve_in_loop(app, port=ports["sandbox"]) as base_url:
        sandbox.base_url = alipay.base_url = base_url
        sandbox.alipay, sandbox.bank = alipay, bank  # the tests' handles: the alipay_sandbox / bank_sandbox fixtures
        sandbox.trust = trust
        yield sandbox


@pytest.fixture
def alipay_sandbox(wechat_sandbox):  # type: ignore[no-untyped-def]
    """The Alipay sandbox, served beside WeChat Pay's (/alipay/gateway.do)."""
    return wechat_sandbox.alipay


@pytest.fixture
def bank_sandbox(wechat_sandbox):  # type: ignore[no-untyped-def]
    """The bank gateway sandbox (/bank/…), served beside WeChat Pay's; each test starts with no
    agreements, debits or refunds at the bank, and only the demo accounts open."""
    from sandboxes.bank import open_demo_accounts

    bank = wechat_sandbox.bank
    for held in (bank.accounts, bank.agreements, bank.debits, bank.refunds, bank.calls):
        held.clear()
    bank.deliveries.clear()
    open_demo_accounts(bank)
    return bank


@pytest.fixture(scope="session")
async def server(settings: Settings, demo_keys, wechat_sandbox):  # type: ignore[no-untyped-def]
    """The service itself, served on loopback, wired to the sandboxes like the embedded default."""
    from app.bootstrap import build_services
    from app.server import create_app, serve_in_loop

    async def factory(s: Settings):  # type: ignore[no-untyped-def]
        from config.regions import load_region_profiles
        from sandboxes.upstream.sandbox import SandboxUpstream

        # the `upstream` fixture gives each test a fresh one of these
        return await build_services(s, keys=demo_keys, upstream=SandboxUpstream(load_region_profiles()))

    app = create_app(settings, factory, name="shebao_test", manage_database=False)
    async with serve_in_loop(app, port=settings.port) as base_url:
        app.ctx.base_url = base_url
        _bound[:] = [app.ctx.services]  # the suite's worker: `drain()` runs what requests deferred
        real_deliver = wechat_sandbox._deliver

        async def deliver_then_work(url: str, headers: dict[str, str], body: bytes) -> int:
            status = await real_deliver(url, headers, body)
            await drain()  # WeChat notified us; then the worker runs, as it would a moment later
            return status

        wechat_sandbox._deliver = deliver_then_work
        yield app
        wechat_sandbox._deliver = real_deliver
        if TEST_REDIS_URL:
            await app.ctx.services.kv.clear()


@pytest.fixture
async def services(server):  # type: ignore[no-untyped-def]
    return server.ctx.services


def bound_services():  # type: ignore[no-untyped-def]
    """The services of the suite's server (for helpers that are not fixtures)."""
    return _bound[0]


async def drain() -> None:
    """Run every job that requests (or notifications, or sweeps called by a test) deferred, and
    the jobs those defer: what the worker process would do right after."""
    await _bound[0].queue.drain()


# The day the suite's dated rules (collection windows, which years may be paid) are judged on,
# so that the tests mean the same thing next year.
TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def move_clock(to: datetime) -> None:
    """Move the business clock (app.clock: the service, its jobs and the sandboxes) so that it
    says `to` now, and runs on from there."""
    from app import clock

    clock.set_offset(to - datetime.now(UTC))


@pytest.fixture
async def upstream(services):  # type: ignore[no-untyped-def]
    """A fresh upstream sandbox (demo people, no postings, no faults) for each test, and the
    business clock moved to TODAY (it runs on from there; rules are dated by it); back after."""
    from app import clock
    from sandboxes.upstream.sandbox import SandboxUpstream

    move_clock(TODAY)
    services.upstream = SandboxUpstream(services.profiles)
    yield services.upstream
    clock.set_offset(timedelta(0))


@pytest.fixture
async def client(server, upstream, wechat_sandbox) -> AsyncIterator:  # type: ignore[no-untyped-def]
    """An HTTP client on the running service; the database is emptied after each test. Every
    response it receives is checked against the committed OpenAPI document (tests/openapi_check.py)."""
    import httpx

    from tests.openapi_check import on_response

    wechat_sandbox.clear_faults()
    wechat_sandbox.alipay.faults.clear()
    wechat_sandbox.bank.clear_faults()
    async def then_work(response: httpx.Response) -> None:
        await drain()  # after each request, the worker runs what it deferred

    async with httpx.AsyncClient(base_url=server.ctx.base_url, timeout=30,
                                 event_hooks={"response": [on_response, then_work]}) as http:
        yield http
    await server.ctx.services.queue.clear()  # no job of this test runs in the next one
    await truncate_all()
    await server.ctx.services.kv.clear()  # sessions, remembered identity checks
    await server.ctx.services.rate_limiter.reset()
