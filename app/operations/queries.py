"""What the dashboard reads: the overview's figures, the queues, search, and one payment's whole
story. Read-only; grouped in SQL on indexed columns, so a page costs a few queries whatever the
volume."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise import Tortoise
from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum

from app import clock
from app.batch_debit import BatchDebitList
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import Declaration
from app.events import Event
from app.notifications import ChannelNotification
from app.operations.models import AuditEntry, ManualRefund, ManualRefundState
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation import DifferenceState, ReconciliationDifference
from app.refunds import DONE_REFUND_STATES, Refund, RefundState
from app.workdays import add_working_days
from config.id_types import ID_TYPES

PAGE_SIZE = 20
BACKLOG_BUCKETS = (("1小时内", timedelta(hours=1)), ("1–24小时", timedelta(days=1)), ("1–3天", timedelta(days=3)),
                   ("3–7天", timedelta(days=7)), ("7天以上", None))
NOT_POSTED = (PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN)


def _pg() -> bool:
    return Tortoise.get_connection("default").capabilities.dialect == "postgres"


async def _rows(sql: str, *params: Any) -> list[dict[str, Any]]:
    """Raw SQL written with `?` placeholders, numbered for PostgreSQL."""
    if _pg():
        count = iter(range(1, 100))
        sql = re.sub(r"\?", lambda _: f"${next(count)}", sql)
    conn = Tortoise.get_connection("default")
    return [dict(r) for r in await conn.execute_query_dict(sql, list(params))]


def _param(at: datetime) -> Any:
    return at if _pg() else at.astimezone(UTC).isoformat(sep=" ")


def _local_day(column: str) -> str:
    if _pg():
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
    return f"date({column}, '+8 hours')"


@dataclass
class Page:
    rows: list[Any]
    page: int
    total: int
    size: int = PAGE_SIZE
    total_fen: int | None = None  # the whole queue's amount (every page), where rows carry money

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def any_of(model: Any, term: str, *names: str) -> Q:
    """`name = term` for each of the model's fields the term fits in (Tortoise refuses a longer
    value than the column holds), OR-ed; matches nothing when it fits none."""
    found = Q(id=-1)
    for name in names:
        limit = getattr(model._meta.fields_map[name], "max_length", None)
        if limit is None or len(term) <= limit:
            found |= Q(**{name: term})
    return found


def page_number(value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return 1
    return min(max(number, 1), 100_000)


async def _paged(query: Any, page: int, amount: str | None = None) -> Page:
    """One page of the query's rows, their count and (with `amount`) the sum of that column over
    every row, not only this page's."""
    total = await query.count()
    rows = await query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    total_fen = None
    if amount is not None:
        found = await query.order_by().annotate(total_fen=Sum(amount)).values("total_fen")
        total_fen = int(found[0]["total_fen"] or 0) if found else 0
    return Page(rows, page, total, total_fen=total_fen)


# ---- overview ----

@dataclass
class Overview:
    days: list[str]
    collected: dict[str, list[int]]  # channel → fen per day
    money: list[dict[str, Any]]  # day, channel, region, gross, returned (refused or refunded), back (refunded)
    refunds: list[dict[str, Any]]  # state, n, fen
    backlog: list[tuple[str, int, int]]  # bucket, shares, fen
    differences: list[dict[str, Any]]  # kind, state, n
    counts: dict[str, int] = field(default_factory=dict)


