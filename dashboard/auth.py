"""Sign-in, the session cookie, CSRF and roles; every dashboard handler goes through `staff`.

The session cookie is HttpOnly, SameSite=Strict, scoped to /dashboard (Secure behind https).
Every POST carries the session's CSRF token (a hidden form field, or the X-CSRF-Token header),
compared in constant time; the sign-in form has its own token in a short-lived cookie, so a
foreign page cannot sign a browser in either. A refusal is audited.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlsplit

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from app import rate_limits
from app.errors import DomainError, NotFound, RateLimited
from app.operations import (
    ROLE_LABELS,
    Role,
    Session,
    audit,
    clean_text,
    close_session,
    errors,
    open_session,
    session_of,
    sign_in,
)
from dashboard.render import SECURITY_HEADERS, render
from miniprogram_api.account import client_address, services_of
from miniprogram_api.errors import STATUS_BY_KIND

bp = Blueprint("dashboard_auth")
COOKIE = "shebao_ops"
SIGN_IN_COOKIE = "shebao_ops_signin"
Handler = Callable[..., Awaitable[HTTPResponse]]


def _secure(request: Request) -> bool:
    return services_of(request).settings.public_base_url.startswith("https://")


def safe_next(value: object, default: str = "/dashboard/") -> str:
    """Only a path of ours: no scheme, no host, no backslash tricks."""
    text = str(value or "")
    if text.startswith("/dashboard/") and "//" not in text and "\\" not in text and text.isprintable():
        return text[:512]
    return default


def error_page(request: Request, exc: DomainError) -> HTTPResponse:
    status = STATUS_BY_KIND.get(exc.kind, 400)
    session = getattr(request.ctx, "ops_session", None)
    referer = urlsplit(request.headers.get("referer", ""))
    same_site = bool(request.host) and referer.netloc == request.host
    back = safe_next(referer.path + (f"?{referer.query}" if referer.query else "") if same_site else None)
    return render("error.html", status=status, error=exc, session=session, back=back)


def role_required(needed: Role, has: Role, method: str = "POST") -> errors.RoleRequired:
    """The refusal naming the role needed: 此页面需审批员权限（您当前为查看员）."""
    what = "此页面" if method == "GET" else "此操作"
    return errors.RoleRequired(f"{what}需{ROLE_LABELS[needed]}或以上权限，您当前的角色为{ROLE_LABELS[has]}",
                               needed=needed.value)


def _form(request: Request, name: str) -> str:
    try:
        value = request.form.get(name) if request.form else None
    except Exception:  # noqa: BLE001 - an unreadable body is a refused form, not a 500
        return ""
    return value if isinstance(value, str) else ""


def form(request: Request, name: str) -> str:
    return _form(request, name)


def _csrf_ok(request: Request, expected: str) -> bool:
    given = request.headers.get("x-csrf-token") or _form(request, "csrf_token")
    return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def staff(role: Role = Role.VIEWER) -> Callable[[Handler], Handler]:
    """The handler runs for a signed-in operator of at least `role`; POSTs must carry the CSRF
    token. Domain refusals become an error page with their status, code and Chinese message."""

    def wrap(handler: Handler) -> Handler:
        @wraps(handler)
        async def run(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            services = services_of(request)
            session = await session_of(services, request.cookies.get(COOKIE) or "", client_address(request))
            if session is None:
                if request.method == "GET":
                    target = request.path + (f"?{request.query_string}" if request.query_string else "")
                    return redirect(f"/dashboard/sign-in?next={quote(target)}", status=303, headers=SECURITY_HEADERS)
                expired = errors.SignInFailed("登录已失效，请重新登录", code="operator_session_expired")
                return error_page(request, expired)
            request.ctx.ops_session = session
            if any(isinstance(v, int) and not 0 < v < 2**63 for v in kwargs.values()):
                return error_page(request, NotFound())  # no row has such an id (and SQL could not hold it)
            if request.method == "POST" and not _csrf_ok(request, session.csrf_token):
                await audit(session.actor, "csrf_refused", outcome="refused", target_type="path",
                            target_id=request.path[:64])
                return error_page(request, errors.CsrfRefused())
            try:
                if not session.actor.can(role):
                    raise role_required(role, session.actor.role, request.method)
                return await handler(request, session, *args, **kwargs)
            except DomainError as exc:
                if exc.kind == "forbidden":
                    await audit(session.actor, "refused", outcome="refused", target_type="path",
                                target_id=request.path[:64], data={"code": exc.code})
                return error_page(request, exc)

        return run

    return wrap


@bp.get("/sign-in")
async def sign_in_form(request: Request) -> HTTPResponse:
    token = secrets.token_urlsafe(24)
    response = render("sign_in.html", csrf_token=token, next=safe_next(request.args.get("next")), error=None)
    response.add_cookie(SIGN_IN_COOKIE, token, path="/dashboard", httponly=True, samesite="Strict",
                        secure=_secure(request), max_age=1800)
    return response


@bp.post("/sign-in")
async def sign_in_submit(request: Request) -> HTTPResponse:
    services = services_of(request)
    source = client_address(request)
    expected = request.cookies.get(SIGN_IN_COOKIE) or ""
    next_url = safe_next(_form(request, "next"))
    if not expected or not _csrf_ok(request, expected):
        typed = clean_text(_form(request, "username"), max_len=1000)[:32]
        await audit(None, "csrf_refused", outcome="refused", username=typed, source=source, target_type="path",
                    target_id="/dashboard/sign-in")
        return render("sign_in.html", status=403, csrf_token=expected or secrets.token_urlsafe(24), next=next_url,
                      error=errors.CsrfRefused())
    try:
        if not await rate_limits.allow(services, "operator_sign_in", source):
            raise RateLimited()
        actor = await sign_in(services, _form(request, "username"), _form(request, "password"), source)
    except DomainError as exc:
        return render("sign_in.html", status=STATUS_BY_KIND.get(exc.kind, 400), csrf_token=expected, next=next_url,
                      error=exc, username=_form(request, "username")[:32])
    session = await open_session(services, actor)
    response = redirect(next_url, status=303, headers=SECURITY_HEADERS)
    response.add_cookie(COOKIE, session.token, path="/dashboard", httponly=True, samesite="Strict",
                        secure=_secure(request))
    response.delete_cookie(SIGN_IN_COOKIE, path="/dashboard")
    return response


@bp.post("/sign-out")
@staff()
async def sign_out(request: Request, session: Session) -> HTTPResponse:
    await close_session(services_of(request), session)
    response = redirect("/dashboard/sign-in", status=303, headers=SECURITY_HEADERS)
    response.delete_cookie(COOKIE, path="/dashboard")
    return response
