"""The services the app runs with, built once at start-up and kept on `app.ctx.services`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from app import clock
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

    def today(self) -> date:
        """Today in Asia/Shanghai, where every collection rule is dated (app.clock's business date)."""
        return clock.business_date()

    @property
    def clock_movable(self) -> bool:
        """The business clock may be moved (`/sandbox/clock`): the embedded default and staging,
        never production with real channels."""
        return self.settings.profile != "production" or self.settings.allow_sandboxes

    async def sync_clock(self) -> None:
        """Take the business clock's offset that the service's processes share (one Redis GET
        before each request and job, only where the clock may be moved and more than one process
        may run: with Redis)."""
        if self.clock_movable and self.settings.redis_url:
            await clock.sync(self.kv)

    def profile(self, region: str) -> RegionProfile:
        return self.profiles[region]

    def channel(self, name: str) -> PaymentChannel:
        return self.channels[name]

    @property
    def notify_base(self) -> str:
        return self.settings.public_base_url.rstrip("/")
