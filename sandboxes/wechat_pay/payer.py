"""The payer's side of the WeChat Pay sandbox: paying a JSAPI order (wx.requestPayment), and a
phone scanning a Native order's code_url and paying it (扫码缴款), after which WeChat notifies."""

from __future__ import annotations

import secrets
from datetime import datetime

from app import clock
from sandboxes.wechat_pay import protocol as proto
from sandboxes.wechat_pay.notify import NotificationsMixin
from sandboxes.wechat_pay.state import SandboxOrder


class PayerMixin(NotificationsMixin):
    """confirm_payment / scan_and_pay for WeChatPaySandbox (its orders, clock and deliveries)."""

    def confirm_payment(self, out_trade_no: str, payer_total_fen: int | None = None) -> str:
        """The payer pays: NOTPAY → SUCCESS. Returns the transaction_id (idempotent once paid)."""
        order = self.orders[out_trade_no]
        if order.trade_state == "CLOSED":
            raise ValueError(f"order {out_trade_no} is closed")
        if not order.transaction_id:
            order.trade_state = "SUCCESS"
            order.transaction_id = "4200" + "".join(secrets.choice("0123456789") for _ in range(24))
            order.success_time = clock.in_china()
            order.payer_total_fen = order.total_fen if payer_total_fen is None else payer_total_fen
        return order.transaction_id

    def order_by_prepay_id(self, prepay_id: str) -> SandboxOrder:
        found = [o for o in self.orders.values() if o.prepay_id == prepay_id]
        if not found:
            raise KeyError(prepay_id)
        return found[0]

    def order_by_code_url(self, code_url: str) -> SandboxOrder:
        found = [o for o in self.orders.values() if o.code_url and o.code_url == code_url]
        if not found:
            raise KeyError(code_url)
        return found[0]

    def scan(self, code_url: str, openid: str | None = None) -> str:
        """A phone scans a Native order's code_url and pays it, as WeChat lets it: a code of this
        merchant's, the order not closed nor past its time_expire; the scanning payer becomes the
        order's payer. Paying an order already paid changes nothing. Returns its out_trade_no.

        Raises: KeyError (no such code), ValueError (closed or expired: WeChat refuses it)."""
        order = self.order_by_code_url(code_url)
        if order.trade_state == "NOTPAY":
            expire = datetime.fromisoformat(order.time_expire) if order.time_expire else None
            if expire is not None and expire < clock.now():
                raise ValueError(f"order {order.out_trade_no} expired at {order.time_expire}")
            order.openid = openid or "o" + proto.nonce_str(27)
        self.confirm_payment(order.out_trade_no)
        return order.out_trade_no

    async def scan_and_pay(self, code_url: str, openid: str | None = None, notify: bool = True) -> dict[str, object]:
        """`scan`, then WeChat's TRANSACTION.SUCCESS to the order's notify_url (unless `notify` is
        False: a notification that is late or lost). Returns out_trade_no, transaction_id and the
        merchant's HTTP statuses."""
        out_trade_no = self.scan(code_url, openid)
        statuses = await self.deliver_payment_notification(out_trade_no) if notify else []
        return {"out_trade_no": out_trade_no, "transaction_id": self.orders[out_trade_no].transaction_id,
                "deliveries": statuses}
