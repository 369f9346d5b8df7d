"""Shared fixtures for the contract suites: real keys, the WeChat sandbox on loopback, adapters."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from app.server import serve_in_loop
from payment_channels.wechat_face import WeChatFaceVerifier
from payment_channels.wechat_login import WeChatLoginClient
from payment_channels.wechat_pay import DemoKeys, WeChatPayChannel, WeChatPayConfig, generate_demo_keys
from sandboxes.wechat_pay import WeChatPaySandbox, create_sandbox_app

MCHID = "1900000109"
APPID = "wx5a1c0e0d00demo01"
LOGIN_SECRET = "contract-login-secret"
CLIENT_TIMEOUT = 0.5  # seconds; the "unknown"/timeout fault sleeps longer than this


@pytest.fixture(scope="session")
def demo_keys() -> DemoKeys:
    return generate_demo_keys()


@pytest.fixture
def sandbox(demo_keys: DemoKeys) -> WeChatPaySandbox:
    box = WeChatPaySandbox.from_demo_keys(demo_keys, mchid=MCHID, appid=APPID, login_secret=LOGIN_SECRET)
    box.slow_seconds = 0.2
    box.unknown_sleep_seconds = CLIENT_TIMEOUT * 3
    return box


@pytest.fixture
async def sandbox_url(sandbox: WeChatPaySandbox) -> AsyncIterator[str]:
    async with serve_in_loop(create_sandbox_app(sandbox)) as base_url:
        yield base_url


MakeConfig = Callable[..., WeChatPayConfig]


@pytest.fixture
def make_config(demo_keys: DemoKeys, sandbox_url: str) -> MakeConfig:
    """make_config(**changes): the adapter's configuration for the running sandbox, with changes."""

    def make(**changes: Any) -> WeChatPayConfig:
        config = WeChatPayConfig.from_demo_keys(
            demo_keys, mchid=MCHID, appid=APPID, gateway_url=sandbox_url, timeout_seconds=CLIENT_TIMEOUT
        )
        return dataclasses.replace(config, **changes)

    return make


@pytest.fixture
async def channel(make_config: MakeConfig) -> AsyncIterator[WeChatPayChannel]:
    adapter = WeChatPayChannel(make_config())
    await adapter.start()
    yield adapter
    await adapter.close()


@pytest.fixture
async def login_client(sandbox_url: str) -> AsyncIterator[WeChatLoginClient]:
    client = WeChatLoginClient(APPID, LOGIN_SECRET, base_url=sandbox_url, timeout=CLIENT_TIMEOUT)
    await client.start()
    yield client
    await client.close()


@pytest.fixture
async def face_verifier(sandbox_url: str) -> AsyncIterator[WeChatFaceVerifier]:
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url=sandbox_url, timeout=CLIENT_TIMEOUT)
    await verifier.start()
    yield verifier
    await verifier.close()
