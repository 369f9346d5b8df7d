from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField, Stamped
from app.machines import StateMachine

if TYPE_CHECKING:
    from app.declarations import Declaration
    from app.identity import User


class PaymentState(enum.StrEnum):
    CREATED = "created"  # our out_trade_no is stored; the channel has not (yet) answered
    AWAITING_PAYMENT = "awaiting_payment"  # channel order exists, payer has not paid yet
    UNKNOWN = "unknown"  # we do not know what the channel did: only a query decides it
    PAID = "paid"  # the channel confirmed the debit
    CLOSED = "closed"  # the channel closed the unpaid order
    FAILED = "failed"  # the channel refused the order; no money moved


OPEN_PAYMENT_STATES = (PaymentState.CREATED, PaymentState.AWAITING_PAYMENT, PaymentState.UNKNOWN)
FINAL_PAYMENT_STATES = (PaymentState.PAID, PaymentState.CLOSED, PaymentState.FAILED)  # the debit has its result


class PostingState(enum.StrEnum):
    NOT_POSTED = "not_posted"  # waiting for the debit, or for a retry
    POSTING = "posting"  # a worker is asking upstream now
    POSTED = "posted"  # 到账确认 succeeded
    UNKNOWN = "unknown"  # upstream did not answer clearly: query_posting decides it
    FAILED = "failed"  # upstream refused: the share is refunded by the region's deadline


class Payment(Model):
    """Money moved (or to be moved) through one channel for one or more declarations."""

    id = fields.BigIntField(primary_key=True)
    out_trade_no = fields.CharField(max_length=32, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payments", on_delete=fields.RESTRICT
    )
    user_id: int
    region = fields.CharField(max_length=16)
    channel = fields.CharField(max_length=24)
    amount_fen = fields.BigIntField()
    description = fields.CharField(max_length=127)
    state = fields.CharEnumField(PaymentState, max_length=20)
    # who pays, as the channel knows them (its PayerKind): a WeChat openid, an Alipay open_id, the
    # bank's agreement number; empty when anyone may pay it (a phone app's order string, a QR code)
    payer_ref = fields.CharField(max_length=64)
    device = fields.CharField(max_length=16, default="")  # the channel's device that pays it (spec.Device)
    prepay_id = fields.CharField(max_length=64, null=True)
    transaction_id = fields.CharField(max_length=64, null=True, unique=True)
    paid_amount_fen = fields.BigIntField(null=True)
    paid_at = InstantField(null=True)
    failure_code = fields.CharField(max_length=64, null=True)
    failure_reason = fields.TextField(null=True)
    expires_at = InstantField(null=True)  # the channel order's time_expire
    # bank_agreement only: the agreement debited (bank_agreements.id), and the 批扣清册 it belongs to
    # (batch_debit_lists.id) when the bank's batch debit made it rather than the payer
    agreement_id = fields.BigIntField(null=True, db_index=True)
    batch_debit_list_id = fields.BigIntField(null=True, db_index=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "payments"
        indexes = (("user_id", "created_at"), ("state", "updated_at"), ("paid_at",))
        manager = Stamped()


class PaymentItem(Model):
    """One declaration's share of a payment, and its posting to upstream."""

    id = fields.BigIntField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="items", on_delete=fields.RESTRICT
    )
    payment_id: int
    declaration: fields.ForeignKeyRelation[Declaration] = fields.ForeignKeyField(
        "models.Declaration", related_name="payment_items", on_delete=fields.RESTRICT
    )
    declaration_id: int
    amount_fen = fields.BigIntField()
    posting_no = fields.CharField(max_length=40, unique=True)
    posting_state = fields.CharEnumField(PostingState, max_length=16, default=PostingState.NOT_POSTED)
    posting_ref = fields.CharField(max_length=64, null=True)
    posting_reason_code = fields.CharField(max_length=40, null=True)
    posting_reason = fields.TextField(null=True)
    posting_attempts = fields.IntField(default=0)
    posted_at = InstantField(null=True)
    # set when paid: not posted by then, the share is refunded (the region's working-day promise)
    posting_deadline = InstantField(null=True)
    # 入库: the day upstream gives for the share's money entering the treasury, where the region's
    # certificates wait for it (Guizhou); learned by the treasury sweep or when a certificate is
    # asked for, and never asked again: a page of payments reads it here and asks upstream nothing
    treasury_entered_on = fields.DateField(null=True)
    treasury_asked_at = InstantField(null=True)  # the sweep's last question, so it asks each share in turn
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "payment_items"
        unique_together = (("payment", "declaration"),)  # its index also serves lookups by payment
        # by state and deadline: the posting backlog, overdue shares and refunds owed stay small at any volume
        indexes = (("declaration_id", "posting_state"), ("posted_at",), ("posting_state", "posting_deadline"),
                   ("posting_state", "treasury_entered_on", "posted_at"))  # shares whose 入库 day is not known
        manager = Stamped()


P, S = PaymentState, PostingState
PAYMENT: StateMachine[PaymentState, Payment] = StateMachine(
    "payment", Payment, starts=frozenset({P.CREATED}), moves={
        P.CREATED: frozenset({P.AWAITING_PAYMENT, P.UNKNOWN, P.FAILED, P.CLOSED, P.PAID}),
        P.AWAITING_PAYMENT: frozenset({P.PAID, P.CLOSED, P.FAILED}),
        # a query decides an unknown: not found → the same number again; pending → awaiting
        P.UNKNOWN: frozenset({P.CREATED, P.AWAITING_PAYMENT, P.PAID, P.CLOSED, P.FAILED}),
        # money the channel took after all is recorded (and its shares refunded if unwanted)
        P.CLOSED: frozenset({P.PAID}),
        P.FAILED: frozenset({P.PAID}),
        P.PAID: frozenset(),
    })
SHARE: StateMachine[PostingState, PaymentItem] = StateMachine(
    "payment_item", PaymentItem, column="posting_state", starts=frozenset({S.NOT_POSTED}), moves={
        # NOT_POSTED → NOT_POSTED: still waiting, for another reason (behind an earlier period, upstream down)
        S.NOT_POSTED: frozenset({S.NOT_POSTED, S.POSTING, S.UNKNOWN, S.POSTED, S.FAILED}),
        S.POSTING: frozenset({S.POSTED, S.FAILED, S.NOT_POSTED, S.UNKNOWN}),
        S.UNKNOWN: frozenset({S.POSTED, S.FAILED, S.NOT_POSTED}),
        S.POSTED: frozenset(),
        S.FAILED: frozenset(),  # refused for good, or given up: refunded
    })
del P, S
