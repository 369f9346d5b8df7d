"""wx.login and jscode2session, simulated: single-use codes that live five minutes."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

CODE_TTL_SECONDS = 300


@dataclass
class _Code:
    openid: str
    expires_at: float
    used: bool = False


class LoginSimulator:
    """Mints wx.login codes for a person and answers jscode2session like WeChat (HTTP 200 always)."""

    def __init__(self, appid: str, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.appid = appid
        self.secret = secret
        self._clock = clock
        self._codes: dict[str, _Code] = {}

    def openid_for(self, hint: str) -> str:
        digest = hashlib.sha256(f"{self.appid}:{hint}".encode()).digest()
        return "o" + base64.urlsafe_b64encode(digest).decode()[:27]

    def issue_login_code(self, openid_hint: str) -> str:
        if not openid_hint:
            raise ValueError("a user hint is required")
        code = secrets.token_urlsafe(24)[:32]
        self._codes[code] = _Code(self.openid_for(openid_hint), self._clock() + CODE_TTL_SECONDS)
        return code

    def jscode2session(self, params: Mapping[str, str]) -> dict[str, Any]:
        if params.get("appid") != self.appid:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if params.get("secret") != self.secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        if params.get("grant_type") != "authorization_code":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        entry = self._codes.get(params.get("js_code", ""))
        if entry is None or entry.expires_at < self._clock():
            return {"errcode": 40029, "errmsg": "invalid code"}
        if entry.used:
            return {"errcode": 40163, "errmsg": "code been used"}
        entry.used = True
        session_key = base64.b64encode(secrets.token_bytes(16)).decode()
        return {"openid": entry.openid, "session_key": session_key}
