"""OpenAPI response shorthands shared by the blueprints."""

from __future__ import annotations

from sanic_ext import openapi

from miniprogram_api.schemas import ErrorResponse

ERR = {"application/json": ErrorResponse}
ERRORS = [openapi.definitions.Response(ERR, status=s) for s in (400, 401, 403, 404, 409, 503)]


def ok(schema: type, status: int = 200) -> openapi.definitions.Response:
    return openapi.definitions.Response({"application/json": schema}, status=status)
