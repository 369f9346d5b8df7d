"""Payments, their shares and their posting (到账确认): orders made and applied through the state tables."""

from app.payments import errors
from app.payments.errors import ChannelNotOffered
from app.payments.jobs import (
    close_expired_payments,
    fail_overdue_shares,
    give_up_share,
    payments_with_unposted_shares,
    sync_open_payments,
)
from app.payments.models import (
    OPEN_PAYMENT_STATES,
    PAYMENT,
    SHARE,
    Payment,
    PaymentItem,
    PaymentState,
    PostingState,
)
from app.payments.posting import (
    HELD,
    WAITING,
    ask_about_unknown_postings,
    post_waiting,
    sync_unknown_postings,
    waiting_payments,
)
from app.payments.services import (
    Checkout,
    HolderChanged,
    apply_trade_status,
    close_open_payment,
    create_payment,
    ensure_order,
    get_visible,
    is_abandoned,
    sync_with_channel,
)
from app.payments.states import PAYER_STATUS_LABELS, item_status, payer_status, set_posting

__all__ = [
    "ChannelNotOffered",
    "Checkout",
    "HolderChanged",
    "OPEN_PAYMENT_STATES",
    "PAYER_STATUS_LABELS",
    "PAYMENT",
    "Payment",
    "PaymentItem",
    "PaymentState",
    "PostingState",
    "SHARE",
    "HELD",
    "WAITING",
    "apply_trade_status",
    "ask_about_unknown_postings",
    "close_expired_payments",
    "close_open_payment",
    "create_payment",
    "ensure_order",
    "errors",
    "fail_overdue_shares",
    "get_visible",
    "give_up_share",
    "is_abandoned",
    "item_status",
    "payer_status",
    "payments_with_unposted_shares",
    "post_waiting",
    "set_posting",
    "sync_open_payments",
    "sync_unknown_postings",
    "sync_with_channel",
    "waiting_payments",
]
