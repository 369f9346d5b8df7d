"""Refunds to the original channel, never beyond what was paid, never paid twice."""

from app.refunds import errors
from app.refunds.jobs import payments_with_refunds_due
from app.refunds.models import (
    DONE_REFUND_STATES,
    LIVE_REFUND_STATES,
    REFUND,
    REFUND_STATE_LABELS,
    Refund,
    RefundState,
)
from app.refunds.services import (
    apply_refund_status,
    ask_about_open_refunds,
    new_out_refund_no,
    refund_failed_shares,
    refunds_by_item,
    sync_refund,
)

__all__ = [
    "DONE_REFUND_STATES",
    "LIVE_REFUND_STATES",
    "REFUND",
    "REFUND_STATE_LABELS",
    "Refund",
    "RefundState",
    "apply_refund_status",
    "ask_about_open_refunds",
    "errors",
    "new_out_refund_no",
    "payments_with_refunds_due",
    "refund_failed_shares",
    "refunds_by_item",
    "sync_refund",
]
