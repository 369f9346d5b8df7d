"""`python -m app <command>` — the service's command line.

    serve          the embedded default in one process: API, job worker, sandboxes (SQLite)
    api            the API under Sanic's worker manager, N processes, no jobs (PostgreSQL)
    worker         the job worker: follow-up work, retries, sweeps, daily reconciliation
    sandbox        the WeChat Pay / wx.login / face, Alipay, bank gateway and upstream sandboxes, as their own process
    reconcile      日切对账 of one day: `reconcile --date 2026-11-29 [--channel NAME]` (the first channel by default)
    batch-debit    one 批扣清册 now: `batch-debit --region beijing [--insurance-type resident_pension]`
    migrate        apply migrations (and the job queue's tables on PostgreSQL)
    makemigrations developers: write the next migration for the database URL's dialect
    demo           list the demo payers
    openapi        write docs/openapi.json
    reasons        write docs/api.md's table of payer-facing reason codes (from app/words.py)
    machines       print every state machine's table (as docs/architecture.md shows them)
    operators      the dashboard's accounts: `operators add NAME --role approver` (password on stdin or asked),
                   `operators list`, `operators passwd NAME`, `operators unlock NAME`, `operators disable NAME`
    institutions   institutions' API keys for machine verification of certificates: `institutions add NAME
                   [--rate-per-minute N]` (prints the key once), `institutions list`, `institutions revoke NAME|KEY_ID`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import tempfile
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sanic import Request, Sanic
from sanic.worker.loader import AppLoader
from sanic.worker.manager import WorkerManager
from sanic.worker.process import WorkerProcess

from app import clock, db, logs
from app.bootstrap import build_sandboxes, build_services, close_services
from app.certificates import demo_keys_for
from app.commands import (
    batch_debit_command,
    demo_operators,
    institutions_command,
    operators_command,
    reconcile_command,
    tables,
)
from app.identity import mask_id_number
from app.kv import create_store
from app.server import create_app, serve_in_loop
from config.regions import load_region_profiles
from config.settings import Settings, WeChatSettings, load_settings
from miniprogram_api import reasons
from payment_channels.registry import CHANNELS

if TYPE_CHECKING:
    from app.server import ServicesFactory

log = logging.getLogger("shebao")


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def sandbox_app(settings: Settings):  # type: ignore[no-untyped-def]
    """One Sanic app with every sandbox: each registered channel's (WeChat Pay's with wx.login and
    人脸核身 beside it), upstream's, and the demo chain's timestamp authority and OCSP/CRL responder."""
    from sandboxes import bounded
    from sandboxes.trust import DemoTrustAuthority, create_trust_sandbox_blueprint
    from sandboxes.upstream.http import create_upstream_sandbox_blueprint
    from sandboxes.upstream.sandbox import SandboxUpstream

    bounded.DEFAULT_LIMIT = settings.sandbox_keep_in_memory  # before the sandboxes make their stores
    app = Sanic("sandboxes")
    app.config.AUTO_EXTEND = False  # no sanic-ext (OpenAPI pages etc.) on fake providers
    app.config.ACCESS_LOG = False
    for name, simulator in build_sandboxes(settings).items():
        app.blueprint(CHANNELS[name].sandbox_blueprint(simulator))
    upstream = SandboxUpstream(load_region_profiles(Path(settings.regions_dir)))
    app.blueprint(create_upstream_sandbox_blueprint(upstream, settings.upstream_secret))
    app.blueprint(create_trust_sandbox_blueprint(lambda: DemoTrustAuthority(demo_keys_for(settings))))
    if settings.redis_url:  # its own process beside the service's: it tells the service's moved clock
        store = create_store(settings.redis_url, settings.redis_namespace)

        async def sync_clock(request: Request) -> None:
            await clock.sync(store)

        async def close_store(app: Sanic) -> None:
            await store.close()

        app.register_middleware(sync_clock, "request")
        app.register_listener(close_store, "after_server_stop")
    return app


async def serve(settings: Settings, services_factory: ServicesFactory | None = None) -> None:
    """The embedded default: the service (its job worker inside) and, in sandbox mode, the WeChat
    sandbox, in one process until SIGINT or SIGTERM."""
    stop = _stop_event()
    async with AsyncExitStack() as stack:
        if settings.channels_mode == "sandbox" and not settings.wechat.gateway_url:
            sandboxes = sandbox_app(settings)
            url = await stack.enter_async_context(
                serve_in_loop(sandboxes, settings.sandbox_host, settings.sandbox_port))
            print(f"sandboxes (WeChat Pay, wx.login, face, Alipay, bank, upstream, TSA/OCSP) on {url}", flush=True)
        app = create_app(settings, services_factory)
        url = await stack.enter_async_context(serve_in_loop(app, settings.host, settings.port))
        print(f"社保缴费 service on {url}  (OpenAPI: {url}/docs, health: {url}/readyz)", flush=True)
        await stop.wait()


async def sandbox(settings: Settings) -> None:
    stop = _stop_event()
    async with serve_in_loop(sandbox_app(settings), settings.sandbox_host, settings.sandbox_port) as url:
        print(f"sandboxes (WeChat Pay, wx.login, face, Alipay, bank, upstream, TSA/OCSP) on {url}", flush=True)
        await stop.wait()


def api(settings: Settings, workers: int) -> None:
    """The API alone, in `workers` processes under Sanic's manager; jobs run in `worker`."""
    if settings.is_sqlite or settings.in_process_worker:
        raise SystemExit("api: several processes need PostgreSQL and SHEBAO_IN_PROCESS_WORKER=false "
                         "(the embedded default is `python -m app serve`)")
    # Sanic gives its workers 30 s to start (in tenths of a second), then stops the whole service; a
    # busy machine starting every process at once (a deploy, a restart after a fault) needs longer
    WorkerManager.THRESHOLD = WorkerProcess.THRESHOLD = settings.api_start_seconds * 10
    loader = AppLoader(factory=partial(create_app))
    app = loader.load()
    app.prepare(host=settings.host, port=settings.port, workers=workers, single_process=False, motd=False,
                access_log=settings.access_log)
    Sanic.serve(primary=app, app_loader=loader)


