"""Build the services from the settings: the one place that picks adapters by configuration."""

from __future__ import annotations

from pathlib import Path

from app.context import Services
from app.crypto import Sealer
from app.identity.face import FaceVerifier
from app.jobs.queue import JobQueue
from app.kv import KeyValueStore, create_store
from app.upstream.interfaces import Upstream
from config.regions import load_region_profiles
from config.settings import PROJECT_DIR, Settings
from payment_channels.interfaces import PaymentChannel
from payment_channels.wechat_face.client import WeChatFaceVerifier
from payment_channels.wechat_login.client import WeChatLoginClient
from payment_channels.wechat_pay.adapter import WeChatPayChannel
from payment_channels.wechat_pay.config import WeChatPayConfig
from payment_channels.wechat_pay.keys import DemoKeys, load_or_create_demo_keys


def sandbox_base_url(settings: Settings) -> str:
    return f"http://{settings.sandbox_host}:{settings.sandbox_port}"


def demo_keys(settings: Settings) -> DemoKeys:
    directory = Path(settings.wechat.keys_dir)
    return load_or_create_demo_keys(directory if directory.is_absolute() else PROJECT_DIR / directory)


def wechat_pay_config(settings: Settings, keys: DemoKeys, gateway_url: str | None = None) -> WeChatPayConfig:
    return WeChatPayConfig.from_demo_keys(
        keys, mchid=settings.wechat.mchid, appid=settings.wechat.appid,
        gateway_url=gateway_url or settings.wechat.gateway_url or sandbox_base_url(settings),
        timeout_seconds=settings.wechat.timeout_seconds,
    )


def default_upstream(settings: Settings, profiles: dict) -> Upstream:  # type: ignore[type-arg]
    """HTTP to `upstream_url` (the gateway, or the sandbox process every worker shares); unset, on
    the embedded default, HTTP to the sandbox `python -m app serve` runs beside the service, so
    that a command run meanwhile (`reconcile`) sees the same upstream."""
    from app.upstream.http_client import HttpUpstream

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
        keys = keys or demo_keys(settings)
        channels = {"wechat_pay": WeChatPayChannel(wechat_pay_config(settings, keys))}
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
    return Services(
        settings=settings,
        kv=kv or create_store(settings.redis_url, settings.redis_namespace),
        sealer=Sealer(settings.secret_key),
        profiles=profiles,
        upstream=upstream,
        login=login,
        face=face,
        queue=queue,
        channels=channels,
    )


async def close_services(services: Services) -> None:
    for channel in services.channels.values():
        await channel.close()
    await services.login.close()
    await services.face.close()
    await services.upstream.close()
    await services.queue.close()
    await services.kv.close()


def build_wechat_sandbox(settings: Settings, keys: DemoKeys, deliver=None):  # type: ignore[no-untyped-def]
    """The WeChat Pay / wx.login simulator, holding the other half of the demo keys."""
    from payment_channels.sandbox.wechat_pay import WeChatPaySandbox

    if settings.profile == "production" and not settings.allow_sandboxes:
        raise RuntimeError("the sandbox refuses to start in the production profile")
    return WeChatPaySandbox(
        mchid=settings.wechat.mchid, appid=settings.wechat.appid,
        merchant_public_key_pem=keys.merchant_public_key_pem, merchant_serial_no=keys.merchant_serial_no,
        platform_private_key_pem=keys.platform_private_key_pem,
        platform_public_key_id=keys.platform_public_key_id, apiv3_key=keys.apiv3_key,
        login_secret=settings.wechat.app_secret, deliver=deliver,
    )
