"""What a row needs beside its own columns, loaded for a whole page in a few queries: the payer
(masked), region, channel and business number of each payment and share; a payment's worst open
trouble (its badge); and the business name and page of any object an audit entry or event
names.

The badge's severity order, worst first (docs/decisions.md):
  1 退费失败     a refund of it failed: the money is owed and nobody is sending it
  2 逾期未退费   a share is neither posted nor refunded after the region's refund day
  3 待退费       a share failed (upstream refused, or given up) and its money is not back yet
  4 结果未知     the debit, a posting or a refund has an unknown result (only a query decides)
  5 对账差异     reconciliation found a difference still open on it
  6 人工退费待审批 a person asked to refund a share; another must approve
  7 待到账确认   paid, a share not posted yet (within its deadline)
  8 待支付 / 待下单 the order is open
  9 已全部退费   every share's money is back with the payer
 10 已到账确认   paid and every share posted
 11 已关闭 / 扣款失败 no money moved
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.declarations import Declaration
from app.operations import ManualRefund, ManualRefundState, refund_due_by
from app.payments import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation import DifferenceState, ReconciliationDifference
from app.refunds import DONE_REFUND_STATES, Refund, RefundState
from dashboard.labels import DIFFERENCE_KINDS, ENTITIES, PAYMENT_STATES, mask_name, path_label

OPEN_MANUAL = (ManualRefundState.REQUESTED, ManualRefundState.APPROVED)
OPEN_DIFFERENCES = (DifferenceState.OPEN, DifferenceState.NEEDS_PERSON)


@dataclass
class Status:
    rank: int
    text: str
    tone: str  # danger | warn | info | ok | muted: the badge's colour
    also: list[str] = field(default_factory=list)  # the other open troubles, in order


def payment_status(payment: Payment, items: list[PaymentItem], refunds: list[Refund], manual: list[ManualRefund],
                   differences: list[ReconciliationDifference], today: date) -> Status:
    """The worst open thing about one payment (see the module's severity order)."""
    found: list[tuple[int, str, str]] = []
    refund_of = {r.payment_item_id: r for r in refunds if r.payment_item_id is not None}
    if any(r.state == RefundState.FAILED for r in refunds):
        found.append((1, "退费失败", "danger"))
    for item in items:
        refund = refund_of.get(item.id)
        back = refund is not None and refund.state in DONE_REFUND_STATES
        due = refund_due_by(item)
        if payment.state == PaymentState.PAID and item.posting_state != PostingState.POSTED and not back \
                and due is not None and due < today:
            found.append((2, "逾期未退费", "danger"))
        if item.posting_state == PostingState.FAILED and not back:
            found.append((3, "待退费", "danger"))
    if payment.state == PaymentState.UNKNOWN or any(i.posting_state == PostingState.UNKNOWN for i in items) \
            or any(r.state == RefundState.UNKNOWN for r in refunds):
        found.append((4, "结果未知", "warn"))
    if any(d.state in OPEN_DIFFERENCES for d in differences):
        found.append((5, "对账差异待处理", "warn"))
    if any(m.state in OPEN_MANUAL for m in manual):
        found.append((6, "人工退费待审批", "warn"))
    if payment.state == PaymentState.PAID and any(
            i.posting_state in (PostingState.NOT_POSTED, PostingState.POSTING) for i in items):
        found.append((7, "待到账确认", "info"))
    if payment.state in (PaymentState.CREATED, PaymentState.AWAITING_PAYMENT):
        found.append((8, PAYMENT_STATES[payment.state.value], "info"))
    if payment.state == PaymentState.PAID and items and all(
            (refund_of.get(i.id) is not None and refund_of[i.id].state in DONE_REFUND_STATES) for i in items):
        found.append((9, "已全部退费", "muted"))
    if payment.state == PaymentState.PAID and items and all(i.posting_state == PostingState.POSTED for i in items):
        found.append((10, "已到账确认", "ok"))
    if payment.state in (PaymentState.CLOSED, PaymentState.FAILED):
        found.append((11, PAYMENT_STATES[payment.state.value], "muted"))
    if not found:  # paid, shares partly posted and partly refunded: nothing open
        found.append((10, "已办结", "ok"))
    found = sorted(set(found))
    worst = found[0]
    return Status(worst[0], worst[1], worst[2], [f[1] for f in found[1:] if f[0] < 9])


async def statuses(payments: list[Payment], today: date) -> dict[int, Status]:
    """Each payment's badge, for a page of them (four queries)."""
    ids = [p.id for p in payments]
    if not ids:
        return {}
    items: dict[int, list[PaymentItem]] = {i: [] for i in ids}
    for item in await PaymentItem.filter(payment_id__in=ids):
        items[item.payment_id].append(item)
    refunds: dict[int, list[Refund]] = {i: [] for i in ids}
    for refund in await Refund.filter(payment_id__in=ids):
        refunds[refund.payment_id].append(refund)
    manual: dict[int, list[ManualRefund]] = {i: [] for i in ids}
    for m in await ManualRefund.filter(payment_id__in=ids, state__in=list(OPEN_MANUAL)):
        manual[m.payment_id].append(m)
    diffs: dict[int, list[ReconciliationDifference]] = {i: [] for i in ids}
    for d in await ReconciliationDifference.filter(payment_id__in=ids, state__in=list(OPEN_DIFFERENCES)):
        if d.payment_id is not None:
            diffs[int(d.payment_id)].append(d)
    return {p.id: payment_status(p, items[p.id], refunds[p.id], manual[p.id], diffs[p.id], today) for p in payments}


# ---- the payer, region, channel and business numbers of a page's rows ----

@dataclass
class Facts:
    payments: dict[int, Payment]
    items: dict[int, PaymentItem]
    declarations: dict[int, Declaration]
    first_item: dict[int, int]  # payment → its first share
    shares: dict[int, int]  # payment → how many shares

    def payment(self, payment_id: object) -> Payment | None:
        return self.payments.get(int(str(payment_id))) if payment_id is not None else None

    def payer(self, payment_id: object = None, item_id: object = None) -> dict[str, Any] | None:
        """{name (masked), id (masked), more (other payers in the payment)} of a share, or of a
        payment's first share."""
        item = self.items.get(int(str(item_id))) if item_id is not None else None
        if item is None and payment_id is not None:
            item = self.items.get(self.first_item.get(int(str(payment_id)), -1))
        if item is None:
            return None
        declaration = self.declarations.get(item.declaration_id)
        if declaration is None:
            return None
        more = self.shares.get(item.payment_id, 1) - 1 if item_id is None else 0
        return {"name": mask_name(declaration.payer_name), "id": declaration.payer_id_masked, "more": more,
                "declaration_no": declaration.declaration_no, "item": item}


async def facts(payment_ids: list[Any] | None = None, item_ids: list[Any] | None = None) -> Facts:
    """The payments, shares and declarations behind a page's rows (three queries)."""
    pids = {int(p) for p in payment_ids or [] if p is not None}
    iids = {int(i) for i in item_ids or [] if i is not None}
    found_items = await PaymentItem.filter(id__in=list(iids)) if iids else []
    pids.update(i.payment_id for i in found_items)
    payments = {p.id: p for p in await Payment.filter(id__in=list(pids))} if pids else {}
    items = {i.id: i for i in found_items}
    first: dict[int, int] = {}
    shares: dict[int, int] = {}
    if pids:
        for item in await PaymentItem.filter(payment_id__in=list(pids)).order_by("id"):
            first.setdefault(item.payment_id, item.id)
            shares[item.payment_id] = shares.get(item.payment_id, 0) + 1
            items.setdefault(item.id, item)
    wanted = {i.declaration_id for i in items.values()}
    declarations = {d.id: d for d in await Declaration.filter(id__in=list(wanted))} if wanted else {}
    return Facts(payments, items, declarations, first, shares)


# ---- what an audit entry or an event names ----

@dataclass
class Named:
    text: str  # 缴款 商户单号 SBP…, 退费 退款单号 R…
    url: str | None


async def names(targets: list[tuple[str, str]]) -> dict[tuple[str, str], Named]:
    """The business name and page of each (type, id): a payment by its 商户单号, a refund by its
    退款单号, a share or a declaration by its 申报序号 — each linking to the payment's page (at
    the row), an operator to the audit log filtered by them."""
    by_type: dict[str, set[int]] = {}
    for kind, ident in targets:
        if str(ident).isdigit():
            by_type.setdefault(kind, set()).add(int(ident))
    out: dict[tuple[str, str], Named] = {}
    if by_type.get("payment"):
        for p in await Payment.filter(id__in=list(by_type["payment"])):
            out[("payment", str(p.id))] = Named(f"缴款 商户单号 {p.out_trade_no}", f"/dashboard/payments/{p.id}")
    if by_type.get("refund"):
        for r in await Refund.filter(id__in=list(by_type["refund"])):
            out[("refund", str(r.id))] = Named(f"退费 退款单号 {r.out_refund_no}",
                                               f"/dashboard/payments/{r.payment_id}#refund-{r.id}")
    item_rows = await PaymentItem.filter(id__in=list(by_type["payment_item"])) if by_type.get("payment_item") else []
    declaration_ids = set(by_type.get("declaration", set())) | {i.declaration_id for i in item_rows}
    declarations = {d.id: d for d in await Declaration.filter(id__in=list(declaration_ids))} if declaration_ids else {}
    for i in item_rows:
        d = declarations.get(i.declaration_id)
        out[("payment_item", str(i.id))] = Named(f"费款 申报序号 {d.declaration_no if d else '—'}",
                                                 f"/dashboard/payments/{i.payment_id}#item-{i.id}")
    if by_type.get("declaration"):
        latest: dict[int, int] = {}
        for i in await PaymentItem.filter(declaration_id__in=list(by_type["declaration"])).order_by("id"):
            latest[i.declaration_id] = i.payment_id
        for number in by_type["declaration"]:
            d = declarations.get(number)
            if d is not None:
                pay = latest.get(number)
                out[("declaration", str(number))] = Named(f"申报 申报序号 {d.declaration_no}",
                                                         f"/dashboard/payments/{pay}" if pay else None)
    if by_type.get("manual_refund"):
        for m in await ManualRefund.filter(id__in=list(by_type["manual_refund"])):
            out[("manual_refund", str(m.id))] = Named(f"人工退费申请 第{m.id}号",
                                                      f"/dashboard/payments/{m.payment_id}#manual-{m.id}")
    if by_type.get("difference"):
        for diff in await ReconciliationDifference.filter(id__in=list(by_type["difference"])):
            shown = diff.out_refund_no or diff.out_trade_no or diff.posting_no or ""
            url = f"/dashboard/payments/{diff.payment_id}#difference-{diff.id}" if diff.payment_id else \
                f"/dashboard/differences?state=all&q={shown}"
            kind_label = DIFFERENCE_KINDS.get(diff.kind.value, "")
            out[("difference", str(diff.id))] = Named(f"对账差异 {kind_label} {shown}".strip(), url)
    for kind, ident in targets:
        if (kind, ident) in out:
            continue
        if kind == "operator":
            out[(kind, ident)] = Named("操作员账号", f"/dashboard/audit?operator={ident}")
        elif kind == "path":
            out[(kind, ident)] = Named(path_label(ident), None)
        elif kind:
            out[(kind, ident)] = Named(f"{ENTITIES.get(kind, '对象')}（已不存在）", None)
    return out
