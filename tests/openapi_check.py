"""Every response the suite receives is checked against the committed OpenAPI document: the
operation exists, the status is documented for it, and the body validates against the documented
schema. A handler that answers anything the document does not say fails the test that saw it."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
SKIPPED_PREFIXES = ("/docs", "/dashboard", "/certificates/")  # HTML pages (staff, public), not the API


@cache
def document() -> dict[str, Any]:
    with open(DOCUMENT, encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema's null type."""
    if isinstance(node, list):
        return [to_json_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    converted = {k: to_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    routes = []
    for path in document()["paths"]:
        pattern = re.sub(r"\{[^/]+\}", r"[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
        routes.append((re.compile(f"^{pattern}$"), path))
    return routes


@cache
def _validator(ref_or_schema: str) -> Draft202012Validator:
    schema = json.loads(ref_or_schema)
    components = to_json_schema(document()["components"])
    return Draft202012Validator({**to_json_schema(schema), "components": components})


def _schema_of(response: dict[str, Any]) -> dict[str, Any] | None:
    content = response.get("content", {}).get("application/json")
    return content.get("schema") if content else None


def check(method: str, path: str, status: int, body: bytes) -> None:
    """Raise AssertionError when the response is not what the document says."""
    if path.startswith(SKIPPED_PREFIXES):
        return
    documented = [template for pattern, template in _routes() if pattern.match(path)]
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    if not documented:
        assert status == 404, f"{method} {path} → {status}: the path is not in the OpenAPI document"
        schema: dict[str, Any] | None = error_ref
    else:
        operations = document()["paths"][documented[0]]
        operation = operations.get(method.lower())
        if operation is None:
            assert status == 405, f"{method} {path} → {status}: the method is not documented"
            schema = error_ref
        else:
            responses = operation["responses"]
            assert str(status) in responses, (
                f"{method} {documented[0]} answered {status}, documented: {sorted(responses)}: {body[:300]!r}")
            schema = _schema_of(responses[str(status)])
    if schema is None:
        return
    payload = json.loads(body)
    errors = sorted(_validator(json.dumps(schema, sort_keys=True)).iter_errors(payload), key=lambda e: e.path)
    assert not errors, (f"{method} {path} {status}: body does not match the document: "
                        f"{errors[0].message} at {list(errors[0].path)}")


async def on_response(response: httpx.Response) -> None:
    """httpx event hook: check every response of the service."""
    await response.aread()
    check(response.request.method, response.request.url.path, response.status_code, response.content)
