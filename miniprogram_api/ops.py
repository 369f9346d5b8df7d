"""Operations endpoints: liveness, readiness (database, Redis, job queue) and Prometheus metrics;
and the request id every request carries into its log lines and answer."""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets

from sanic import Blueprint, Request, Sanic
from sanic.response import BaseHTTPResponse, HTTPResponse, json, raw

from app import db, logs
from app.metrics import collect
from miniprogram_api.account import services_of
from miniprogram_api.errors import error_body
from miniprogram_api.openapi import route_doc
from miniprogram_api.responses import HealthOut, LiveOut
from miniprogram_api.views import respond

log = logging.getLogger("shebao.ops")
bp = Blueprint("ops")


def _request_id(request: Request) -> str:
    given = request.headers.get("x-request-id", "")
    if given and len(given) <= 64 and given.isascii() and given.isprintable():
        return given
    return secrets.token_hex(8)


async def tag(request: Request) -> None:
    request.ctx.request_id = _request_id(request)
    logs.bind(request_id=request.ctx.request_id, path=request.path)
    await services_of(request).sync_clock()  # the sandbox's moved clock, as the other processes see it


async def echo(request: Request, response: BaseHTTPResponse) -> None:
    request_id = getattr(request.ctx, "request_id", None)
    if request_id:
        response.headers["X-Request-ID"] = request_id


def install(app: Sanic) -> None:
    """Every request gets a request id (the caller's X-Request-ID if sane), in its logs and answer,
    and tells the time every process of the service tells (app.clock)."""
    app.register_middleware(tag, "request")
    app.register_middleware(echo, "response")


@bp.get("/livez")
@route_doc("存活检查：进程在运行即返回 200（不检查依赖）", tag="operations", ok=LiveOut, secured=False)
async def livez(request: Request) -> HTTPResponse:
    return respond(LiveOut(status="ok"))


def worker_counts(app: Sanic) -> tuple[int, int, int] | None:
    """(alive, configured, restarts) of the API workers under Sanic's manager (app/server.py
    keeps them in the shared context); None when the API runs in one process."""
    shared = app.shared_ctx
    if not hasattr(shared, "workers_configured"):
        return None
    return shared.workers_alive.value, shared.workers_configured.value, shared.worker_restarts.value


async def _ready(request: Request) -> HTTPResponse:
    services = services_of(request)
    checks: dict[str, str] = {}
    for name, probe in (("database", db.ping), ("redis", services.kv.ping if services.settings.redis_url else None),
                        ("queue", None if services.queue.in_memory else services.queue.ping)):
        if probe is None:  # the embedded default's in-process store or queue: up while we are
            checks[name] = "embedded"
            continue
        try:
            await asyncio.shield(probe())  # a prober that gives up must not cancel a connection being opened
            checks[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure means "not ready", reported, not raised
            log.warning("readiness: %s check failed", name, exc_info=True)
            checks[name] = "down"
    healthy = "down" not in checks.values()
    counts = worker_counts(request.app)
    workers = {"api_workers": f"{counts[0]}/{counts[1]}"} if counts else {}  # fewer than configured: say so
    health = HealthOut.model_validate({"status": "ok" if healthy else "unhealthy", **checks, **workers})
    return HTTPResponse(health.model_dump_json(exclude_none=True), status=200 if healthy else 503,
                        content_type="application/json")


@bp.get("/readyz")
@route_doc("就绪检查：数据库、Redis 与任务队列可用时返回 200，否则 503；"
           "内置默认配置下 Redis 与任务队列为进程内实现（embedded）", tag="operations", ok=HealthOut,
           secured=False, also={503: HealthOut})
async def readyz(request: Request) -> HTTPResponse:
    return await _ready(request)


@bp.get("/healthz")
@route_doc("健康检查（同 /readyz）", tag="operations", ok=HealthOut, secured=False, also={503: HealthOut})
async def healthz(request: Request) -> HTTPResponse:
    return await _ready(request)


@bp.get("/metrics")
@route_doc("Prometheus 指标：未结缴款（按状态与时长）、到账确认状态、应退未退、被标记的通知、对账差异、"
           "任务最近成功时间；配置 metrics_token 时需 Bearer 令牌", tag="operations", ok=None, secured=False,
           errors=(401,))
async def metrics(request: Request) -> HTTPResponse:
    services = services_of(request)
    token = services.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "")[7:]
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode()):
            return json(error_body("metrics_token_invalid", "指标令牌不正确"), status=401)
    return raw(await collect(services, workers=worker_counts(request.app)),
               content_type="text/plain; version=0.0.4; charset=utf-8")
