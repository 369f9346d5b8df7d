"""The wire protocol of the `Upstream` port: what a real upstream gateway implements.

Requests
    ``POST {base}/upstream/v1/<operation>``, one operation per port method (`Upstream`)::

        operation             body                                               result
        verify_person         {"person": PersonRef}                              "matched" | "mismatch" | "not_found"
        list_paid_records     {"person", "region", "period_from", "period_to"}   [PaidRecord]
        list_enrollments      {"person", "region"}                               [Enrollment]
        assess                {"request": AssessmentRequest}                     Assessment
        list_owed             {"person", "region", "insurance_type", "payment_kind"}  [AssessmentLine]
        post_payment (*)      {"request": PostingRequest}                        PostingResult
        query_posting         {"posting_no"}                                     PostingResult
        list_postings         {"day": "YYYY-MM-DD", "after": null, "limit": 10000}  [PostingRecord]
        query_treasury_entry  {"posting_no"}                                     TreasuryEntry
        release_assessment (*) {"assessment_no"}                                 null

    (*) changes state upstream; both are idempotent (posting_no, assessment_no) and may be repeated.
    The body is a JSON object (UTF-8) of the method's arguments by name; an argument with a default
    may be left out. Field names and meanings are those of the dataclasses in
    `app.upstream.interfaces`: a dataclass is an object of its fields, a tuple or list an array,
    dates ``"YYYY-MM-DD"``, datetimes ISO 8601 with an offset (``"2026-11-23T10:00:00+08:00"``),
    enums by value, amounts integer fen (never a fraction, never a string), periods ``"YYYYMM"``,
    absent optional values null. A receiver ignores fields it does not know. For example::

        POST /upstream/v1/query_posting            {"posting_no":"P20261123000001"}
        200  {"result":{"posting_no":"P20261123000001","state":"posted","upstream_ref":"DZ42…",
              "reason_code":null,"reason":null,"posted_at":"2026-11-23T10:00:00+08:00","raw":{}}}

Answers
    ``{"result": <the method's return value>}`` with status 200, or
    ``{"error": {"kind": "rejected" | "unavailable" | "unknown", "code": "...", "message": "..."}}``
    with status 422 (rejected: final, `code` stable, `message` upstream's Chinese reason),
    503 (unavailable: not done, retry later) or 504 (unknown: may have been done, query to decide);
    401 for a request whose signature, timestamp or nonce fails (kind unavailable), 400 for a body
    it cannot read and 404 for an unknown operation (both kind unavailable: nothing was done).

Authentication (both directions): HMAC-SHA256 with the shared secret over ::

    <first line>\\n<path>\\n<timestamp>\\n<nonce>\\n<body>

lower-case hex, in headers ``X-Upstream-Timestamp`` (Unix seconds), ``X-Upstream-Nonce`` (16 to 64
of ``[0-9A-Za-z_-]``) and ``X-Upstream-Signature``. A request signs its method (``POST``), its path as sent (with any
prefix of the base URL), its own timestamp and a fresh random nonce; the server refuses one
outside ±300 s of its clock or whose nonce it has seen. An answer signs its status code in place of
the method, the request's path and the request's nonce (echoed in ``X-Upstream-Nonce``), and its
own timestamp: it answers that request and no other. The client believes only a signed, fresh
answer to its own nonce; an unsigned 2xx is an unknown outcome, an unsigned error is judged by its
status alone (see `app.upstream.http_client`).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import hmac
import inspect
import json
import re
import secrets
import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from app.upstream.interfaces import (
    Upstream,
    UpstreamError,
    UpstreamRejected,
    UpstreamResultUnknown,
    UpstreamUnavailable,
)

PATH_PREFIX = "/upstream/v1/"
TIMESTAMP_HEADER = "X-Upstream-Timestamp"
NONCE_HEADER = "X-Upstream-Nonce"
SIGNATURE_HEADER = "X-Upstream-Signature"
WINDOW_SECONDS = 300
CONTENT_TYPE = "application/json; charset=utf-8"
OPERATION_NAMES = (
    "verify_person", "list_paid_records", "list_enrollments", "assess", "list_owed", "post_payment",
    "query_posting", "list_postings", "query_treasury_entry", "release_assessment", "list_batch_debit_windows",
)
MUTATING = frozenset({"post_payment", "release_assessment"})
ERROR_KINDS: Mapping[str, type[UpstreamError]] = {
    "rejected": UpstreamRejected, "unavailable": UpstreamUnavailable, "unknown": UpstreamResultUnknown,
}
ERROR_STATUS: Mapping[str, int] = {"rejected": 422, "unavailable": 503, "unknown": 504}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NONCE = re.compile(r"[0-9A-Za-z_-]{16,64}")


class ProtocolError(ValueError):
    """A body, value or answer that does not follow the protocol."""


# ---- operations: derived from the port, so the wire cannot drift from it ----

@dataclass(frozen=True)
class Parameter:
    name: str
    type: Any
    default: Any = inspect.Parameter.empty

    @property
    def required(self) -> bool:
        return self.default is inspect.Parameter.empty


@dataclass(frozen=True)
class Operation:
    name: str
    parameters: tuple[Parameter, ...]
    result: Any
    mutating: bool

    @property
    def path(self) -> str:
        return PATH_PREFIX + self.name


def _operation(name: str) -> Operation:
    method = getattr(Upstream, name)
    hints = get_type_hints(method)
    parameters = tuple(
        Parameter(p.name, hints[p.name], p.default)
        for p in inspect.signature(method).parameters.values() if p.name != "self"
    )
    return Operation(name, parameters, hints["return"], name in MUTATING)


OPERATIONS: Mapping[str, Operation] = {name: _operation(name) for name in OPERATION_NAMES}


# ---- values ↔ JSON ----

def to_wire(value: Any) -> Any:
    """A port value as JSON-ready data (dataclasses, enums, dates, tuples, mappings, scalars)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ProtocolError(f"a datetime without an offset: {value!r}")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_key(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    raise ProtocolError(f"no wire form for {type(value).__name__}")


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise ProtocolError(f"object keys are strings, not {type(key).__name__}")
    return key


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_wire(tp: Any, data: Any) -> Any:
    """JSON data as a value of type `tp` (the inverse of `to_wire`). Raises: ProtocolError."""
    origin = get_origin(tp)
    if tp is Any:
        return data
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if data is None and len(options) < len(get_args(tp)):
            return None
        if len(options) != 1:
            raise ProtocolError(f"unsupported union {tp}")
        return from_wire(options[0], data)
    if origin in (tuple, list):
        args = get_args(tp)
        if not isinstance(data, list):
            raise ProtocolError(f"an array is expected, not {type(data).__name__}")
        items = [from_wire(args[0] if args else Any, item) for item in data]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        value_type = get_args(tp)[1] if get_args(tp) else Any
        if not isinstance(data, dict):
            raise ProtocolError(f"an object is expected, not {type(data).__name__}")
        return {_key(k): from_wire(value_type, v) for k, v in data.items()}
    if tp is type(None):
        if data is not None:
            raise ProtocolError("null is expected")
        return None
    if isinstance(tp, type):
        return _scalar_or_dataclass(tp, data)
    raise ProtocolError(f"unsupported type {tp}")


def _scalar_or_dataclass(tp: type, data: Any) -> Any:
    if issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except (ValueError, TypeError) as exc:
            raise ProtocolError(f"{data!r} is not a {tp.__name__}") from exc
    if tp is bool or tp is str:
        if not isinstance(data, tp):
            raise ProtocolError(f"a {tp.__name__} is expected, not {type(data).__name__}")
        return data
    if tp is int:
        if not isinstance(data, int) or isinstance(data, bool):
            raise ProtocolError(f"an integer is expected, not {data!r}")
        return data
    if tp is datetime:
        return _datetime(data)
    if tp is date:
        if not isinstance(data, str) or not _DATE.fullmatch(data):
            raise ProtocolError(f"a date YYYY-MM-DD is expected, not {data!r}")
        try:
            return date.fromisoformat(data)
        except ValueError as exc:
            raise ProtocolError(str(exc)) from exc
    if dataclasses.is_dataclass(tp):
        return _dataclass(tp, data)
    raise ProtocolError(f"unsupported type {tp.__name__}")


def _datetime(data: Any) -> datetime:
    if not isinstance(data, str) or not _DATE.match(data) or "T" not in data:
        raise ProtocolError(f"an ISO datetime is expected, not {data!r}")
    try:
        value = datetime.fromisoformat(data)
    except ValueError as exc:
        raise ProtocolError(str(exc)) from exc
    if value.utcoffset() is None:
        raise ProtocolError(f"a datetime needs an offset: {data!r}")
    return value


def _dataclass(tp: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ProtocolError(f"an object is expected for {tp.__name__}, not {type(data).__name__}")
    hints, values = _field_types(tp), dict[str, Any]()
    for f in dataclasses.fields(tp):
        if not f.init:
            continue
        if f.name in data:
            try:
                values[f.name] = from_wire(hints[f.name], data[f.name])
            except ProtocolError as exc:
                raise ProtocolError(f"{tp.__name__}.{f.name}: {exc}") from exc
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ProtocolError(f"{tp.__name__}.{f.name} is missing")
    return tp(**values)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _loads_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError("the body is not UTF-8 JSON") from exc
    if not isinstance(data, dict):
        raise ProtocolError("the body is not a JSON object")
    return data


# ---- requests and answers ----

def encode_request(operation: Operation, arguments: Mapping[str, Any]) -> bytes:
    """The request body: every argument of the call by name."""
    return dumps({p.name: to_wire(arguments.get(p.name, p.default)) for p in operation.parameters})


def decode_request(operation: Operation, body: bytes) -> dict[str, Any]:
    """The call's keyword arguments from a request body. Raises: ProtocolError."""
    data = _loads_object(body)
    arguments: dict[str, Any] = {}
    for p in operation.parameters:
        if p.name in data:
            try:
                arguments[p.name] = from_wire(p.type, data[p.name])
            except ProtocolError as exc:
                raise ProtocolError(f"{p.name}: {exc}") from exc
        elif p.required:
            raise ProtocolError(f"{p.name} is missing")
    return arguments


def encode_result(value: Any) -> bytes:
    return dumps({"result": to_wire(value)})


def encode_error(error: UpstreamError) -> tuple[int, bytes]:
    """The status and body of an error answer."""
    kind = next(k for k, cls in ERROR_KINDS.items() if isinstance(error, cls))
    return ERROR_STATUS[kind], dumps({"error": {"kind": kind, "code": error.code, "message": error.message}})


def refusal(code: str, message: str) -> bytes:
    """The body of an answer to a request the server did not take (400, 401, 404): nothing was done."""
    return dumps({"error": {"kind": "unavailable", "code": code, "message": message}})


def decode_answer(operation: Operation, status: int, body: bytes) -> Any:
    """The result of a (verified) answer, or the error it carries raised.

    Raises: UpstreamRejected, UpstreamUnavailable, UpstreamResultUnknown (the answer's kind), or
    ProtocolError when the answer does not follow the protocol.
    """
    data = _loads_object(body)
    if "error" in data:
        error = data["error"]
        if not isinstance(error, dict) or error.get("kind") not in ERROR_KINDS:
            raise ProtocolError("an error without a known kind")
        code, message = error.get("code"), error.get("message")
        if not isinstance(code, str) or not isinstance(message, str):
            raise ProtocolError("an error needs a code and a message (strings)")
        raise ERROR_KINDS[error["kind"]](message, code=code)
    if "result" not in data or status != 200:
        raise ProtocolError("neither a result (with status 200) nor an error")
    return from_wire(operation.result, data["result"])


# ---- signatures ----

def signature(secret: str, first_line: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = f"{first_line}\n{path}\n{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def is_nonce(value: str) -> bool:
    return bool(_NONCE.fullmatch(value))


def sign_request(secret: str, method: str, path: str, body: bytes, now: float) -> dict[str, str]:
    """The three headers of a request, with a fresh nonce."""
    timestamp, nonce = str(int(now)), new_nonce()
    return {TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce,
            SIGNATURE_HEADER: signature(secret, method, path, timestamp, nonce, body)}


def sign_answer(secret: str, status: int, path: str, request_nonce: str, body: bytes, now: float) -> dict[str, str]:
    """The three headers of an answer to the request that carried `request_nonce`."""
    timestamp = str(int(now))
    return {TIMESTAMP_HEADER: timestamp, NONCE_HEADER: request_nonce,
            SIGNATURE_HEADER: signature(secret, str(status), path, timestamp, request_nonce, body)}


def check_signature(
    secret: str, first_line: str, path: str, headers: Mapping[str, str], body: bytes, now: float,
    *, nonce: str | None = None,
) -> str | None:
    """Why the signed message fails (None when it passes): missing headers, a timestamp outside
    ±WINDOW_SECONDS, a nonce other than `nonce` (answers), or a wrong signature."""
    lower = {k.lower(): v for k, v in headers.items()}
    timestamp = lower.get(TIMESTAMP_HEADER.lower(), "")
    given_nonce = lower.get(NONCE_HEADER.lower(), "")
    given = lower.get(SIGNATURE_HEADER.lower(), "")
    if not (timestamp and given_nonce and given):
        return "unsigned"
    if not timestamp.isascii() or not timestamp.isdigit() or abs(now - int(timestamp)) > WINDOW_SECONDS:
        return "stale_timestamp"
    if not is_nonce(given_nonce) or (nonce is not None and not hmac.compare_digest(given_nonce, nonce)):
        return "bad_nonce"
    expected = signature(secret, first_line, path, timestamp, given_nonce, body)
    if not given.isascii() or not hmac.compare_digest(expected, given.lower()):
        return "bad_signature"
    return None
