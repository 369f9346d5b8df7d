"""The vocabulary, field types and error messages of the region profile classes (config/regions.py).

The types make pydantic strict where a TOML value could be coerced: an amount is an int, not
"400" nor 400.0 nor true; a date is a TOML date, not a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any, Literal, Protocol, TypeVar, get_args

from pydantic import (
    AfterValidator,
    Field,
    SerializerFunctionWrapHandler,
    Strict,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    WrapSerializer,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from config.id_types import ID_TYPES

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

Action = Literal[
    "self_pay", "pay_for_others", "declaration_query", "payment_query", "void_declaration",
    "certificate_request", "certificate_download", "certificate_verify", "bank_agreement",
    "batch_debit_setting", "batch_debit_void", "social_insurance_query",
]
Channel = Literal["wechat_pay", "alipay", "bank_agreement"]
# what pays a channel's order: the mini-program, a phone app, a computer (a QR code to scan), a bank debit
PaymentDevice = Literal["mini_program", "app", "pc", "agreement"]
Department = Literal["hrss", "healthcare_security"]
PaymentKind = Literal["normal", "back_payment", "special"]
AssessmentMode = Literal["fixed", "by_grade", "by_base"]
PeriodUnit = Literal["year", "month"]
SavedPayersMode = Literal["list", "each_time"]
SignIn = Literal["wechat", "alipay"]  # wx.login, my.getAuthCode
RecordsQueryOthers = Literal["related", "verified"]
CertificateStyle = Literal["table", "document"]
InsuranceType = Literal[
    "resident_pension", "resident_medical", "flexible_pension", "flexible_medical", "employee_pension",
    "employee_medical", "unemployment", "work_injury", "institution_pension", "occupational_annuity",
    "construction_work_injury",
]


def broken(message: str) -> PydanticCustomError:
    """A broken rule, raised by a validator; `message` names the key when the error's loc cannot."""
    return PydanticCustomError("region_profile", message)


def one_of(codes: Collection[str], what: str) -> Callable[[str], str]:
    """A check that a str is one of `codes` (a set too dynamic, or too widely typed, for a Literal)."""

    def check(code: str) -> str:
        if code not in codes:
            raise broken(f"unknown {what} {code!r}")
        return code

    return check


def _not_blank(text: str) -> str:
    if not text.strip():
        raise broken("expected a non-empty string")
    return text


def _distinct(values: tuple[T, ...]) -> tuple[T, ...]:
    if len(set(values)) != len(values):
        raise broken("values must be distinct")
    return values


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


C = TypeVar("C", bound=_Coded)


def _distinct_codes(values: tuple[C, ...]) -> tuple[C, ...]:
    if len({v.code for v in values}) != len(values):
        raise broken("codes must be distinct")
    return values


def _low_then_high(limits: tuple[int, int]) -> tuple[int, int]:
    if limits[0] > limits[1]:
        raise broken("expected [low, high] with low <= high")
    return limits


_MONTH_DAY = re.compile(r"[0-9]{2}-[0-9]{2}")


def _month_day(text: str) -> str:
    try:
        if _MONTH_DAY.fullmatch(text):
            date(2001, int(text[:2]), int(text[3:]))  # 2001: a day every year has, so no 02-29
            return text
    except ValueError:
        pass
    raise broken("expected 'MM-DD', a day every year has")


def _as_dict(value: Mapping[Any, Any], serialize: SerializerFunctionWrapHandler) -> Any:
    return serialize(dict(value))


Text = Annotated[StrictStr, AfterValidator(_not_blank)]
Fen = Annotated[StrictInt, Field(gt=0)]  # amounts are positive integer fen
Positive = Annotated[StrictInt, Field(ge=1)]
Count = Annotated[StrictInt, Field(ge=0)]
TomlDate = Annotated[date, Strict()]
MonthDay = Annotated[StrictStr, AfterValidator(_month_day)]
DivisionCode = Annotated[StrictStr, StringConstraints(pattern=r"^[0-9]{6}$")]
FenRange = Annotated[tuple[Fen, Fen], AfterValidator(_low_then_high)]
Unique = Annotated[tuple[T, ...], AfterValidator(_distinct)]  # a TOML array of distinct values
UniqueCodes = Annotated[tuple[C, ...], AfterValidator(_distinct_codes)]  # tables with distinct `code`s
ReadOnly = Annotated[Mapping[K, V], AfterValidator(MappingProxyType), WrapSerializer(_as_dict)]

# str to callers, so that `insurance_types.get(some_str)` type-checks; validated like a Literal
TypeCode = Annotated[StrictStr, AfterValidator(one_of(get_args(InsuranceType), "insurance type"))]
IdType = Annotated[StrictStr, AfterValidator(one_of(tuple(ID_TYPES), "id type"))]

_UNKNOWN = frozenset({"unexpected_keyword_argument", "extra_forbidden"})
_MISSING = frozenset({"missing", "missing_argument", "missing_keyword_only_argument"})


def problems(error: ValidationError) -> str:
    """Every problem pydantic found, as `key.path[index]: what`, joined by '; '."""
    return "; ".join(_problem(details) for details in error.errors())


def _problem(details: ErrorDetails) -> str:
    loc = [part for part in details["loc"] if part != "[key]"]  # a bad table name: report the table
    what = details["msg"]
    if details["type"] in _UNKNOWN | _MISSING and loc:
        key = loc.pop()
        what = f"{'unknown' if details['type'] in _UNKNOWN else 'missing'} key {key!r}"
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    return f"{path}: {what}" if path else what
