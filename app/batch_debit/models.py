from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.identity.models import User


class BatchDebitSettingState(enum.StrEnum):
    ACTIVE = "active"  # 批扣 takes this amount for the year
    VOIDED = "voided"  # 已作废: no more batch debit of this type within its validity period


BATCH_DEBIT_STATE_LABELS = {BatchDebitSettingState.ACTIVE: "有效", BatchDebitSettingState.VOIDED: "已作废"}


class BatchDebitSetting(Model):
    """批量扣款缴费金额设置: the yearly amount a payer chose for the bank's batch debit of one
    resident insurance type. The payer is the user themself (a copy of their identity)."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="batch_debit_settings", on_delete=fields.RESTRICT
    )
    user_id: int
    region = fields.CharField(max_length=16)
    payer_id_type = fields.CharField(max_length=40)
    payer_id_number_sealed = fields.TextField()
    payer_id_index = fields.CharField(max_length=64, db_index=True)
    payer_id_masked = fields.CharField(max_length=32)
    payer_name = fields.CharField(max_length=64)
    insurance_type = fields.CharField(max_length=32)
    year = fields.IntField()
    grade = fields.CharField(max_length=32, null=True)
    amount_fen = fields.BigIntField()
    state = fields.CharEnumField(BatchDebitSettingState, max_length=16)
    # "<payer index>:<insurance type>:<year>" while active, NULL once voided: one active per payer, type, year
    active_key = fields.CharField(max_length=112, null=True, unique=True)
    voided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "batch_debit_settings"
        indexes = (("user_id", "year"),)
