from __future__ import annotations

from app.errors import Conflict, NotFound


class RefundNotFound(NotFound):
    code = "refund_not_found"


class PaymentNotPaid(Conflict):
    code = "refund_payment_not_paid"


class ShareNotRefundable(Conflict):
    code = "share_not_refundable"


class RefundExceedsPaid(Conflict):
    code = "refund_exceeds_paid"
