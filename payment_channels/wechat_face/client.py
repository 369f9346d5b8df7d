"""WeChat 人脸核身 2.0 (POST /cityservice/face/identify/getverifyid and /queryverifyinfo), over httpx.

Implements payment_channels.face.FaceVerifier; its docstring says what of the protocol we rely on.
Every WeChat answer is mapped to our results or exceptions in the functions at the bottom
(`_raise_for_errcode`, `_session_from`, `_check_from`, `_token_from`), and nowhere else.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from app.clock import SHANGHAI
from payment_channels.face import (
    VERIFY_PASSED,
    FaceCheck,
    FaceResultRejected,
    FaceSession,
    FaceVerifierUnavailable,
    cert_hash,
    identity_card,
)

GETVERIFYID = "/cityservice/face/identify/getverifyid"
QUERYVERIFYINFO = "/cityservice/face/identify/queryverifyinfo"
TOKEN_MARGIN_SECONDS = 300  # renew this long before WeChat's expires_in runs out
DEFAULT_VERIFY_ID_SECONDS = 3600  # getverifyid's documented default expires_in
_STALE_TOKEN_ERRCODES = frozenset({40001, 40014, 42001})  # invalid / not latest / expired access_token
# busy, rate-limited, or refused for our own configuration (IP allow-list, face API not granted):
# the person's request is not at fault, so the caller retries rather than starting over
_UNAVAILABLE_ERRCODES = frozenset({-1, 45009, 45011, 40164, 48001})


def _shanghai_now() -> datetime:
    return datetime.now(SHANGHAI)


class WeChatFaceVerifier:
    """人脸核身 2.0 with WeChat. Call `start()` once and `close()` at shutdown.

    `begin` and `result` raise FaceResultRejected or FaceVerifierUnavailable (and ValueError for
    empty arguments), nothing else. The access token is cached in this process until
    TOKEN_MARGIN_SECONDS before it expires and renewed once when WeChat calls it stale
    (40001/42001). Note: each /cgi-bin/token call replaces the appid's previous token (which then
    lives 5 more minutes), so several processes sharing an appid should share one token source.
    """

    def __init__(self, appid: str, secret: str, base_url: str = "https://api.weixin.qq.com",
                 timeout: float = 10.0, *, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = _shanghai_now,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._appid = appid
        self._secret = secret
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._clock = clock
        self._now = now
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._token: str | None = None
        self._token_deadline = 0.0
        self._token_lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"WeChatFaceVerifier(appid={self._appid!r}, secret='***', base_url={self._base_url!r})"

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(base_url=self._base_url, timeout=self._timeout,
                                             transport=self._transport)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        self._token = None

    async def begin(self, *, openid: str, id_number: str, name: str, out_seq_no: str) -> FaceSession:
        self._require_started()
        _require_all(openid=openid, id_number=id_number, name=name, out_seq_no=out_seq_no)
        body = {"out_seq_no": out_seq_no, "cert_info": identity_card(id_number, name), "openid": openid}
        data = await self._post(GETVERIFYID, body)
        return _session_from(data, self._now())

    async def result(self, *, verify_id: str, out_seq_no: str, openid: str, id_number: str,
                     name: str) -> FaceCheck:
        self._require_started()
        _require_all(verify_id=verify_id, out_seq_no=out_seq_no, openid=openid, id_number=id_number, name=name)
        body = {"verify_id": verify_id, "out_seq_no": out_seq_no,
                "cert_hash": cert_hash(**identity_card(id_number, name)), "openid": openid}
        return _check_from(await self._post(QUERYVERIFYINFO, body))

    def _require_started(self) -> None:
        if self._client is None:
            raise RuntimeError("WeChatFaceVerifier.start() was not called")

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST with the cached access token, renewed and sent again once if WeChat calls it stale."""
        token = await self._access_token()
        data = await self._call("POST", path, params={"access_token": token}, json=body)
        if data.get("errcode") in _STALE_TOKEN_ERRCODES:
            token = await self._access_token(stale=token)
            data = await self._call("POST", path, params={"access_token": token}, json=body)
        return data

    async def _access_token(self, stale: str | None = None) -> str:
        """The cached token; a new one when it is missing, nearly expired, or equal to `stale`."""
        async with self._token_lock:  # one refresh at a time; the others reuse its token
            if self._token and self._token != stale and self._clock() < self._token_deadline:
                return self._token
            params = {"grant_type": "client_credential", "appid": self._appid, "secret": self._secret}
            token, expires_in = _token_from(await self._call("GET", "/cgi-bin/token", params=params))
            self._token = token
            self._token_deadline = self._clock() + max(expires_in - TOKEN_MARGIN_SECONDS, 0)
            return token

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if self._client is None:
            raise RuntimeError("WeChatFaceVerifier.start() was not called")
        try:
            response = await self._client.request(method, path, **kwargs)
        except httpx.TransportError as exc:  # connect errors, timeouts, dropped connections
            raise FaceVerifierUnavailable(f"{path}: {exc or type(exc).__name__}") from exc
        if response.status_code != 200:
            raise FaceVerifierUnavailable(f"{path}: HTTP {response.status_code}")
        try:
            data = json.loads(response.content)  # content types vary (text/plain, application/json)
        except ValueError as exc:
            raise FaceVerifierUnavailable(f"{path}: answer is not JSON") from exc
        if not isinstance(data, dict):
            raise FaceVerifierUnavailable(f"{path}: answer is not a JSON object")
        return data


