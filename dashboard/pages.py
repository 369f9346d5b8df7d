"""The dashboard's pages: overview, the queues (filters, paging, search), search, one payment's
timeline, and the audit trail. Id numbers are shown masked; see actions.unmask."""

from __future__ import annotations

from datetime import date
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from app import clock
from app import operations as queries
from app.clock import SHANGHAI
from app.events import Event
from app.operations import Operator, Role, Session, clean_text, errors
from app.payments import Payment
from app.reconciliation import DifferenceKind
from app.refunds import Refund
from dashboard import charts, facts
from dashboard.auth import staff
from dashboard.labels import CHANNELS, DIFFERENCE_KINDS, REFUND_STATES
from dashboard.render import SECURITY_HEADERS, render
from miniprogram_api.account import services_of

bp = Blueprint("dashboard_pages")
DONE = {
    "retry_refund": "已重新发起退费，系统将以新的退款单号向渠道发送。", "mark_refunded_offline": "已登记为线下已退。",
    "request_manual_refund": "人工退费申请已提交，等待另一名审批员审批。",
    "approve_manual_refund": "已审批通过，系统将自动办理退费。",
    "reject_manual_refund": "已驳回该申请。", "resolve_difference": "对账差异已标记为人工处理完毕。",
    "requery_channel": "已向支付渠道重新查询并更新状态。",
}


def _q(request: Request) -> str:
    return clean_text(request.args.get("q", ""), max_len=64)


def _page(request: Request) -> int:
    return queries.page_number(request.args.get("page", "1"))


async def _common(request: Request, session: Session, **context: Any) -> dict[str, Any]:
    services = services_of(request)
    profiles = services.profiles
    now = clock.now()
    return {"session": session, "actor": session.actor, "q": _q(request), "request_path": request.path,
            "done": await _done(request), "Role": Role, "now": now,
            "today": now.astimezone(SHANGHAI).date(),
            "REGIONS": {code: p.name for code, p in profiles.items()},
            "INSURANCE_TYPES": {t: rule.name for p in profiles.values() for t, rule in p.insurance_types.items()},
            **context}


async def _done(request: Request) -> str | None:
    """The note of what was just done; a retried refund's says its new number (read from the
    refund itself, never from the address)."""
    done = DONE.get(request.args.get("done", ""))
    refund_id = request.args.get("refund", "")
    if request.args.get("done") == "retry_refund" and refund_id.isdigit() and len(refund_id) < 19:
        refund = await Refund.get_or_none(id=int(refund_id))
        if refund is not None:
            retry = await Event.filter(entity="refund", entity_id=refund.id, action="retry").order_by("-id").first()
            before = retry.data.get("previous_out_refund_no") if retry and isinstance(retry.data, dict) else None
            was = f"（原退款单号 {before}）" if before else ""
            done = f"已重新发起退费，新退款单号 {refund.out_refund_no}{was}，系统将向渠道发送。"
    return done


async def _operators() -> dict[str, str]:
    names = {str(u): str(n) for u, n in await Operator.all().values_list("username", "display_name")}
    return {"cli": "系统管理员（命令行）", **names}


