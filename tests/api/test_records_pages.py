"""申报记录查询's page is one statement (app.records.declaration_records): it must answer exactly
what the ORM's `visible_to` filter, its count and the payments and shares holding each declaration
answer — for a verified and an unverified viewer, declarations made by others for them, every
filter, both orders and a page past the end."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

from app.declarations import visible_to
from app.declarations.models import Declaration, DeclarationState
from app.identity.models import User
from app.payments.models import Payment, PaymentItem
from app.records import Paging, declaration_records

T0 = datetime(2026, 3, 1, tzinfo=UTC)


async def _user(verified: bool, index: str) -> User:
    return await User.create(openid=f"records-{uuid.uuid4().hex[:12]}", region="guizhou", id_type="resident_id_card",
                             id_number_index=index, id_number_sealed="x", id_number_masked="5201**********0000",
                             name="赵伟", verified_at=T0 if verified else None, bound_at=T0)


async def _declaration(user: User, index: str, k: int, state: DeclarationState, region: str = "guizhou"
                       ) -> Declaration:
    d = await Declaration.create(
        declaration_no=f"SBREC{uuid.uuid4().hex[:14]}", user=user, region=region, relation="self_pay",
        payer_id_type="resident_id_card", payer_id_number_sealed="x", payer_id_index=index,
        payer_id_masked="5201**********0000", payer_name="赵伟", insurance_type="flexible_pension",
        payment_kind="normal", period_start=f"2025{k % 12 + 1:02d}", period_end=f"2025{k % 12 + 1:02d}",
        assessment_no=f"HD{uuid.uuid4().hex[:12]}", agency="南明区", amount_due_fen=1000 + k, lines=[], state=state)
    await Declaration.filter(id=d.id).update(created_at=T0 + timedelta(days=k))
    return d


async def _held(d: Declaration, user: User, paid: bool) -> None:
    p = await Payment.create(out_trade_no=f"SBPREC{uuid.uuid4().hex[:16]}", region="guizhou", channel="wechat_pay",
                             amount_fen=d.amount_due_fen, description="x", state="paid" if paid else "awaiting_payment",
                             payer_ref="o", user=user)
    await PaymentItem.create(payment=p, declaration=d, amount_fen=d.amount_due_fen, posting_no=f"{p.out_trade_no}01")
    await Declaration.filter(id=d.id).update(current_payment_id=p.id, state=DeclarationState.PROCESSING, paid=paid)


async def _reference(user: User, since, until, states, paging: Paging):  # type: ignore[no-untyped-def]
    query = Declaration.filter(visible_to(user))
    if since:
        query = query.filter(created_at__gte=since)
    if until:
        query = query.filter(created_at__lt=until)
    if states:
        query = query.filter(state__in=states)
    order = ("-created_at", "-id") if paging.newest_first else ("created_at", "id")
    found = await query.order_by(*order).offset(paging.offset).limit(paging.page_size)
    held = {d.current_payment_id for d in found if d.current_payment_id}
    payments = {p.id: p for p in await Payment.filter(id__in=held)} if held else {}
    shares = {(i.payment_id, i.declaration_id): i for i in await PaymentItem.filter(
        payment_id__in=held, declaration_id__in=[d.id for d in found])} if held else {}
    return await query.count(), found, payments, shares


def _same_rows(ours: list, theirs: list) -> None:  # type: ignore[type-arg]
    assert [m.id for m in ours] == [m.id for m in theirs]
    for a, b in zip(ours, theirs, strict=True):
        for field in type(a)._meta.db_fields:  # every column, converted as the ORM converts it
            column_field = type(a)._meta.fields_db_projection_reverse[field]
            assert getattr(a, column_field) == getattr(b, column_field), (type(a).__name__, field)


async def test_the_page_is_what_the_orm_filter_counts_and_holds(database_url: str) -> None:
    index, other_index = uuid.uuid4().hex * 2, uuid.uuid4().hex * 2
    viewer = await _user(True, index)
    unverified = await _user(False, other_index)
    relative = await _user(True, uuid.uuid4().hex * 2)
    states = [DeclarationState.DECLARED, DeclarationState.PROCESSING, DeclarationState.VOIDED]
    for k in range(9):  # theirs, made by a relative for them, and the unverified user's own
        mine = await _declaration(viewer, index, k, states[k % 3])
        for_me = await _declaration(relative, index, 20 + k, DeclarationState.DECLARED)
        await _declaration(unverified, other_index, 40 + k, states[k % 3])
        if k % 2:
            await _held(mine, viewer, paid=k % 4 == 1)
            await _held(for_me, relative, paid=True)
    await _declaration(relative, index, 60, DeclarationState.DECLARED, region="hubei")  # another region: not shown
    cases = itertools.product(
        (viewer, unverified, relative),
        ((None, None), (T0 + timedelta(days=3), None), (T0, T0 + timedelta(days=25))),
        ([], [DeclarationState.DECLARED], [DeclarationState.PROCESSING, DeclarationState.VOIDED]),
        (Paging(1, 5), Paging(2, 5, newest_first=False), Paging(9, 5), Paging(1, 100)),
    )
    for user, (since, until), wanted, paging in cases:
        ours = await declaration_records(user, since, until, wanted, paging)
        total, found, payments, shares = await _reference(user, since, until, wanted, paging)
        assert ours.total == total, (user.id, since, until, wanted, paging)
        _same_rows(ours.declarations, found)
        assert sorted(ours.payments) == sorted(payments)
        _same_rows([ours.payments[k] for k in sorted(payments)], [payments[k] for k in sorted(payments)])
        assert sorted(ours.shares) == sorted(shares)
        _same_rows([ours.shares[k] for k in sorted(shares)], [shares[k] for k in sorted(shares)])
    assert (await declaration_records(viewer, None, None, [], Paging(1, 100))).total == 18


async def test_the_payments_page_holds_what_the_orm_finds(database_url: str) -> None:
    """缴费记录查询's page (records.services._page): the page's payments in order, all shares of the
    viewer's own payments and only the visible shares of others', with those shares' declarations."""
    from app.records.services import _page, _visible_rows

    index = uuid.uuid4().hex * 2
    viewer, relative = await _user(True, index), await _user(True, uuid.uuid4().hex * 2)
    for k in range(7):
        await _held(await _declaration(viewer, index, k, DeclarationState.DECLARED), viewer, paid=True)
        for_me = await _declaration(relative, index, 10 + k, DeclarationState.DECLARED)
        await _held(for_me, relative, paid=k % 2 == 0)
        if k % 3 == 0:  # the relative's own share in the same payment: not the viewer's to see
            own = await _declaration(relative, uuid.uuid4().hex * 2, 30 + k, DeclarationState.DECLARED)
            await PaymentItem.create(payment_id=(await Declaration.get(id=for_me.id)).current_payment_id,
                                     declaration=own, amount_fen=5, posting_no=f"X{uuid.uuid4().hex[:20]}")
    rows = await _visible_rows(viewer, ("202501", "202512"), None)
    visible = {r["id"] for r in rows}
    ids = sorted({r["payment_id"] for r in rows})
    assert len(ids) == 14
    for paging in (Paging(1, 5), Paging(2, 5, newest_first=False), Paging(3, 5), Paging(4, 5)):
        order = ("-created_at", "-id") if paging.newest_first else ("created_at", "id")
        expected = await Payment.filter(id__in=ids).order_by(*order).offset(paging.offset).limit(paging.page_size)
        ordered = sorted({(r["payment__created_at"], r["payment_id"]) for r in rows}, reverse=paging.newest_first)
        page = [i for _, i in ordered[paging.offset:paging.offset + paging.page_size]]
        payments, items, declarations = await _page(viewer, page, visible)
        _same_rows(payments, expected)
        shown = [i for i in await PaymentItem.filter(payment_id__in=[p.id for p in expected]).order_by("id")
                 if i.id in visible or i.payment_id in {p.id for p in expected if p.user_id == viewer.id}]
        _same_rows([i for p in payments for i in items.get(p.id, [])],
                   sorted(shown, key=lambda i: ([p.id for p in expected].index(i.payment_id), i.id)))
        assert sorted(declarations) == sorted({i.declaration_id for i in shown})
        assert all(declarations[i.declaration_id].payer_id_index == index for p in payments
                   for i in items.get(p.id, []) if p.user_id != viewer.id)


