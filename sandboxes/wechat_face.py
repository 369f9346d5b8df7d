"""WeChat access tokens and 人脸核身 2.0, simulated: the backend asks for a verify_id
(`getverifyid`), the person scans their face in the mini-program (`scan`), the backend asks for the
result (`queryverifyinfo`).

Answers are WeChat's, HTTP 200 with {errcode, errmsg} for every refusal. Our own reading of the
protocol (see app/identity/face.py for the sources), independent of the adapter's code: the
cert_hash is computed here from the cert_info getverifyid received.

Not documented where we could read it, so chosen here: a mismatch of out_seq_no / openid /
cert_hash answers like an unknown verify_id (84001); a result is readable until the verify_id
expires; getverifyid errors use WeChat's global codes (47001, 40003, 40097); an out_seq_no is
never accepted twice.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

TOKEN_TTL_SECONDS = 7200
VERIFY_ID_TTL_SECONDS = 3600  # getverifyid's documented default expires_in
CERT_TYPES = frozenset({"IDENTITY_CARD"})
VERIFY_PASSED = 10000  # 识别成功
VERIFY_FACE_MISMATCH = 10004  # 比对人脸信息不匹配
VERIFY_NOT_FINISHED = 10300  # 未完成核身
_OUT_SEQ_NO = re.compile(r"[0-9A-Za-z_-]{5,32}")

INVALID_IDENTIFY_ID = {"errcode": 84001, "errmsg": "invalid identify id"}
INVALID_TOKEN = {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
EXPIRED_TOKEN = {"errcode": 42001, "errmsg": "access_token expired"}
DATA_FORMAT_ERROR = {"errcode": 47001, "errmsg": "data format error"}
INVALID_OPENID = {"errcode": 40003, "errmsg": "invalid openid"}
INVALID_ARGS = {"errcode": 40097, "errmsg": "invalid args"}


@dataclass
class _Verification:
    out_seq_no: str
    openid: str
    cert_hash: str
    expires_at: float
    verify_ret: int = VERIFY_NOT_FINISHED
    scanned: bool = False


def _cert_hash(cert_info: Mapping[str, str]) -> str:
    parts = [f"{key}={base64.b64encode(cert_info[key].encode()).decode()}"
             for key in ("cert_type", "cert_name", "cert_no")]
    return hashlib.sha256("&".join(parts).encode()).hexdigest()


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


class FaceSimulator:
    """Access tokens for one appid/secret, and the verifications asked for with that appid."""

    def __init__(self, appid: str, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.appid = appid
        self.secret = secret
        self.token_ttl_seconds = TOKEN_TTL_SECONDS
        self.verify_id_ttl_seconds = VERIFY_ID_TTL_SECONDS
        self.token_calls = 0
        self.getverifyid_calls = 0
        self.queryverifyinfo_calls = 0
        self._clock = clock
        self._tokens: dict[str, float] = {}  # token → expires_at
        self._verifications: dict[str, _Verification] = {}
        self._out_seq_nos: set[str] = set()

    # --- the person, in the mini-program ---------------------------------------------------------

    def scan(self, verify_id: object, passed: object = True) -> dict[str, Any]:
        """wx.requestFacialVerify({verifyId}): the person scans their face; passed or not.
        KeyError for an unknown verify_id; ValueError for bad input, an expired verify_id
        ("过期后无法发起核身") or one already scanned."""
        if not _text(verify_id):
            raise ValueError("verify_id is required")
        if not isinstance(passed, bool):
            raise ValueError("passed must be true or false")
        entry = self._verifications[verify_id]
        if entry.expires_at <= self._clock():
            raise ValueError("verify_id expired: the scan cannot start")
        if entry.scanned:
            raise ValueError("verify_id was already scanned")
        entry.scanned = True
        entry.verify_ret = VERIFY_PASSED if passed else VERIFY_FACE_MISMATCH
        return {"verify_id": verify_id, "verify_ret": entry.verify_ret}

    # --- WeChat's backend ------------------------------------------------------------------------

    def token(self, params: Mapping[str, str]) -> dict[str, Any]:
        """GET /cgi-bin/token?grant_type=client_credential&appid=…&secret=…"""
        self.token_calls += 1
        if params.get("grant_type") != "client_credential":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        if params.get("appid") != self.appid:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if params.get("secret") != self.secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        token = secrets.token_urlsafe(96)
        self._tokens[token] = self._clock() + self.token_ttl_seconds
        return {"access_token": token, "expires_in": self.token_ttl_seconds}

    def expire_tokens(self, *, revoke: bool = False) -> None:
        """Every issued token expires now (face calls answer 42001), or is forgotten (40001)."""
        if revoke:
            self._tokens.clear()
        else:
            self._tokens = dict.fromkeys(self._tokens, self._clock())

    def getverifyid(self, access_token: str, body: bytes) -> dict[str, Any]:
        """POST /cityservice/face/identify/getverifyid?access_token=… with
        {"out_seq_no", "cert_info": {"cert_type", "cert_name", "cert_no"}, "openid"}."""
        self.getverifyid_calls += 1
        refusal = self._token_refusal(access_token)
        if refusal:
            return refusal
        payload = _json_object(body)
        if payload is None:
            return dict(DATA_FORMAT_ERROR)
        out_seq_no, openid, cert_info = payload.get("out_seq_no"), payload.get("openid"), payload.get("cert_info")
        if not _text(openid):
            return dict(INVALID_OPENID)
        if not (isinstance(out_seq_no, str) and _OUT_SEQ_NO.fullmatch(out_seq_no)
                and out_seq_no not in self._out_seq_nos and isinstance(cert_info, dict)
                and cert_info.get("cert_type") in CERT_TYPES
                and _text(cert_info.get("cert_name")) and _text(cert_info.get("cert_no"))):
            return dict(INVALID_ARGS)
        verify_id = secrets.token_urlsafe(48)
        self._out_seq_nos.add(out_seq_no)
        self._verifications[verify_id] = _Verification(
            out_seq_no, openid, _cert_hash(cert_info), self._clock() + self.verify_id_ttl_seconds)
        return {"errcode": 0, "errmsg": "ok", "verify_id": verify_id, "expires_in": self.verify_id_ttl_seconds}

    def queryverifyinfo(self, access_token: str, body: bytes) -> dict[str, Any]:
        """POST /cityservice/face/identify/queryverifyinfo?access_token=… with
        {"verify_id", "out_seq_no", "cert_hash", "openid"}."""
        self.queryverifyinfo_calls += 1
        refusal = self._token_refusal(access_token)
        if refusal:
            return refusal
        payload = _json_object(body)
        if payload is None:
            return dict(DATA_FORMAT_ERROR)
        keys = ("verify_id", "out_seq_no", "cert_hash", "openid")
        if not all(_text(payload.get(key)) for key in keys):
            return dict(INVALID_ARGS)
        entry = self._verifications.get(payload["verify_id"])
        if entry is None or entry.expires_at <= self._clock():
            return dict(INVALID_IDENTIFY_ID)
        if (payload["out_seq_no"], payload["cert_hash"], payload["openid"]) != (
                entry.out_seq_no, entry.cert_hash, entry.openid):
            return dict(INVALID_IDENTIFY_ID)
        return {"errcode": 0, "errmsg": "ok", "verify_ret": entry.verify_ret}

    def _token_refusal(self, access_token: str) -> dict[str, Any] | None:
        expires_at = self._tokens.get(access_token)
        if expires_at is None:
            return dict(INVALID_TOKEN)
        if expires_at <= self._clock():
            return dict(EXPIRED_TOKEN)
        return None
