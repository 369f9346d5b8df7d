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
from functools import cache
from typing import Any, TypeVar

from tortoise.models import Model

from app import upstream as up
from app.context import Services
from app.declarations import Declaration, DeclarationState, person_of
from app.identity import User
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.refunds import Refund, refunds_by_item

MAX_PAGE_SIZE = 100
M = TypeVar("M", bound=Model)
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
    """The declarations the user made or that were made for them (`visible_to`), declared in
    [since, until), optionally only in `states` (RECORD_FILTERS: declared means still unpaid),
    with the payments holding them and their shares.

    One statement for the page: the declarations and how many match in all (a window over the
    same filter, before the page is cut), each joined to the payment holding it and its share of
    that payment; the count alone is asked again only for a page past the end. Four statements
    through the query builder took five times its floor (docs/performance.md)."""
    db = Declaration._meta.db
    mark = _placeholders(db.capabilities.dialect)
    params: list[Any] = []

    def param(value: Any) -> str:
        params.append(value)
        return mark(len(params))

    where = [f"d.region = {param(user.region)}"]
    if user.is_verified and user.id_number_index:  # visible_to: theirs, and (verified) made for them
        where.append(f"(d.user_id = {param(user.id)} OR d.payer_id_index = {param(user.id_number_index)})")
    else:
        where.append(f"d.user_id = {param(user.id)}")
    created = Declaration._meta.fields_map["created_at"]
    if since:
        where.append(f"d.created_at >= {param(created.to_db_value(since, Declaration))}")
    if until:
        where.append(f"d.created_at < {param(created.to_db_value(until, Declaration))}")
    if states:
        chosen = []
        for state, paid in (RECORD_FILTERS[s] for s in states):
            chosen.append(f"d.state = {param(state.value)}" if paid is None else
                          f"(d.state = {param(state.value)} AND d.paid = {param(paid)})")
        where.append(f"({' OR '.join(chosen)})")
    direction = "DESC" if paging.newest_first else "ASC"
    order = f"created_at {direction}, id {direction}"
    rows = await db.execute_query_dict(
        f"SELECT d.*, {_columns(Payment, 'p')}, {_columns(PaymentItem, 'i')} FROM ("
        f"SELECT d.*, count(*) OVER () AS {_TOTAL} FROM declarations d WHERE {' AND '.join(where)} "
        f"ORDER BY d.{order} LIMIT {param(paging.page_size)} OFFSET {param(paging.offset)}) d "
        "LEFT JOIN payments p ON p.id = d.current_payment_id "
        "LEFT JOIN payment_items i ON i.payment_id = d.current_payment_id AND i.declaration_id = d.id "
        f"ORDER BY d.{order}", params)
    if rows:
        total = int(rows[0][_TOTAL])
    elif paging.offset:  # past the end: how many there are, alone
        counted = await db.execute_query_dict(
            f"SELECT count(*) AS {_TOTAL} FROM declarations d WHERE {' AND '.join(where)}", params[:-2])
        total = int(counted[0][_TOTAL])
    else:
        total = 0
    found, payments, shares = [], {}, {}
    for row in rows:
        declaration = _model(Declaration, row)
        found.append(declaration)
        if row["p__id"] is not None:
            payments[row["p__id"]] = _model(Payment, row, "p__")
        if row["i__id"] is not None:
            shares[(row["i__payment_id"], declaration.id)] = _model(PaymentItem, row, "i__")
    return DeclarationRecords(found, total, payments, shares)


_TOTAL = "matching__total"


def _placeholders(dialect: str) -> Any:
    """A statement's n-th parameter as the database's driver writes it."""
    return (lambda n: f"${n}") if dialect == "postgres" else (lambda n: "?")


def _columns(model: type[Model], alias: str) -> str:
    """Every column of `model`'s table, as `alias__column`."""
    return ", ".join(f'{alias}."{c}" AS "{alias}__{c}"' for c in sorted(model._meta.db_fields))


def _model(model: type[M], row: dict[str, Any], prefix: str = "") -> M:
    """A model from the columns of a row that carry `prefix`, as the ORM makes one from a select.
    (The declarations' own columns come unprefixed: `SELECT d.*`.)"""
    return model._init_from_db(**{c: row[key] for c, key in _keys(model, prefix)})


