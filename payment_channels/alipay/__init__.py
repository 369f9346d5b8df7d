"""Alipay: the channel adapter on the official SDK (adapter.py), its daily bill (bill.py), and its
declaration (`CHANNEL`): the mini-program pays with my.tradePay (the payer's auth code), a phone app
with an order string for the Alipay SDK, a computer with a precreated trade's qr_code that whoever
scans with Alipay pays (扫码缴款); an Alipay user can also sign in with an auth code."""

from payment_channels import scan
from payment_channels.alipay import bill
from payment_channels.alipay.adapter import AlipayChannel, AlipayConfig
from payment_channels.alipay.devices import AppOrder, TradePay
from payment_channels.interfaces import PaymentChannel
from payment_channels.spec import (
    Acknowledgement,
    ChannelContext,
    ChannelSpec,
    Device,
    NotificationEndpoint,
    PayerKind,
    StatementFormat,
)


def config(context: ChannelContext, gateway_url: str | None = None) -> AlipayConfig:
    alipay = context.settings.alipay
    private, public = context.keys(alipay.app_private_key_file, alipay.alipay_public_key_file, "alipay_app",
                                   "alipay_platform")
    return AlipayConfig(alipay.app_id, alipay.seller_id, private, public,
                        gateway_url or alipay.gateway_url or f"{context.sandbox_base_url}/alipay/gateway.do",
                        timeout_seconds=alipay.timeout_seconds)


def _build(context: ChannelContext) -> PaymentChannel:
    return AlipayChannel(config(context))


def _acknowledge(retry: bool) -> Acknowledgement:
    """Alipay's answer: the text `success`; anything else (`fail`) makes it send again."""
    return Acknowledgement(200, "fail" if retry else "success", "text/plain; charset=utf-8")


CHANNEL = ChannelSpec(
    name="alipay",
    label="支付宝",
    settings_table="alipay",
    build=_build,
    enabled=lambda settings: settings.alipay.enabled,
    sandbox="sandboxes.alipay:channel_sandbox",
    sandbox_http="sandboxes.alipay:create_alipay_blueprint",
    statement=StatementFormat(bill.parse, bill.BillUnreadable),  # 业务明细, with its 汇总 checked
    notification=NotificationEndpoint(
        summary="支付宝异步通知（trade_status_sync）：RSA2 验签、app_id/seller_id/金额校验，并向支付宝查询确认后才入账",
        description="Body: Alipay's form (application/x-www-form-urlencoded), signed with RSA2 by Alipay. "
                    "Answers the text `success` once kept and decided (rejected ones are flagged, never "
                    "applied); `fail` when the order could not be confirmed with Alipay: any answer but "
                    "`success` makes Alipay send it again (up to 8 times in 25 hours).",
        acknowledge=_acknowledge, json_ack=False),
    devices=(
        Device("mini_program", "小程序", PayerKind.ALIPAY_USER, TradePay, "trade_pay",
               "支付宝小程序：my.tradePay 的参数"),
        Device("app", "手机应用", PayerKind.ANYONE, AppOrder, "alipay_app",
               "支付宝（手机应用）：交给支付宝 SDK 的 orderStr"),
        Device(scan.DEVICE, scan.LABEL, PayerKind.ANYONE, scan.ScanToPay, scan.ANSWER_FIELD, scan.ANSWER_DOC),
    ),
    signs_in=True,
)

__all__ = ["CHANNEL", "AlipayChannel", "AlipayConfig", "AppOrder", "TradePay", "config"]
