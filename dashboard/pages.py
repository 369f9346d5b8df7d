"""The dashboard's pages: overview, the queues (filters, paging, search), search, one payment's
timeline, and the audit trail. Id numbers are shown masked; see actions.unmask."""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from app import operations as queries
from app.operations import Role, Session, casework, clean_text, errors, listing
from app.reconciliation import DifferenceKind
from dashboard import filters
from dashboard.auth import staff
from dashboard.render import (
    CHANNELS,
    DIFFERENCE_KINDS,
    PAYMENT_STATES,
    REFUND_STATES,
    SECURITY_HEADERS,
    bar_chart,
    render,
)
from miniprogram_api.account import services_of

bp = Blueprint("dashboard_pages")
DONE = {
    "retry_refund": "已重新发起退费，系统将以新的退款单号向渠道发送。", "mark_refunded_offline": "已登记为线下已退。",
    "request_manual_refund": "人工退费申请已提交，等待另一名审批员审批。",
    "approve_manual_refund": "已审批通过，系统将自动办理退费。",
    "reject_manual_refund": "已驳回该申请。", "resolve_difference": "对账差异已标记为人工处理完毕。",
    "requery_channel": "已向支付渠道重新查询并更新状态。",
    "claim_case": "已认领：其他人可以看到此项由你处理。", "release_case": "已释放认领。",
    "case_note": "处理记录已添加。",
}


def _q(request: Request) -> str:
    return clean_text(request.args.get("q", ""), max_len=64)


def _page(request: Request) -> int:
    return queries.page_number(request.args.get("page", "1"))


def _common(request: Request, session: Session, **context: Any) -> dict[str, Any]:
    profiles = services_of(request).profiles
    return {"session": session, "actor": session.actor, "q": _q(request), "request_path": request.path,
            "done": DONE.get(request.args.get("done", "")), "Role": Role,
            "REGIONS": {code: p.name for code, p in profiles.items()},
            "INSURANCE_TYPES": {t: rule.name for p in profiles.values() for t, rule in p.insurance_types.items()},
            **context}


@bp.get("/")
@staff()
async def overview(request: Request, session: Session) -> HTTPResponse:
    services = services_of(request)
    figures = await queries.overview(services)
    collected = bar_chart(figures.days, {CHANNELS.get(name, name): fen for name, fen in figures.collected.items()},
                          width=1000, height=180)
    refund_chart = bar_chart([REFUND_STATES.get(str(r["state"]), str(r["state"])) for r in figures.refunds],
                             {"笔数": [int(r["n"]) for r in figures.refunds]}, money=False)
    difference_counts: dict[str, int] = {}
    for row in figures.differences:
        kind = DIFFERENCE_KINDS.get(str(row["kind"]), str(row["kind"]))
        difference_counts[kind] = difference_counts.get(kind, 0) + int(row["n"])
    difference_chart = bar_chart(list(difference_counts), {"条数": list(difference_counts.values())}, money=False)
    backlog_chart = bar_chart([b[0] for b in figures.backlog], {"份数": [b[1] for b in figures.backlog]}, money=False)
    return render("overview.html", **_common(request, session, figures=figures, collected=collected,
                                             refund_chart=refund_chart, backlog_chart=backlog_chart,
                                             difference_chart=difference_chart))


@bp.get("/refunds")
@staff()
async def refunds(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "failed")
    state = state if state in queries.REFUND_FILTERS else "failed"
    failure = request.args.get("failure", "")
    failure = failure if failure in queries.REFUND_FAILURES else ""
    chosen = filters.parse(request, listing.REFUNDS)
    page = await queries.refunds(services_of(request), state, _q(request), _page(request), failure, chosen)
    fb = filters.bar(request, listing.REFUNDS, request.path, "refunds", "state", "failure", "q")
    holders = await casework.holders("refund", [r.id for r in page.rows])
    return render("refunds.html", **_common(request, session, page=page, state=state, failure=failure,
                                            failures=queries.REFUND_FAILURES, fb=fb, holders=holders))


@bp.get("/manual-refunds")
@staff()
async def manual_refunds(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "requested")
    chosen = filters.parse(request, listing.MANUAL_REFUNDS)
    page = await queries.manual_refunds(state, _page(request), chosen)
    fb = filters.bar(request, listing.MANUAL_REFUNDS, request.path, "manual-refunds", "state")
    holders = await casework.holders("manual_refund", [m.id for m in page.rows])
    return render("manual_refunds.html", **_common(request, session, page=page, state=state, fb=fb, holders=holders))


