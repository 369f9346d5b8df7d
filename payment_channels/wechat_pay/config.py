"""Configuration of the WeChat Pay adapter (API v3, public-key mode)."""

from __future__ import annotations

from dataclasses import dataclass

from payment_channels.wechat_pay.keys import DemoKeys


@dataclass(frozen=True, repr=False)
class WeChatPayConfig:
    """Everything the adapter needs; built once at start-up. `repr` never shows a secret.

    gateway_url: "https://api.mch.weixin.qq.com" live, or the sandbox's base URL.
    timeout_seconds: both the connect and the read timeout of one call.
    """

    mchid: str
    appid: str
    merchant_serial_no: str
    merchant_private_key_pem: str
    platform_public_key_pem: str
    platform_public_key_id: str
    apiv3_key: str
    gateway_url: str
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:
        return (
            f"WeChatPayConfig(mchid={self.mchid!r}, appid={self.appid!r}, "
            f"merchant_serial_no={self.merchant_serial_no!r}, merchant_private_key_pem='***', "
            f"platform_public_key_pem='<{len(self.platform_public_key_pem)} chars>', "
            f"platform_public_key_id={self.platform_public_key_id!r}, apiv3_key='***', "
            f"gateway_url={self.gateway_url!r}, timeout_seconds={self.timeout_seconds!r})"
        )

    @classmethod
    def from_demo_keys(
        cls, keys: DemoKeys, *, mchid: str, appid: str, gateway_url: str, timeout_seconds: float = 10.0
    ) -> WeChatPayConfig:
        return cls(
            mchid=mchid,
            appid=appid,
            merchant_serial_no=keys.merchant_serial_no,
            merchant_private_key_pem=keys.merchant_private_key_pem,
            platform_public_key_pem=keys.platform_public_key_pem,
            platform_public_key_id=keys.platform_public_key_id,
            apiv3_key=keys.apiv3_key,
            gateway_url=gateway_url,
            timeout_seconds=timeout_seconds,
        )
