"""The Sanic application factory: `sanic app.server:create_app --factory`, or `python -m app serve`;
and `serve_in_loop`, which serves any Sanic app inside the running loop (`serve`, `openapi`, the
tests' servers, the sandboxes' own process)."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sanic import Sanic
from sanic_ext.extensions.openapi import openapi

import dashboard
import public_site
from app import db, logs
from app.bootstrap import build_services, close_services
from app.context import Services
from config.settings import Settings, load_settings
from miniprogram_api import account, agreements, certificates, notify, ops, payers, paying, queries
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
    app.ctx.settings = settings
    app.blueprint(account.bp)
    app.blueprint(paying.bp)
    app.blueprint(queries.bp)
    app.blueprint(payers.bp)
    app.blueprint(notify.bp)
    app.blueprint(ops.bp)
    app.blueprint(certificates.bp)
    app.blueprint(agreements.bp)
    _dashboard(app)
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
