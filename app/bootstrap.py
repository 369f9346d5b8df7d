"""Build the services from the settings: the one place that picks adapters by configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from app import db, tasks
from app.context import Services
from app.crypto import Sealer
from app.jobs import JobQueue
from app.kv import KeyValueStore, create_store
from app.rate_limits import RateLimiter
from app.upstream import HttpUpstream, Upstream
from config.regions import load_region_profiles
from config.settings import Settings
from payment_channels.face import FaceVerifier
from payment_channels.interfaces import PaymentChannel
from payment_channels.registry import CHANNELS
from payment_channels.spec import ChannelContext
from payment_channels.wechat_face.client import WeChatFaceVerifier
from payment_channels.wechat_login.client import WeChatLoginClient
from payment_channels.wechat_pay import DemoKeys, demo_keys_of


def sandbox_base_url(settings: Settings) -> str:
    return ChannelContext(settings).sandbox_base_url


def channel_context(settings: Settings, keys: DemoKeys | None = None) -> ChannelContext:
    """What the channels' adapters and sandboxes are built from (`keys`: WeChat Pay demo keys a test made)."""
    return ChannelContext(settings, {"wechat_keys": keys} if keys is not None else {})


def build_channels(settings: Settings, keys: DemoKeys | None = None) -> dict[str, PaymentChannel]:
    """The channels this deployment offers: every registered one its settings switch on."""
    context = channel_context(settings, keys)
    return {name: spec.build(context) for name, spec in CHANNELS.items() if spec.enabled(settings)}


def build_sandboxes(settings: Settings, keys: DemoKeys | None = None) -> dict[str, Any]:
    """Every registered channel's simulator, by channel name (never in production: the sandboxes
    refuse to be imported there)."""
    context = channel_context(settings, keys)
    return {name: spec.build_sandbox(context) for name, spec in CHANNELS.items()}


def demo_keys(settings: Settings) -> DemoKeys:
    return demo_keys_of(channel_context(settings))


def default_upstream(settings: Settings, profiles: dict) -> Upstream:  # type: ignore[type-arg]
    """HTTP to `upstream_url` (the gateway, or the sandbox process every worker shares); unset, on
    the embedded default, HTTP to the sandbox `python -m app serve` runs beside the service, so
    that a command run meanwhile (`reconcile`) sees the same upstream."""
    if settings.upstream_url:
        return HttpUpstream(settings.upstream_url, settings.upstream_secret, settings.upstream_timeout_seconds)
    if settings.profile == "production":
        raise RuntimeError("the production profile reaches upstream over HTTP: set upstream_url")
    if settings.upstream_mode != "sandbox":
        raise RuntimeError("upstream_mode 'live' needs upstream_url (the upstream gateway)")
    return HttpUpstream(sandbox_base_url(settings), settings.upstream_secret, settings.upstream_timeout_seconds)


async def build_services(
    settings: Settings,
    *,
    upstream: Upstream | None = None,
    channels: dict[str, PaymentChannel] | None = None,
    login: WeChatLoginClient | None = None,
    face: FaceVerifier | None = None,
    kv: KeyValueStore | None = None,
    keys: DemoKeys | None = None,
) -> Services:
    """Everything the app needs, started. Tests pass their own sandboxes; serve builds defaults."""
    profiles = load_region_profiles(Path(settings.regions_dir))
    if channels is None:
        channels = build_channels(settings, keys)
    for channel in channels.values():
        await channel.start()
    if login is None:
        login = WeChatLoginClient(
            appid=settings.wechat.appid, secret=settings.wechat.app_secret,
            base_url=settings.wechat.login_base_url or settings.wechat.gateway_url or sandbox_base_url(settings),
            timeout=settings.wechat.timeout_seconds,
        )
    await login.start()
    if face is None:
        face = WeChatFaceVerifier(
            appid=settings.wechat.appid, secret=settings.wechat.app_secret,
            base_url=settings.wechat.login_base_url or settings.wechat.gateway_url or sandbox_base_url(settings),
            timeout=settings.wechat.timeout_seconds,
        )
    await face.start()
    upstream = upstream or default_upstream(settings, profiles)
    await upstream.start()
    queue = JobQueue(settings)
    await queue.open()
    services = Services(
        settings=settings,
        kv=kv or create_store(settings.redis_url, settings.redis_namespace),
        rate_limiter=RateLimiter(settings.redis_url, settings.redis_namespace),
        sealer=Sealer(settings.secret_key),
        profiles=profiles,
        upstream=upstream,
        login=login,
        face=face,
        queue=queue,
        channels=channels,
    )
    queue.serve(tasks.blueprint, services)  # a worker of this process runs the tasks with these services
    return services


@asynccontextmanager
async def command_database(settings: Settings) -> AsyncIterator[None]:
    """A command's database alone (`operators`, `institutions`): migrated first on the embedded
    default, connected, closed when it ends."""
    if settings.profile == "embedded":
        await db.migrate(settings)
    await db.connect(settings)
    try:
        yield
    finally:
        await db.disconnect()


@asynccontextmanager
async def command_services(settings: Settings) -> AsyncIterator[Services]:
    """A command's database and services (`reconcile`, `batch-debit`), closed when it ends."""
    await db.connect(settings)
    try:
        services = await build_services(settings)
        try:
            yield services
        finally:
            await close_services(services)
    finally:
        await db.disconnect()


async def close_services(services: Services) -> None:
    for channel in services.channels.values():
        await channel.close()
    await services.login.close()
    await services.face.close()
    await services.upstream.close()
    await services.queue.close()
    await services.kv.close()
    await services.rate_limiter.close()
