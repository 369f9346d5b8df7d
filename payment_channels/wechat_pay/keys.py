"""Demo key material for the WeChat Pay adapter and its sandbox.

The merchant key pair signs our requests (the sandbox holds the public half); the platform key
pair signs WeChat's answers and notifications (the sandbox holds the private half, we hold the
public half). Real keys, generated locally: nothing here is a placeholder.
"""

from __future__ import annotations

import json
import os
import secrets
import string
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from config.key_files import directory_lock

_PEM_FILES = {
    "merchant_private_key_pem": "merchant_private_key.pem",
    "merchant_public_key_pem": "merchant_public_key.pem",
    "platform_private_key_pem": "platform_private_key.pem",
    "platform_public_key_pem": "platform_public_key.pem",
}
_META_FILE = "wechat_pay_ids.json"
_META_FIELDS = ("merchant_serial_no", "platform_public_key_id", "apiv3_key")


@dataclass(frozen=True, repr=False)
class DemoKeys:
    """Every key and id both sides need. PEMs are PKCS#8 / SubjectPublicKeyInfo (what the SDK reads)."""

    merchant_private_key_pem: str
    merchant_public_key_pem: str
    merchant_serial_no: str
    platform_private_key_pem: str
    platform_public_key_pem: str
    platform_public_key_id: str
    apiv3_key: str

    def __repr__(self) -> str:
        return (
            f"DemoKeys(merchant_serial_no={self.merchant_serial_no!r}, "
            f"platform_public_key_id={self.platform_public_key_id!r}, private keys and apiv3_key=***)"
        )


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private_pem, public_pem


def generate_demo_keys() -> DemoKeys:
    """Fresh keys in memory (about 0.1 s: two RSA-2048 pairs)."""
    merchant_private, merchant_public = _key_pair()
    platform_private, platform_public = _key_pair()
    alphabet = string.ascii_letters + string.digits
    return DemoKeys(
        merchant_private_key_pem=merchant_private,
        merchant_public_key_pem=merchant_public,
        merchant_serial_no=secrets.token_hex(20).upper(),
        platform_private_key_pem=platform_private,
        platform_public_key_pem=platform_public,
        platform_public_key_id="PUB_KEY_ID_01" + "".join(secrets.choice(string.digits) for _ in range(26)),
        apiv3_key="".join(secrets.choice(alphabet) for _ in range(32)),
    )


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)  # O_CREAT's mode is ignored when the file already existed


def load_or_create_demo_keys(directory: Path) -> DemoKeys:
    """Load the demo keys from `directory`, generating and writing them (mode 0600) the first time.

    Raises: ValueError when only some of the files exist (never silently replace half a key set).
    """
    directory = Path(directory)
    with directory_lock(directory):
        return _load_or_create(directory)


def _load_or_create(directory: Path) -> DemoKeys:
    paths = [directory / name for name in (*_PEM_FILES.values(), _META_FILE)]
    present = [p for p in paths if p.exists()]
    if present and len(present) != len(paths):
        missing = sorted(p.name for p in paths if not p.exists())
        raise ValueError(f"incomplete WeChat Pay demo keys in {directory}: missing {missing}")
    if present:
        values = {f: (directory / name).read_text(encoding="utf-8") for f, name in _PEM_FILES.items()}
        meta = json.loads((directory / _META_FILE).read_text(encoding="utf-8"))
        values.update({f: str(meta[f]) for f in _META_FIELDS})
        return DemoKeys(**values)
    keys = generate_demo_keys()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = asdict(keys)
    for field_name, file_name in _PEM_FILES.items():
        _write_private(directory / file_name, data[field_name])
    meta = {f: data[f] for f in _META_FIELDS}
    _write_private(directory / _META_FILE, json.dumps(meta, indent=2) + "\n")
    return keys
