"""`python -m app serve | migrate | demo` — the service's command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from config.settings import load_settings


def _serve() -> None:
    from sanic import Sanic

    from app.bootstrap import build_wechat_sandbox, demo_keys
    from app.server import create_app
    from payment_channels.sandbox.wechat_http import create_sandbox_app

    settings = load_settings()
    app = create_app(settings)
    app.prepare(host=settings.host, port=settings.port, single_process=False, workers=1, motd=False)
    if settings.channels_mode == "sandbox" and not settings.wechat.gateway_url:
        sandbox = build_wechat_sandbox(settings, demo_keys(settings))
        sandbox_app = create_sandbox_app(sandbox)
        sandbox_app.prepare(host=settings.sandbox_host, port=settings.sandbox_port, workers=1, motd=False)
        print(f"WeChat Pay / wx.login sandbox on http://{settings.sandbox_host}:{settings.sandbox_port}")
    print(f"社保缴费 service on http://{settings.host}:{settings.port}  (OpenAPI: /docs)")
    Sanic.serve(primary=app)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description="社保缴费 service")
    parser.add_argument("command", choices=["serve", "migrate", "makemigrations", "demo"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        _serve()
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
