"""Request bodies as dataclasses, checked field by field with stable error codes."""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sanic import Request

from app.declarations.models import DeclarationState
from app.errors import InvalidInput
from app.records.services import MAX_PAGE_SIZE, Paging

T = TypeVar("T")
_MONTH = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])")
MAX_INT = 2**53  # ids and fen amounts; larger numbers are not ours
SHANGHAI = ZoneInfo("Asia/Shanghai")


class BodyInvalid(InvalidInput):
    code = "body_invalid"
    message = "请求内容必须是JSON对象"


class FieldMissing(InvalidInput):
    code = "field_missing"
    message = "缺少必填项"


class FieldInvalid(InvalidInput):
    code = "field_invalid"
    message = "填写内容格式不正确"


def _check(name: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _check(name, value, options[0])
    if dataclasses.is_dataclass(hint):  # a nested object, e.g. the payer typed in a form
        if not isinstance(value, dict):
            raise FieldInvalid(f"{name}应为对象", field=name)
        return _build(hint, value, f"{name}.")  # type: ignore[arg-type]
    if origin is list:
        (inner,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise FieldInvalid(f"{name}应为列表", field=name)
        return [_check(name, v, inner) for v in value]
    if hint is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise FieldInvalid(f"{name}应为整数", field=name)
    if hint is int and not 0 <= value <= MAX_INT:
        raise FieldInvalid(f"{name}超出范围", field=name)
    if hint is str and not isinstance(value, str):
        raise FieldInvalid(f"{name}应为字符串", field=name)
    if hint is str and not value.strip():
        raise FieldMissing(f"{name}不能为空", field=name)
    if hint is str and len(value) > 200:
        raise FieldInvalid(f"{name}过长", field=name)
    return value


@functools.cache
def _hints(schema: type) -> dict[str, Any]:
    return typing.get_type_hints(schema)


def parse_body(request: Request, schema: type[T]) -> T:
    """Build `schema` from the JSON body; a missing or mistyped field is a 400 with its name."""
    try:
        body = request.json
    except Exception as exc:  # noqa: BLE001 - Sanic raises several kinds for unreadable JSON
        raise BodyInvalid() from exc
    if not isinstance(body, dict):
        raise BodyInvalid()
    return _build(schema, body)


def _build(schema: type[T], body: dict[str, Any], prefix: str = "") -> T:
    hints = _hints(schema)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(schema):  # type: ignore[arg-type]
        name = prefix + f.name
        if f.name not in body or body[f.name] is None:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise FieldMissing(f"缺少必填项{name}", field=name)
            continue
        values[f.name] = _check(name, body[f.name], hints[f.name])
    return schema(**values)


def query_date(request: Request, name: str) -> datetime | None:
    """A YYYY-MM-DD query argument as the start of that day in Asia/Shanghai."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    except ValueError as exc:
        raise FieldInvalid(f"{name}应为YYYY-MM-DD格式的日期", field=name) from exc


def path_id(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise FieldInvalid("编号格式不正确", field="id")
    return int(value)


def start_of_year(today: date) -> datetime:
    return datetime(today.year, 1, 1, tzinfo=SHANGHAI)


def _int_arg(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise FieldInvalid(f"{name}应为{low}至{high}之间的整数", field=name)
    return int(raw)


def query_paging(request: Request) -> Paging:
    order = request.args.get("order", "desc")
    if order not in ("desc", "asc"):
        raise FieldInvalid("order应为desc或asc", field="order")
    return Paging(page=_int_arg(request, "page", 1, 1, 100_000),
                  page_size=_int_arg(request, "page_size", 20, 1, MAX_PAGE_SIZE), newest_first=order == "desc")


def paging_view(request: Request) -> dict[str, Any]:
    paging = query_paging(request)
    return {"page": paging.page, "page_size": paging.page_size, "order": "desc" if paging.newest_first else "asc"}


def query_states(request: Request) -> list[DeclarationState]:
    raw = request.args.get("state")
    if not raw:
        return []
    try:
        return [DeclarationState(s.strip()) for s in raw.split(",")]
    except ValueError as exc:
        raise FieldInvalid("state应为declared、processing、voided之一或其组合", field="state") from exc


def query_period(
    request: Request, today: date, names: tuple[str, str] = ("period_from", "period_to")
) -> tuple[str, str]:
    """费款所属期 [from, to] as YYYYMM from the query arguments `names`; default this year."""
    year = today.year
    first, last = names
    period_from = request.args.get(first, f"{year}01")
    period_to = request.args.get(last, f"{year}12")
    for name, value in ((first, period_from), (last, period_to)):
        if not _MONTH.fullmatch(value):
            raise FieldInvalid(f"{name}应为YYYYMM格式", field=name)
    if period_from > period_to:
        raise FieldInvalid(f"{first}不能晚于{last}", field=first)
    return period_from, period_to
