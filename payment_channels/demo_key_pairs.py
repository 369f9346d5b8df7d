"""RSA key pairs for the Alipay and bank-gateway channels and their sandboxes: the PEM forms
both sides read, and the demo pairs kept beside the WeChat Pay demo keys (each pair one PEM file,
PKCS#1, mode 0600, made the first time it is asked for). The service holds its own private half
and the channel's public half; the sandbox the other two."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from config.key_files import directory_lock


def generate() -> rsa.RSAPrivateKey:
    """A fresh RSA-2048 key pair (about 50 ms)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    """PKCS#1 ("BEGIN RSA PRIVATE KEY"): what the Alipay SDK signs with; cryptography reads it too."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_or_create(directory: Path, name: str) -> rsa.RSAPrivateKey:
    """The pair stored as `<directory>/<name>.pem`, made (RSA-2048) and written the first time."""
    with directory_lock(Path(directory)):
        return _load_or_create(Path(directory), name)


def _load_or_create(directory: Path, name: str) -> rsa.RSAPrivateKey:
    path = directory / f"{name}.pem"
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path}: not an RSA private key")
        return key
    key = generate()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(private_pem(key))
    return key
