"""批量扣款缴费金额设置: the yearly amount a payer sets for the bank's batch debit, and the 批扣清册 model."""

from app.batch_debit import errors
from app.batch_debit.models import (
    BATCH_DEBIT_STATE_LABELS,
    BATCH_LIST,
    BATCH_SETTING,
    BatchDebitList,
    BatchDebitListState,
    BatchDebitSetting,
    BatchDebitSettingState,
)
from app.batch_debit.services import list_own, prefilled_grade, set_amount, settable_types, void

__all__ = [
    "BATCH_DEBIT_STATE_LABELS",
    "BATCH_LIST",
    "BATCH_SETTING",
    "BatchDebitList",
    "BatchDebitListState",
    "BatchDebitSetting",
    "BatchDebitSettingState",
    "errors",
    "list_own",
    "prefilled_grade",
    "set_amount",
    "settable_types",
    "void",
]
