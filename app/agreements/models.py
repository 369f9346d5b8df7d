"""Two-party bank debit agreements (两方协议 / 个人委托扣款协议 / 银行卡缴费两两协议)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField, Stamped
from app.machines import StateMachine

if TYPE_CHECKING:
    from app.identity import User


class AgreementState(enum.StrEnum):
    ACTIVE = "active"  # signed and verified by the bank (it may take effect only tomorrow)
    REVOKED = "revoked"  # 已撤销: no payment or batch debit through it any more


class BankAgreement(Model):
    """One agreement of a user with a bank account of their own. The account number is sealed
    (Fernet) with a blind index; only its masked form is ever shown."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="bank_agreements", on_delete=fields.RESTRICT
    )
    user_id: int
    region = fields.CharField(max_length=16)
    division_code = fields.CharField(max_length=6)  # 行政区划
    bank_code = fields.CharField(max_length=16)
    account_sealed = fields.TextField()
    account_index = fields.CharField(max_length=64, db_index=True)
    account_masked = fields.CharField(max_length=32)
    holder_name = fields.CharField(max_length=64)
    payer_id_index = fields.CharField(max_length=64, db_index=True)  # the user's own id number
    payer_id_masked = fields.CharField(max_length=32)
    tax_office = fields.CharField(max_length=64, null=True)  # 税务机关, where the region asks for one
    agreement_no = fields.CharField(max_length=64)  # the bank's number for it
    state = fields.CharEnumField(AgreementState, max_length=16)
    effective_from = fields.DateField()  # Asia/Shanghai date from which it may be debited
    face_verified = fields.BooleanField(default=False)
    # blind index of (payer, bank, account) while active, NULL once revoked: one live agreement per
    # person and account
    live_key = fields.CharField(max_length=120, null=True, unique=True)
    revoked_at = InstantField(null=True)
    # revoked here first (no debit can start after that); the bank is told after, again by the
    # sweep `cancel_revoked_agreements` until it has taken it
    bank_cancelled_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "bank_agreements"
        manager = Stamped()


AGREEMENT: StateMachine[AgreementState, BankAgreement] = StateMachine(
    "agreement", BankAgreement, starts=frozenset({AgreementState.ACTIVE}), moves={
        AgreementState.ACTIVE: frozenset({AgreementState.REVOKED}),
        AgreementState.REVOKED: frozenset(),
    })
