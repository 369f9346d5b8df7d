"""The bare Sanic endpoint every figure is compared with."""

from __future__ import annotations

import sys

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

app = Sanic("hello_bench")
app.config.ACCESS_LOG = False


@app.get("/hello")
async def hello(request: Request) -> HTTPResponse:
    return json({"hello": "world"})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), single_process=True, motd=False, access_log=False)
