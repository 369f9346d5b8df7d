"""The operations team: operator accounts, manual refunds under four eyes, and the audit trail."""

from __future__ import annotations

import enum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField, Stamped
from app.machines import StateMachine


class Role(enum.StrEnum):
    VIEWER = "viewer"  # reads every queue and page, id numbers masked
    OPERATOR = "operator"  # + retry refunds, ask for manual refunds, resolve differences, re-query channels
    APPROVER = "approver"  # + approve others' manual refunds, mark refunded offline, unmask id numbers


ROLE_LABELS = {Role.VIEWER: "查看员", Role.OPERATOR: "经办员", Role.APPROVER: "审批员"}


class Operator(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=32, unique=True)
    display_name = fields.CharField(max_length=32)
    role = fields.CharEnumField(Role, max_length=16)
    password_hash = fields.CharField(max_length=255)  # argon2id
    failed_sign_ins = fields.IntField(default=0)  # consecutive; reset by a successful sign-in
    locked_until = InstantField(null=True)
    disabled_at = InstantField(null=True)
    last_sign_in_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "operators"
        manager = Stamped()


class ManualRefundState(enum.StrEnum):
    REQUESTED = "requested"  # waiting for an approver other than the requester
    APPROVED = "approved"  # approved: the share is being given up and refunded
    REFUNDING = "refunding"  # the share's refund exists (its own state shows the money)
    REJECTED = "rejected"  # an approver said no
    CANCELLED = "cancelled"  # the share posted, or was refunded, before the approval


MANUAL_REFUND_LABELS = {
    ManualRefundState.REQUESTED: "待审批", ManualRefundState.APPROVED: "已审批，处理中",
    ManualRefundState.REFUNDING: "已发起退费", ManualRefundState.REJECTED: "已驳回",
    ManualRefundState.CANCELLED: "已撤销",
}


class ManualRefund(Model):
    """A person's request to refund one share that did not post, approved by another person.

    `active_key` is unique while the request is open: one open request per share.
    """

    id = fields.BigIntField(primary_key=True)
    payment_id = fields.BigIntField(db_index=True)
    payment_item_id = fields.BigIntField()
    amount_fen = fields.BigIntField()
    state = fields.CharEnumField(ManualRefundState, max_length=16, default=ManualRefundState.REQUESTED)
    active_key = fields.CharField(max_length=32, null=True, unique=True)
    requested_by = fields.CharField(max_length=32)
    request_remark = fields.TextField()
    decided_by = fields.CharField(max_length=32, null=True)
    decision_remark = fields.TextField(null=True)
    decided_at = InstantField(null=True)
    refund_id = fields.BigIntField(null=True)
    outcome = fields.TextField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "manual_refunds"
        indexes = (("state", "created_at"),)
        manager = Stamped()


class AuditEntry(Model):
    """Who did what, when, to what, and why: every dashboard action, sign-in and unmasking."""

    id = fields.BigIntField(primary_key=True)
    operator = fields.CharField(max_length=32)  # username ("" for an unknown one)
    action = fields.CharField(max_length=40)
    target_type = fields.CharField(max_length=24, default="")
    target_id = fields.CharField(max_length=64, default="")
    remark = fields.TextField(default="")
    outcome = fields.CharField(max_length=16, default="ok")  # ok | refused
    data: Any = fields.JSONField(default=dict)
    source = fields.CharField(max_length=64, default="")  # the client's address
    created_at = InstantField(auto_now_add=True)

    class Meta:
        table = "audit_entries"
        indexes = (("operator", "created_at"), ("target_type", "target_id"))


class ClaimState(enum.StrEnum):
    CLAIMED = "claimed"  # a person said "我来处理": the others see who has it
    RELEASED = "released"  # given back (by its holder, or an approver), or the case was done


CASE_SUBJECTS = {"refund": "退费单", "difference": "对账差异", "payment_item": "费款", "manual_refund": "人工退费申请",
                 "notification": "渠道通知"}


class CaseClaim(Model):
    """Who is working on an exception. `active_key` (subject) is unique while claimed: one holder
    at a time; released claims stay as the case's history."""

    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharField(max_length=24)
    subject_id = fields.BigIntField()
    state = fields.CharEnumField(ClaimState, max_length=16, default=ClaimState.CLAIMED)
    active_key = fields.CharField(max_length=48, null=True, unique=True)
    claimed_by = fields.CharField(max_length=32)
    released_by = fields.CharField(max_length=32, null=True)
    released_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "case_claims"
        indexes = (("subject_type", "subject_id"), ("claimed_by", "state"))
        manager = Stamped()


class CaseNote(Model):
    """One note in an exception's thread: who wrote what, when."""

    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharField(max_length=24)
    subject_id = fields.BigIntField()
    author = fields.CharField(max_length=32)
    text = fields.TextField()
    created_at = InstantField(auto_now_add=True)

    class Meta:
        table = "case_notes"
        indexes = (("subject_type", "subject_id"),)


M = ManualRefundState
MANUAL_REFUND: StateMachine[ManualRefundState, ManualRefund] = StateMachine(
    "manual_refund", ManualRefund, starts=frozenset({M.REQUESTED}), moves={
        M.REQUESTED: frozenset({M.APPROVED, M.REJECTED}),
        # carried out: the share's refund exists; or the share posted before it could be given up
        M.APPROVED: frozenset({M.REFUNDING, M.CANCELLED}),
        M.REFUNDING: frozenset(),
        M.REJECTED: frozenset(),
        M.CANCELLED: frozenset(),
    })
del M
CLAIM: StateMachine[ClaimState, CaseClaim] = StateMachine(
    "case_claim", CaseClaim, starts=frozenset({ClaimState.CLAIMED}), moves={
        ClaimState.CLAIMED: frozenset({ClaimState.RELEASED}),
        ClaimState.RELEASED: frozenset(),
    })
