"""The wx.login client against the sandbox's jscode2session on loopback."""

from __future__ import annotations

import httpx
import pytest

from app.server import serve_in_loop
from payment_channels.wechat_login import LoginCodeRejected, LoginUnavailable, WeChatLoginClient
from payment_channels.wechat_pay import DemoKeys
from sandboxes.wechat_pay import WeChatPaySandbox, create_sandbox_app

APP_MCHID = "1900000109"
APPID = "wx5a1c0e0d00demo01"
LOGIN_SECRET = "contract-login-secret"


async def test_code_gives_a_stable_openid(login_client: WeChatLoginClient, sandbox: WeChatPaySandbox) -> None:
    first = await login_client.code_to_session(sandbox.issue_login_code("zhang.san"))
    again = await login_client.code_to_session(sandbox.issue_login_code("zhang.san"))
    other = await login_client.code_to_session(sandbox.issue_login_code("li.si"))
    assert first.openid == again.openid != other.openid
    assert first.session_key and first.session_key != again.session_key
    assert "***" in repr(first) and first.session_key not in repr(first)


async def test_code_is_single_use(login_client: WeChatLoginClient, sandbox: WeChatPaySandbox) -> None:
    code = sandbox.issue_login_code("zhang.san")
    await login_client.code_to_session(code)
    with pytest.raises(LoginCodeRejected) as caught:
        await login_client.code_to_session(code)
    assert caught.value.errcode == 40163


async def test_unknown_code_is_rejected(login_client: WeChatLoginClient) -> None:
    with pytest.raises(LoginCodeRejected) as caught:
        await login_client.code_to_session("0a3bogus")
    assert (caught.value.errcode, caught.value.errmsg) == (40029, "invalid code")


async def test_wrong_secret_is_rejected(sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    client = WeChatLoginClient(sandbox.appid, "not-the-secret", base_url=sandbox_url, timeout=1.0)
    await client.start()
    try:
        with pytest.raises(LoginCodeRejected) as caught:
            await client.code_to_session(sandbox.issue_login_code("zhang.san"))
    finally:
        await client.close()
    assert caught.value.errcode == 40125


async def test_expired_code_is_rejected(demo_keys: DemoKeys) -> None:
    now = [1_767_225_600.0]
    sandbox = WeChatPaySandbox(APP_MCHID, APPID, demo_keys.merchant_public_key_pem, demo_keys.merchant_serial_no,
                               demo_keys.platform_private_key_pem, demo_keys.platform_public_key_id,
                               demo_keys.apiv3_key, LOGIN_SECRET, clock=lambda: now[0])
    code = sandbox.issue_login_code("zhang.san")
    now[0] += 301
    async with serve_in_loop(create_sandbox_app(sandbox)) as base_url:
        client = WeChatLoginClient(APPID, LOGIN_SECRET, base_url=base_url, timeout=1.0)
        await client.start()
        try:
            with pytest.raises(LoginCodeRejected) as caught:
                await client.code_to_session(code)
        finally:
            await client.close()
    assert caught.value.errcode == 40029


@pytest.mark.parametrize(("mode", "style"), [("down", "timeout"), ("unknown", "timeout"), ("unknown", "error_500")])
async def test_faults_are_unavailable(
        login_client: WeChatLoginClient, sandbox: WeChatPaySandbox, mode: str, style: str) -> None:
    code = sandbox.issue_login_code("zhang.san")
    sandbox.set_fault("login", mode, count=1, style=style)
    with pytest.raises(LoginUnavailable):
        await login_client.code_to_session(code)


async def test_slow_still_succeeds(login_client: WeChatLoginClient, sandbox: WeChatPaySandbox) -> None:
    sandbox.set_fault("login", "slow")
    assert (await login_client.code_to_session(sandbox.issue_login_code("zhang.san"))).openid


async def test_unreachable_is_unavailable() -> None:
    client = WeChatLoginClient(APPID, LOGIN_SECRET, base_url="http://127.0.0.1:9", timeout=1.0)
    await client.start()
    try:
        with pytest.raises(LoginUnavailable):
            await client.code_to_session("0a3whatever")
    finally:
        await client.close()


async def test_login_code_over_http(login_client: WeChatLoginClient, sandbox: WeChatPaySandbox,
                                    sandbox_url: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url) as http:
        answer = await http.post("/sandbox/wx/login-code", json={"user": "zhang.san"})
        assert (await http.post("/sandbox/wx/login-code", json={})).status_code == 400
    code = answer.json()["result"]["code"]
    session = await login_client.code_to_session(code)
    assert session.openid == sandbox.login.openid_for("zhang.san")