@bp.get("/overdue")
@staff()
async def overdue(request: Request, session: Session) -> HTTPResponse:
    services = services_of(request)
    scope = "unposted" if request.args.get("scope") == "unposted" else "overdue"
    find = queries.unposted_shares if scope == "unposted" else queries.overdue_shares
    spec = listing.UNPOSTED if scope == "unposted" else listing.SHARES
    page = await find(services, _page(request), _q(request), filters.parse(request, spec))
    fb = filters.bar(request, spec, request.path, "overdue", "scope", "q")
    holders = await casework.holders("payment_item", [i.id for i in page.rows])
    return render("overdue.html", **_common(request, session, page=page, scope=scope, due_by=queries.refund_due_by,
                                            fb=fb, holders=holders))


@bp.get("/differences")
@staff()
async def differences(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "pending")
    kind = request.args.get("kind", "")
    kind = kind if kind in DifferenceKind.__members__.values() else ""
    chosen = filters.parse(request, listing.DIFFERENCES)
    page = await queries.differences(services_of(request), state, kind, _q(request), _page(request), chosen,
                                     filters.run_of(request))
    fb = filters.bar(request, listing.DIFFERENCES, request.path, "differences", "state", "kind", "q", "run")
    holders = await casework.holders("difference", [d.id for d in page.rows])
    return render("differences.html", **_common(request, session, page=page, state=state, kind=kind,
                                                kinds=DIFFERENCE_KINDS, fb=fb, holders=holders))


@bp.get("/notifications")
@staff()
async def notifications(request: Request, session: Session) -> HTTPResponse:
    flagged = request.args.get("all", "") != "1"
    page = await queries.notifications(flagged, _q(request), _page(request),
                                       filters.parse(request, listing.NOTIFICATIONS))
    fb = filters.bar(request, listing.NOTIFICATIONS, request.path, "notifications", "all", "q")
    return render("notifications.html", **_common(request, session, page=page, flagged=flagged, fb=fb))


@bp.get("/batch-debit-lists")
@staff()
async def batch_debit_lists(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "")
    state = state if state in ("out", "done") else ""
    page = await queries.batch_debit_lists(state, _page(request))
    return render("batch_debit_lists.html", **_common(request, session, page=page, state=state))


@bp.get("/search")
@staff()
async def search(request: Request, session: Session) -> HTTPResponse:
    q = _q(request)
    chosen = filters.parse(request, listing.PAYMENTS)
    state = _payment_state(request)
    if q and not chosen.any and not state:
        ids = await queries.payment_ids_for(services_of(request), q)
        if len(ids) == 1:
            return redirect(f"/dashboard/payments/{ids[0]}", status=303, headers=SECURITY_HEADERS)
    page = await queries.search_page(services_of(request), q, _page(request), chosen, state)
    fb = filters.bar(request, listing.PAYMENTS, request.path, "search", "q", "state")
    return render("search.html", **_common(request, session, payments=page.rows, page=page, fb=fb, state=state))


def _payment_state(request: Request) -> str:
    state = request.args.get("state", "")
    if state and state not in PAYMENT_STATES:
        raise errors.FilterInvalid("筛选条件有误：缴款状态不存在")
    return state


@bp.get("/payments/<payment_id:int>")
@staff()
async def payment(request: Request, session: Session, payment_id: int) -> HTTPResponse:
    return await payment_page(request, session, payment_id)


async def payment_page(request: Request, session: Session, payment_id: int, unmasked: dict[int, str] | None = None
                       ) -> HTTPResponse:
    story = await queries.story(payment_id)
    if story is None:
        raise errors.PaymentNotFound()
    return render("payment.html", **_common(request, session, story=story, unmasked=unmasked or {},
                                            due_by=queries.refund_due_by))


@bp.get("/audit")
@staff(Role.APPROVER)
async def audit_trail(request: Request, session: Session) -> HTTPResponse:
    operator = clean_text(request.args.get("operator", ""), max_len=32)
    action = clean_text(request.args.get("action", ""), max_len=40)
    outcome = request.args.get("outcome", "")
    outcome = outcome if outcome in ("ok", "refused") else ""
    page = await queries.audit_trail(operator, action, _page(request), filters.parse(request, listing.AUDIT), outcome)
    fb = filters.bar(request, listing.AUDIT, request.path, "audit", "operator", "action", "outcome")
    return render("audit.html", **_common(request, session, page=page, operator=operator, action=action,
                                          outcome=outcome, fb=fb))
