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
from app.words import FIELD_PROBLEMS, REASONS, field_label, say
from miniprogram_api.openapi import PATH_ID_MAX
from miniprogram_api.requests import PagingQuery

M = TypeVar("M", bound=BaseModel)


class BodyInvalid(InvalidInput):
    code = "body_invalid"


class FieldMissing(InvalidInput):
    code = "field_missing"


class FieldInvalid(InvalidInput):
    code = "field_invalid"


class FieldUnknown(InvalidInput):
    code = "field_unknown"


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
    label = field_label(error["loc"])
    if kind == "missing":
        return FieldMissing(say(REASONS["field_missing"], {"label": label}), field=name)
    if kind == "text_blank" or (kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1):
        return FieldMissing(label + FIELD_PROBLEMS["text_blank"], field=name)
    if kind == "extra_forbidden":
        return FieldUnknown(field=name)
    last = error["loc"][-1] if error["loc"] else ""
    if isinstance(last, str) and last in _DOMAIN_CODES:
        return _DOMAIN_CODES[last](field=name)
    data: dict[str, Any] = {"field": name}
    expected = (error.get("ctx") or {}).get("expected")
    if kind in ("literal_error", "enum") and expected:
        data["allowed"] = str(expected)
    problem = FIELD_PROBLEMS.get(kind, FIELD_PROBLEMS["string_pattern_mismatch"])
    return FieldInvalid(say(REASONS["field_invalid"], {"label": label, "problem": problem}), **data)


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
            raise FieldInvalid(field_label(name) + FIELD_PROBLEMS["repeated"], field=name)
        values[name] = given[0]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise refusal(exc) from exc


def path_id(value: str) -> int:
    """An id of the path: 1 to PATH_ID_MAX in ASCII digits, as the document declares."""
    if not (value.isascii() and value.isdigit()) or len(value) > 15 or not 1 <= int(value) <= PATH_ID_MAX:
        raise FieldInvalid(field_label("id") + FIELD_PROBLEMS["id_format"], field="id")
    return int(value)


FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are nobody's records (and overflow timestamps): year_range


def day(value: str | None, name: str) -> datetime | None:
    """A YYYY-MM-DD value (years 1900–2100) as the start of that day in Asia/Shanghai."""
    if value is None:
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    except ValueError as exc:
        raise FieldInvalid(field_label(name) + FIELD_PROBLEMS["date_format"], field=name) from exc
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise FieldInvalid(field_label(name) + FIELD_PROBLEMS["year_range"], field=name)
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
        raise FieldInvalid(field_label(names[0]) + FIELD_PROBLEMS["later_than"] + field_label(names[1]), field=names[0])
    return period_from, period_to
