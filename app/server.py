"""The Sanic application factory: `sanic app.server:create_app --factory`, or `python -m app serve`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sanic import Sanic

from app import db
from app.bootstrap import build_services, close_services
from app.context import Services
from config.settings import Settings, load_settings

log = logging.getLogger("shebao")
ServicesFactory = Callable[[Settings], Awaitable[Services]]


def _dashboard(app: Sanic) -> None:
    """The operations dashboard (HTML for staff) and the public verification page, kept out of the
    mini-program's API document."""
    from sanic_ext.extensions.openapi import openapi

    import dashboard

    group = dashboard.blueprint()
    app.blueprint(group)
    for bp in group.blueprints:  # its routes exist once registered
        openapi.exclude(bp=bp)  # type: ignore[arg-type]
    app.static("/dashboard/static", dashboard.STATIC, name="dashboard_static")

    import public_site
    from public_site import pages

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
    from miniprogram_api import account, agreements, certificates, notify, ops, payers, paying, queries
    from miniprogram_api.errors import install

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
            from app import logs

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
