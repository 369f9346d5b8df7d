"""wx.login code → session (jscode2session), over httpx.

Exception tree::

    LoginError
    ├── LoginCodeRejected   WeChat answered {errcode, errmsg}: the code is bad, used or expired
    │                       (or our appid/secret is wrong); final, ask for a new wx.login code
    └── LoginUnavailable    no usable answer (connection, timeout, 5xx, system busy): retry later
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx

# errcodes that mean "busy, try again", not "this code is bad"
_RETRYABLE_ERRCODES = frozenset({-1, 45011})


class LoginError(Exception):
    """Base of login failures."""


class LoginCodeRejected(LoginError):
    """WeChat refused the code: 40029 invalid code, 40163 code been used, 40125 invalid appsecret, …"""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class LoginUnavailable(LoginError):
    """WeChat could not be asked (or was busy); the same code may still work on a retry."""


@dataclass(frozen=True)
class LoginSession:
    openid: str
    session_key: str
    unionid: str | None = None

    def __repr__(self) -> str:
        return f"LoginSession(openid={self.openid!r}, session_key='***', unionid={self.unionid!r})"


class WeChatLoginClient:
    """Exchanges mini-program login codes for sessions via GET {base_url}/sns/jscode2session.

    Call `start()` once and `close()` at shutdown. `code_to_session` raises LoginCodeRejected or
    LoginUnavailable, nothing else.
    """

    def __init__(self, appid: str, secret: str, base_url: str = "https://api.weixin.qq.com",
                 timeout: float = 10.0) -> None:
        self._appid = appid
        self._secret = secret
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"WeChatLoginClient(appid={self._appid!r}, secret='***', base_url={self._base_url!r})"

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(base_url=self._base_url, timeout=self._timeout)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def code_to_session(self, code: str) -> LoginSession:
        if self._client is None:
            raise RuntimeError("WeChatLoginClient.start() was not called")
        if not code:
            raise LoginCodeRejected(40029, "invalid code")
        params = {"appid": self._appid, "secret": self._secret, "js_code": code,
                  "grant_type": "authorization_code"}
        try:
            response = await self._client.get("/sns/jscode2session", params=params)
        except httpx.TransportError as exc:  # connect errors, timeouts, dropped connections
            raise LoginUnavailable(str(exc) or type(exc).__name__) from exc
        if response.status_code != 200:
            raise LoginUnavailable(f"HTTP {response.status_code}")
        return self._session(response.content)

    @staticmethod
    def _session(content: bytes) -> LoginSession:
        try:
            data = json.loads(content)  # WeChat sends JSON as text/plain
        except ValueError as exc:
            raise LoginUnavailable("answer is not JSON") from exc
        if not isinstance(data, dict):
            raise LoginUnavailable("answer is not a JSON object")
        errcode = data.get("errcode") or 0
        if errcode in _RETRYABLE_ERRCODES:
            raise LoginUnavailable(f"{errcode}: {data.get('errmsg', '')}")
        if errcode:
            raise LoginCodeRejected(int(errcode), str(data.get("errmsg", "")))
        openid, session_key = data.get("openid"), data.get("session_key")
        if not isinstance(openid, str) or not openid or not isinstance(session_key, str):
            raise LoginUnavailable("answer without openid/session_key")
        unionid = data.get("unionid")
        return LoginSession(openid=openid, session_key=session_key,
                            unionid=unionid if isinstance(unionid, str) else None)
