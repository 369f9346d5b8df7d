"""The service for benchmarks: PostgreSQL + Redis from SHEBAO_* settings, sandboxes, and an
upstream sandbox with as many synthetic payers as the load needs (each checkout is a new payer,
so every declaration is a real, distinct one)."""

from __future__ import annotations

import os

from sanic import Sanic

from app.bootstrap import build_services, build_wechat_sandbox, demo_keys
from app.server import create_app
from app.upstream.demo_data import DEMO_PEOPLE, synthetic_people
from app.upstream.sandbox import SandboxUpstream
from config.settings import Settings, load_settings
from payment_channels.sandbox.wechat_http import create_sandbox_app

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "5000"))


def main() -> None:
    settings = load_settings()

    async def factory(s: Settings):  # type: ignore[no-untyped-def]
        services = await build_services(s)
        people = list(DEMO_PEOPLE) + synthetic_people("guizhou", PEOPLE)
        services.upstream = SandboxUpstream(services.profiles, people)
        return services

    app = create_app(settings, factory)
    app.prepare(host=settings.host, port=settings.port, single_process=False, workers=1, motd=False,
                access_log=False)
    sandbox = build_wechat_sandbox(settings, demo_keys(settings))
    sandbox_app = create_sandbox_app(sandbox)
    sandbox_app.config.ACCESS_LOG = False
    sandbox_app.prepare(host=settings.sandbox_host, port=settings.sandbox_port, workers=1, motd=False,
                        access_log=False)
    Sanic.serve(primary=app)



if __name__ == "__main__":
    main()
