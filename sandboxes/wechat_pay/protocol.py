"""The wire format of WeChat Pay API v3, from WeChat's side: our own implementation, not the SDK's,
so that the contract tests check the adapter against an independent reading of the protocol."""

from __future__ import annotations

import base64
import json
import re
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEMA = "WECHATPAY2-SHA256-RSA2048"
_AUTH_PAIR = re.compile(r'(\w+)="([^"]*)"')
_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class SandboxResponse:
    """One HTTP answer of the sandbox, independent of the web framework."""

    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def json_response(status: int, data: Any | None) -> SandboxResponse:
    if data is None:
        return SandboxResponse(status, b"", content_type="")
    return SandboxResponse(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def error_response(status: int, code: str, message: str) -> SandboxResponse:
    return json_response(status, {"code": code, "message": message})


def nonce_str(length: int = 32) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def new_code_url() -> str:
    """A Native order's code_url as WeChat answers it (weixin://wxpay/bizpayurl?pr= and 7 characters)."""
    return "weixin://wxpay/bizpayurl?pr=" + nonce_str(7)


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required")
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is required")
    return key


def rsa_sign(key: rsa.RSAPrivateKey, message: str) -> str:
    signature = key.sign(message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa_verify(key: rsa.RSAPublicKey, message: str, signature_b64: str) -> bool:
    try:
        key.verify(base64.b64decode(signature_b64, validate=True), message.encode("utf-8"),
                   padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def parse_authorization(value: str) -> dict[str, str] | None:
    """`WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…` → its pairs, or None."""
    schema, _, rest = value.partition(" ")
    if schema != SCHEMA:
        return None
    pairs = dict(_AUTH_PAIR.findall(rest))
    needed = {"mchid", "nonce_str", "signature", "timestamp", "serial_no"}
    return pairs if needed <= pairs.keys() else None


def request_message(method: str, target: str, timestamp: str, nonce: str, body: str) -> str:
    return f"{method}\n{target}\n{timestamp}\n{nonce}\n{body}\n"


def signed_headers(key: rsa.RSAPrivateKey, serial: str, timestamp: int, body: str,
                   *, tamper: bool = False) -> dict[str, str]:
    """The Wechatpay-* headers WeChat puts on answers and notifications; `tamper` signs other bytes."""
    nonce = nonce_str()
    signed_body = body + " " if tamper else body
    return {
        "Wechatpay-Timestamp": str(timestamp),
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Signature": rsa_sign(key, f"{timestamp}\n{nonce}\n{signed_body}\n"),
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature-Type": SCHEMA,
    }


def encrypt_resource(apiv3_key: str, plaintext: str, associated_data: str, original_type: str,
                     *, corrupt: bool = False) -> dict[str, str]:
    """AEAD_AES_256_GCM as WeChat does it: a 12-character nonce, the tag appended, base64."""
    nonce = nonce_str(12)
    sealed = bytearray(AESGCM(apiv3_key.encode()).encrypt(nonce.encode(), plaintext.encode(), associated_data.encode()))
    if corrupt:
        sealed[len(sealed) // 2] ^= 0x01
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(bytes(sealed)).decode(),
        "nonce": nonce,
        "associated_data": associated_data,
        "original_type": original_type,
    }


def query_params(query_string: str) -> dict[str, str]:
    return dict(parse_qsl(query_string, keep_blank_values=True))


def lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


NOTIFICATION_FORGES = frozenset(
    {"bad_signature", "wrong_amount", "wrong_mchid", "wrong_appid", "stale_timestamp", "unknown_order",
     "bad_ciphertext"}
)
STALE_SECONDS = 600


def build_notification(
    *,
    platform_key: rsa.RSAPrivateKey,
    public_key_id: str,
    apiv3_key: str,
    event_type: str,
    summary: str,
    resource: dict[str, Any],
    original_type: str,
    created: str,
    now: int,
    forge: str | None = None,
    timestamp: int | None = None,
) -> tuple[dict[str, str], bytes]:
    """A signed, encrypted notification exactly as WeChat posts it; `forge` breaks one thing only."""
    envelope = {
        "id": secrets.token_hex(18),
        "create_time": created,
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": summary,
        "resource": encrypt_resource(
            apiv3_key, json.dumps(resource, ensure_ascii=False), original_type, original_type,
            corrupt=forge == "bad_ciphertext",
        ),
    }
    text = json.dumps(envelope, ensure_ascii=False)
    if timestamp is None:
        timestamp = now - STALE_SECONDS if forge == "stale_timestamp" else now
    headers = signed_headers(platform_key, public_key_id, timestamp, text, tamper=forge == "bad_signature")
    headers["Content-Type"] = "application/json"
    return headers, text.encode("utf-8")
