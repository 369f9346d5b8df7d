"""Bulk actions: the rows ticked on a queue (checkboxes tied to one form below the table), one
remark for all, each row done and audited on its own; the answer lists every row's outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.operations import Role, Session, bulk
from dashboard.auth import form, safe_next, staff
from dashboard.render import render
from miniprogram_api.account import services_of

bp = Blueprint("dashboard_bulk")
Bulk = Callable[..., Awaitable[list[Any]]]
WHAT = {
    "retry": ("重新发起所选退费", "退费单", "/dashboard/refunds", bulk.retry_refunds),
    "resolve": ("将所选对账差异标记为已处理", "对账差异", "/dashboard/differences", bulk.resolve_differences),
    "approve": ("审批通过所选人工退费申请", "人工退费申请", "/dashboard/manual-refunds", bulk.approve_manual_refunds),
}


def _ticked(request: Request) -> list[str]:
    try:
        values = request.form.getlist("ids") if request.form else []
    except Exception:  # noqa: BLE001 - an unreadable body is a refused form, not a 500
        return []
    return [v for v in values or [] if isinstance(v, str)]


async def _run(request: Request, session: Session, what: str) -> HTTPResponse:
    title, noun, back, action = WHAT[what]
    ids = bulk.selection(_ticked(request))
    outcomes = await action(services_of(request), session.actor, ids, form(request, "remark"))
    return render("bulk_result.html", session=session, request_path=request.path, title=title, noun=noun,
                  outcomes=outcomes, back=safe_next(form(request, "next"), back), Role=Role,
                  succeeded=sum(1 for o in outcomes if o.ok))


@bp.post("/bulk/refunds/retry")
@staff(Role.OPERATOR)
async def retry(request: Request, session: Session) -> HTTPResponse:
    return await _run(request, session, "retry")


@bp.post("/bulk/differences/resolve")
@staff(Role.OPERATOR)
async def resolve(request: Request, session: Session) -> HTTPResponse:
    return await _run(request, session, "resolve")


@bp.post("/bulk/manual-refunds/approve")
@staff(Role.APPROVER)
async def approve(request: Request, session: Session) -> HTTPResponse:
    return await _run(request, session, "approve")
