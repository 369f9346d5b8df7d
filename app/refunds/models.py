"""Refunds to the original channel: one row per refund, its number stored before any channel call."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app import words
from app.instants import InstantField, Stamped
from app.machines import StateMachine

if TYPE_CHECKING:
    from app.payments import Payment, PaymentItem


class RefundState(enum.StrEnum):
    CREATED = "created"  # our out_refund_no is stored; the channel has not (yet) taken it
    PROCESSING = "processing"  # the channel accepted it; the money is on its way back
    SUCCEEDED = "succeeded"  # the money reached the payer
    FAILED = "failed"  # the channel refused or gave up: the money is still owed (dashboard)
    UNKNOWN = "unknown"  # we do not know what the channel did: only a query decides it
    OFFLINE = "offline"  # the channel could not pay it back; a person paid it by bank transfer (reference kept)


# the refunds that hold money back from what was paid (a failed one gave nothing back)
LIVE_REFUND_STATES = (RefundState.CREATED, RefundState.PROCESSING, RefundState.SUCCEEDED, RefundState.UNKNOWN,
                      RefundState.OFFLINE)
# the money is back with the payer
DONE_REFUND_STATES = (RefundState.SUCCEEDED, RefundState.OFFLINE)
OPEN_REFUND_STATES = (RefundState.CREATED, RefundState.PROCESSING, RefundState.UNKNOWN)

REFUND_STATE_LABELS = words.REFUND_STATE_LABELS


class Refund(Model):
    """Money sent back through the payment's own channel: one share of a payment at most once."""

    id = fields.BigIntField(primary_key=True)
    out_refund_no = fields.CharField(max_length=32, unique=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="refunds", on_delete=fields.RESTRICT
    )
    payment_id: int
    # unique: a share is refunded at most once (NULL for a refund not tied to one share)
    payment_item: fields.OneToOneNullableRelation[PaymentItem] = fields.OneToOneField(
        "models.PaymentItem", related_name="refund", null=True, on_delete=fields.RESTRICT
    )
    payment_item_id: int | None
    channel = fields.CharField(max_length=24)
    amount_fen = fields.BigIntField()
    reason_code = fields.CharField(max_length=40)
    reason = fields.TextField()
    state = fields.CharEnumField(RefundState, max_length=16, default=RefundState.CREATED)
    refund_id = fields.CharField(max_length=64, null=True, unique=True)
    offline_reference = fields.CharField(max_length=64, null=True)  # the bank's reference of a refund paid offline
    failure_code = fields.CharField(max_length=64, null=True)
    failure_reason = fields.TextField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)
    succeeded_at = InstantField(null=True)

    class Meta:
        table = "refunds"
        indexes = (("state", "updated_at"), ("payment_id", "id"), ("succeeded_at",))
        manager = Stamped()


R = RefundState
REFUND: StateMachine[RefundState, Refund] = StateMachine(
    "refund", Refund, starts=frozenset({R.CREATED}), moves={
        R.CREATED: frozenset({R.PROCESSING, R.SUCCEEDED, R.UNKNOWN, R.FAILED}),
        R.UNKNOWN: frozenset({R.CREATED, R.PROCESSING, R.SUCCEEDED, R.FAILED}),  # a query decides it
        R.PROCESSING: frozenset({R.SUCCEEDED, R.FAILED}),
        # a person: retried under a new number (closed or refused at the channel), or paid offline
        R.FAILED: frozenset({R.CREATED, R.OFFLINE}),
        R.SUCCEEDED: frozenset(),
        R.OFFLINE: frozenset(),
    })
del R
