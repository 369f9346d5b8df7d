"""Alipay: the channel adapter on the official SDK (payment_channels/alipay/adapter.py)."""

from payment_channels.alipay.adapter import AlipayChannel, AlipayConfig

__all__ = ["AlipayChannel", "AlipayConfig"]
