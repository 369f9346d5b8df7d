"""Filters and sorting shared by every list the dashboard shows (the queues, search, the audit
log, reconciliation runs), and reading a whole list in chunks for an export.

A `Filters` is what the person chose: a date range (Asia/Shanghai days, both ends included), a
region, a channel, an amount range in fen, and a sort key with its direction. Each list has a
`Spec` naming which of its columns each filter applies to; a filter a list has no column for is
not offered for it and is ignored. Sort keys are looked up in the list's own table of keys, never
passed to the database as typed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery

from app.clock import SHANGHAI
from app.payments import Payment

EXPORT_CHUNK = 5_000


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""
    channel: str = ""
    amount_min_fen: int | None = None
    amount_max_fen: int | None = None
    sort: str = ""
    ascending: bool | None = None  # None: the list's own default direction

    @property
    def any(self) -> bool:
        return bool(self.date_from or self.date_to or self.region or self.channel
                    or self.amount_min_fen is not None or self.amount_max_fen is not None)


@dataclass(frozen=True)
class Spec:
    """Which column of a list each filter reads. `region` and `channel` are field paths (joins
    allowed, e.g. ``payment__region``), or "payment_id" for a list that holds a payment's id
    without a relation (filtered through a subquery of payments)."""

    date: str  # an instant column (local days) or a DateField (`date_is_day`)
    sorts: dict[str, tuple[str, ...]]  # key → order_by fields, newest/largest first when descending
    default: str
    amount: str | None = None
    region: str | None = None
    channel: str | None = None
    date_is_day: bool = False
    ascending: bool = False  # the default direction (queues of what is late: oldest first)
    labels: dict[str, str] = field(default_factory=dict)  # sort key → its Chinese name (the sort menu)

    def offers(self, name: str) -> bool:
        return {"region": self.region, "channel": self.channel, "amount": self.amount}.get(name) is not None


def _by_payment(column: str, **where: str) -> Q:
    found: dict[str, Any] = {f"{column}__in": Subquery(Payment.filter(**where).values("id"))}
    return Q(**found)


def apply(query: Any, spec: Spec, filters: Filters) -> Any:
    """The query narrowed by the filters its list offers, ordered by the chosen sort (id last, so
    pages and exports never shuffle rows that tie)."""
    if filters.date_from is not None:
        query = query.filter(**{f"{spec.date}__gte": filters.date_from if spec.date_is_day else
                                datetime.combine(filters.date_from, datetime.min.time(), SHANGHAI)})
    if filters.date_to is not None:
        if spec.date_is_day:
            query = query.filter(**{f"{spec.date}__lte": filters.date_to})
        else:
            end = datetime.combine(filters.date_to + timedelta(days=1), datetime.min.time(), SHANGHAI)
            query = query.filter(**{f"{spec.date}__lt": end})
    for name, value in (("region", filters.region), ("channel", filters.channel)):
        column = getattr(spec, name)
        if value and column:
            query = query.filter(_by_payment(column, **{name: value}) if column == "payment_id" else
                                 Q(**{column: value}))
    if spec.amount:
        if filters.amount_min_fen is not None:
            query = query.filter(**{f"{spec.amount}__gte": filters.amount_min_fen})
        if filters.amount_max_fen is not None:
            query = query.filter(**{f"{spec.amount}__lte": filters.amount_max_fen})
    return query.order_by(*ordering(spec, filters))


def ordering(spec: Spec, filters: Filters) -> list[str]:
    key = filters.sort if filters.sort in spec.sorts else spec.default
    ascending = spec.ascending if filters.ascending is None else filters.ascending
    columns = [*spec.sorts[key], "id"]
    return [c if ascending else f"-{c}" for c in columns]


async def chunks(query: Any, size: int | None = None, related: tuple[str, ...] = ()) -> AsyncIterator[list[Any]]:
    """The query's rows in order, `size` at a time: never the whole list in memory. Paged by
    LIMIT/OFFSET over the list's full ordering (id last), so a row is read once even when values tie."""
    size = size or EXPORT_CHUNK
    offset = 0
    while True:
        part = query.offset(offset).limit(size)
        if related:
            part = part.prefetch_related(*related)
        rows = await part
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        offset += size


# ---- each list's columns ----

REFUNDS = Spec(date="created_at", amount="amount_fen", region="payment__region", channel="channel",
               sorts={"updated": ("updated_at",), "created": ("created_at",), "amount": ("amount_fen",)},
               default="updated", labels={"updated": "更新时间", "created": "发起时间", "amount": "金额"})
MANUAL_REFUNDS = Spec(date="created_at", amount="amount_fen", region="payment_id", channel="payment_id",
                      sorts={"created": ("created_at",), "amount": ("amount_fen",)}, default="created",
                      labels={"created": "申请时间", "amount": "金额"})
SHARES = Spec(date="payment__paid_at", amount="amount_fen", region="payment__region", channel="payment__channel",
              sorts={"deadline": ("posting_deadline",), "paid": ("payment__paid_at",), "amount": ("amount_fen",)},
              default="deadline", ascending=True,
              labels={"deadline": "到账确认期限", "paid": "扣款时间", "amount": "金额"})
UNPOSTED = replace(SHARES, default="paid")
DIFFERENCES = Spec(date="bill_date", date_is_day=True, amount="channel_amount_fen", region="payment_id",
                   channel="channel",
                   sorts={"bill_date": ("bill_date",), "amount": ("channel_amount_fen",), "kind": ("kind",)},
                   default="bill_date", labels={"bill_date": "账单日", "amount": "渠道金额", "kind": "类型"})
NOTIFICATIONS = Spec(date="received_at", channel="channel", sorts={"received": ("received_at",)}, default="received",
                     labels={"received": "收到时间"})
PAYMENTS = Spec(date="created_at", amount="amount_fen", region="region", channel="channel",
                sorts={"created": ("created_at",), "paid": ("paid_at",), "amount": ("amount_fen",)},
                default="created", labels={"created": "下单时间", "paid": "扣款时间", "amount": "金额"})
AUDIT = Spec(date="created_at", sorts={"created": ("created_at",), "operator": ("operator",)}, default="created",
             labels={"created": "时间", "operator": "操作员"})
RUNS = Spec(date="bill_date", date_is_day=True, channel="channel",
            sorts={"bill_date": ("bill_date", "started_at"), "started": ("started_at",)}, default="bill_date",
            labels={"bill_date": "账单日", "started": "开始时间"})