def _money_figures(days: list[str], money: list[dict[str, Any]], regions: dict[str, str]) -> dict[str, Any]:
    """14 days of 实收: per day net and returned (refused by upstream or refunded), and per
    channel and per region gross, returned, refunded back and net — only those with money."""
    net = dict.fromkeys(days, 0)
    returned = dict.fromkeys(days, 0)
    by: dict[str, dict[str, dict[str, int]]] = {"channel": {}, "region": {}}
    for row in money:
        if row["day"] in net:
            net[row["day"]] += row["gross"] - row["returned"]
            returned[row["day"]] += row["returned"]
        for key in ("channel", "region"):
            t = by[key].setdefault(row[key], {"gross": 0, "returned": 0, "back": 0})
            for name in t:
                t[name] += row[name]

    def rows(key: str, names: dict[str, str]) -> list[dict[str, Any]]:
        found = [{"name": names.get(k, k), "net": t["gross"] - t["returned"], **t} for k, t in by[key].items()
                 if t["gross"]]
        return sorted(found, key=lambda r: -r["gross"])

    channels, region_rows = rows("channel", CHANNELS), rows("region", regions)
    total = {name: sum(r[name] for r in channels) for name in ("gross", "returned", "back", "net")}
    return {"chart": charts.day_chart(days, [net[d] for d in days], [returned[d] for d in days]),
            "channels": channels, "regions": region_rows, "total": total,
            "channel_chart": charts.hbar_chart([(r["name"], r["net"]) for r in channels], money=True,
                                               fill=charts.NET),
            "region_chart": charts.hbar_chart([(r["name"], r["net"]) for r in region_rows], money=True,
                                              fill=charts.NET),
            "quiet": [label for name, label in CHANNELS.items() if name not in by["channel"]]}


@bp.get("/")
@staff()
async def overview(request: Request, session: Session) -> HTTPResponse:
    services = services_of(request)
    figures = await queries.overview(services)
    common = await _common(request, session)
    money = _money_figures(figures.days, figures.money, common["REGIONS"])
    refund_chart = charts.hbar_chart([(REFUND_STATES.get(str(r["state"]), str(r["state"])), int(r["n"]))
                                      for r in figures.refunds], unit="笔")
    difference_counts: dict[str, int] = {}
    for row in figures.differences:
        kind = DIFFERENCE_KINDS.get(str(row["kind"]), str(row["kind"]))
        difference_counts[kind] = difference_counts.get(kind, 0) + int(row["n"])
    difference_chart = charts.hbar_chart(list(difference_counts.items()), unit="条", fill=charts.ALERT)
    backlog_chart = charts.hbar_chart([(b[0], b[1]) for b in figures.backlog], unit="份", fill=charts.ALERT)
    return render("overview.html", **common, figures=figures, money=money, refund_chart=refund_chart,
                  backlog_chart=backlog_chart, difference_chart=difference_chart)


async def _queue(request: Request, session: Session, template: str, page: Any, *, payment_ids: list[Any],
                 item_ids: list[Any] | None = None, **context: Any) -> HTTPResponse:
    """A queue's page: its rows with the payer, region, channel and business numbers behind them."""
    found = await facts.facts(payment_ids, item_ids)
    common = await _common(request, session, page=page, facts=found, due_by=queries.refund_due_by, **context)
    common["statuses"] = await facts.statuses(list(found.payments.values()), common["today"])
    return render(template, **common)


@bp.get("/refunds")
@staff()
async def refunds(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "failed")
    state = state if state in queries.REFUND_FILTERS else "failed"
    failure = request.args.get("failure", "")
    failure = failure if failure in queries.REFUND_FAILURES else ""
    page = await queries.refunds(services_of(request), state, _q(request), _page(request), failure)
    return await _queue(request, session, "refunds.html", page, payment_ids=[r.payment_id for r in page.rows],
                        item_ids=[r.payment_item_id for r in page.rows], state=state, failure=failure,
                        failures=queries.REFUND_FAILURES)


@bp.get("/manual-refunds")
@staff()
async def manual_refunds(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "requested")
    page = await queries.manual_refunds(state, _page(request))
    return await _queue(request, session, "manual_refunds.html", page, payment_ids=[m.payment_id for m in page.rows],
                        item_ids=[m.payment_item_id for m in page.rows], state=state, operators=await _operators())


@bp.get("/overdue")
@staff()
async def overdue(request: Request, session: Session) -> HTTPResponse:
    services = services_of(request)
    scope = "unposted" if request.args.get("scope") == "unposted" else "overdue"
    find = queries.unposted_shares if scope == "unposted" else queries.overdue_shares
    page = await find(services, _page(request), _q(request))
    return await _queue(request, session, "overdue.html", page, payment_ids=[i.payment_id for i in page.rows],
                        item_ids=[i.id for i in page.rows], scope=scope)


