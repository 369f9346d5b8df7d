"""The Sanic application factory: `sanic app.server:create_app --factory`, or `python -m app serve`;
and `serve_in_loop`, which serves any Sanic app inside the running loop (`serve`, `openapi`, the
tests' servers, the sandboxes' own process)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sanic import Sanic
from sanic.worker.constants import ProcessState
from sanic_ext.extensions.openapi import openapi

import dashboard
import public_site
from app import db, logs
from app.bootstrap import build_services, close_services
from app.context import Services
from config.settings import Settings, load_settings
from miniprogram_api import (
    account,
    agreements,
    certificates,
    institutions,
    notify,
    ops,
    payers,
    paying,
    queries,
    sandbox_clock,
)
from miniprogram_api.errors import install
from public_site import pages

log = logging.getLogger("shebao")
ServicesFactory = Callable[[Settings], Awaitable[Services]]
GRACE_SECONDS = 1.0


def _dashboard(app: Sanic) -> None:
    """The operations dashboard (HTML for staff) and the public verification page, kept out of the
    mini-program's API document."""
    group = dashboard.blueprint()
    app.blueprint(group)
    for bp in group.blueprints:  # its routes exist once registered
        openapi.exclude(bp=bp)  # type: ignore[arg-type]
    app.static("/dashboard/static", dashboard.STATIC, name="dashboard_static")

    app.blueprint(pages.bp)
    openapi.exclude(bp=pages.bp)
    app.static("/certificates/static", public_site.STATIC, name="public_static")


RESTART_PENDING_SECONDS = 5.0
# a worker in one of these states that is not alive has died (one being stopped is TERMINATED)
RAN = frozenset({ProcessState.STARTED, ProcessState.ACKED, ProcessState.JOINED, ProcessState.FAILED,
                 ProcessState.COMPLETED})


def _supervise(app: Sanic) -> None:
    """Replace an API worker that dies. Sanic's manager marks a dead worker FAILED and carries on
    without it (sanic-org/sanic#3062): the service would run on fewer workers, silently. The main
    process watches its workers; a dead one (not one being stopped or restarted) is logged, counted
    and restarted through the manager's own monitor pipe, so the restart runs in the manager's
    loop. Every worker sees the counts (`/metrics`, `/readyz`)."""

    @app.main_process_start
    async def counters(app: Sanic, _: Any) -> None:
        app.shared_ctx.worker_restarts = multiprocessing.Value("i", 0)
        app.shared_ctx.workers_alive = multiprocessing.Value("i", 0)
        app.shared_ctx.workers_configured = multiprocessing.Value("i", app.state.workers)

    @app.main_process_ready
    async def watch(app: Sanic, _: Any) -> None:
        threading.Thread(target=_watch_workers, args=(app,), name="api worker watchdog", daemon=True).start()


def _watch_workers(app: Sanic) -> None:
    """Only a worker that had started serving (acknowledged) is replaced: one that dies during the
    first start is a start-up failure, and Sanic's manager stops the service for it."""
    manager = app.manager
    served: set[str] = set()
    pending: dict[str, float] = {}
    while not getattr(manager, "_shutting_down", False):
        alive = 0
        for process in list(manager.transient_processes):
            if process.is_alive():
                if process.state == ProcessState.ACKED:
                    alive += 1
                    served.add(process.name)
                    pending.pop(process.name, None)
                continue
            if process.name not in served or process.state not in RAN or \
                    time.monotonic() - pending.get(process.name, -RESTART_PENDING_SECONDS) < RESTART_PENDING_SECONDS:
                continue  # not started yet, being stopped or restarted, or its restart asked for already
            log.error("API worker %s (pid %s) died (exit code %s): starting another", process.name, process.pid,
                      process.exitcode)
            with app.shared_ctx.worker_restarts.get_lock():
                app.shared_ctx.worker_restarts.value += 1
            pending[process.name] = time.monotonic()
            manager.monitor_publisher.send(f"{process.name}:")
        app.shared_ctx.workers_alive.value = alive
        time.sleep(0.5)


