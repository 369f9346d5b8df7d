"""The one table that maps domain error kinds to HTTP statuses, and the JSON error shape."""

from __future__ import annotations

import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import HTTPResponse, json

from app.errors import DomainError
from app.words import REASONS

log = logging.getLogger("shebao.api")

STATUS_BY_KIND = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "rate_limited": 429,
    "unavailable": 503,
}

_SANIC_CODES = {
    400: ("bad_request", REASONS["bad_request"]),
    404: ("route_not_found", REASONS["route_not_found"]),
    405: ("method_not_allowed", REASONS["method_not_allowed"]),
    413: ("payload_too_large", REASONS["payload_too_large"]),
}


def error_body(code: str, message: str, data: dict[str, object] | None = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "data": data or {}}}


def domain_error(request: Request, exc: Exception) -> HTTPResponse:
    assert isinstance(exc, DomainError)
    status = STATUS_BY_KIND.get(exc.kind, 400)
    return json(error_body(exc.code, exc.message, exc.data), status=status)


def sanic_error(request: Request, exc: Exception) -> HTTPResponse:
    assert isinstance(exc, SanicException)
    status = exc.status_code if exc.status_code < 500 else 500
    code, message = _SANIC_CODES.get(status, ("bad_request", "") if status < 500 else ("internal_error", ""))
    message = message or REASONS[code]
    headers = {"Allow": _allowed_methods(request)} if status == 405 else {}
    return json(error_body(code, message), status=status, headers=headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """405's Allow header (RFC 9110: the methods the target resource has), asked of the router for
    each method (sanic_routing drops them for paths with parameters)."""
    allowed = []
    for method in _METHODS:
        try:
            request.app.router.get(request.path, method, request.headers.get("host"))
        except SanicException:
            continue
        allowed.append(method)
    return ", ".join(allowed)


def store_unavailable(request: Request, exc: Exception) -> HTTPResponse:
    """Redis (sessions, locks, idempotency, rate limits) not answering — restarted, failed over, its
    network gone: the request did nothing that needs undoing (a lock not taken, a session not
    read), so the payer may simply try again; not an internal error."""
    log.warning("the store does not answer on %s %s: %s", request.method, request.path, exc)
    return json(error_body("store_unavailable", REASONS["store_unavailable"]), status=503)


def unexpected_error(request: Request, exc: Exception) -> HTTPResponse:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return json(error_body("internal_error", REASONS["internal_error"]), status=500)


def install(app: Sanic) -> None:
    app.error_handler.add(DomainError, domain_error)
    app.error_handler.add(SanicException, sanic_error)
    app.error_handler.add(RedisConnectionError, store_unavailable)
    app.error_handler.add(RedisTimeoutError, store_unavailable)
    app.error_handler.add(Exception, unexpected_error)
