"""`python -m app serve | migrate | demo` — the service's command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from config.settings import Settings, load_settings

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
    parser.add_argument("command", choices=["serve", "migrate", "makemigrations", "demo"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        run(serve(load_settings()))
    elif args.command == "migrate":
        asyncio.run(_migrate())
    elif args.command == "makemigrations":
        from app import db

        print(asyncio.run(db.make_migrations(load_settings())))
    else:
        _demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
