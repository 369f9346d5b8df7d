"""What an operator can do about an exception, each with a remark, recorded twice: the money
row's own event (actor ``staff:<username>``) and the audit trail.

Money rules hold here as everywhere (invariant 3): the payment row is locked while a refund is
decided, and a refund never takes the live refunds of a payment above what was paid. Before a
failed refund is retried or marked paid offline, the channel is asked about it: a refund the
channel still has as paid or in progress is never paid out a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app import clock
from app.context import Services
from app.declarations import Declaration
from app.events import record
from app.operations import errors
from app.operations.models import MANUAL_REFUND, ManualRefund, ManualRefundState, Role
from app.operations.services import Actor, audit, clean_remark, clean_text, require
from app.payments import Payment, PaymentItem, PaymentState, PostingState, give_up_share, sync_with_channel
from app.reconciliation import DIFFERENCE, DifferenceKind, DifferenceState, ReconciliationDifference
from app.refunds import LIVE_REFUND_STATES, REFUND, Refund, RefundState, ask_about_open_refunds, new_out_refund_no
from app.refunds import errors as refund_errors
from app.uow import unit_of_work
from payment_channels import interfaces as ch

BANK_REFERENCE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
MANUAL_REFUND_POSTING = (PostingState.NOT_POSTED, PostingState.UNKNOWN, PostingState.FAILED)


def _paid(payment: Payment) -> int:
    return payment.paid_amount_fen if payment.paid_amount_fen is not None else payment.amount_fen


async def _channel_says_failed(services: Services, refund: Refund, actor: Actor) -> ch.RefundStatus:
    """Ask the channel about a failed refund's number: its answer must not be paid or in progress,
    and reconciliation must not have seen it paid. Returns the channel's answer (CLOSED, ABNORMAL,
    NOT_FOUND); raises when paying it again could pay twice, or when it cannot be sure."""
    seen_paid = await ReconciliationDifference.filter(
        Q(refund_id=refund.id) | Q(out_refund_no=refund.out_refund_no),
        kind__in=[DifferenceKind.REFUND_UNKNOWN_HERE, DifferenceKind.REFUNDED_TWICE],
        state__in=[DifferenceState.OPEN, DifferenceState.NEEDS_PERSON]).exists()
    if seen_paid:
        raise errors.RefundSeenPaid()
    payment = await Payment.get(id=refund.payment_id)
    try:
        status = await services.channel(refund.channel).query_refund(refund.out_refund_no, payment.out_trade_no)
    except ch.ChannelError as exc:
        raise errors.ChannelNotAnswering(detail=str(exc)) from exc
    if status.state in (ch.RefundState.SUCCEEDED, ch.RefundState.PROCESSING):
        await record("refund", refund.id, "channel_contradicts", actor=actor.event_actor, from_state=refund.state,
                     to_state=refund.state, reason=f"渠道显示该退款单为{status.provider_state}",
                     data={"flagged": True, "provider_state": status.provider_state, "raw": status.raw})
        raise errors.RefundLiveAtChannel(provider_state=status.provider_state)
    return status


async def retry_refund(services: Services, actor: Actor, refund_id: int, remark: object) -> Refund:
    """重新发起退费: a FAILED refund (closed at the channel, or refused) goes back to CREATED under a
    new out_refund_no (the old number kept in its event) and the refund job sends it. Not for
    ABNORMAL (the payer's account is gone: pay it offline and mark it so). Raises RoleRequired,
    RemarkRequired, RefundNotFound, RefundNotRetryable, RefundAbnormal, RefundSeenPaid,
    RefundLiveAtChannel, ChannelNotAnswering, RefundExceedsPaid."""
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)
    refund = await Refund.get_or_none(id=refund_id)
    if refund is None:
        raise refund_errors.RefundNotFound()
    if refund.state != RefundState.FAILED:
        raise errors.RefundNotRetryable(state=refund.state.value)
    status = await _channel_says_failed(services, refund, actor)
    if status.state == ch.RefundState.ABNORMAL or refund.failure_code == "ABNORMAL":
        raise errors.RefundAbnormal()
    answer = status.provider_state or status.state.value
    async with unit_of_work() as uow:
        payment = await Payment.select_for_update().get(id=refund.payment_id)
        row = await Refund.get(id=refund.id)
        if row.state != RefundState.FAILED:
            raise errors.RefundNotRetryable(state=row.state.value)
        live = await Refund.filter(payment_id=payment.id, state__in=list(LIVE_REFUND_STATES))
        if sum(r.amount_fen for r in live) + row.amount_fen > _paid(payment):
            raise refund_errors.RefundExceedsPaid(out_trade_no=payment.out_trade_no, paid_fen=_paid(payment))
        new_no = new_out_refund_no()
        moved = await REFUND.move(
            row.id, RefundState.CREATED, actor=actor.event_actor, action="retry", why=text,
            expect=[RefundState.FAILED], data={"previous_out_refund_no": row.out_refund_no, "out_refund_no": new_no,
                                               "channel_said": answer},
            out_refund_no=new_no, refund_id=None, failure_code=None, failure_reason=None)
        if moved is None:
            raise errors.RefundNotRetryable(state="changed")
        await audit(actor, "retry_refund", target_type="refund", target_id=row.id, remark=text,
                    data={"previous_out_refund_no": row.out_refund_no, "out_refund_no": new_no,
                          "amount_fen": row.amount_fen})
        uow.after_commit(services.queue.defer_refunds, refund.payment_id)  # the job sends it, with the new number
    await refund.refresh_from_db()
    return refund


async def mark_refunded_offline(services: Services, actor: Actor, refund_id: int, bank_reference: object,
                                remark: object) -> Refund:
    """登记线下已退: a FAILED refund was paid back by bank transfer; the bank's reference is kept.
    Approvers only. Raises RoleRequired, RemarkRequired, BankReferenceRequired, RefundNotFound,
    RefundNotOffline, RefundLiveAtChannel, ChannelNotAnswering."""
    require(actor, Role.APPROVER)
    text = clean_remark(remark)
    reference = clean_text(bank_reference, max_len=64)
    if not (4 <= len(reference) <= 64 and set(reference) <= BANK_REFERENCE_CHARS):
        raise errors.BankReferenceRequired()
    refund = await Refund.get_or_none(id=refund_id)
    if refund is None:
        raise refund_errors.RefundNotFound()
    if refund.state != RefundState.FAILED:
        raise errors.RefundNotOffline(state=refund.state.value)
    status = await _channel_says_failed(services, refund, actor)
    answer = status.provider_state or status.state.value
    async with unit_of_work():
        await Payment.select_for_update().get(id=refund.payment_id)
        moved = await REFUND.move(refund.id, RefundState.OFFLINE, actor=actor.event_actor, action="refunded_offline",
                                  why=text, data={"bank_reference": reference, "channel_said": answer},
                                  offline_reference=reference, succeeded_at=clock.now())
        if moved is None:
            raise errors.RefundNotOffline(state="changed")
        await audit(actor, "mark_refunded_offline", target_type="refund", target_id=refund.id, remark=text,
                    data={"bank_reference": reference, "amount_fen": refund.amount_fen})
    await refund.refresh_from_db()
    return refund


async def request_manual_refund(services: Services, actor: Actor, payment_item_id: int, remark: object) -> ManualRefund:
    """申请人工退费 of one share that did not post (not posted, unknown, or refused without a
    refund yet): exactly the share's amount, once another person approves. Raises RoleRequired,
    RemarkRequired, ShareNotFound, ShareNotEligible, ManualRefundOpen, RefundExceedsPaid."""
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)
    item = await PaymentItem.get_or_none(id=payment_item_id)
    if item is None:
        raise errors.ShareNotFound()
    try:
        async with unit_of_work():
            payment = await Payment.select_for_update().get(id=item.payment_id)
            share = await PaymentItem.get(id=item.id)
            if payment.state != PaymentState.PAID or share.posting_state not in MANUAL_REFUND_POSTING:
                raise errors.ShareNotEligible(posting_state=share.posting_state.value,
                                              payment_state=payment.state.value)
            if await Refund.filter(payment_item_id=share.id).exists():
                raise errors.ShareNotEligible(why="refund_exists")
            live = await Refund.filter(payment_id=payment.id, state__in=list(LIVE_REFUND_STATES))
            if sum(r.amount_fen for r in live) + share.amount_fen > _paid(payment):
                raise refund_errors.RefundExceedsPaid(out_trade_no=payment.out_trade_no, paid_fen=_paid(payment))
            manual = await MANUAL_REFUND.create(
                actor=actor.event_actor, action="request", why=text,
                data={"payment_item_id": share.id, "amount_fen": share.amount_fen},
                payment_id=payment.id, payment_item_id=share.id, amount_fen=share.amount_fen,
                active_key=f"item:{share.id}", requested_by=actor.username, request_remark=text)
            await audit(actor, "request_manual_refund", target_type="payment_item", target_id=share.id, remark=text,
                        data={"manual_refund_id": manual.id, "amount_fen": share.amount_fen,
                              "out_trade_no": payment.out_trade_no})
    except IntegrityError as exc:  # the unique active_key: a request for this share is open
        raise errors.ManualRefundOpen() from exc
    return manual


async def decide_manual_refund(services: Services, actor: Actor, manual_id: int, approve: bool,
                               remark: object) -> ManualRefund:
    """审批人工退费: an approver other than the requester approves (the refund is then carried out
    by the refund job: assessment released upstream, share given up, refunded) or rejects.
    Raises RoleRequired, RemarkRequired, ManualRefundNotFound, FourEyes, ManualRefundDecided."""
    require(actor, Role.APPROVER)
    text = clean_remark(remark)
    action = "approve_manual_refund" if approve else "reject_manual_refund"
    requested = await ManualRefund.get_or_none(id=manual_id)
    if requested is None:
        raise errors.ManualRefundNotFound()
    if requested.requested_by == actor.username:  # never changes: checked again under the lock
        await audit(actor, action, outcome="refused", target_type="manual_refund", target_id=requested.id,
                    remark=text, data={"why": "four_eyes"})
        raise errors.FourEyes()
    state = ManualRefundState.APPROVED if approve else ManualRefundState.REJECTED
    async with unit_of_work() as uow:
        manual = await ManualRefund.select_for_update().get(id=manual_id)
        if manual.requested_by == actor.username:
            raise errors.FourEyes()
        if manual.state != ManualRefundState.REQUESTED:
            raise errors.ManualRefundDecided(state=manual.state.value)
        moved = await MANUAL_REFUND.move(
            manual.id, state, actor=actor.event_actor, action=state.value, why=text,
            expect=[ManualRefundState.REQUESTED], data={"requested_by": manual.requested_by},
            decided_by=actor.username, decision_remark=text, decided_at=clock.now(),
            active_key=manual.active_key if approve else None)
        if moved is None:
            raise errors.ManualRefundDecided(state="changed")
        await audit(actor, action, target_type="manual_refund", target_id=manual.id, remark=text,
                    data={"requested_by": manual.requested_by, "amount_fen": manual.amount_fen})
        if approve:
            uow.after_commit(services.queue.defer_refunds, manual.payment_id)
    await manual.refresh_from_db()
    return manual


async def resolve_difference(services: Services, actor: Actor, difference_id: int, remark: object) -> None:
    """处理对账差异: a person resolved it outside (or found it harmless); who, when and why kept.
    Raises RoleRequired, RemarkRequired, DifferenceNotFound, DifferenceNotOpen."""
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)
    async with unit_of_work():
        found = await ReconciliationDifference.get_or_none(id=difference_id)
        if found is None:
            raise errors.DifferenceNotFound()
        moved = await DIFFERENCE.move(found.id, DifferenceState.RESOLVED, actor=actor.event_actor, action="resolve",
                                      why=text, expect=[DifferenceState.OPEN, DifferenceState.NEEDS_PERSON],
                                      resolution=text, resolved_by=actor.event_actor, resolved_at=clock.now())
        if moved is None:
            await found.refresh_from_db()
            raise errors.DifferenceNotOpen(state=found.state.value)
        await audit(actor, "resolve_difference", target_type="difference", target_id=found.id, remark=text,
                    data={"kind": found.kind.value, "from_state": found.state.value,
                          "out_trade_no": found.out_trade_no})


async def requery_channel(services: Services, actor: Actor, payment_id: int, remark: object) -> Payment:
    """重新查询渠道: ask the channel how the payment and its open refunds stand and apply the
    answers (the same code a notification uses); a paid payment's shares not posted yet are
    posted again (the posting job, outside the request). Raises RoleRequired, RemarkRequired,
    PaymentNotFound; a channel that does not answer changes nothing."""
    require(actor, Role.OPERATOR)
    text = clean_remark(remark)
    payment = await Payment.get_or_none(id=payment_id)
    if payment is None:
        raise errors.PaymentNotFound()
    before = payment.state
    await audit(actor, "requery_channel", target_type="payment", target_id=payment.id, remark=text,
                data={"out_trade_no": payment.out_trade_no, "state": before.value})
    await sync_with_channel(services, payment, actor=actor.event_actor)
    await ask_about_open_refunds(services, payment, actor=actor.event_actor)
    await payment.refresh_from_db()
    if payment.state == PaymentState.PAID and await PaymentItem.filter(
            payment_id=payment.id, posting_state__in=[PostingState.NOT_POSTED, PostingState.UNKNOWN]).exists():
        await services.queue.defer_posting(payment.id)  # and its shares not posted yet: posting again
    return payment


async def carry_out_manual_refunds(services: Services, payment_id: int) -> int:
    """The refund job's part: each approved manual refund of the payment gives its share up behind
    the fence (see `give_up_share`); a share that posted meanwhile cancels the request. Returns how
    many are still waiting for upstream."""
    waiting = 0
    for manual in await ManualRefund.filter(payment_id=payment_id, state=ManualRefundState.APPROVED).order_by("id"):
        item = await PaymentItem.get(id=manual.payment_item_id)
        if item.posting_state == PostingState.FAILED:
            continue  # refused for good: the share's own refund follows
        if item.posting_state == PostingState.POSTED:
            outcome = "posted"
        elif item.posting_state == PostingState.POSTING:  # a worker is asking upstream right now
            outcome = "waiting"
        else:
            outcome = await give_up_share(
                services, item, actor=f"staff:{manual.decided_by}",
                expect=[PostingState.NOT_POSTED, PostingState.UNKNOWN], reason_code="manual_refund",
                reason=f"人工退费（{manual.requested_by}申请，{manual.decided_by}审批）：{manual.request_remark}")
        if outcome in ("waiting", "changed"):
            waiting += 1
        elif outcome == "posted":
            outcome = "审批后查询：该笔费款已到账确认，不退费"
            await MANUAL_REFUND.move(manual.id, ManualRefundState.CANCELLED, actor=f"staff:{manual.decided_by}",
                                     action="cancel", why=outcome, active_key=None, outcome=outcome)
    return waiting


async def manual_refunds_due(older_than: timedelta) -> list[int]:
    """Payments with an approved manual refund not carried out after `older_than` (the refund sweep)."""
    before = clock.now() - older_than
    ids = await ManualRefund.filter(state=ManualRefundState.APPROVED, updated_at__lt=before).values_list(
        "payment_id", flat=True)
    return sorted({int(i) for i in ids})  # type: ignore[call-overload]


async def link_manual_refunds(payment_id: int) -> None:
    """Approved manual refunds whose share now has its refund point at it."""
    for manual in await ManualRefund.filter(payment_id=payment_id, state=ManualRefundState.APPROVED):
        refund = await Refund.get_or_none(payment_item_id=manual.payment_item_id)
        if refund is not None:
            outcome = f"已发起退费 {refund.out_refund_no}"
            await MANUAL_REFUND.move(manual.id, ManualRefundState.REFUNDING, actor=f"staff:{manual.decided_by}",
                                     action="refunding", why=outcome, refund_id=refund.id, active_key=None,
                                     outcome=outcome)


@dataclass(frozen=True)
class Unmasked:
    payment_id: int  # the payment whose page shows it
    declaration_id: int
    id_number: str


async def unmask_payer(services: Services, actor: Actor, declaration_id: int, remark: object) -> Unmasked:
    """查看完整证件号码: one payer's whole id number, for an approver, once, on the page of the
    payment that last held the declaration; audited with its reason. Raises RoleRequired,
    RemarkRequired, ShareNotFound."""
    require(actor, Role.APPROVER)
    text = clean_remark(remark)
    declaration = await Declaration.get_or_none(id=declaration_id)
    item = await PaymentItem.filter(declaration_id=declaration_id).order_by("-id").first()
    if declaration is None or item is None:
        raise errors.ShareNotFound()
    await audit(actor, "unmask_id", target_type="declaration", target_id=declaration.id, remark=text,
                data={"declaration_no": declaration.declaration_no, "masked": declaration.payer_id_masked})
    return Unmasked(item.payment_id, declaration.id, services.sealer.unseal(declaration.payer_id_number_sealed))
