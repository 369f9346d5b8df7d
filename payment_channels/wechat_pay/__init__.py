"""WeChat Pay (API v3) adapter: configuration, demo keys, the channel, statements."""

from payment_channels.wechat_pay.adapter import WeChatPayChannel
from payment_channels.wechat_pay.bill import TradeBill, fen, parse_trade_bill
from payment_channels.wechat_pay.config import WeChatPayConfig
from payment_channels.wechat_pay.keys import DemoKeys, generate_demo_keys, load_or_create_demo_keys

__all__ = [
    "DemoKeys",
    "TradeBill",
    "WeChatPayChannel",
    "WeChatPayConfig",
    "fen",
    "generate_demo_keys",
    "load_or_create_demo_keys",
    "parse_trade_bill",
]
