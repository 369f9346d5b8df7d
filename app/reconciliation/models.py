"""Daily reconciliation (日切对账): one run per channel and day, and every difference it found."""

from __future__ import annotations

import enum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField, Stamped
from app.machines import StateMachine


class RunState(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"  # every line matched or became a difference
    FAILED = "failed"  # stopped (statement not available, hash mismatch, crash): run again


class DifferenceKind(enum.StrEnum):
    PAID_UNKNOWN_HERE = "paid_unknown_here"  # the channel debited; we have no paid payment for it
    PAID_NOT_AT_CHANNEL = "paid_not_at_channel"  # we record it paid; the statement has no debit
    AMOUNT_MISMATCH = "amount_mismatch"  # both have it, with different amounts
    POSTED_WITHOUT_MONEY = "posted_without_money"  # upstream posted a share we record unpaid or unknown
    NOT_POSTED_UPSTREAM = "not_posted_upstream"  # we record it posted; upstream's list has no posting
    REFUND_UNKNOWN_HERE = "refund_unknown_here"  # the channel refunded; we have no such refund
    REFUND_NOT_AT_CHANNEL = "refund_not_at_channel"  # we record it refunded; the statement has no refund
    REFUNDED_TWICE = "refunded_twice"  # more refunded at the channel than one share or the payment


class DifferenceState(enum.StrEnum):
    OPEN = "open"  # found, not looked at yet
    AUTO_RESOLVED = "auto_resolved"  # resolved by asking the channel / upstream and applying the answer
    NEEDS_PERSON = "needs_person"  # not safe to resolve automatically: the dashboard's queue
    RESOLVED = "resolved"  # a person resolved it (who, when, why recorded)


class ReconciliationRun(Model):
    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=24)
    bill_date = fields.DateField()
    state = fields.CharEnumField(RunState, max_length=16)
    statement_lines = fields.IntField(default=0)
    statement_sha1 = fields.CharField(max_length=40, null=True)
    matched = fields.IntField(default=0)
    differences = fields.IntField(default=0)
    auto_resolved = fields.IntField(default=0)
    error = fields.TextField(null=True)
    started_at = InstantField(auto_now_add=True)
    finished_at = InstantField(null=True)

    class Meta:
        table = "reconciliation_runs"
        indexes = (("channel", "bill_date"),)


class ReconciliationStatement(Model):
    """The statement file a run read, kept as read (gzip-compressed) so a person can download
    exactly what was compared; one per run that got as far as reading it."""

    id = fields.BigIntField(primary_key=True)
    run_id = fields.BigIntField(unique=True)
    channel = fields.CharField(max_length=24)
    bill_date = fields.DateField()
    sha1 = fields.CharField(max_length=40)
    size = fields.BigIntField()  # bytes, uncompressed
    content_gz = fields.BinaryField()
    created_at = InstantField(auto_now_add=True)

    class Meta:
        table = "reconciliation_statements"
        indexes = (("bill_date", "channel"),)


class ReconciliationDifference(Model):
    """One difference between the channel's statement, our records and upstream's postings.

    `key` is unique: a run repeated for the same day finds the same difference again, not a new one.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=160, unique=True)
    run: fields.ForeignKeyRelation[ReconciliationRun] = fields.ForeignKeyField(
        "models.ReconciliationRun", related_name="found", on_delete=fields.RESTRICT
    )
    run_id: int
    channel = fields.CharField(max_length=24)
    bill_date = fields.DateField()
    kind = fields.CharEnumField(DifferenceKind, max_length=32)
    state = fields.CharEnumField(DifferenceState, max_length=16, default=DifferenceState.OPEN)
    out_trade_no = fields.CharField(max_length=32, null=True, db_index=True)
    out_refund_no = fields.CharField(max_length=64, null=True)
    posting_no = fields.CharField(max_length=40, null=True)
    transaction_id = fields.CharField(max_length=64, null=True)
    payment_id = fields.BigIntField(null=True)
    refund_id = fields.BigIntField(null=True)
    channel_amount_fen = fields.BigIntField(null=True)
    local_amount_fen = fields.BigIntField(null=True)
    upstream_amount_fen = fields.BigIntField(null=True)
    evidence: Any = fields.JSONField(default=dict)  # the statement line, our rows, upstream's record
    resolution = fields.TextField(null=True)
    resolved_by = fields.CharField(max_length=64, null=True)
    resolved_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "reconciliation_differences"
        indexes = (("state", "kind"), ("bill_date", "channel"))
        manager = Stamped()


D, R = DifferenceState, RunState
# a difference is resolved by asking (auto), handed to a person, or found again by a later run;
# a person's resolution stands
DIFFERENCE: StateMachine[DifferenceState, ReconciliationDifference] = StateMachine(
    "recon_difference", ReconciliationDifference, starts=frozenset({D.OPEN}), moves={
        D.OPEN: frozenset({D.AUTO_RESOLVED, D.NEEDS_PERSON, D.RESOLVED}),
        D.NEEDS_PERSON: frozenset({D.OPEN, D.AUTO_RESOLVED, D.RESOLVED}),
        D.AUTO_RESOLVED: frozenset({D.OPEN, D.NEEDS_PERSON, D.RESOLVED}),
        D.RESOLVED: frozenset(),
    })
RUN: StateMachine[RunState, ReconciliationRun] = StateMachine(
    "reconciliation_run", ReconciliationRun, starts=frozenset({R.RUNNING}), moves={
        R.RUNNING: frozenset({R.DONE, R.FAILED}),  # a failed day is run again as a new run
        R.DONE: frozenset(),
        R.FAILED: frozenset(),
    })
del D, R
