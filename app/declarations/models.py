from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from app import words
from app.instants import InstantField, Stamped
from app.machines import StateMachine

if TYPE_CHECKING:
    from app.identity import User
    from app.payments import Payment


class DeclarationState(enum.StrEnum):
    DECLARED = "declared"  # 申报成功: may be paid or voided when no payment holds it
    PROCESSING = "processing"  # 申报处理中: a payment holds it and its result is not final
    VOIDED = "voided"  # 已作废


DECLARATION_STATE_LABELS = words.DECLARATION_STATE_LABELS
RECORD_STATES = tuple(DECLARATION_STATE_LABELS)  # declared (unpaid) | paid | processing | voided


def record_state(declaration: Declaration) -> str:
    """The declaration as the payer sees it: a declared one is either unpaid or paid."""
    if declaration.state == DeclarationState.DECLARED and declaration.paid:
        return "paid"
    return declaration.state.value


class Declaration(Model):
    """A payer's declared fee for one insurance type and period, from an upstream assessment."""

    id = fields.BigIntField(primary_key=True)
    declaration_no = fields.CharField(max_length=32, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="declarations", on_delete=fields.RESTRICT
    )
    user_id: int
    region = fields.CharField(max_length=16)
    relation = fields.CharField(max_length=16)  # self_pay | pay_for_others
    payer_id_type = fields.CharField(max_length=40)
    payer_id_number_sealed = fields.TextField()
    payer_id_index = fields.CharField(max_length=64, db_index=True)
    payer_id_masked = fields.CharField(max_length=32)
    payer_name = fields.CharField(max_length=64)
    payer_nationality = fields.CharField(max_length=64, null=True)  # 国籍（地区）, where the form asks it
    insurance_type = fields.CharField(max_length=32)
    payment_kind = fields.CharField(max_length=16)
    grade = fields.CharField(max_length=32, null=True)
    contribution_base_fen = fields.BigIntField(null=True)
    period_start = fields.CharField(max_length=6)
    period_end = fields.CharField(max_length=6)
    assessment_no = fields.CharField(max_length=40)
    agency = fields.CharField(max_length=128)
    amount_due_fen = fields.BigIntField()
    lines: Any = fields.JSONField(default=list)
    state = fields.CharEnumField(DeclarationState, max_length=16)
    # Unique while the declaration is live, NULL once voided: one live declaration per
    # payer, insurance type, kind and period (an assessment is declared once).
    active_key = fields.CharField(max_length=160, null=True, unique=True)
    # The payment that holds this declaration; set by compare-and-set so that only one can.
    current_payment: fields.ForeignKeyNullableRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="held_declarations", null=True, on_delete=fields.RESTRICT
    )
    current_payment_id: int | None
    paid = fields.BooleanField(default=False)
    voided_at = InstantField(null=True)
    void_reason = fields.TextField(null=True)
    # when upstream confirmed the voided declaration's assessment released (never posted after);
    # NULL on a voided declaration: the release sweep asks again
    assessment_released_at = InstantField(null=True)
    # an unpaid declaration is voided after this (the region's declaration_expiry_hours)
    expires_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "declarations"
        indexes = (("user_id", "created_at"), ("current_payment_id",),
                   ("payer_id_index", "insurance_type", "period_start"), ("state", "expires_at"))
        manager = Stamped()


D = DeclarationState
DECLARATION: StateMachine[DeclarationState, Declaration] = StateMachine(
    "declaration", Declaration, starts=frozenset({D.DECLARED}), moves={
        # held by a checkout (or by money that arrived after its payment closed); voided by the payer,
        # by expiry, or when the person declares for themself what another account declared
        D.DECLARED: frozenset({D.PROCESSING, D.VOIDED}),
        # released when its payment closes or fails; declared again, paid, once its share posts;
        # PROCESSING → PROCESSING: its payment is paid; voided when its share is refused or overdue
        D.PROCESSING: frozenset({D.DECLARED, D.PROCESSING, D.VOIDED}),
        D.VOIDED: frozenset(),
    })
del D
