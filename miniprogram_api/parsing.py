"""Request bodies and query strings through their pydantic models, refusals as stable codes.

A body that is not a JSON object is `body_invalid`; a missing field `field_missing`; an
unknown field `field_unknown`; anything else wrong with a field `field_invalid`. Each names
the field (`data.field`) and says what is wrong in Chinese.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sanic import Request

from app.clock import SHANGHAI
from app.declarations import InsuranceTypeNotOffered, PaymentKindNotAllowed, PeriodInvalid
from app.errors import InvalidInput
from app.identity import IdTypeNotOffered, RegionUnknown
from app.payments import ChannelNotOffered
from app.records import Paging
from miniprogram_api.openapi import PATH_ID_MAX
from miniprogram_api.requests import PagingQuery

M = TypeVar("M", bound=BaseModel)


class BodyInvalid(InvalidInput):
    code = "body_invalid"
    message = "请求内容必须是JSON对象"


class FieldMissing(InvalidInput):
    code = "field_missing"
    message = "缺少必填项"


class FieldInvalid(InvalidInput):
    code = "field_invalid"
    message = "填写内容格式不正确"


class FieldUnknown(InvalidInput):
    code = "field_unknown"
    message = "请求中有不支持的字段"


_WHAT = {
    "int_type": "应为整数", "int_parsing": "应为整数", "query_int": "应为整数", "int_from_float": "应为整数",
    "greater_than_equal": "超出范围", "less_than_equal": "超出范围", "greater_than": "超出范围",
    "less_than": "超出范围", "string_type": "应为字符串", "string_too_long": "过长", "too_long": "过长",
    "too_short": "过短", "model_type": "应为对象", "dict_type": "应为对象", "model_attributes_type": "应为对象",
    "list_type": "应为列表", "text_characters": "含有不允许的字符", "string_pattern_mismatch": "格式不正确",
    "bool_type": "应为true或false", "literal_error": "不在可选范围内", "enum": "不在可选范围内",
}


def _field(loc: tuple[int | str, ...]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


# fields whose wrong values have had a code of their own since before these models
_DOMAIN_CODES: dict[str, type[InvalidInput]] = {
    "insurance_type": InsuranceTypeNotOffered, "payment_kind": PaymentKindNotAllowed, "id_type": IdTypeNotOffered,
    "channel": ChannelNotOffered, "period_start": PeriodInvalid, "period_end": PeriodInvalid, "region": RegionUnknown,
}


def refusal(exc: ValidationError) -> InvalidInput:
    """The first problem of a failed validation as our error family."""
    error: ErrorDetails = exc.errors(include_url=False, include_input=False)[0]
    name, kind = _field(error["loc"]), error["type"]
    if kind == "missing":
        return FieldMissing(f"缺少必填项{name}", field=name)
    if kind == "text_blank" or (kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1):
        return FieldMissing(f"{name}不能为空", field=name)
    if kind == "extra_forbidden":
        return FieldUnknown(f"不支持的字段{name}", field=name)
    last = error["loc"][-1] if error["loc"] else ""
    if isinstance(last, str) and last in _DOMAIN_CODES:
        return _DOMAIN_CODES[last](field=name)
    data: dict[str, Any] = {"field": name}
    expected = (error.get("ctx") or {}).get("expected")
    if kind in ("literal_error", "enum") and expected:
        data["allowed"] = str(expected)
    return FieldInvalid(f"{name}{_WHAT.get(kind, '格式不正确')}", **data)


def parse_body(request: Request, model: type[M]) -> M:
    """The JSON body as `model`. Raises: BodyInvalid, FieldMissing, FieldUnknown, FieldInvalid."""
    try:
        body = request.json
    except Exception as exc:  # noqa: BLE001 - Sanic raises several kinds for unreadable JSON
        raise BodyInvalid() from exc
    if not isinstance(body, dict):
        raise BodyInvalid()
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise refusal(exc) from exc


def parse_optional_body(request: Request, model: type[M]) -> M:
    """Like parse_body, but an empty body is the model's defaults."""
    return parse_body(request, model) if request.body else model.model_validate({})


def parse_query(request: Request, model: type[M]) -> M:
    """The query string as `model`; a parameter given twice is refused, one given empty (`?to=`)
    is validated like any other value (refused where the document's pattern forbids it)."""
    values: dict[str, str] = {}
    for name, given in request.get_args(keep_blank_values=True).items():
        if len(given) > 1:
            raise FieldInvalid(f"{name}只能填写一次", field=name)
        values[name] = given[0]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise refusal(exc) from exc


def path_id(value: str) -> int:
    """An id of the path: 1 to PATH_ID_MAX in ASCII digits, as the document declares."""
    if not (value.isascii() and value.isdigit()) or len(value) > 15 or not 1 <= int(value) <= PATH_ID_MAX:
        raise FieldInvalid("编号格式不正确", field="id")
    return int(value)


FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are nobody's records (and overflow timestamps)


def day(value: str | None, name: str) -> datetime | None:
    """A YYYY-MM-DD value (years 1900–2100) as the start of that day in Asia/Shanghai."""
    if value is None:
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    except ValueError as exc:
        raise FieldInvalid(f"{name}应为YYYY-MM-DD格式的日期", field=name) from exc
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise FieldInvalid(f"{name}应在{FIRST_YEAR}年至{LAST_YEAR}年之间", field=name)
    return moment


def start_of_year(today: date) -> datetime:
    return datetime(today.year, 1, 1, tzinfo=SHANGHAI)


def paging(query: PagingQuery) -> Paging:
    return Paging(page=query.page, page_size=query.page_size, newest_first=query.order == "desc")


def paging_view(query: PagingQuery) -> dict[str, Any]:
    return {"page": query.page, "page_size": query.page_size, "order": query.order}


def period(given: tuple[str | None, str | None], names: tuple[str, str], default: tuple[str, str]) -> tuple[str, str]:
    """费款所属期 [from, to] as YYYYMM, each defaulting to `default`."""
    period_from, period_to = given[0] or default[0], given[1] or default[1]
    if period_from > period_to:
        raise FieldInvalid(f"{names[0]}不能晚于{names[1]}", field=names[0])
    return period_from, period_to
