"""The DomainError family: a stable code, a Chinese message for the person, and data.

The HTTP edge (`miniprogram_api/errors.py`) maps each `kind` to a status; the domain never
knows about HTTP. The words for each code live in one catalogue, `app/words.py` (`REASONS`).
"""

from __future__ import annotations

from typing import Any

from app.words import REASONS, say


class DomainError(Exception):
    """A refusal the person can act on. `code` is stable; `message` is Chinese."""

    kind = "invalid"  # invalid | unauthenticated | forbidden | not_found | conflict | rate_limited | unavailable
    code = "invalid_request"
    message = REASONS["invalid_request"]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "message" not in cls.__dict__ and cls.code in REASONS:  # its words come from the catalogue
            cls.message = REASONS[cls.code]

    def __init__(self, message: str | None = None, *, code: str | None = None, **data: Any) -> None:
        self.message = message or say(REASONS.get(code, type(self).message) if code else type(self).message, data)
        self.code = code or type(self).code
        self.data = data
        super().__init__(f"{self.code}: {self.message}")


class InvalidInput(DomainError):
    kind = "invalid"
    code = "invalid_input"


class NotFound(DomainError):
    kind = "not_found"
    code = "not_found"


class Conflict(DomainError):
    kind = "conflict"
    code = "conflict"


class Unauthenticated(DomainError):
    kind = "unauthenticated"
    code = "unauthenticated"


class Forbidden(DomainError):
    kind = "forbidden"
    code = "forbidden"


class RateLimited(DomainError):
    kind = "rate_limited"
    code = "rate_limited"


class ServiceUnavailable(DomainError):
    kind = "unavailable"
    code = "service_unavailable"