def create_app(
    settings: Settings | None = None,
    services_factory: ServicesFactory | None = None,
    *,
    name: str = "shebao",
    manage_database: bool = True,
) -> Sanic:
    """Build the app. `services_factory` lets tests bring their own sandboxes."""
    settings = settings or load_settings()
    app = Sanic(name)
    app.config.update(
        OAS_UI_DEFAULT="swagger", OAS_URL_PREFIX="/docs", API_TITLE="社保缴费 API",
        API_VERSION="1.0.0", API_DESCRIPTION="小程序与手机端的社保费缴纳接口。金额单位均为分（整数）。",
        ACCESS_LOG=settings.access_log, FALLBACK_ERROR_FORMAT="json", REQUEST_MAX_SIZE=1_000_000,
        # the caller's address behind trusted reverse proxies (request.remote_addr)
        PROXIES_COUNT=settings.proxies_count, REAL_IP_HEADER=settings.real_ip_header or None,
        FORWARDED_SECRET=settings.forwarded_secret or None,
    )
    app.ext.openapi.add_security_scheme("bearer", "http", scheme="bearer")
    app.ext.openapi.add_security_scheme(  # `Authorization: ApiKey sbk_…` (python -m app institutions add)
        "institution_api_key", "apiKey", location="header", name="Authorization",
        description="机构 API 密钥：Authorization: ApiKey sbk_…（由运营人员在命令行签发）")
    app.ctx.settings = settings
    app.blueprint(account.bp)
    app.blueprint(paying.bp)
    app.blueprint(queries.bp)
    app.blueprint(payers.bp)
    app.blueprint(notify.bp)
    app.blueprint(ops.bp)
    app.blueprint(certificates.bp)
    app.blueprint(institutions.bp)
    app.blueprint(agreements.bp)
    app.blueprint(sandbox_clock.bp)  # production answers 403 sandbox_clock_refused
    _dashboard(app)
    _supervise(app)
    ops.install(app)
    install(app)
    factory = services_factory or build_services

    @app.before_server_start
    async def start(app: Sanic) -> None:
        if settings.log_format == "json":  # each API process (Sanic's workers do not run `main`)
            logs.setup("json")
        if manage_database:
            if settings.profile == "embedded":
                applied = await db.migrate(settings)
                if applied:
                    log.info("applied migrations: %s", applied)
            await db.connect(settings)
        app.ctx.services = await factory(settings)
        if settings.in_process_worker:  # the embedded default: one process runs it all
            app.ctx.jobs = asyncio.create_task(
                app.ctx.services.queue.run_worker(concurrency=settings.worker_concurrency), name="job worker")

    @app.before_server_stop
    async def stop_jobs(app: Sanic) -> None:
        jobs = getattr(app.ctx, "jobs", None)
        if jobs is not None:
            jobs.cancel()
            await asyncio.gather(jobs, return_exceptions=True)

    @app.after_server_stop
    async def stop(app: Sanic) -> None:
        await close_services(app.ctx.services)
        if manage_database:
            await db.disconnect()

    return app


@asynccontextmanager
async def serve_in_loop(app: Sanic[Any, Any], host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Run `app` as an HTTP server in the current loop; yields "http://host:port".

    Listeners run in Sanic's order (before_server_start, after_server_start, before_server_stop,
    after_server_stop). On exit the socket closes, idle connections close, busy ones get
    GRACE_SECONDS and are then aborted (their handlers are cancelled). One app, one serve at a time.
    Sets app.config.MOTD and TOUCHUP to False (see below why).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(100)
    sock.setblocking(False)
    bound_host, bound_port = sock.getsockname()[:2]
    # the banner imports sanic_testing, whose websockets.legacy import warns (an error under -W error)
    app.config.MOTD = False
    # TouchUp rewrites Sanic's class methods once per process; a second app then fails (KeyError)
    app.config.TOUCHUP = False
    # not serving yet: a client that connects early waits in the backlog until the start-up
    # listeners have built the app's services (it is never answered by a half-started app)
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False,
                                     asyncio_server_kwargs={"start_serving": False})
    if server is None:  # only when create_server is given return_asyncio_server=False
        raise RuntimeError("Sanic did not return a server")
    await server.startup()  # type: ignore[no-untyped-call]
    await server.before_start()  # type: ignore[no-untyped-call]
    await server.after_start()  # type: ignore[no-untyped-call]
    if server.server is not None:
        await server.server.start_serving()
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        await server.before_stop()  # type: ignore[no-untyped-call]
        await _drain(server.server, server.connections)
        await server.after_stop()  # type: ignore[no-untyped-call]
        app.state.is_started = False
        sock.close()


async def _drain(listener: asyncio.AbstractServer | None, connections: set) -> None:  # type: ignore[type-arg]
    if listener is not None:
        listener.close()
    for connection in list(connections):
        connection.close_if_idle()
    waited = 0.0
    while connections and waited < GRACE_SECONDS:
        await asyncio.sleep(0.05)
        waited += 0.05
    for connection in list(connections):
        connection.abort()
    if listener is not None:
        await listener.wait_closed()
    await asyncio.sleep(0)  # let aborted protocols run connection_lost
