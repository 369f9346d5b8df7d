"""Face verification (微信人脸核身 2.0): the port, its results, and the cert_hash rule.

The flow: our backend asks WeChat for a verify_id bound to (openid, name, id number, out_seq_no)
(`begin`), the mini-program runs `wx.requestFacialVerify({verifyId})` and the person scans their
face, then our backend asks WeChat for the result (`result`). The mini-program's own success
callback proves nothing (it only means "finished"); only `result` counts.

There is no `matches()` any more (the 1.0 port had one, with md5 helpers): a 2.0 answer carries no
openid, no md5s and no time, because WeChat itself checks that the openid, the out_seq_no and the
person (cert_hash) of the query are those of the verify_id and answers an errcode otherwise. What
stays with the caller: keep (verify_id, out_seq_no, openid, id number, name) on our side from
`begin`, and call `result` with those stored values, never with values sent by the mini-program.

Exception tree::

    FaceVerificationError
    ├── FaceVerifierUnavailable   we could not ask (connection, timeout, 5xx, busy, our own
    │                             credentials or permissions refused): retry later
    └── FaceResultRejected        WeChat refused the request itself (verify_id unknown, expired,
                                  or for another openid / person / out_seq_no; out_seq_no reused):
                                  final, begin again with a new out_seq_no
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

CERT_TYPE_IDENTITY_CARD = "IDENTITY_CARD"  # the only cert_type WeChat accepts (二代身份证)
VERIFY_PASSED = 10000  # 识别成功
VERIFY_IN_PROGRESS = 10005  # 正在检测中
VERIFY_NOT_FINISHED = 10300  # 未完成核身: no scan (yet) for this verify_id
PENDING_VERIFY_RETS = frozenset({VERIFY_IN_PROGRESS, VERIFY_NOT_FINISHED})


class FaceVerificationError(Exception):
    """Base of face verification failures."""


class FaceVerifierUnavailable(FaceVerificationError):
    """WeChat could not be asked, or could not answer: retry later."""


class FaceResultRejected(FaceVerificationError):
    """WeChat refused the request: `code` is its errcode (e.g. 84001), `message` its errmsg."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FaceSession:
    """A verification WeChat is waiting for: give `verify_id` to the mini-program.

    `expires_at` (timezone-aware) is when WeChat stops letting the person start the scan,
    counted from when we received the answer.
    """

    verify_id: str
    expires_at: datetime
    url: str | None = None  # Alipay's: the certify URL my.startAPVerify opens (WeChat's needs none)


@dataclass(frozen=True)
class FaceCheck:
    """WeChat's answer about one verify_id.

    `passed` only for verify_ret 10000 (with errcode 0). `pending` (10005, 10300): the person has
    not finished the scan yet; ask again later. Any other verify_ret is a failed scan (10004 the
    face does not match, 10003 id number does not match, 9xxxx cancelled or device trouble…).
    """

    passed: bool
    verify_ret: int
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def pending(self) -> bool:
        return self.verify_ret in PENDING_VERIFY_RETS


