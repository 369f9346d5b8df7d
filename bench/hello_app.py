"""The bare Sanic endpoint every figure is compared with, served the same way as the service."""

from __future__ import annotations

import asyncio
import signal
import sys

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

from app.__main__ import run
from app.server import serve_in_loop

app = Sanic("hello_bench")
app.config.ACCESS_LOG = False


@app.get("/hello")
async def hello(request: Request) -> HTTPResponse:
    return json({"hello": "world"})


async def main(port: int) -> None:
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with serve_in_loop(app, "127.0.0.1", port):
        await stop.wait()


if __name__ == "__main__":
    run(main(int(sys.argv[1])))