async def overview(services: Services, days: int = 14) -> Overview:
    now = clock.now()
    today = now.astimezone(SHANGHAI).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), SHANGHAI)
    labels = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    collected: dict[str, list[int]] = {name: [0] * days for name in services.channels}
    for row in await _rows(
            f"SELECT channel, {_local_day('paid_at')} AS day, sum(coalesce(paid_amount_fen, amount_fen)) AS fen "
            f"FROM payments WHERE state = 'paid' AND paid_at >= ? GROUP BY channel, {_local_day('paid_at')}",
            _param(since)):
        series = collected.setdefault(str(row["channel"]), [0] * days)
        if str(row["day"]) in labels:
            series[labels.index(str(row["day"]))] = int(row["fen"] or 0)
    money = [{"day": str(r["day"]), "channel": str(r["channel"]), "region": str(r["region"]),
              "gross": int(r["gross"] or 0), "returned": int(r["returned"] or 0), "back": int(r["back"] or 0)}
             for r in await _rows(
        f"SELECT p.channel, p.region, {_local_day('p.paid_at')} AS day, sum(i.amount_fen) AS gross, "
        "sum(CASE WHEN i.posting_state = 'failed' OR (r.id IS NOT NULL AND r.state <> 'failed') "
        "THEN i.amount_fen ELSE 0 END) AS returned, "
        "sum(CASE WHEN r.state IN ('succeeded', 'offline') THEN r.amount_fen ELSE 0 END) AS back "
        "FROM payments p JOIN payment_items i ON i.payment_id = p.id LEFT JOIN refunds r ON r.payment_item_id = i.id "
        f"WHERE p.state = 'paid' AND p.paid_at >= ? GROUP BY p.channel, p.region, {_local_day('p.paid_at')}",
        _param(since))]
    refunds = [{"state": str(r["state"]), "n": int(r["n"]), "fen": int(r["fen"])} for r in await _rows(
        "SELECT state, count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM refunds GROUP BY state ORDER BY state")]
    backlog = await _backlog(now)
    differences = await _rows("SELECT kind, state, count(*) AS n FROM reconciliation_differences "
                              "WHERE state IN ('open', 'needs_person') GROUP BY kind, state ORDER BY kind, state")
    counts = {
        "refunds_failed": await Refund.filter(state=RefundState.FAILED).count(),
        "manual_requested": await ManualRefund.filter(state=ManualRefundState.REQUESTED).count(),
        "overdue": await _overdue(services).count(),
        "differences": await ReconciliationDifference.filter(
            state__in=[DifferenceState.OPEN, DifferenceState.NEEDS_PERSON]).count(),
        "notifications": await ChannelNotification.filter(flagged=True).count(),
    }
    return Overview(labels, collected, money, refunds, backlog, differences, counts)


async def _backlog(now: datetime) -> list[tuple[str, int, int]]:
    """Paid shares not posted yet, by how long ago they were paid (one grouped query)."""
    bounds = [now - age for _, age in BACKLOG_BUCKETS if age is not None]
    case = " ".join(f"WHEN p.paid_at >= ? THEN {n}" for n in range(len(bounds)))
    rows = await _rows(
        f"SELECT CASE {case} ELSE {len(bounds)} END AS bucket, count(*) AS n, coalesce(sum(i.amount_fen), 0) AS fen "
        "FROM payment_items i JOIN payments p ON p.id = i.payment_id WHERE p.state = 'paid' "
        "AND i.posting_state IN ('not_posted', 'posting', 'unknown') GROUP BY 1", *[_param(b) for b in bounds])
    found = {int(r["bucket"]): (int(r["n"]), int(r["fen"])) for r in rows}
    return [(label, *found.get(n, (0, 0))) for n, (label, _) in enumerate(BACKLOG_BUCKETS)]


# ---- queues ----

REFUND_FILTERS: dict[str, list[RefundState]] = {
    "failed": [RefundState.FAILED],
    "open": [RefundState.CREATED, RefundState.PROCESSING, RefundState.UNKNOWN],
    "done": list(DONE_REFUND_STATES),
    "all": list(RefundState),
}


REFUND_FAILURES = {"closed": "退款关闭（可重新发起）", "abnormal": "退款异常（须线下退款）", "rejected": "渠道拒绝"}


async def refunds(services: Services, state: str, q: str, page: int, failure: str = "") -> Page:
    query = Refund.filter(state__in=REFUND_FILTERS.get(state, REFUND_FILTERS["failed"]))
    if failure == "closed":
        query = query.filter(failure_code="CLOSED")
    elif failure == "abnormal":
        query = query.filter(failure_code="ABNORMAL")
    elif failure == "rejected":
        query = query.filter(state=RefundState.FAILED).exclude(failure_code__in=["CLOSED", "ABNORMAL"])
    if q:
        ids = await payment_ids_for(services, q)
        query = query.filter(Q(payment_id__in=ids) | any_of(Refund, q, "out_refund_no", "refund_id"))
    return await _paged(query.order_by("-updated_at", "-id").prefetch_related("payment"), page, "amount_fen")


async def manual_refunds(state: str, page: int) -> Page:
    query = ManualRefund.all() if state == "all" else ManualRefund.filter(
        state=state if state in ManualRefundState.__members__.values() else ManualRefundState.REQUESTED)
    return await _paged(query.order_by("-created_at", "-id"), page, "amount_fen")


def refund_due_by(item: PaymentItem) -> date | None:
    """The day the region promised the money back: the working day after the posting deadline."""
    if item.posting_deadline is None:
        return None
    return add_working_days(item.posting_deadline.astimezone(SHANGHAI).date(), 1)


def overdue_before(today: date) -> datetime:
    """Shares whose posting deadline is before this moment are past their refund day today: the
    refund day is the working day after the deadline's day (`refund_due_by`), so find the latest
    deadline day whose refund day is already over, walking back over weekends and holidays."""
    day = today - timedelta(days=1)
    while add_working_days(day, 1) >= today:
        day -= timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), SHANGHAI)


