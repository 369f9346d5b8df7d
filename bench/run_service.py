"""The service for benchmarks: PostgreSQL + Redis from SHEBAO_* settings, the WeChat sandbox, and
an upstream sandbox with as many synthetic payers as the load needs (each checkout is a new
payer, so every declaration is a real, distinct one). Run as `python -m bench.run_service`."""

from __future__ import annotations

import os

from app.__main__ import run, serve
from app.bootstrap import build_services
from app.context import Services
from bench.people import synthetic_people
from config.settings import Settings, load_settings
from sandboxes.upstream.demo_data import DEMO_PEOPLE
from sandboxes.upstream.sandbox import SandboxUpstream

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "5000"))


async def factory(settings: Settings) -> Services:
    services = await build_services(settings)
    services.upstream = SandboxUpstream(services.profiles, [*DEMO_PEOPLE, *synthetic_people(PEOPLE)])
    return services


if __name__ == "__main__":
    run(serve(load_settings(), factory))