class FaceVerifier(Protocol):
    """Face verification with WeChat 人脸核身 2.0 (城市服务, mini-program).

    Call `start()` once before use and `close()` at shutdown. The id number and name are sent to
    WeChat by `begin` only; `result` sends their cert_hash.

    What the WeChat adapter relies on (researched 2026-11-30):

    - `POST https://api.weixin.qq.com/cityservice/face/identify/getverifyid?access_token=…`,
      JSON `{"out_seq_no", "cert_info": {"cert_type", "cert_name", "cert_no"}, "openid"}` →
      `{"errcode": 0, "errmsg": "ok", "verify_id", "expires_in"}`. out_seq_no: 5–32 characters of
      [0-9A-Za-z_-], unique per appid. cert_type: "IDENTITY_CARD" for 身份证. verify_id: at most
      256 characters. expires_in: seconds, default 3600, "过期后无法发起核身". The openid must be
      the scanning user's in the same appid.
      https://developers.weixin.qq.com/miniprogram/dev/server/API/face/api_getverifyid
    - Only 二代身份证 holders (mainland residents) are supported, so IDENTITY_CARD is the only
      cert_type: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/cityservice/FacialRecognitionVerify.md
    - `POST …/cityservice/face/identify/queryverifyinfo?access_token=…`, JSON `{"verify_id",
      "out_seq_no", "cert_hash", "openid"}` (all equal to / derived from the getverifyid call) →
      `{"errcode", "errmsg", "verify_ret"}`; verify_ret 10000 = 识别成功, 1000x / 9xxxx failures.
      https://developers.weixin.qq.com/miniprogram/dev/server/API/face/api_queryverifyinfo
    - cert_hash: base64 (standard, padded) of the UTF-8 of cert_type, cert_name and cert_no,
      joined as "cert_type=…&cert_name=…&cert_no=…", SHA-256, lower-case hex; worked example
      张三/310101199801011234 → 3c241f7f…671108b. WeChat checks cert_info and openid and answers
      an errcode rather than a verify_ret when they differ; passed means errcode 0 and verify_ret
      10000 ("注意事项" of the 2.0 getimage page, which shares the request:
      https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/cityservice/face2/api_getfaceidentifyimage).
    - `wx.requestFacialVerify` success only means finished; the result must be queried:
      https://developers.weixin.qq.com/miniprogram/dev/api/open-api/face/wx.requestFacialVerify.html
    - The 1.0 interface (startFacialRecognitionVerify + getinfo) stopped on 2026-06-30; keep
      (out_seq_no, openid, cert_info) per verify_id and scan within the hour:
      https://juejin.cn/post/7642611621652578340 (mirror: https://www.cnblogs.com/kfbb/p/20140664).
    - verify_ret 10005 正在检测中 and 10300 未完成核身: the official page's enum is cut after
      10004 where we could read it; these come from SDKs transcribing it (binarywang/WxJava
      weixin-java-miniapp/…/bean/face/WxMaFaceQueryVerifyInfoResponse.java, and two other
      independent enums listing 10000–10052, 10300, 9xxxx).
    - Not documented where we could read it: the errcodes of both calls. 84001 "invalid identify
      id" is WeChat's answer for an unknown or expired id in 1.0
      (developers.weixin.qq.com/community/minihome/doc/00002220e44dc05b71ad808ac51400) and is
      reported for 2.0 verify_ids (…/community/develop/doc/00066a91008c601bb145ce22966800). The
      adapter does not depend on the numbers: every errcode except the stale-token (40001, 40014,
      42001), busy (-1, 45009, 45011) and our-configuration ones (40164, 48001) is a rejection.
      Whether a result stays readable after expires_in, and whether getverifyid accepts a
      repeated out_seq_no, are not documented either: the contract below assumes neither.
    - access_token from `GET /cgi-bin/token?grant_type=client_credential&appid&secret`
      (expires_in 7200).
    """

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def begin(self, *, openid: str, id_number: str, name: str, out_seq_no: str) -> FaceSession:
        """Ask WeChat for a verify_id binding `openid` to the person (`id_number`, `name`).

        Args:
            openid: the session's openid (the mini-program user who will scan).
            id_number: 18-character 身份证 number; a final "x" is sent as "X".
            name: the name on the card.
            out_seq_no: our own number for this attempt, stored before the call: 5–32 of
                [0-9A-Za-z_-], never used before with this appid.

        Returns: the FaceSession; store it with all the arguments, `result` needs them.

        Raises:
            ValueError: an argument is empty (the caller's bug; nothing was sent).
            FaceResultRejected: WeChat refused the request (out_seq_no reused or malformed, bad
                cert_info, openid not of this appid…): final for these arguments.
            FaceVerifierUnavailable: no usable answer: retry later with a NEW out_seq_no (WeChat
                may have recorded the first one).
        """
        ...

    async def result(self, *, verify_id: str, out_seq_no: str, openid: str, id_number: str,
                     name: str) -> FaceCheck:
        """WeChat's result for `verify_id`; may be repeated while the verify_id lives.

        Args: the FaceSession's verify_id and the very arguments given to `begin` (stored on our
            side, not taken from the mini-program).

        Returns: a FaceCheck, also when the scan failed (`passed` False) or is not finished
            (`pending` True: ask again after the mini-program reports completion).

        Raises:
            ValueError: an argument is empty (nothing was sent).
            FaceResultRejected: the verify_id is unknown or expired, or belongs to another openid,
                person or out_seq_no: final, begin again.
            FaceVerifierUnavailable: no usable answer: retry later with the same arguments.
        """
        ...


def identity_card(id_number: str, name: str) -> dict[str, str]:
    """The cert_info sent to getverifyid for a 身份证; `cert_hash(**identity_card(…))` is its hash.
    Stripped; the id number upper-cased (a final "x" becomes "X")."""
    return {"cert_type": CERT_TYPE_IDENTITY_CARD, "cert_name": name.strip(), "cert_no": id_number.strip().upper()}


def cert_hash(*, cert_type: str, cert_name: str, cert_no: str) -> str:
    """WeChat's cert_hash of a cert_info, exactly as given (see FaceVerifier for the rule)."""

    def b64(value: str) -> str:
        return base64.b64encode(value.encode("utf-8")).decode("ascii")

    joined = f"cert_type={b64(cert_type)}&cert_name={b64(cert_name)}&cert_no={b64(cert_no)}"
    return hashlib.sha256(joined.encode("ascii")).hexdigest()
