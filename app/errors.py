"""The DomainError family: a stable code, a Chinese message for the person, and data.

The HTTP edge (`miniprogram_api/errors.py`) maps each `kind` to a status; the domain never
knows about HTTP.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the person can act on. `code` is stable; `message` is Chinese."""

    kind = "invalid"  # invalid | unauthenticated | forbidden | not_found | conflict | rate_limited | unavailable
    code = "invalid_request"
    message = "请求无效"

    def __init__(self, message: str | None = None, *, code: str | None = None, **data: Any) -> None:
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.data = data
        super().__init__(f"{self.code}: {self.message}")


class InvalidInput(DomainError):
    kind = "invalid"
    code = "invalid_input"
    message = "输入内容不正确"


class NotFound(DomainError):
    kind = "not_found"
    code = "not_found"
    message = "记录不存在"


class Conflict(DomainError):
    kind = "conflict"
    code = "conflict"
    message = "当前状态不允许此操作"


class Unauthenticated(DomainError):
    kind = "unauthenticated"
    code = "unauthenticated"
    message = "请先登录"


class Forbidden(DomainError):
    kind = "forbidden"
    code = "forbidden"
    message = "无权办理此业务"


class RateLimited(DomainError):
    kind = "rate_limited"
    code = "rate_limited"
    message = "操作过于频繁，请稍后再试"


class ServiceUnavailable(DomainError):
    kind = "unavailable"
    code = "service_unavailable"
    message = "服务暂时不可用，请稍后再试"