@bp.get("/differences")
@staff()
async def differences(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "pending")
    kind = request.args.get("kind", "")
    kind = kind if kind in DifferenceKind.__members__.values() else ""
    page = await queries.differences(services_of(request), state, kind, _q(request), _page(request))
    return await _queue(request, session, "differences.html", page, payment_ids=[d.payment_id for d in page.rows],
                        state=state, kind=kind, kinds=DIFFERENCE_KINDS, operators=await _operators())


@bp.get("/notifications")
@staff()
async def notifications(request: Request, session: Session) -> HTTPResponse:
    flagged = request.args.get("all", "") != "1"
    page = await queries.notifications(flagged, _q(request), _page(request))
    numbers = [n.out_trade_no for n in page.rows if n.out_trade_no]
    paid = await Payment.filter(out_trade_no__in=numbers).values_list("out_trade_no", "id") if numbers else []
    by_number = {str(no): int(pid) for no, pid in paid}
    return await _queue(request, session, "notifications.html", page, payment_ids=list(by_number.values()),
                        flagged=flagged, by_number=by_number)


@bp.get("/batch-debit-lists")
@staff()
async def batch_debit_lists(request: Request, session: Session) -> HTTPResponse:
    state = request.args.get("state", "")
    state = state if state in ("out", "done") else ""
    page = await queries.batch_debit_lists(state, _page(request))
    return render("batch_debit_lists.html", **await _common(request, session, page=page, state=state))


@bp.get("/search")
@staff()
async def search(request: Request, session: Session) -> HTTPResponse:
    q = _q(request)
    ids = await queries.payment_ids_for(services_of(request), q) if q else []
    if len(ids) == 1:
        return redirect(f"/dashboard/payments/{ids[0]}", status=303, headers=SECURITY_HEADERS)
    found = await queries.payments(ids)
    return await _queue(request, session, "search.html", None, payment_ids=ids, payments=found)


@bp.get("/payments/<payment_id:int>")
@staff()
async def payment(request: Request, session: Session, payment_id: int) -> HTTPResponse:
    return await payment_page(request, session, payment_id)


async def payment_page(request: Request, session: Session, payment_id: int, unmasked: dict[int, str] | None = None
                       ) -> HTTPResponse:
    story = await queries.story(payment_id)
    if story is None:
        raise errors.PaymentNotFound()
    common = await _common(request, session, story=story, unmasked=unmasked or {}, due_by=queries.refund_due_by,
                           operators=await _operators())
    today: date = common["today"]
    trouble = facts.payment_status(story.payment, story.items, story.refunds, story.manual, story.differences, today)
    named = await facts.names([(str(t["entity"]), str(t["entity_id"])) for t in story.timeline])
    retried = {int(e.entity_id): e.data.get("previous_out_refund_no") for e in await Event.filter(
        entity="refund", entity_id__in=[r.id for r in story.refunds] or [0], action="retry").order_by("id")
        if isinstance(e.data, dict)}
    return render("payment.html", **common, trouble=trouble, named=named, retried=retried,
                  open_manual={m.payment_item_id for m in story.manual if m.state in facts.OPEN_MANUAL})


@bp.get("/audit")
@staff(Role.APPROVER)
async def audit_trail(request: Request, session: Session) -> HTTPResponse:
    operator = clean_text(request.args.get("operator", ""), max_len=32)
    action = clean_text(request.args.get("action", ""), max_len=40)
    page = await queries.audit_trail(operator, action, _page(request))
    named = await facts.names([(a.target_type, a.target_id) for a in page.rows if a.target_type])
    return render("audit.html", **await _common(request, session, page=page, operator=operator, action=action,
                                                named=named, operators=await _operators()))

