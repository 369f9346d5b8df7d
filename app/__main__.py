"""`python -m app serve | migrate | demo` — the service's command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from config.settings import Settings, WeChatSettings, load_settings

if TYPE_CHECKING:
    from app.server import ServicesFactory


async def serve(settings: Settings, services_factory: ServicesFactory | None = None) -> None:
    """Run the service (and, in sandbox mode, the WeChat Pay / wx.login sandbox) in one process
    until SIGINT or SIGTERM. Production deployments can instead run
    `sanic app.server:create_app --factory --workers N` against live channels."""
    from app.bootstrap import build_wechat_sandbox, demo_keys
    from app.server import create_app
    from payment_channels.sandbox.runner import serve_in_loop
    from payment_channels.sandbox.wechat_http import create_sandbox_app

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncExitStack() as stack:
        if settings.channels_mode == "sandbox" and not settings.wechat.gateway_url:
            sandbox_app = create_sandbox_app(build_wechat_sandbox(settings, demo_keys(settings)))
            url = await stack.enter_async_context(
                serve_in_loop(sandbox_app, settings.sandbox_host, settings.sandbox_port)
            )
            print(f"WeChat Pay / wx.login sandbox on {url}", flush=True)
        app = create_app(settings, services_factory)
        url = await stack.enter_async_context(serve_in_loop(app, settings.host, settings.port))
        print(f"社保缴费 service on {url}  (OpenAPI: {url}/docs, health: {url}/healthz)", flush=True)
        await stop.wait()


async def _migrate() -> None:
    from app import db

    settings = load_settings()
    applied = await db.migrate(settings)
    print("applied:", ", ".join(applied) if applied else "nothing (up to date)")


async def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as sanic-ext generates it, from an app started on a scratch database."""
    import tempfile

    import httpx

    from app.server import create_app
    from payment_channels.sandbox.runner import serve_in_loop

    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(env={}, database_url=f"sqlite://{scratch}/openapi.sqlite3",
                                 wechat=WeChatSettings(keys_dir=f"{scratch}/keys"))
        async with serve_in_loop(create_app(settings, name="shebao_openapi")) as url:
            async with httpx.AsyncClient() as client:
                document: dict[str, Any] = (await client.get(f"{url}/docs/openapi.json")).json()
    return document


def _demo() -> None:
    from app.identity.id_numbers import mask_id_number
    from app.upstream.demo_data import DEMO_PEOPLE

    for person in DEMO_PEOPLE:
        types = ", ".join(e.insurance_type for e in person.enrollments) or "（未参保）"
        print(f"{person.region:8} {person.name:6} {person.id_type} {person.id_number} "
              f"({mask_id_number(person.id_number)})  {types}")


def run(main: Coroutine[Any, Any, None]) -> None:
    """Run on uvloop where it is installed (Sanic's own choice), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description="社保缴费 service")
    parser.add_argument("command", choices=["serve", "migrate", "makemigrations", "demo", "openapi"])
    parser.add_argument("output", nargs="?", help="openapi: the file to write (default docs/openapi.json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        run(serve(load_settings()))
    elif args.command == "migrate":
        asyncio.run(_migrate())
    elif args.command == "makemigrations":
        from app import db

        print(asyncio.run(db.make_migrations(load_settings())))
    elif args.command == "openapi":
        document = asyncio.run(openapi_document())
        output = args.output or "docs/openapi.json"
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        print(f"wrote {output}: {len(document['paths'])} paths")
    else:
        _demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