async def _orm_visible_rows(user: User, period: tuple[str, str], types: list[str] | None) -> list[dict[str, object]]:
    """What `_visible_rows` answers, through the ORM (as it was written before it was one statement
    per scope)."""
    from tortoise.expressions import Q

    from app.records.services import _ROW_FIELDS

    scopes = [Q(payment__user_id=user.id, payment__region=user.region)]
    if user.is_verified and user.id_number_index:
        scopes.append(Q(declaration__payer_id_index=user.id_number_index, declaration__region=user.region))
    rows: dict[int, dict[str, object]] = {}
    for scope in scopes:
        query = PaymentItem.filter(scope, declaration__period_start__lte=period[1],
                                   declaration__period_end__gte=period[0])
        if types:
            query = query.filter(declaration__insurance_type__in=types)
        rows.update((r["id"], r) for r in await query.values(*_ROW_FIELDS))
    return sorted(rows.values(), key=lambda r: r["id"])  # type: ignore[arg-type, return-value]


async def test_the_shares_a_payments_page_may_show_are_what_the_orm_finds(database_url: str) -> None:
    """缴费记录查询's shares (records.services._visible_rows, one statement per scope): the viewer's
    own payments' shares in their region, and (verified) the shares paid for them by anyone; by
    period and insurance type; each field as the ORM gives it."""
    from app.records.services import _visible_rows

    index = uuid.uuid4().hex * 2
    viewer, relative = await _user(True, index), await _user(True, uuid.uuid4().hex * 2)
    unverified = await _user(False, uuid.uuid4().hex * 2)
    for k in range(12):
        await _held(await _declaration(viewer, index, k, DeclarationState.DECLARED), viewer, paid=k % 3 != 0)
        await _held(await _declaration(relative, index, 20 + k, DeclarationState.DECLARED), relative, paid=k % 2 == 0)
        await _held(await _declaration(relative, relative.id_number_index or "", 40 + k, DeclarationState.DECLARED),
                    relative, paid=True)  # the relative's own: not the viewer's
        await _held(await _declaration(unverified, unverified.id_number_index or "", k, DeclarationState.DECLARED),
                    unverified, paid=True)
    await _held(await _declaration(viewer, index, 3, DeclarationState.DECLARED, region="hubei"), viewer, paid=True)
    await Declaration.filter(user_id=viewer.id, period_start="202505").update(insurance_type="resident_medical")
    checked = 0
    for user in (viewer, relative, unverified):
        for period in (("202501", "202512"), ("202503", "202506"), ("202601", "202612")):
            for types in (None, ["flexible_pension"], ["resident_medical", "flexible_pension"], ["resident_medical"]):
                ours = sorted(await _visible_rows(user, period, types), key=lambda r: r["id"])
                assert ours == await _orm_visible_rows(user, period, types), (user.id, period, types)
                checked += len(ours)
    assert checked > 100  # not all empty
    assert {r["declaration__payer_id_index"] for r in await _visible_rows(viewer, ("202501", "202512"), None)} == {
        index}  # the relative's own shares are not the viewer's
