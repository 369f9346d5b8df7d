"""申报记录查询 and 缴费记录查询: a person's declarations and payments, paged, with totals.

全渠道: a verified user sees what they declared or paid (for themselves or for others) and
everything declared or paid *for them* — by relatives' accounts, and at other channels upstream
knows of (bank counter, tax hall). A payment someone else made carries only the viewer's shares.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from app import upstream as up
from app.context import Services
from app.declarations import Declaration, DeclarationState, person_of, visible_to
from app.identity import User
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.refunds import Refund, refunds_by_item

MAX_PAGE_SIZE = 100
log = logging.getLogger("shebao.records")


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
    payer_name: str
    payer_id_masked: str
    insurance_type: str
    year: str
    amount_fen: int
    count: int


@dataclass(frozen=True)
class PaymentRecords:
    payments: list[Payment]
    items: dict[int, list[PaymentItem]]  # the shares the viewer may see, by payment id
    declarations: dict[int, Declaration]
    total: int
    totals: list[Total]
    other_channels: list[up.PaidRecord] = field(default_factory=list)
    other_channels_status: str = "ok"  # ok | unavailable | not_verified


@dataclass(frozen=True)
class DeclarationRecords:
    declarations: list[Declaration]
    total: int
    payments: dict[int, Payment]  # the payment holding each declaration, by payment id
    shares: dict[tuple[int, int], PaymentItem]  # (payment id, declaration id) → that share


@dataclass(frozen=True)
class Returned:
    """Voided declarations whose paid share did not post: that share, its payment, its refund."""

    shares: dict[int, PaymentItem]  # by declaration id
    payments: dict[int, Payment]  # by payment id
    refunds: dict[int, Refund]  # by payment item id


# 申报记录查询's `state`, as the payer sees a declaration (app.declarations.record_state): the
# declaration's state and, where it matters, whether it is paid
RECORD_FILTERS: dict[str, tuple[DeclarationState, bool | None]] = {
    "declared": (DeclarationState.DECLARED, False),
    "paid": (DeclarationState.DECLARED, True),
    "processing": (DeclarationState.PROCESSING, None),
    "voided": (DeclarationState.VOIDED, None),
}


def _record_filter(states: list[str]) -> Q:
    return Q(*[Q(state=state) if paid is None else Q(state=state, paid=paid)
               for state, paid in (RECORD_FILTERS[s] for s in states)], join_type=Q.OR)


async def same_person_accounts(user: User) -> set[int]:
    """The accounts of the person the user is verified as (this one included): what one of them
    paid for that person, the person paid themself (本人缴纳), whichever account it was."""
    if not (user.is_verified and user.id_number_index):
        return {user.id}
    ids = await User.filter(id_number_index=user.id_number_index, bound_at__not_isnull=True,
                            verified_at__not_isnull=True).values_list("id", flat=True)
    return {user.id, *(int(i) for i in ids)}  # type: ignore[call-overload]


async def returned_shares(declarations: list[Declaration]) -> Returned:
    """The paid shares of voided declarations that did not post (their money is refunded), with
    their payments and refunds: a voided declaration no longer points at the payment that paid it."""
    voided = [d.id for d in declarations if d.state == DeclarationState.VOIDED]
    if not voided:
        return Returned({}, {}, {})
    found = await PaymentItem.filter(declaration_id__in=voided, payment__state=PaymentState.PAID,
                                     posting_state=PostingState.FAILED).order_by("id")
    shares = {i.declaration_id: i for i in found}
    payment_ids = {i.payment_id for i in shares.values()}
    payments = {p.id: p for p in await Payment.filter(id__in=payment_ids)} if payment_ids else {}
    return Returned(shares, payments, await refunds_by_item(payment_ids))


async def declaration_records(
    user: User, since: datetime | None, until: datetime | None, states: list[str], paging: Paging
) -> DeclarationRecords:
    """The declarations the user made or that were made for them, declared in [since, until),
    optionally only in `states` (RECORD_FILTERS: declared means still unpaid), with the payments
    holding them and their shares."""
    query = Declaration.filter(visible_to(user))
    if since:
        query = query.filter(created_at__gte=since)
    if until:
        query = query.filter(created_at__lt=until)
    if states:
        query = query.filter(_record_filter(states))
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


_ROW_FIELDS = ("id", "payment_id", "amount_fen", "posting_state", "payment__state", "payment__user_id",
               "declaration__insurance_type", "declaration__period_start", "declaration__payer_id_index",
               "declaration__payer_name", "declaration__payer_id_masked")


async def _visible_rows(user: User, period: tuple[str, str], insurance_types: list[str] | None) -> list[dict[str, Any]]:
    """The shares the user may see: of their own payments, and (verified) paid for them by anyone.
    Two queries, each on its own index (an OR across the two joins would scan every share)."""
    scopes = [Q(payment__user_id=user.id, payment__region=user.region)]
    if user.is_verified and user.id_number_index:
        scopes.append(Q(declaration__payer_id_index=user.id_number_index, declaration__region=user.region))
    rows: dict[int, dict[str, Any]] = {}
    for scope in scopes:
        query = PaymentItem.filter(scope, declaration__period_start__lte=period[1],
                                   declaration__period_end__gte=period[0])
        if insurance_types:
            query = query.filter(declaration__insurance_type__in=insurance_types)
        rows.update((r["id"], r) for r in await query.values(*_ROW_FIELDS))
    return list(rows.values())


async def payment_records(
    services: Services, user: User, period: tuple[str, str], insurance_types: list[str] | None, paging: Paging
) -> PaymentRecords:
    """Payments with a share covering any month of `period` (YYYYMM, inclusive) of the given
    insurance types: the user's own payments whole, others' payments for the user with only the
    user's shares; totals paid and posted per payer, insurance type and year (other channels
    included for the user themself)."""
    rows = await _visible_rows(user, period, insurance_types)
    payment_ids = sorted({r["payment_id"] for r in rows})
    order = ("-created_at", "-id") if paging.newest_first else ("created_at", "id")
    payments = await Payment.filter(id__in=payment_ids).order_by(*order).offset(paging.offset).limit(
        paging.page_size) if payment_ids else []
    items = await _page_items(user, payments, {r["id"] for r in rows})
    declaration_ids = [i.declaration_id for group in items.values() for i in group]
    declarations = {d.id: d for d in await Declaration.filter(id__in=declaration_ids)} if declaration_ids else {}
    others, status = await _other_channels(services, user, period, insurance_types)
    return PaymentRecords(payments, items, declarations, len(payment_ids), _totals(user, rows, others), others, status)


async def _page_items(user: User, payments: list[Payment], visible: set[int]) -> dict[int, list[PaymentItem]]:
    page_ids = [p.id for p in payments]
    items: dict[int, list[PaymentItem]] = defaultdict(list)
    own = {p.id for p in payments if p.user_id == user.id}
    for item in await PaymentItem.filter(payment_id__in=page_ids).order_by("id") if page_ids else []:
        if item.payment_id in own or item.id in visible:
            items[item.payment_id].append(item)
    return dict(items)


async def _other_channels(
    services: Services, user: User, period: tuple[str, str], insurance_types: list[str] | None
) -> tuple[list[up.PaidRecord], str]:
    """What upstream holds for the user from channels other than ours (our own postings left out)."""
    if not user.is_verified:
        return [], "not_verified"
    try:
        found = await services.upstream.list_paid_records(person_of(services, user), user.region, *period)
    except up.UpstreamError as exc:
        log.warning("list_paid_records for user %s failed: %s", user.id, exc)
        return [], "unavailable"
    ours = {r.posting_no for r in found if r.posting_no}
    known = set(await PaymentItem.filter(posting_no__in=ours).values_list("posting_no", flat=True)) if ours else set()
    return [r for r in found if (r.posting_no is None or r.posting_no not in known)
            and (not insurance_types or r.insurance_type in insurance_types)], "ok"


def _totals(user: User, rows: list[dict[str, Any]], others: list[up.PaidRecord]) -> list[Total]:
    sums: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    names: dict[str, tuple[str, str]] = {}
    for r in rows:
        if r["payment__state"] == PaymentState.PAID and r["posting_state"] == PostingState.POSTED:
            index = r["declaration__payer_id_index"]
            names[index] = (r["declaration__payer_name"], r["declaration__payer_id_masked"])
            entry = sums[(index, r["declaration__insurance_type"], r["declaration__period_start"][:4], "")]
            entry[0] += r["amount_fen"]
            entry[1] += 1
    if others and user.id_number_index and user.name and user.id_number_masked:
        names[user.id_number_index] = (user.name, user.id_number_masked)
        for record in others:
            entry = sums[(user.id_number_index, record.insurance_type, record.period_start[:4], "")]
            entry[0] += record.amount_fen
            entry[1] += 1
    return [Total(*names[index], t, y, amount, count)
            for (index, t, y, _), (amount, count) in sorted(sums.items(), key=lambda kv: (names[kv[0][0]], kv[0]))]
