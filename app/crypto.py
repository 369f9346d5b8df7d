"""Protection of id numbers at rest: sealed (Fernet) for reading back, blind-indexed for lookup."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


class Sealer:
    """Seals personal identifiers with keys derived from the service's secret_key."""

    def __init__(self, secret_key: str) -> None:
        seal_key = hashlib.sha256(b"seal:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(seal_key))
        self._index_key = hashlib.sha256(b"index:" + secret_key.encode()).digest()

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def unseal(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:  # a key change or tampering: never guess
            raise ValueError("sealed value cannot be opened with this key") from exc

    def blind_index(self, plaintext: str) -> str:
        return hmac.new(self._index_key, plaintext.encode(), hashlib.sha256).hexdigest()
