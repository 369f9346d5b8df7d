"""What every sandbox's control routes (/sandbox/…) share: the JSON body, and the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sanic import Request
from sanic.exceptions import BadRequest
from sanic.response import HTTPResponse, json


def control_body(request: Request) -> dict[str, Any]:
    """A sandbox control's JSON object body ({} when empty). Raises ValueError (answered 400 by
    `control`) when it is not JSON, or not an object."""
    try:
        data = request.json if request.body else {}
    except BadRequest as exc:
        raise ValueError("the body is not JSON") from exc
    if not isinstance(data, dict):
        raise ValueError("a JSON object is expected")
    return data


async def control(action: Callable[[], Awaitable[Any] | Any]) -> HTTPResponse:
    """Run a sandbox control; bad input is the caller's fault: 400 / 404 with {"error": …}."""
    try:
        result = action()
        if isinstance(result, Awaitable):
            result = await result
    except KeyError as exc:
        return json({"error": f"not found: {exc}"}, status=404)
    except (ValueError, TypeError) as exc:
        return json({"error": str(exc)}, status=400)
    return json({"ok": True, "result": result})
