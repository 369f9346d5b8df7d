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


class BatchDebitSettingState(enum.StrEnum):
    ACTIVE = "active"  # 批扣 takes this amount for the year
    VOIDED = "voided"  # 已作废: no more batch debit of this type within its validity period


BATCH_DEBIT_STATE_LABELS = words.BATCH_DEBIT_STATE_LABELS


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
    voided_at = InstantField(null=True)
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "batch_debit_settings"
        indexes = (("user_id", "year"),)
        manager = Stamped()


class BatchDebitListState(enum.StrEnum):
    ISSUING = "issuing"  # being made: debits are still being sent; never finished meanwhile
    OUT = "out"  # 批扣清册 sent to the banks: its payers cannot pay through any other channel
    DONE = "done"  # every debit of it has its result


class BatchDebitList(Model):
    """One 批扣清册: the debits a batch run sent to the banks for one region, insurance type and
    year (each a Payment with batch_debit_list_id = this id); `skipped` lists the settings it could not
    debit and why (no agreement in effect, already paid, outside the collection window …)."""

    id = fields.BigIntField(primary_key=True)
    batch_no = fields.CharField(max_length=32, unique=True)
    region = fields.CharField(max_length=16)
    insurance_type = fields.CharField(max_length=32)
    year = fields.IntField()
    state = fields.CharEnumField(BatchDebitListState, max_length=8)
    debits = fields.IntField(default=0)
    skipped: Any = fields.JSONField(default=list)
    created_at = InstantField(auto_now_add=True)
    finished_at = InstantField(null=True)

    class Meta:
        table = "batch_debit_lists"


L = BatchDebitListState
BATCH_LIST: StateMachine[BatchDebitListState, BatchDebitList] = StateMachine(
    "batch_debit_list", BatchDebitList, starts=frozenset({L.ISSUING}), moves={
        L.ISSUING: frozenset({L.OUT}),  # every debit sent (or the making stopped half-way: taken as sent)
        L.OUT: frozenset({L.DONE}),  # the last debit's result came
        L.DONE: frozenset(),
    })
BATCH_SETTING: StateMachine[BatchDebitSettingState, BatchDebitSetting] = StateMachine(
    "batch_debit_setting", BatchDebitSetting, starts=frozenset({BatchDebitSettingState.ACTIVE}), moves={
        BatchDebitSettingState.ACTIVE: frozenset({BatchDebitSettingState.VOIDED}),
        BatchDebitSettingState.VOIDED: frozenset(),
    })
del L
