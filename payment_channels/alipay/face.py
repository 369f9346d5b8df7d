"""支付宝人脸核身 (alipay.user.certify.open.*) behind the same port as WeChat's: FaceVerifier.

For a payer who signed in with Alipay where the region needs a face (Hubei's 楚税通 binding and
bank-card agreements). The flow, as Alipay's open platform documents it
(https://opendocs.alipay.com/apis/api_2/alipay.user.certify.open.initialize, …open.certify,
…open.query):

- `alipay.user.certify.open.initialize` with `outer_order_no` (our number, unique, at most 32
  letters and digits), `biz_code` "FACE" (多因子人脸认证), `identity_param` {identity_type
  "CERT_INFO", cert_type "IDENTITY_CARD", cert_name, cert_no} and `merchant_config` {return_url}
  → `certify_id`.
- `alipay.user.certify.open.certify` {certify_id}: a signed gateway URL made on our side (no call),
  which the mini-program opens with `my.startAPVerify({url, certifyId})`; the person scans their
  face in Alipay.
- `alipay.user.certify.open.query` {certify_id} → `passed` "T" (认证通过) or "F" (认证不通过或者
  还没有认证). "F" does not tell a failed scan from an unfinished one: read as *not finished*
  (pending) — the person may scan again or start over; only "T" passes.

Mapped onto the port: verify_id = certify_id, out_seq_no = outer_order_no, openid = the Alipay
user (not sent: Alipay checks the face against the identity itself). How long a certify_id may be
used is not documented where we could read it: CERTIFY_TTL_SECONDS is our choice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from alipay.aop.api.request.AlipayUserCertifyOpenCertifyRequest import AlipayUserCertifyOpenCertifyRequest
from alipay.aop.api.request.AlipayUserCertifyOpenInitializeRequest import AlipayUserCertifyOpenInitializeRequest
from alipay.aop.api.request.AlipayUserCertifyOpenQueryRequest import AlipayUserCertifyOpenQueryRequest

from payment_channels import interfaces as ch
from payment_channels.face import (
    CERT_TYPE_IDENTITY_CARD,
    VERIFY_NOT_FINISHED,
    VERIFY_PASSED,
    FaceCheck,
    FaceResultRejected,
    FaceSession,
    FaceVerifierUnavailable,
)

if TYPE_CHECKING:
    from payment_channels.alipay.adapter import AlipayChannel

CERTIFY_TTL_SECONDS = 1800
BIZ_CODE = "FACE"  # 多因子人脸认证
REJECTED = 0  # FaceResultRejected's code: Alipay's codes are strings, carried in the message


class AlipayFaceVerifier:
    """FaceVerifier over the Alipay channel's client (its keys, gateway and timeouts)."""

    provider = "alipay"

    def __init__(self, channel: AlipayChannel, return_url: str = "") -> None:
        self._channel = channel
        self._return_url = return_url or "alipays://platformapi/startapp"

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def _ask(self, call: object) -> dict[str, object]:
        try:
            inner = await self._channel._call(call)
        except ch.ChannelError as exc:
            raise FaceVerifierUnavailable(str(exc)) from exc
        if inner.get("code") != "10000":
            sub_code = str(inner.get("sub_code") or inner.get("code") or "")
            if sub_code.startswith(("isp.", "aop.")) or sub_code in ("20000", "40006"):
                raise FaceVerifierUnavailable(f"{sub_code}: {inner.get('sub_msg', '')}")
            raise FaceResultRejected(REJECTED, f"{sub_code}: {inner.get('sub_msg', '')}")
        return inner

    async def begin(self, *, openid: str, id_number: str, name: str, out_seq_no: str) -> FaceSession:
        if not (openid and id_number and name and out_seq_no):
            raise ValueError("openid, id_number, name and out_seq_no are required")
        call = AlipayUserCertifyOpenInitializeRequest()
        call.biz_content = {"outer_order_no": out_seq_no, "biz_code": BIZ_CODE,
                            "identity_param": {"identity_type": "CERT_INFO", "cert_type": CERT_TYPE_IDENTITY_CARD,
                                               "cert_name": name.strip(), "cert_no": id_number.strip().upper()},
                            "merchant_config": {"return_url": self._return_url}}
        inner = await self._ask(call)
        certify_id = inner.get("certify_id")
        if not isinstance(certify_id, str) or not certify_id:
            raise FaceVerifierUnavailable("no certify_id in the answer")
        return FaceSession(certify_id, datetime.now(UTC) + timedelta(seconds=CERTIFY_TTL_SECONDS),
                           url=self.certify_url(certify_id))

    def certify_url(self, certify_id: str) -> str:
        """alipay.user.certify.open.certify: the signed URL my.startAPVerify opens (made here)."""
        call = AlipayUserCertifyOpenCertifyRequest()
        call.biz_content = {"certify_id": certify_id}
        return str(self._channel._client.page_execute(call, http_method="GET"))

    async def result(self, *, verify_id: str, out_seq_no: str, openid: str, id_number: str,
                     name: str) -> FaceCheck:
        if not (verify_id and out_seq_no and openid and id_number and name):
            raise ValueError("every argument is required")
        call = AlipayUserCertifyOpenQueryRequest()
        call.biz_content = {"certify_id": verify_id}
        inner = await self._ask(call)
        passed = inner.get("passed") == "T"
        return FaceCheck(passed=passed, verify_ret=VERIFY_PASSED if passed else VERIFY_NOT_FINISHED, raw=dict(inner))
