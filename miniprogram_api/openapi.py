"""One set of pydantic models validates requests, serialises responses and writes the OpenAPI
document, so the document cannot drift from what the API does.

`ApiModel` renders its JSON schema for OpenAPI 3.0 (`nullable` instead of `{"type": "null"}`,
`enum` instead of `const`); `route_doc` turns a handler's body, query, path and response models
into sanic-ext's `openapi.definition`, with every error status the handler can answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema
from sanic_ext import openapi
from sanic_ext.extensions.openapi.types import Binary, Schema

F = TypeVar("F", bound=Callable[..., Any])

PATH_ID_MAX = 999_999_999_999_999  # the largest id a path takes (15 digits: miniprogram_api.parsing.path_id)

ERROR_STATUS_TEXT: Mapping[int, str] = {
    400: "请求内容不正确（错误码见 error.code）",
    401: "未登录或登录已失效",
    403: "未实名认证或无权办理",
    404: "记录不存在（他人的记录同样按不存在处理）",
    405: "不支持该请求方法",
    409: "当前状态不允许此操作",
    413: "请求内容过大",
    429: "操作过于频繁",
    503: "依赖的服务暂时不可用，请稍后再试",
}


class OpenAPI30Schema(GenerateJsonSchema):
    """pydantic's JSON Schema (2020-12) in the dialect of OpenAPI 3.0."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "$ref" in inner:
            return {"allOf": [inner], "nullable": True}
        if "enum" in inner:
            return {**inner, "enum": [*inner["enum"], None], "nullable": True}
        return {**inner, "nullable": True}

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        result = super().literal_schema(schema)
        if "const" in result:
            result = {k: v for k, v in result.items() if k != "const"} | {"enum": [result["const"]]}
        return result


class ApiModel(BaseModel):
    """Base of every request and response model of the HTTP API."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def model_json_schema(  # type: ignore[override]
        cls,
        by_alias: bool = True,
        ref_template: str = "#/components/schemas/{model}",
        schema_generator: type[GenerateJsonSchema] = OpenAPI30Schema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        return super().model_json_schema(by_alias, ref_template, schema_generator, mode, **kwargs)


class ErrorDetail(ApiModel):
    code: str  # stable, e.g. declaration_exists
    message: str  # Chinese, for the person
    data: dict[str, Any]


class ErrorResponse(ApiModel):
    error: ErrorDetail


def _content(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": openapi.Component(model)}


def _parameters(query: type[BaseModel] | None, path: Sequence[str],
                path_words: Mapping[str, Sequence[str]]) -> list[openapi.definitions.Parameter]:
    found = [openapi.definitions.Parameter(name, Schema(type="integer", minimum=1, maximum=PATH_ID_MAX), "path",
                                           description="编号（正整数）", required=True)
             for name in path]
    found += [openapi.definitions.Parameter(name, Schema(type="string", enum=list(words)), "path", required=True)
              for name, words in path_words.items()]
    if query is None:
        return found
    schema = query.model_json_schema(mode="validation")
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        shape = {k: v for k, v in prop.items() if k not in ("title", "description")}
        found.append(openapi.definitions.Parameter(
            name, Schema(**shape), "query", description=prop.get("description", ""), required=name in required,
        ))
    return found


def route_doc(
    summary: str,
    *,
    tag: str,
    ok: type[BaseModel] | None,
    status: int = 200,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    path: Sequence[str] = (),
    path_words: Mapping[str, Sequence[str]] | None = None,
    body_optional: bool = False,
    secured: bool = True,
    errors: Sequence[int] = (),
    also: Mapping[int, type[BaseModel]] | None = None,
    description: str = "",
    media: str = "",
    scheme: str = "bearer",
) -> Callable[[F], F]:
    """sanic-ext's openapi.definition for a handler: its models and every status it answers
    (`body_optional`: an empty body is the body's defaults; `path`: ids in the path; `path_words`:
    path parameters that take one of some words; `ok=None`: a text/plain answer, e.g. Prometheus
    metrics; `media`: a file of that type).

    400 is added when the handler reads a body, query or path; 401 when it needs a session;
    405 always (another method on the same path); 413 with a body.
    """
    statuses = set(errors) | {405}
    if body is not None or query is not None or path or path_words:
        statuses.add(400)
    if body is not None:
        statuses.add(413)
    if secured:
        statuses.add(401)
    ok_content: dict[str, Any] = (
        {media: Binary()} if media else _content(ok) if ok is not None else {"text/plain": str})
    responses = [openapi.definitions.Response(ok_content, status=status, description="成功")]
    for extra_status, model in (also or {}).items():
        text = "成功" if extra_status < 300 else ERROR_STATUS_TEXT.get(extra_status, "错误")
        responses.append(openapi.definitions.Response(_content(model), status=extra_status, description=text))
    for code in sorted(statuses):
        responses.append(openapi.definitions.Response(
            _content(ErrorResponse), status=code, description=ERROR_STATUS_TEXT.get(code, "错误")))
    kwargs: dict[str, Any] = {"summary": summary, "tag": tag, "response": responses}
    if description:
        kwargs["description"] = description
    if body is not None:
        kwargs["body"] = openapi.definitions.RequestBody(_content(body), required=not body_optional)
    parameters = _parameters(query, path, path_words or {})
    if parameters:
        kwargs["parameter"] = parameters
    if secured:
        kwargs["secured"] = {scheme: []}  # bearer: a user's session; institution_api_key: an institution's key
    return openapi.definition(**kwargs)  # type: ignore[no-any-return]

