"""申报记录查询 and 缴费记录查询: a user's declarations and payments, paged, with totals.

Every query starts from the user's own rows (indexed by user and time), so a person only ever
sees what they declared or paid, for themselves or for others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.declarations.models import Declaration, DeclarationState
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Paging:
    page: int = 1
    page_size: int = 20
    newest_first: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Total:
    insurance_type: str
    year: str
    amount_fen: int
    count: int


@dataclass(frozen=True)
class PaymentRecords:
    payments: list[Payment]
    items: dict[int, list[PaymentItem]]
    declarations: dict[int, Declaration]
    total: int
    totals: list[Total]


@dataclass(frozen=True)
class DeclarationRecords:
    declarations: list[Declaration]
    total: int
    payments: dict[int, Payment]  # the payment holding each declaration, by payment id
    shares: dict[tuple[int, int], PaymentItem]  # (payment id, declaration id) → that share


async def declaration_records(
    user_id: int, since: datetime | None, until: datetime | None, states: list[DeclarationState], paging: Paging
) -> DeclarationRecords:
    """The user's declarations declared in [since, until), optionally only in `states`, with the
    payments holding them and their shares (three queries, whatever the page size)."""
    query = Declaration.filter(user_id=user_id)
    if since:
        query = query.filter(created_at__gte=since)
    if until:
        query = query.filter(created_at__lt=until)
    if states:
        query = query.filter(state__in=states)
    order = ("-created_at", "-id") if paging.newest_first else ("created_at", "id")
    total = await query.count()
    found = await query.order_by(*order).offset(paging.offset).limit(paging.page_size)
    payment_ids = {d.current_payment_id for d in found if d.current_payment_id}
    payments = {p.id: p for p in await Payment.filter(id__in=payment_ids)} if payment_ids else {}
    shares = {
        (i.payment_id, i.declaration_id): i
        for i in await PaymentItem.filter(payment_id__in=payment_ids, declaration_id__in=[d.id for d in found])
    } if payment_ids else {}
    return DeclarationRecords(found, total, payments, shares)


async def payment_records(user_id: int, period_from: str, period_to: str, paging: Paging) -> PaymentRecords:
    """The user's payments covering any month of [period_from, period_to] (YYYYMM), with their
    shares and declarations, and what was paid and posted per insurance type and year."""
    rows = await PaymentItem.filter(
        payment__user_id=user_id, declaration__period_start__lte=period_to,
        declaration__period_end__gte=period_from,
    ).values("payment_id", "declaration_id", "amount_fen", "posting_state", "payment__state",
             "declaration__insurance_type", "declaration__period_start")
    payment_ids = sorted({r["payment_id"] for r in rows})
    order = ("-created_at", "-id") if paging.newest_first else ("created_at", "id")
    payments = await Payment.filter(id__in=payment_ids).order_by(*order).offset(paging.offset).limit(
        paging.page_size
    ) if payment_ids else []
    page_ids = [p.id for p in payments]
    items: dict[int, list[PaymentItem]] = defaultdict(list)
    for item in await PaymentItem.filter(payment_id__in=page_ids).order_by("id") if page_ids else []:
        items[item.payment_id].append(item)
    declaration_ids = [i.declaration_id for group in items.values() for i in group]
    declarations = {d.id: d for d in await Declaration.filter(id__in=declaration_ids)} if declaration_ids else {}
    return PaymentRecords(payments, dict(items), declarations, len(payment_ids), _totals(rows))


def _totals(rows: list[dict[str, Any]]) -> list[Total]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        if r["payment__state"] == PaymentState.PAID and r["posting_state"] == PostingState.POSTED:
            entry = sums[(r["declaration__insurance_type"], r["declaration__period_start"][:4])]
            entry[0] += r["amount_fen"]
            entry[1] += 1
    return [Total(t, y, amount, count) for (t, y), (amount, count) in sorted(sums.items())]
