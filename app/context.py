"""The services the app runs with, built once at start-up and kept on `app.ctx.services`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from app.clock import SHANGHAI
from app.crypto import Sealer
from app.kv import KeyValueStore
from app.rate_limits import RateLimiter
from config.regions import RegionProfile
from config.settings import Settings

if TYPE_CHECKING:
    from app.jobs import JobQueue
    from app.upstream import Upstream
    from payment_channels.face import FaceVerifier
    from payment_channels.interfaces import PaymentChannel
    from payment_channels.wechat_login.client import WeChatLoginClient


@dataclass
class Services:
    settings: Settings
    kv: KeyValueStore
    rate_limiter: RateLimiter  # app.rate_limits.allow(services, …) counts against it
    sealer: Sealer
    profiles: dict[str, RegionProfile]
    upstream: Upstream
    login: WeChatLoginClient
    face: FaceVerifier
    queue: JobQueue
    channels: dict[str, PaymentChannel] = field(default_factory=dict)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))  # the one "now" rules use

    def today(self) -> date:
        """Today in Asia/Shanghai, where every collection rule is dated."""
        return self.clock().astimezone(SHANGHAI).date()

    def profile(self, region: str) -> RegionProfile:
        return self.profiles[region]

    def channel(self, name: str) -> PaymentChannel:
        return self.channels[name]

    @property
    def notify_base(self) -> str:
        return self.settings.public_base_url.rstrip("/")
