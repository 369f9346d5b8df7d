"""The drift check itself: it must fail on what the document does not say."""

from __future__ import annotations

import json

import pytest

from tests.openapi_check import check

SIGNED_OUT = json.dumps({"signed_out": True}).encode()
ERROR = json.dumps({"error": {"code": "session_invalid", "message": "登录已失效，请重新登录", "data": {}}}).encode()


def test_a_documented_answer_passes() -> None:
    check("DELETE", "/api/v1/sessions", 200, SIGNED_OUT)
    check("DELETE", "/api/v1/sessions", 401, ERROR)
    check("PATCH", "/api/v1/sessions", 405, ERROR)  # another method on a known path
    check("GET", "/api/v1/nothing-here", 404, ERROR)


@pytest.mark.parametrize(("method", "path", "status", "body"), [
    ("DELETE", "/api/v1/sessions", 200, json.dumps({"signed_out": True, "extra": 1}).encode()),  # a field too many
    ("DELETE", "/api/v1/sessions", 200, b"{}"),  # a required field missing
    ("DELETE", "/api/v1/sessions", 200, json.dumps({"signed_out": "yes"}).encode()),  # the wrong type
    ("DELETE", "/api/v1/sessions", 409, ERROR),  # a status the operation does not document
    ("GET", "/api/v1/declarations/7", 200, json.dumps({"declaration": {"id": 7}}).encode()),
    ("GET", "/api/v1/nothing-here", 200, SIGNED_OUT),  # a path the document does not have
    ("PATCH", "/api/v1/sessions", 200, SIGNED_OUT),  # a method it does not have
])
def test_anything_else_fails(method: str, path: str, status: int, body: bytes) -> None:
    with pytest.raises(AssertionError):
        check(method, path, status, body)