def _require_all(**values: str) -> None:
    empty = [key for key, value in values.items() if not (isinstance(value, str) and value.strip())]
    if empty:
        raise ValueError(f"required: {', '.join(empty)}")


# --- WeChat's answers → our results and exceptions (the only place) ------------------------------


def _errcode(data: dict[str, Any]) -> int:
    errcode = data.get("errcode") or 0
    if not isinstance(errcode, int):
        raise FaceVerifierUnavailable(f"errcode is not a number: {errcode!r}")
    return errcode


def _raise_for_errcode(operation: str, data: dict[str, Any]) -> None:
    errcode = _errcode(data)
    errmsg = str(data.get("errmsg", ""))
    if errcode in _UNAVAILABLE_ERRCODES or errcode in _STALE_TOKEN_ERRCODES:  # stale twice running
        raise FaceVerifierUnavailable(f"{operation}: {errcode}: {errmsg}")
    if errcode:
        raise FaceResultRejected(errcode, errmsg)


def _token_from(data: dict[str, Any]) -> tuple[str, int]:
    """A /cgi-bin/token answer → (token, expires_in). Every refusal is ours to fix (appid, secret,
    IP allow-list) or WeChat's to recover from, never the person's: unavailable."""
    errcode = _errcode(data)
    if errcode:
        raise FaceVerifierUnavailable(f"access_token: {errcode}: {data.get('errmsg', '')}")
    token, expires_in = data.get("access_token"), data.get("expires_in")
    if not isinstance(token, str) or not token or not isinstance(expires_in, int):
        raise FaceVerifierUnavailable("access_token: answer without access_token/expires_in")
    return token, expires_in


def _session_from(data: dict[str, Any], now: datetime) -> FaceSession:
    """A getverifyid answer → FaceSession, or the exception that tells the caller what to do next."""
    _raise_for_errcode("getverifyid", data)
    verify_id, expires_in = data.get("verify_id"), data.get("expires_in", DEFAULT_VERIFY_ID_SECONDS)
    if not isinstance(verify_id, str) or not verify_id or not isinstance(expires_in, int) or expires_in <= 0:
        raise FaceVerifierUnavailable("getverifyid: answer without verify_id/expires_in")
    return FaceSession(verify_id=verify_id, expires_at=now + timedelta(seconds=expires_in))


def _check_from(data: dict[str, Any]) -> FaceCheck:
    """A queryverifyinfo answer → FaceCheck, or the exception that tells the caller what to do next."""
    _raise_for_errcode("queryverifyinfo", data)
    verify_ret = data.get("verify_ret")
    if not isinstance(verify_ret, int) or isinstance(verify_ret, bool):
        raise FaceVerifierUnavailable("queryverifyinfo: answer without verify_ret")
    return FaceCheck(passed=verify_ret == VERIFY_PASSED, verify_ret=verify_ret, raw=data)
