"""GET /certificates/verify: the form (纳税人识别号, 16-digit code — filled in from the QR code —
and a captcha image); POST: the certificate's facts, or why not. Same rules as the API."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html

from app import certificates as verification
from app import rate_limits
from app.certificates import CertificateState, errors
from app.errors import DomainError
from dashboard.render import yuan
from miniprogram_api.account import client_address, services_of
from miniprogram_api.errors import STATUS_BY_KIND

bp = Blueprint("public_site")
ENV = Environment(loader=FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
                  autoescape=select_autoescape(["html"]))
ENV.filters["yuan"] = yuan  # the dashboard's: one way to show fen as ¥
HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action "
                                      "'self'; frame-ancestors 'none'; base-uri 'none'",
           "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store"}


def _field(request: Request, name: str, limit: int) -> str:
    try:
        value = request.form.get(name) if request.form else None
    except Exception:  # noqa: BLE001 - an unreadable body is an empty form, not a 500
        return ""
    return value.strip()[:limit] if isinstance(value, str) and value.isprintable() else ""


async def _form(request: Request, status: int = 200, **context: object) -> HTTPResponse:
    services = services_of(request)
    if not await rate_limits.allow(services, "captcha", client_address(request)):
        page = ENV.get_template("verify.html").render(error=errors.VerificationRateLimited(), captcha_id="",
                                                      captcha_png="", **{k: v for k, v in context.items()
                                                                         if k != "error"})
        return html(page, status=429, headers=HEADERS)
    captcha_id, png = await verification.new_captcha(services)
    page = ENV.get_template("verify.html").render(
        captcha_id=captcha_id, captcha_png=base64.b64encode(png).decode(), **context)
    return html(page, status=status, headers=HEADERS)


def _no_such_region() -> HTTPResponse:
    return html("<!doctype html><meta charset=utf-8><title>页面不存在</title><p>没有该地区的证明查验页面。"
                "<a href=\"/certificates/verify\">证明查验</a>", status=404, headers=HEADERS)



GENERIC_NAME = "缴费证明"  # the page without a region (QR codes printed before pages had regions)


def _page(request: Request, region: str | None) -> dict[str, str] | None:
    """The page's words: the region's name for the document (its region profile), and where the
    form posts; None for a region we do not serve."""
    if region is None:
        return {"document_name": GENERIC_NAME, "region_name": "", "action": "/certificates/verify"}
    profiles = services_of(request).profiles
    if region not in profiles:
        return None
    profile = profiles[region]
    return {"document_name": profile.certificate.document_name, "region_name": profile.name,
            "action": f"/certificates/verify/{region}"}


@bp.get("/certificates/verify")
@bp.get("/certificates/verify/<region:str>", name="verify_form_of_region")
async def verify_form(request: Request, region: str | None = None) -> HTTPResponse:
    page = _page(request, region)
    if page is None:
        return _no_such_region()
    code = request.args.get("code", "")
    return await _form(request, 200, code=code if code.isascii() and code.isdigit() and len(code) <= 16 else "",
                       **page)


@bp.post("/certificates/verify")
@bp.post("/certificates/verify/<region:str>", name="verify_submit_of_region")
async def verify_submit(request: Request, region: str | None = None) -> HTTPResponse:
    services = services_of(request)
    page = _page(request, region)
    if page is None:
        return _no_such_region()
    taxpayer_id, code = _field(request, "taxpayer_id", 32), _field(request, "verification_code", 32)
    try:
        if not await rate_limits.allow(services, "certificate_verification", client_address(request)):
            raise errors.VerificationRateLimited()
        await verification.check_captcha(services, _field(request, "captcha_id", 64), _field(request, "captcha", 8))
        found = await verification.verify(services, taxpayer_id, code)
    except DomainError as exc:
        return await _form(request, status=STATUS_BY_KIND.get(exc.kind, 400), error=exc, code=code,
                           taxpayer_id=taxpayer_id, **page)
    return html(ENV.get_template("verified.html").render(
        c=found, superseded=found.state == CertificateState.SUPERSEDED, action=page["action"],
        name=found.taxpayer_name[0] + "*" * (len(found.taxpayer_name) - 1)), headers=HEADERS)
