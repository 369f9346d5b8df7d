"""Case work and reconciliation runs.

    /cases/<subject>/<id>             one exception's case: who holds it, the notes thread
    /cases/<subject>/<id>/claim       我来处理 (POST); /release gives it back; /notes adds a note
    /my-claims                        我的认领: the exceptions I hold
    /awaiting-me                      待我审批: manual refunds waiting for an approver, not mine
    /reconciliation-runs              runs per day and channel, each with its differences
    /reconciliation-runs/<id>/statement   the statement file the run read, downloaded as it was
"""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from app import operations as queries
from app.operations import Role, Session, audit, casework, errors, listing
from dashboard import filters, labels
from dashboard.auth import form, safe_next, staff
from dashboard.pages import _common, _operators, _page
from dashboard.render import SECURITY_HEADERS, render

bp = Blueprint("dashboard_casework")
SUBJECTS = "refund|difference|payment_item|manual_refund|notification"
RUN_STATES = labels.STATES["reconciliation_run"]


def _back(request: Request, done: str, default: str) -> HTTPResponse:
    target = safe_next(form(request, "next"), default)
    joiner = "&" if "?" in target else "?"
    return redirect(f"{target}{joiner}done={done}", status=303, headers=SECURITY_HEADERS)


@bp.get(f"/cases/<subject:{SUBJECTS}>/<subject_id:int>")
@staff()
async def case(request: Request, session: Session, subject: str, subject_id: int) -> HTTPResponse:
    found = await casework.case(subject, subject_id)
    return render("case.html", **await _common(request, session, case=found, subjects=casework.SUBJECTS,
                                                operators=await _operators()))


@bp.post(f"/cases/<subject:{SUBJECTS}>/<subject_id:int>/claim")
@staff(Role.OPERATOR)
async def claim(request: Request, session: Session, subject: str, subject_id: int) -> HTTPResponse:
    await casework.claim(session.actor, subject, subject_id)
    return _back(request, "claim_case", f"/dashboard/cases/{subject}/{subject_id}")


@bp.post(f"/cases/<subject:{SUBJECTS}>/<subject_id:int>/release")
@staff(Role.OPERATOR)
async def release(request: Request, session: Session, subject: str, subject_id: int) -> HTTPResponse:
    await casework.release(session.actor, subject, subject_id)
    return _back(request, "release_case", f"/dashboard/cases/{subject}/{subject_id}")


@bp.post(f"/cases/<subject:{SUBJECTS}>/<subject_id:int>/notes")
@staff(Role.OPERATOR)
async def note(request: Request, session: Session, subject: str, subject_id: int) -> HTTPResponse:
    await casework.add_note(session.actor, subject, subject_id, form(request, "remark"))
    return _back(request, "case_note", f"/dashboard/cases/{subject}/{subject_id}")


@bp.get("/my-claims")
@staff()
async def my_claims(request: Request, session: Session) -> HTTPResponse:
    page = await queries.my_claims(session.actor.username, _page(request))
    return render("my_claims.html", **await _common(request, session, page=page, subjects=casework.SUBJECTS))


@bp.get("/awaiting-me")
@staff(Role.APPROVER)
async def awaiting_me(request: Request, session: Session) -> HTTPResponse:
    chosen = filters.parse(request, listing.MANUAL_REFUNDS)
    page = await queries.manual_refunds_waiting_for(session.actor.username, _page(request), chosen)
    fb = filters.bar(request, listing.MANUAL_REFUNDS, request.path, None)
    return render("awaiting_me.html", **await _common(request, session, page=page, fb=fb,
                                                       operators=await _operators()))


@bp.get("/reconciliation-runs")
@staff()
async def runs(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "")
    state = state if state in RUN_STATES else ""
    page = await queries.reconciliation_runs(state, _page(request), filters.parse(request, listing.RUNS))
    fb = filters.bar(request, listing.RUNS, request.path, None, "state")
    return render("runs.html", **await _common(request, session, page=page, state=state, fb=fb, RUN_STATES=RUN_STATES))


@bp.get("/reconciliation-runs/<run_id:int>/statement")
@staff(Role.OPERATOR)
async def statement(request: Request, session: Session, run_id: int) -> HTTPResponse | None:
    """The statement exactly as the run read it (decompressed as it is sent); audited."""
    found = await queries.statement_of(run_id)
    if found is None:
        raise errors.StatementNotKept()
    run, pieces = found
    name = f"statement-{run.channel}-{run.bill_date.isoformat()}-run{run.id}.txt"
    response = await request.respond(content_type="text/plain; charset=utf-8", headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})
    async for piece in pieces:
        await response.send(piece)
    await audit(session.actor, "download_statement", target_type="reconciliation_run", target_id=run.id,
                data={"channel": run.channel, "bill_date": run.bill_date.isoformat(), "sha1": run.statement_sha1})
    await response.eof()
    return None
