"""Serve any Sanic app on a real loopback socket inside the running asyncio loop (tests, demos);
and what every sandbox's control routes share."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sanic import Request, Sanic
from sanic.exceptions import BadRequest
from sanic.response import HTTPResponse, json

GRACE_SECONDS = 1.0


@asynccontextmanager
async def serve_in_loop(app: Sanic[Any, Any], host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Run `app` as an HTTP server in the current loop; yields "http://host:port".

    Listeners run in Sanic's order (before_server_start, after_server_start, before_server_stop,
    after_server_stop). On exit the socket closes, idle connections close, busy ones get
    GRACE_SECONDS and are then aborted (their handlers are cancelled). One app, one serve at a time.
    Sets app.config.MOTD and TOUCHUP to False (see below why).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(100)
    sock.setblocking(False)
    bound_host, bound_port = sock.getsockname()[:2]
    # the banner imports sanic_testing, whose websockets.legacy import warns (an error under -W error)
    app.config.MOTD = False
    # TouchUp rewrites Sanic's class methods once per process; a second app then fails (KeyError)
    app.config.TOUCHUP = False
    # not serving yet: a client that connects early waits in the backlog until the start-up
    # listeners have built the app's services (it is never answered by a half-started app)
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False,
                                     asyncio_server_kwargs={"start_serving": False})
    if server is None:  # only when create_server is given return_asyncio_server=False
        raise RuntimeError("Sanic did not return a server")
    await server.startup()  # type: ignore[no-untyped-call]
    await server.before_start()  # type: ignore[no-untyped-call]
    await server.after_start()  # type: ignore[no-untyped-call]
    if server.server is not None:
        await server.server.start_serving()
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        await server.before_stop()  # type: ignore[no-untyped-call]
        await _drain(server.server, server.connections)
        await server.after_stop()  # type: ignore[no-untyped-call]
        app.state.is_started = False
        sock.close()


async def _drain(listener: asyncio.AbstractServer | None, connections: set) -> None:  # type: ignore[type-arg]
    if listener is not None:
        listener.close()
    for connection in list(connections):
        connection.close_if_idle()
    waited = 0.0
    while connections and waited < GRACE_SECONDS:
        await asyncio.sleep(0.05)
        waited += 0.05
    for connection in list(connections):
        connection.abort()
    if listener is not None:
        await listener.wait_closed()
    await asyncio.sleep(0)  # let aborted protocols run connection_lost


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