async def worker(settings: Settings, concurrency: int) -> None:
    """The job worker until SIGINT or SIGTERM: a job in flight ends first (or, if killed, is
    picked up again by another worker: every task is idempotent)."""
    stop = _stop_event()
    await db.connect(settings)
    services = await build_services(settings)
    running = asyncio.create_task(services.queue.run_worker(concurrency=concurrency), name="job worker")
    log.info("job worker started (%s, concurrency %d)", "in memory" if services.queue.in_memory else "PostgreSQL",
             concurrency)
    try:
        await asyncio.wait([running, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await close_services(services)
        await db.disconnect()


async def _migrate(settings: Settings) -> None:
    applied = await db.migrate(settings)
    print("applied:", ", ".join(applied) if applied else "nothing (up to date)")


async def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as sanic-ext generates it, from an app started on a scratch database."""
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(env={}, database_url=f"sqlite://{scratch}/openapi.sqlite3",
                                 wechat=WeChatSettings(keys_dir=f"{scratch}/keys"), in_process_worker=False)
        async with serve_in_loop(create_app(settings, name="shebao_openapi")) as url:
            async with httpx.AsyncClient() as client:
                document: dict[str, Any] = (await client.get(f"{url}/docs/openapi.json")).json()
    document["tags"] = sorted(document.get("tags", []), key=lambda tag: tag["name"])  # sanic-ext: set order
    return document


def _demo() -> None:
    from sandboxes.bank import demo_bank_accounts
    from sandboxes.upstream.demo_data import DEMO_PEOPLE

    cards = {p.id_number: (bank, number) for bank, number, p in demo_bank_accounts()}
    for person in DEMO_PEOPLE:
        types = ", ".join(e.insurance_type for e in person.enrollments) or "（未参保）"
        card = cards.get(person.id_number)
        print(f"{person.region:8} {person.name:6} {person.id_type} {person.id_number} "
              f"({mask_id_number(person.id_number)})  {types}"
              + (f"  银行卡 {card[0]} {card[1]}（沙箱余额 10000 元）" if card else ""))


def run(main: Coroutine[Any, Any, Any]) -> Any:
    """Run on uvloop where it is installed (Sanic's own choice), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="社保缴费 service")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "sandbox", "migrate", "makemigrations", "demo"):
        commands.add_parser(name)
    commands.add_parser("api").add_argument("--workers", type=int, default=2)
    commands.add_parser("worker").add_argument("--concurrency", type=int, default=0, help="default: settings")
    reconcile = commands.add_parser("reconcile")
    reconcile.add_argument("--date", type=date.fromisoformat, required=True, help="the statement's day, YYYY-MM-DD")
    reconcile.add_argument("--channel", default=next(iter(CHANNELS)), choices=list(CHANNELS))
    batch = commands.add_parser("batch-debit")
    batch.add_argument("--region", required=True)
    batch.add_argument("--insurance-type", default="resident_pension")
    batch.add_argument("--year", type=int, default=None, help="default: this year")
    commands.add_parser("openapi").add_argument("output", nargs="?", default="docs/openapi.json")
    commands.add_parser("reasons", help="write docs/api.md's table of reason codes (from app/words.py)")
    commands.add_parser("machines", help="print every state machine's table (docs/architecture.md shows them)")
    operators = commands.add_parser("operators").add_subparsers(dest="verb", required=True)
    add = operators.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", choices=["viewer", "operator", "approver"], required=True)
    add.add_argument("--name", default="", help="the name shown in the dashboard (default: the username)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    operators.add_parser("list")
    for verb in ("passwd", "unlock", "disable"):
        one = operators.add_parser(verb)
        one.add_argument("username")
        if verb == "passwd":
            one.add_argument("--password-stdin", action="store_true")
    institution = commands.add_parser("institutions").add_subparsers(dest="verb", required=True)
    issue = institution.add_parser("add", help="issue an institution's API key (shown once)")
    issue.add_argument("name", help="the institution, e.g. 某银行股份有限公司武汉分行")
    issue.add_argument("--rate-per-minute", type=int, default=None,
                       help="its own limit (default: the setting institution_verification_rate_per_minute)")
    institution.add_parser("list")
    institution.add_parser("revoke", help="stop a key at once").add_argument("name", help="the institution or key id")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    logs.setup(settings.log_format)
    if args.command == "serve":
        run(serve(settings))
    elif args.command == "api":
        api(settings, args.workers)
    elif args.command == "worker":
        run(worker(settings, args.concurrency or settings.worker_concurrency))
    elif args.command == "sandbox":
        run(sandbox(settings))
    elif args.command == "reconcile":
        return int(run(reconcile_command(settings, args.date, args.channel)))
    elif args.command == "batch-debit":
        return int(run(batch_debit_command(settings, args.region, args.insurance_type, args.year)))
    elif args.command == "migrate":
        asyncio.run(_migrate(settings))
    elif args.command == "makemigrations":
        print(asyncio.run(db.make_migrations(settings)))
    elif args.command == "operators":
        return int(asyncio.run(operators_command(settings, args)))
    elif args.command == "institutions":
        return int(asyncio.run(institutions_command(settings, args)))
    elif args.command == "machines":
        print(tables())
    elif args.command == "reasons":
        reasons.write()
        print(f"wrote {reasons.API_DOC.name}: {len(reasons.statuses())} reason codes")
    elif args.command == "openapi":
        document = asyncio.run(openapi_document())
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        print(f"wrote {args.output}: {len(document['paths'])} paths")
    else:
        _demo()
        if settings.profile == "embedded" and settings.load_demo_data:
            asyncio.run(demo_operators(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
