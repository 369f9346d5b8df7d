"""WeChat Pay (API v3): the channel adapter, its configuration and demo keys, its statement, and
its declaration (`CHANNEL`): the mini-program pays with wx.requestPayment; a computer shows a
Native order's code_url as a QR code, and whoever scans it with WeChat pays (扫码缴款)."""

from payment_channels import scan
from payment_channels.interfaces import PaymentChannel
from payment_channels.spec import (
    ChannelContext,
    ChannelSpec,
    Device,
    NotificationEndpoint,
    PayerKind,
    StatementFormat,
    json_acknowledgement,
)
from payment_channels.wechat_pay.adapter import WeChatPayChannel
from payment_channels.wechat_pay.bill import TradeBill, fen, parse_trade_bill
from payment_channels.wechat_pay.config import WeChatPayConfig
from payment_channels.wechat_pay.devices import RequestPayment
from payment_channels.wechat_pay.keys import DemoKeys, generate_demo_keys, load_or_create_demo_keys


def demo_keys_of(context: ChannelContext) -> DemoKeys:
    """The WeChat Pay keys: those the caller made (tests), else the demo keys kept in keys_dir."""
    keys = context.options.get("wechat_keys")
    return keys if isinstance(keys, DemoKeys) else load_or_create_demo_keys(context.keys_dir)


def _build(context: ChannelContext) -> PaymentChannel:
    wechat = context.settings.wechat
    return WeChatPayChannel(WeChatPayConfig.from_demo_keys(
        demo_keys_of(context), mchid=wechat.mchid, appid=wechat.appid,
        gateway_url=wechat.gateway_url or context.sandbox_base_url, timeout_seconds=wechat.timeout_seconds))


CHANNEL = ChannelSpec(
    name="wechat_pay",
    label="微信支付",
    settings_table="wechat",
    build=_build,
    enabled=lambda settings: True,
    sandbox="sandboxes.wechat_pay:channel_sandbox",
    sandbox_http="sandboxes.wechat_pay:create_wechat_sandbox_blueprint",
    statement=StatementFormat(),  # the 交易账单, streamed
    notification=NotificationEndpoint(
        summary="微信支付 API v3 支付/退款通知：验签、时间窗、解密、商户号/应用号/金额校验，并向微信查询确认后才入账",
        description="Body: WeChat Pay's encrypted notification, verified with the Wechatpay-* headers. 200 once "
                    "kept and decided (rejected ones are flagged, never applied); 503 FAIL when the order could "
                    "not be confirmed with WeChat, so that WeChat sends it again.",
        acknowledge=json_acknowledgement),
    devices=(
        Device("mini_program", "小程序", PayerKind.WECHAT_USER, RequestPayment, "request_payment",
               "微信支付：wx.requestPayment 的参数"),
        Device(scan.DEVICE, scan.LABEL, PayerKind.ANYONE, scan.ScanToPay, scan.ANSWER_FIELD, scan.ANSWER_DOC),
    ),
)

__all__ = [
    "CHANNEL",
    "DemoKeys",
    "RequestPayment",
    "TradeBill",
    "WeChatPayChannel",
    "WeChatPayConfig",
    "demo_keys_of",
    "fen",
    "generate_demo_keys",
    "load_or_create_demo_keys",
    "parse_trade_bill",
]
