"""The Alipay open platform's protocol as the sandbox speaks it: RSA2 signatures over sorted
`k=v` pairs, yuan amounts, Alipay's trade numbers and times."""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app import clock
from app.money import yuan_to_fen
from payment_channels import demo_key_pairs as key_pairs


def sign_content(params: dict[str, str], leave_out: tuple[str, ...] = ("sign",)) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in leave_out and v not in ("", None))


def rsa2_sign(key: rsa.RSAPrivateKey, content: str) -> str:
    return base64.b64encode(key.sign(content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(key: rsa.RSAPublicKey, content: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature), content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def fen(value: str) -> int:
    return yuan_to_fen(value, allow_negative=True)



def trade_no() -> str:
    return clock.in_china().strftime("%Y%m%d") + "2200" + "".join(secrets.choice("0123456789") for _ in range(16))


def now_text() -> str:
    return clock.in_china().strftime("%Y-%m-%d %H:%M:%S")


def generate_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """(the app's key, Alipay's key): demo key pairs, 2048-bit RSA."""
    return key_pairs.generate(), key_pairs.generate()