def _overdue(services: Services) -> Any:
    return PaymentItem.filter(
        payment__state=PaymentState.PAID,
        posting_deadline__lt=overdue_before(clock.business_date()),
        posting_state__in=[*NOT_POSTED, PostingState.FAILED],
    ).exclude(id__in=Subquery(
        Refund.filter(state__in=list(DONE_REFUND_STATES), payment_item_id__isnull=False).values("payment_item_id")))


async def overdue_shares(services: Services, page: int, q: str = "") -> Page:
    """Paid shares neither posted nor refunded whose refund day has passed (invariant 2 broken:
    the dashboard's most urgent queue)."""
    query = _overdue(services)
    if q:
        query = query.filter(payment_id__in=await payment_ids_for(services, q))
    return await _paged(query.order_by("posting_deadline", "id").prefetch_related("payment", "declaration"), page,
                        "amount_fen")


async def unposted_shares(services: Services, page: int, q: str = "") -> Page:
    """The posting backlog: paid shares not posted yet (not posted, posting, unknown), oldest first."""
    query = PaymentItem.filter(payment__state=PaymentState.PAID, posting_state__in=list(NOT_POSTED))
    if q:
        query = query.filter(payment_id__in=await payment_ids_for(services, q))
    return await _paged(query.order_by("payment__paid_at", "id").prefetch_related("payment", "declaration"), page,
                        "amount_fen")


async def differences(services: Services, state: str, kind: str, q: str, page: int) -> Page:
    states = {"pending": [DifferenceState.OPEN, DifferenceState.NEEDS_PERSON]}.get(
        state, [DifferenceState(state)] if state in DifferenceState.__members__.values() else list(DifferenceState))
    query = ReconciliationDifference.filter(state__in=states)
    if kind:
        query = query.filter(kind=kind)
    if q:
        query = query.filter(any_of(ReconciliationDifference, q, "out_trade_no", "out_refund_no", "transaction_id",
                                    "posting_no") | Q(payment_id__in=await payment_ids_for(services, q)))
    return await _paged(query.order_by("-bill_date", "-id"), page, "channel_amount_fen")


async def notifications(flagged: bool, q: str, page: int) -> Page:
    query = ChannelNotification.filter(flagged=True) if flagged else ChannelNotification.all()
    if q:
        query = query.filter(any_of(ChannelNotification, q, "out_trade_no", "out_refund_no", "notification_id"))
    return await _paged(query.order_by("-received_at", "-id"), page)


@dataclass
class BatchListRow:
    batch: BatchDebitList
    counts: dict[str, int]  # payment state → debits in it
    paid_fen: int


async def batch_debit_lists(state: str, page: int) -> Page:
    """批扣清册, newest first (`state`: out (being made, or sent) | done | ""), each with its debits by state."""
    query = BatchDebitList.filter(state__in=["issuing", "out"]) if state == "out" else \
        BatchDebitList.filter(state=state) if state == "done" else BatchDebitList.all()
    found = await _paged(query.order_by("-id"), page)
    ids = [b.id for b in found.rows]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    paid: dict[int, int] = dict.fromkeys(ids, 0)
    for p in await Payment.filter(batch_debit_list_id__in=ids).values("batch_debit_list_id", "state", "amount_fen"):
        key = int(p["batch_debit_list_id"])
        counts[key][str(p["state"])] = counts[key].get(str(p["state"]), 0) + 1
        if p["state"] == PaymentState.PAID:
            paid[key] += int(p["amount_fen"])
    found.rows = [BatchListRow(b, counts[b.id], paid[b.id]) for b in found.rows]
    return found


async def audit_trail(operator: str, action: str, page: int) -> Page:
    query = AuditEntry.all()
    if operator:
        query = query.filter(operator=operator)
    if action:
        query = query.filter(action=action)
    return await _paged(query.order_by("-created_at", "-id"), page)


# ---- search ----

async def payment_ids_for(services: Services, q: str) -> list[int]:
    """Payments matching one search term: out_trade_no, out_refund_no, transaction or refund id,
    a 批扣清册 number, declaration number, a full id number (by its blind index) or a masked one
    (420102********1234)."""
    term = q.strip()
    if not term or len(term) > 64:
        return []
    ids: set[Any] = set()
    ids.update(await Payment.filter(any_of(Payment, term, "out_trade_no", "transaction_id")).values_list(
        "id", flat=True))
    ids.update(await Refund.filter(any_of(Refund, term, "out_refund_no", "refund_id")).values_list(
        "payment_id", flat=True))
    batch = await BatchDebitList.filter(any_of(BatchDebitList, term, "batch_no")).first()
    if batch is not None:  # a 批扣清册's number: its debits
        ids.update(await Payment.filter(batch_debit_list_id=batch.id).values_list("id", flat=True))
    declaration_ids: set[Any] = set(await Declaration.filter(any_of(Declaration, term, "declaration_no")).values_list(
        "id", flat=True))
    if "*" in term:
        declaration_ids.update(await Declaration.filter(any_of(Declaration, term, "payer_id_masked")).values_list(
            "id", flat=True))
    elif term.isascii() and term.isalnum() and 6 <= len(term) <= 32:
        indexes = [services.sealer.blind_index(f"{id_type}:{term.upper()}") for id_type in ID_TYPES]
        declaration_ids.update(await Declaration.filter(payer_id_index__in=indexes).values_list("id", flat=True))
    if declaration_ids:
        ids.update(await PaymentItem.filter(declaration_id__in=list(declaration_ids)).values_list(
            "payment_id", flat=True))
    return sorted(ids, reverse=True)[:200]