@cache
def _keys(model: type[Model], prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple((c, prefix + c) for c in sorted(model._meta.db_fields))


_ROW_FIELDS = ("id", "payment_id", "amount_fen", "posting_state", "payment__state", "payment__user_id",
               "payment__created_at",
               "declaration__insurance_type", "declaration__period_start", "declaration__payer_id_index",
               "declaration__payer_name", "declaration__payer_id_masked")
# the share's own columns (i), then its payment's (p) and declaration's (d), named as the ORM's values() names them
_ROW_COLUMNS = ", ".join(f'{"i" if "__" not in f else f[0]}."{f.split("__")[-1]}" AS "{f}"' for f in _ROW_FIELDS)


async def _visible_rows(user: User, period: tuple[str, str], insurance_types: list[str] | None) -> list[dict[str, Any]]:
    """The shares the user may see: of their own payments, and (verified) paid for them by anyone,
    each as `_ROW_FIELDS`. Two statements, each on its own index (an OR across the two joins would
    scan every share); written out, since building them through the query builder cost more than
    running them (docs/performance.md)."""
    db = PaymentItem._meta.db
    mark = _placeholders(db.capabilities.dialect)
    scopes: list[tuple[str, object, str]] = [("p.user_id", user.id, "p.region")]
    if user.is_verified and user.id_number_index:
        scopes.append(("d.payer_id_index", user.id_number_index, "d.region"))
    created = Payment._meta.fields_map["created_at"]
    rows: dict[int, dict[str, Any]] = {}
    for who, value, region in scopes:
        params: list[Any] = [value, user.region, period[1], period[0], *(insurance_types or ())]
        types = f" AND d.insurance_type IN ({', '.join(mark(n) for n in range(5, len(params) + 1))})" \
            if insurance_types else ""
        found = await db.execute_query_dict(
            f"SELECT {_ROW_COLUMNS} FROM payment_items i JOIN payments p ON p.id = i.payment_id "
            f"JOIN declarations d ON d.id = i.declaration_id WHERE {who} = {mark(1)} AND {region} = {mark(2)} "
            f"AND d.period_start <= {mark(3)} AND d.period_end >= {mark(4)}{types}", params)
        for row in found:
            row["payment__created_at"] = created.to_python_value(row["payment__created_at"])
            rows[row["id"]] = row
    return list(rows.values())


async def payment_records(
    services: Services, user: User, period: tuple[str, str], insurance_types: list[str] | None, paging: Paging
) -> PaymentRecords:
    """Payments with a share covering any month of `period` (YYYYMM, inclusive) of the given
    insurance types: the user's own payments whole, others' payments for the user with only the
    user's shares; totals paid and posted per payer, insurance type and year (other channels
    included for the user themself)."""
    rows = await _visible_rows(user, period, insurance_types)
    ordered = sorted({(r["payment__created_at"], r["payment_id"]) for r in rows}, reverse=paging.newest_first)
    page = [payment_id for _, payment_id in ordered[paging.offset:paging.offset + paging.page_size]]
    payments, items, declarations = await _page(user, page, {r["id"] for r in rows})
    others, status = await _other_channels(services, user, period, insurance_types)
    return PaymentRecords(payments, items, declarations, len(ordered), _totals(user, rows, others), others, status)


async def _page(user: User, page: list[int], visible: set[int]
                ) -> tuple[list[Payment], dict[int, list[PaymentItem]], dict[int, Declaration]]:
    """The page's payments (in the page's order), with the shares the user may see (all of their
    own payments', the visible ones of others') and those shares' declarations: one statement."""
    if not page:
        return [], {}, {}
    db = Payment._meta.db
    mark = _placeholders(db.capabilities.dialect)
    rows = await db.execute_query_dict(
        f"SELECT {_columns(Payment, 'p')}, {_columns(PaymentItem, 'i')}, {_columns(Declaration, 'd')} "
        "FROM payments p JOIN payment_items i ON i.payment_id = p.id JOIN declarations d ON d.id = i.declaration_id "
        f"WHERE p.id IN ({', '.join(mark(n) for n in range(1, len(page) + 1))}) ORDER BY i.id", page)
    payments: dict[int, Payment] = {}
    items: dict[int, list[PaymentItem]] = defaultdict(list)
    declarations: dict[int, Declaration] = {}
    for row in rows:
        payment = payments.get(row["p__id"]) or payments.setdefault(row["p__id"], _model(Payment, row, "p__"))
        if payment.user_id == user.id or row["i__id"] in visible:
            items[payment.id].append(_model(PaymentItem, row, "i__"))
            declarations.setdefault(row["d__id"], _model(Declaration, row, "d__"))
    return [payments[i] for i in page if i in payments], dict(items), declarations


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
