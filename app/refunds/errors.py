from __future__ import annotations

from app.errors import Conflict, NotFound


class RefundNotFound(NotFound):
    code = "refund_not_found"
    message = "退费记录不存在"


class PaymentNotPaid(Conflict):
    code = "refund_payment_not_paid"
    message = "该笔缴款未扣款成功，无需退费"


class ShareNotRefundable(Conflict):
    code = "share_not_refundable"
    message = "该笔费款尚未确认到账失败，暂不能退费"


class RefundExceedsPaid(Conflict):
    code = "refund_exceeds_paid"
    message = "退费金额不能超过已缴金额"
