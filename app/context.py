"""The services the app runs with, built once at start-up and kept on `app.ctx.services`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.crypto import Sealer
from app.kv import KeyValueStore
from config.regions import RegionProfile
from config.settings import Settings

if TYPE_CHECKING:
    from app.upstream.interfaces import Upstream
    from payment_channels.interfaces import PaymentChannel
    from payment_channels.wechat_login.client import WeChatLoginClient


@dataclass
class Services:
    settings: Settings
    kv: KeyValueStore
    sealer: Sealer
    profiles: dict[str, RegionProfile]
    upstream: Upstream
    login: WeChatLoginClient
    channels: dict[str, PaymentChannel] = field(default_factory=dict)

    def profile(self, region: str) -> RegionProfile:
        return self.profiles[region]

    def channel(self, name: str) -> PaymentChannel:
        return self.channels[name]

    @property
    def notify_base(self) -> str:
        return self.settings.public_base_url.rstrip("/")
