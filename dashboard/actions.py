"""The dashboard's forms. Each needs a remark, is recorded (the money row's event and the audit
trail), and answers with a redirect back and a note of what was done, or an error page with
the refusal's code and Chinese message."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from app import operations as actions
from app.operations import Role, Session
from dashboard.auth import form, safe_next, staff
from dashboard.pages import payment_page
from dashboard.render import SECURITY_HEADERS
from miniprogram_api.account import services_of

bp = Blueprint("dashboard_actions")


def _back(request: Request, done: str, default: str, extra: str = "") -> HTTPResponse:
    target = safe_next(form(request, "next"), default)
    anchor = ""
    if "#" in target:
        target, _, anchor = target.partition("#")
        anchor = f"#{anchor}"
    joiner = "&" if "?" in target else "?"
    return redirect(f"{target}{joiner}done={done}{extra}{anchor}", status=303, headers=SECURITY_HEADERS)


@bp.post("/refunds/<refund_id:int>/retry")
@staff(Role.OPERATOR)
async def retry_refund(request: Request, session: Session, refund_id: int) -> HTTPResponse:
    refund = await actions.retry_refund(services_of(request), session.actor, refund_id, form(request, "remark"))
    return _back(request, "retry_refund", f"/dashboard/payments/{refund.payment_id}", f"&refund={refund.id}")


@bp.post("/refunds/<refund_id:int>/offline")
@staff(Role.APPROVER)
async def mark_offline(request: Request, session: Session, refund_id: int) -> HTTPResponse:
    refund = await actions.mark_refunded_offline(services_of(request), session.actor, refund_id,
                                                 form(request, "bank_reference"), form(request, "remark"))
    return _back(request, "mark_refunded_offline", f"/dashboard/payments/{refund.payment_id}")


@bp.post("/shares/<item_id:int>/manual-refund")
@staff(Role.OPERATOR)
async def request_manual_refund(request: Request, session: Session, item_id: int) -> HTTPResponse:
    manual = await actions.request_manual_refund(services_of(request), session.actor, item_id, form(request, "remark"))
    return _back(request, "request_manual_refund", f"/dashboard/payments/{manual.payment_id}")


@bp.post("/manual-refunds/<manual_id:int>/<decision:approve|reject>")
@staff(Role.APPROVER)
async def decide_manual_refund(request: Request, session: Session, manual_id: int, decision: str) -> HTTPResponse:
    manual = await actions.decide_manual_refund(services_of(request), session.actor, manual_id,
                                                decision == "approve", form(request, "remark"))
    return _back(request, f"{decision}_manual_refund", f"/dashboard/payments/{manual.payment_id}")


@bp.post("/differences/<difference_id:int>/resolve")
@staff(Role.OPERATOR)
async def resolve_difference(request: Request, session: Session, difference_id: int) -> HTTPResponse:
    await actions.resolve_difference(services_of(request), session.actor, difference_id, form(request, "remark"))
    return _back(request, "resolve_difference", "/dashboard/differences")


@bp.post("/payments/<payment_id:int>/requery")
@staff(Role.OPERATOR)
async def requery(request: Request, session: Session, payment_id: int) -> HTTPResponse:
    await actions.requery_channel(services_of(request), session.actor, payment_id, form(request, "remark"))
    return _back(request, "requery_channel", f"/dashboard/payments/{payment_id}")


@bp.post("/declarations/<declaration_id:int>/unmask")
@staff(Role.APPROVER)
async def unmask(request: Request, session: Session, declaration_id: int) -> HTTPResponse:
    """Show one payer's whole id number, once, on the payment's page; audited with its reason."""
    shown = await actions.unmask_payer(services_of(request), session.actor, declaration_id, form(request, "remark"))
    return await payment_page(request, session, shown.payment_id, unmasked={shown.declaration_id: shown.id_number})