async def payments(ids: list[int]) -> list[Payment]:
    return await Payment.filter(id__in=ids).order_by("-id") if ids else []


# ---- one payment's story ----

@dataclass
class Story:
    payment: Payment
    items: list[PaymentItem]
    declarations: dict[int, Declaration]
    refunds: list[Refund]
    manual: list[ManualRefund]
    notifications: list[ChannelNotification]
    differences: list[ReconciliationDifference]
    timeline: list[dict[str, Any]]


async def story(payment_id: int) -> Story | None:
    payment = await Payment.get_or_none(id=payment_id)
    if payment is None:
        return None
    items = await PaymentItem.filter(payment_id=payment.id).order_by("id")
    declarations = {d.id: d for d in await Declaration.filter(id__in=[i.declaration_id for i in items])}
    refunds = await Refund.filter(payment_id=payment.id).order_by("id")
    manual = await ManualRefund.filter(payment_id=payment.id).order_by("id")
    refund_nos = [r.out_refund_no for r in refunds]
    refund_nos += [str(e.data.get("previous_out_refund_no")) for e in await Event.filter(
        entity="refund", entity_id__in=[r.id for r in refunds], action="retry")]
    notes = await ChannelNotification.filter(
        Q(out_trade_no=payment.out_trade_no) | Q(out_refund_no__in=refund_nos or [""])).order_by("id")
    diffs = await ReconciliationDifference.filter(
        Q(payment_id=payment.id) | Q(out_trade_no=payment.out_trade_no)).order_by("id")
    entities = [("payment", [payment.id]), ("payment_item", [i.id for i in items]),
                ("declaration", list(declarations)), ("refund", [r.id for r in refunds]),
                ("manual_refund", [m.id for m in manual])]
    events = []
    for entity, ids in entities:
        if ids:
            events += await Event.filter(entity=entity, entity_id__in=ids)
    audits = await AuditEntry.filter(
        Q(target_type="payment", target_id=str(payment.id))
        | Q(target_type="refund", target_id__in=[str(r.id) for r in refunds] or [""])
        | Q(target_type="payment_item", target_id__in=[str(i.id) for i in items] or [""])
        | Q(target_type="declaration", target_id__in=[str(d) for d in declarations] or [""])
        | Q(target_type="manual_refund", target_id__in=[str(m.id) for m in manual] or [""])
        | Q(target_type="difference", target_id__in=[str(d.id) for d in diffs] or [""]))
    timeline: list[dict[str, Any]] = [
        {"at": e.created_at, "kind": "event", "entity": e.entity, "entity_id": e.entity_id, "action": e.action,
         "from": e.from_state, "to": e.to_state, "actor": e.actor, "reason": e.reason,
         "flagged": bool(isinstance(e.data, dict) and e.data.get("flagged"))} for e in events]
    timeline += [{"at": n.received_at, "kind": "notification", "entity": "notification", "entity_id": n.id,
                  "action": n.event_type or "（无法解析）", "from": None, "to": n.verdict,
                  "actor": f"channel:{n.channel}",
                  "reason": n.reject_reason or "", "flagged": n.flagged} for n in notes]
    timeline += [{"at": a.created_at, "kind": "audit", "entity": a.target_type, "entity_id": a.target_id,
                  "action": a.action, "from": None, "to": a.outcome, "actor": f"staff:{a.operator}",
                  "reason": a.remark, "flagged": a.outcome != "ok"} for a in audits]
    timeline += [{"at": d.created_at, "kind": "difference", "entity": "difference", "entity_id": d.id,
                  "action": d.kind.value, "from": None, "to": d.state.value, "actor": "system:reconciliation",
                  "reason": d.resolution or "", "flagged": d.state == DifferenceState.NEEDS_PERSON} for d in diffs]
    timeline.sort(key=lambda row: (row["at"], row["kind"]))
    return Story(payment, items, declarations, refunds, manual, notes, diffs, timeline)
