"""The money ledger, checked from every side: our rows, the WeChat Pay sandbox, the upstream sandbox.

`assert_ledger(services, wechat_sandbox, upstream)` states the invariants of PRODUCT.md ("Rules
that keep money straight") as facts about the three parties' books, after recovery:

* every PAID payment: its shares add up to what the channel debited (and to what we asked);
* every share is POSTED — exactly one upstream posting under its posting_no, for its amount,
  and no other posting of its assessment — or FAILED and refunded exactly once, for exactly its
  amount, our refund and the channel's refund of that out_refund_no agreeing;
* no refund exceeds its share, no payment is refunded more than was paid (our rows and the
  channel's `refunded_fen`), and the channel holds no refund we do not;
* upstream holds no posting without a POSTED share of a PAID payment;
* nothing is left in between (`settled=True`): no share NOT_POSTED / POSTING / UNKNOWN, no refund
  CREATED / UNKNOWN, no open payment the channel has debited;
* a declaration is paid at most once (at most one POSTED share), a paid one is posted, and a
  voided one's assessment is released upstream.

Every problem is collected (not only the first) and named by the payment (id and out_trade_no),
the share (id and posting_no) or the refund (out_refund_no), so a failing scenario says at once
what went wrong where. The checker only reads: it never changes a row or a sandbox.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from app.declarations.models import Declaration, DeclarationState
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.refunds.models import Refund, RefundState

CHANNEL_DEBITED = ("SUCCESS", "REFUND")  # a sandbox order in these states took the payer's money
CHANNEL_LIVE_REFUND = ("PROCESSING", "SUCCESS")  # a sandbox refund in these states pays money back
# our refund state ↔ the channel's refund status it must agree with
AGREES = {RefundState.PROCESSING: "PROCESSING", RefundState.SUCCEEDED: "SUCCESS"}
UNSETTLED_POSTING = (PostingState.NOT_POSTED, PostingState.POSTING, PostingState.UNKNOWN)
UNSETTLED_REFUND = (RefundState.CREATED, RefundState.UNKNOWN)


@dataclass
class Ledger:
    """What the check saw (for a test's own further assertions)."""

    paid_payments: int = 0
    posted_shares: int = 0
    refunded_shares: int = 0
    debited_fen: int = 0
    posted_fen: int = 0
    refunded_fen: int = 0  # live refunds (processing + succeeded), ours
    problems: list[str] = field(default_factory=list)


def _payment_name(p: Payment) -> str:
    return f"payment #{p.id} {p.out_trade_no} ({p.state.value}, {p.amount_fen} fen)"


def _share_name(i: PaymentItem) -> str:
    state = i.posting_state.value
    return f"share #{i.id} {i.posting_no} ({state}, {i.amount_fen} fen, declaration #{i.declaration_id})"


async def check_ledger(
    services: Any, wechat_sandbox: Any, upstream: Any, *, settled: bool = True, strict_channel: bool = True,
    channel: str | tuple[str, ...] = "wechat_pay",
) -> Ledger:
    """Every invariant, every problem found (see the module). `settled`: recovery is over, nothing
    may be left in between. `strict_channel`: every debit and refund the channel sandbox holds must
    be one of ours (the test cleared the session's sandbox first)."""
    ledger = Ledger()
    channels = (channel,) if isinstance(channel, str) else channel  # one channel's sandbox, or books of several
    bad = ledger.problems.append
    payments = {p.id: p for p in await Payment.all().order_by("id")}
    items_of: dict[int, list[PaymentItem]] = defaultdict(list)
    items_by_no: dict[str, PaymentItem] = {}
    for item in await PaymentItem.all().order_by("id"):
        items_of[item.payment_id].append(item)
        items_by_no[item.posting_no] = item
    refunds = await Refund.all().order_by("id")
    refunds_of_item: dict[int, list[Refund]] = defaultdict(list)
    refunds_of_payment: dict[int, list[Refund]] = defaultdict(list)
    for r in refunds:
        refunds_of_payment[r.payment_id].append(r)
        if r.payment_item_id is not None:
            refunds_of_item[r.payment_item_id].append(r)
    declarations = {d.id: d for d in await Declaration.all()}
    ours_by_refund_no = {r.out_refund_no: r for r in refunds}
    our_trade_nos = {p.out_trade_no for p in payments.values()}
    postings: dict[str, Any] = dict(upstream.postings)
    requests: dict[str, Any] = dict(upstream._requests)  # the sandbox's record of what was asked
    postings_of_assessment: dict[str, list[str]] = defaultdict(list)
    for posting_no in postings:
        request = requests.get(posting_no)
        if request is not None:
            postings_of_assessment[request.assessment_no].append(posting_no)
    channel_refunds_of: dict[str, list[Any]] = defaultdict(list)
    for refund in wechat_sandbox.refunds.values():
        channel_refunds_of[refund.out_trade_no].append(refund)

    # ---- payments: what the channel debited, what we hold ----
    for p in payments.values():
        name = _payment_name(p)
        items = items_of[p.id]
        order: Any = wechat_sandbox.orders.get(p.out_trade_no) if p.channel in channels else None
        debited = order is not None and order.trade_state in CHANNEL_DEBITED and bool(order.transaction_id)
        if p.state != PaymentState.PAID:
            if debited and (settled or p.state in (PaymentState.CLOSED, PaymentState.FAILED)):
                bad(f"{name}: the channel debited {order.payer_total_fen} fen ({order.trade_state}) but we hold it "
                    f"{p.state.value}: money taken and neither posted nor refunded")
            if any(i.posting_state != PostingState.NOT_POSTED for i in items):
                bad(f"{name}: not paid, yet shares were posted or failed: {[_share_name(i) for i in items]}")
            if refunds_of_payment[p.id]:
                bad(f"{name}: not paid, yet refunds exist: {[r.out_refund_no for r in refunds_of_payment[p.id]]}")
            continue
        ledger.paid_payments += 1
        shares_fen = sum(i.amount_fen for i in items)
        if not debited:
            bad(f"{name}: PAID here, but the channel holds "
                f"{'no order' if order is None else order.trade_state}: nothing was debited")
        else:
            ledger.debited_fen += order.payer_total_fen
            if order.payer_total_fen != shares_fen:
                bad(f"{name}: the channel debited {order.payer_total_fen} fen, its shares add up to {shares_fen} fen")
        if shares_fen != p.amount_fen or (p.paid_amount_fen is not None and p.paid_amount_fen != p.amount_fen):
            bad(f"{name}: shares {shares_fen} fen, amount {p.amount_fen} fen, paid {p.paid_amount_fen} fen differ")

        # ---- each share: posted once, or failed and refunded once ----
        for item in items:
            share = f"{name}: {_share_name(item)}"
            posted = postings.get(item.posting_no)
            declaration = declarations.get(item.declaration_id)
            item_refunds = refunds_of_item[item.id]
            if item.posting_state == PostingState.POSTED:
                ledger.posted_shares += 1
                ledger.posted_fen += item.amount_fen
                if posted is None:
                    bad(f"{share}: POSTED here, but upstream holds no posting {item.posting_no}")
                elif requests[item.posting_no].amount_fen != item.amount_fen:
                    bad(f"{share}: upstream posted {requests[item.posting_no].amount_fen} fen")
                if declaration is not None:
                    others = [n for n in postings_of_assessment[declaration.assessment_no] if n != item.posting_no]
                    if others:
                        bad(f"{share}: its assessment {declaration.assessment_no} was posted again upstream "
                            f"as {others}")
                if item_refunds:
                    bad(f"{share}: POSTED and refunded too: {[(r.out_refund_no, r.state.value) for r in item_refunds]}")
            elif item.posting_state == PostingState.FAILED:
                if posted is not None:
                    bad(f"{share}: FAILED here (refund due), but upstream posted it ({posted.upstream_ref}): "
                        "posted and refunded")
                if len(item_refunds) > 1:
                    bad(f"{share}: refunded {len(item_refunds)} times: {[r.out_refund_no for r in item_refunds]}")
                live = [r for r in item_refunds if r.state in AGREES]
                if settled and not live:
                    bad(f"{share}: FAILED and not refunded: "
                        f"{[(r.out_refund_no, r.state.value) for r in item_refunds] or 'no refund at all'}")
                for r in live:
                    ledger.refunded_shares += 1
                    if r.amount_fen != item.amount_fen:
                        bad(f"{share}: refunded {r.amount_fen} fen instead of exactly its {item.amount_fen} fen "
                            f"({r.out_refund_no})")
            elif settled and item.posting_state in UNSETTLED_POSTING:
                bad(f"{share}: still {item.posting_state.value} after recovery "
                    f"({item.posting_reason_code}: {item.posting_reason})")
            if settled and posted is not None and item.posting_state in UNSETTLED_POSTING:
                bad(f"{share}: upstream posted it, we hold it {item.posting_state.value}")

        # ---- refunds of this payment: ours and the channel's ----
        ours = refunds_of_payment[p.id]
        live_fen = 0
        for r in ours:
            label = f"{name}: refund {r.out_refund_no} ({r.state.value}, {r.amount_fen} fen)"
            owner = next((i for i in items if i.id == r.payment_item_id), None)
            if owner is None:
                bad(f"{label}: tied to no share of this payment")
            else:
                if r.amount_fen > owner.amount_fen:
                    bad(f"{label}: exceeds its share {owner.posting_no} of {owner.amount_fen} fen")
                if owner.posting_state != PostingState.FAILED:
                    bad(f"{label}: its share {owner.posting_no} is {owner.posting_state.value}, not FAILED")
            if settled and r.state in UNSETTLED_REFUND:
                bad(f"{label}: still {r.state.value} after recovery")
            at_channel = wechat_sandbox.refunds.get(r.out_refund_no)
            if r.state in AGREES:
                live_fen += r.amount_fen
                if at_channel is None:
                    bad(f"{label}: the channel holds no refund {r.out_refund_no}")
                elif (at_channel.out_trade_no, at_channel.refund_fen) != (p.out_trade_no, r.amount_fen):
                    bad(f"{label}: the channel holds it for {at_channel.out_trade_no}, {at_channel.refund_fen} fen")
                elif settled and at_channel.status != AGREES[r.state]:
                    bad(f"{label}: the channel says {at_channel.status}")
            elif at_channel is not None and at_channel.status in CHANNEL_LIVE_REFUND:
                bad(f"{label}: the channel pays it back ({at_channel.status}, {at_channel.refund_fen} fen)")
        ledger.refunded_fen += live_fen
        paid_fen = p.paid_amount_fen if p.paid_amount_fen is not None else p.amount_fen
        if live_fen > paid_fen:
            bad(f"{name}: refunds {live_fen} fen exceed what was paid, {paid_fen} fen")
        at_channel_fen = wechat_sandbox.refunded_fen(p.out_trade_no)
        if at_channel_fen != live_fen:
            bad(f"{name}: the channel refunded {at_channel_fen} fen, our live refunds {live_fen} fen")
        if debited and at_channel_fen > order.payer_total_fen:
            bad(f"{name}: the channel refunded {at_channel_fen} fen of {order.payer_total_fen} fen")
        for channel_refund in channel_refunds_of[p.out_trade_no]:
            if channel_refund.out_refund_no not in ours_by_refund_no:
                bad(f"{name}: the channel holds refund {channel_refund.out_refund_no} "
                    f"({channel_refund.status}, {channel_refund.refund_fen} fen) that we never made")

    # ---- upstream: no posting without a POSTED share of a PAID payment ----
    for posting_no, result in postings.items():
        posted_item = items_by_no.get(posting_no)
        if posted_item is None:
            bad(f"upstream posting {posting_no} ({result.upstream_ref}): no share of ours has that number")
            continue
        p = payments[posted_item.payment_id]
        if p.state != PaymentState.PAID or posted_item.posting_state != PostingState.POSTED:
            # a share still unsettled is reported above (settled) or may yet settle (not settled)
            if p.state != PaymentState.PAID or posted_item.posting_state == PostingState.FAILED or settled:
                bad(f"upstream posting {posting_no}: {_payment_name(p)} {_share_name(posted_item)} is not a POSTED "
                    "share of a PAID payment")
    for assessment_no, numbers in postings_of_assessment.items():
        if len(numbers) > 1:
            bad(f"upstream posted assessment {assessment_no} {len(numbers)} times: {sorted(numbers)}")

    # ---- declarations: paid at most once, paid means posted, voided means released ----
    posted_of: dict[int, list[PaymentItem]] = defaultdict(list)
    for items in items_of.values():
        for item in items:
            if item.posting_state == PostingState.POSTED:
                posted_of[item.declaration_id].append(item)
    for d in declarations.values():
        label = f"declaration #{d.id} {d.declaration_no} ({d.state.value}, paid={d.paid})"
        posted_items = posted_of[d.id]
        if len(posted_items) > 1:
            bad(f"{label}: paid more than once: {[_share_name(i) for i in posted_items]} "
                f"in payments {[payments[i.payment_id].out_trade_no for i in posted_items]}")
        if posted_items and not (d.paid and d.state == DeclarationState.DECLARED):
            bad(f"{label}: posted as {posted_items[0].posting_no} but not shown paid")
        if settled and d.paid and not posted_items:
            bad(f"{label}: paid but no share of it is posted")
        if d.state == DeclarationState.VOIDED and d.paid:
            bad(f"{label}: voided yet paid")
        record = getattr(upstream, "assessments", {}).get(d.assessment_no)
        if settled and d.state == DeclarationState.VOIDED and record is not None and record.status == "open":
            bad(f"{label}: voided, but its assessment {d.assessment_no} is still open upstream (never released)")

    # ---- the channel: every debit and refund is one of ours ----
    if strict_channel:
        for out_trade_no, order in wechat_sandbox.orders.items():
            if order.trade_state in CHANNEL_DEBITED and out_trade_no not in our_trade_nos:
                bad(f"the channel debited order {out_trade_no} ({order.payer_total_fen} fen) we do not know")
        for out_refund_no, refund in wechat_sandbox.refunds.items():
            if out_refund_no not in ours_by_refund_no and refund.out_trade_no not in our_trade_nos:
                bad(f"the channel holds refund {out_refund_no} of unknown order {refund.out_trade_no}")
    return ledger


async def assert_ledger(services: Any, wechat_sandbox: Any, upstream: Any, *, settled: bool = True,
                        strict_channel: bool = True) -> Ledger:
    """`check_ledger`, raising AssertionError that lists every problem (one per line)."""
    ledger = await check_ledger(services, wechat_sandbox, upstream, settled=settled, strict_channel=strict_channel)
    if ledger.problems:
        raise AssertionError("the ledger does not balance:\n  " + "\n  ".join(ledger.problems))
    return ledger
