"""Build the services from the settings: the one place that picks adapters by configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from app import db, tasks
from app.context import Services
from app.crypto import Sealer
from app.jobs.queue import JobQueue
from app.kv import KeyValueStore, create_store
from app.rate_limits import RateLimiter
from app.upstream.http_client import HttpUpstream
from app.upstream.interfaces import Upstream
from config.regions import load_region_profiles
from config.settings import PROJECT_DIR, Settings
from payment_channels import demo_key_pairs as key_pairs
from payment_channels.alipay import AlipayChannel, AlipayConfig
from payment_channels.bank.adapter import BankAgreementChannel, BankConfig
from payment_channels.face import FaceVerifier
from payment_channels.interfaces import PaymentChannel
from payment_channels.wechat_face.client import WeChatFaceVerifier
from payment_channels.wechat_login.client import WeChatLoginClient
from payment_channels.wechat_pay.adapter import WeChatPayChannel
from payment_channels.wechat_pay.config import WeChatPayConfig
from payment_channels.wechat_pay.keys import DemoKeys, load_or_create_demo_keys


def sandbox_base_url(settings: Settings) -> str:
    return f"http://{settings.sandbox_host}:{settings.sandbox_port}"


def demo_keys(settings: Settings) -> DemoKeys:
    return load_or_create_demo_keys(_keys_dir(settings))


def _keys_dir(settings: Settings) -> Path:
    directory = Path(settings.wechat.keys_dir)
    return directory if directory.is_absolute() else PROJECT_DIR / directory


def _read(path: str) -> str:
    file = Path(path)
    return (file if file.is_absolute() else PROJECT_DIR / file).read_text(encoding="utf-8")


def _channel_keys(settings: Settings, private_file: str, public_file: str, ours: str, theirs: str) -> tuple[str, str]:
    """Our private key and the channel's public key, PEM: the configured files, or (embedded
    default) the demo pairs `ours` and `theirs` beside the WeChat Pay demo keys."""
    if private_file and public_file:
        return _read(private_file), _read(public_file)
    directory = _keys_dir(settings)
    return (key_pairs.private_pem(key_pairs.load_or_create(directory, ours)),
            key_pairs.public_pem(key_pairs.load_or_create(directory, theirs)))


def _demo_pair(settings: Settings, ours: str, theirs: str) -> tuple[rsa.RSAPublicKey, rsa.RSAPrivateKey]:
    """A sandbox's halves of a channel's demo keys: our public key, the channel's private key."""
    if settings.profile == "production" and not settings.allow_sandboxes:
        raise RuntimeError("the sandbox refuses to start in the production profile")
    directory = _keys_dir(settings)
    return key_pairs.load_or_create(directory, ours).public_key(), key_pairs.load_or_create(directory, theirs)


def alipay_config(settings: Settings, gateway_url: str | None = None) -> AlipayConfig:
    a = settings.alipay
    private, public = _channel_keys(settings, a.app_private_key_file, a.alipay_public_key_file, "alipay_app",
                                    "alipay_platform")
    return AlipayConfig(a.app_id, a.seller_id, private, public,
                        gateway_url or a.gateway_url or f"{sandbox_base_url(settings)}/alipay/gateway.do",
                        timeout_seconds=a.timeout_seconds)


def build_alipay_sandbox(settings: Settings):  # type: ignore[no-untyped-def]
    """The Alipay simulator, holding the other halves of the Alipay demo keys."""
    from sandboxes.alipay import AlipaySandbox

    app_public, alipay_key = _demo_pair(settings, "alipay_app", "alipay_platform")
    return AlipaySandbox(settings.alipay.app_id, settings.alipay.seller_id, alipay_key, app_public)


def bank_config(settings: Settings, gateway_url: str | None = None) -> BankConfig:
    b = settings.bank
    private, public = _channel_keys(settings, b.merchant_private_key_file, b.bank_public_key_file, "bank_merchant",
                                    "bank_gateway")
    return BankConfig(b.merchant_no, private, public, gateway_url or b.gateway_url or sandbox_base_url(settings),
                      timeout_seconds=b.timeout_seconds)


def build_bank_sandbox(settings: Settings):  # type: ignore[no-untyped-def]
    """The bank gateway simulator (demo accounts opened), holding the other halves of its keys."""
    from sandboxes.bank import BankSandbox, open_demo_accounts

    merchant_public, bank_key = _demo_pair(settings, "bank_merchant", "bank_gateway")
    sandbox = BankSandbox(settings.bank.merchant_no, bank_key, merchant_public)
    open_demo_accounts(sandbox)
    return sandbox


def default_channels(settings: Settings, keys: DemoKeys | None = None) -> dict[str, PaymentChannel]:
    """The channels this deployment offers: WeChat Pay always; Alipay and the bank gateway unless
    switched off (`alipay.enabled`, `bank.enabled`)."""
    channels: dict[str, PaymentChannel] = {
        "wechat_pay": WeChatPayChannel(wechat_pay_config(settings, keys or demo_keys(settings)))}
    if settings.alipay.enabled:
        channels["alipay"] = AlipayChannel(alipay_config(settings))
    if settings.bank.enabled:
        channels["bank_agreement"] = BankAgreementChannel(bank_config(settings))
    return channels


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
        channels = default_channels(settings, keys)
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


def build_wechat_sandbox(settings: Settings, keys: DemoKeys, deliver=None):  # type: ignore[no-untyped-def]
    """The WeChat Pay / wx.login simulator, holding the other half of the demo keys."""
    from sandboxes.wechat_pay.sandbox import WeChatPaySandbox

    if settings.profile == "production" and not settings.allow_sandboxes:
        raise RuntimeError("the sandbox refuses to start in the production profile")
    return WeChatPaySandbox(
        mchid=settings.wechat.mchid, appid=settings.wechat.appid,
        merchant_public_key_pem=keys.merchant_public_key_pem, merchant_serial_no=keys.merchant_serial_no,
        platform_private_key_pem=keys.platform_private_key_pem,
        platform_public_key_id=keys.platform_public_key_id, apiv3_key=keys.apiv3_key,
        login_secret=settings.wechat.app_secret, deliver=deliver,
    )
