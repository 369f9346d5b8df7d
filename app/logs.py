"""Logging: one JSON object per line in production (python-json-logger), with the request id and
the money numbers (out_trade_no, out_refund_no, posting_no, job) of whatever is being done.

`context(...)` binds fields for the duration of a request or a job; every record logged meanwhile,
by our code or by a library, carries them.
"""

from __future__ import annotations

import contextvars
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pythonjsonlogger.json import JsonFormatter

_fields: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("shebao_log_fields", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


@contextmanager
def context(**fields: Any) -> Iterator[None]:
    """Add `fields` (request_id, out_trade_no, job …) to every record logged inside the block."""
    token = _fields.set({**(_fields.get() or {}), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _fields.reset(token)


def bind(**fields: Any) -> None:
    """Add fields to the current context from here on (e.g. the out_trade_no once it is known)."""
    _fields.set({**(_fields.get() or {}), **{k: v for k, v in fields.items() if v is not None}})


def current() -> dict[str, Any]:
    return dict(_fields.get() or {})


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (_fields.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def setup(fmt: str = "text", level: int = logging.INFO) -> None:
    """Configure the root logger once for the process: `json` or `text` lines on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        ))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
