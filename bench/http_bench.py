"""Throughput and latency of the menus endpoint and a full checkout, on PostgreSQL + Redis,
each as a ratio to a bare Sanic "hello" endpoint measured in the same run with the same client.

    python -m bench.http_bench [--requests 2000] [--checkouts 500] [--concurrency 32]

Starts three servers as subprocesses on loopback (hello; the WeChat sandbox, standing in for the
remote channel; the service), loads them, prints a table, and stops them. All share 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import httpx

from bench.loadgen import Connection

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PORTS = {"service": 8210, "sandbox": 8211, "hello": 8212}


async def fresh_database(name: str = "shebao_bench", admin_url: str = ADMIN_URL) -> str:
    """An empty database `name` beside `admin_url`'s (dropped first, its connections too); its URL."""
    conn = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a stopped run's late connections
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"


async def migrate(env: dict[str, str]) -> None:
    """`python -m app migrate` against the bench's database (with the given environment)."""
    done = await asyncio.create_subprocess_exec(sys.executable, "-m", "app", "migrate", cwd=ROOT,
                                                env={**os.environ, **env}, stdout=asyncio.subprocess.DEVNULL)
    assert await done.wait() == 0


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A server in its own session (Sanic signals its process group), logging to a file: a pipe
    nobody reads would fill up and stall the server."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


async def wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited; see var/bench/*.log")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} not ready in {seconds}s")


async def measure(
    base_url: str, n: int, concurrency: int, op: Callable[[Connection, int], Awaitable[None]]
) -> dict[str, float]:
    """Run `op` n times over `concurrency` keep-alive connections; throughput and latency."""
    latencies: list[float] = []
    counter = iter(range(n))

    async def worker() -> None:
        conn = Connection(base_url)
        try:
            for i in counter:
                t0 = time.perf_counter()
                await op(conn, i)
                latencies.append(time.perf_counter() - t0)
        finally:
            await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "rps": n / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


async def sign_up(client: httpx.AsyncClient, sandbox: str, person: tuple[str, str], i: int) -> dict[str, str]:
    code = (await client.post(f"{sandbox}/sandbox/wx/login-code", json={"user": f"bench-{i}"})).json()["result"]
    code = code["code"] if isinstance(code, dict) else code
    r = await client.post("/api/v1/sessions", json={"code": code, "region": "guizhou"})
    headers = {"Authorization": f"Bearer {r.json()['token']}"}
    r = await client.post("/api/v1/me/real-name", headers=headers,
                          json={"id_type": "resident_id_card", "id_number": person[0], "name": person[1]})
    assert r.status_code == 200, r.text
    return headers


async def run(args: argparse.Namespace) -> None:
    from bench.people import synthetic_people
    from config.regions import load_region_profiles

    people = [(p.id_number, p.name) for p in synthetic_people(args.checkouts)]
    grade = load_region_profiles()["guizhou"].insurance_types["flexible_pension"].grades[0].code
    db_url = await fresh_database()
    env = {
        "SHEBAO_DATABASE_URL": db_url, "SHEBAO_REDIS_URL": REDIS_URL, "SHEBAO_PORT": str(PORTS["service"]),
        "SHEBAO_SANDBOX_PORT": str(PORTS["sandbox"]),
        "SHEBAO_PUBLIC_BASE_URL": f"http://127.0.0.1:{PORTS['service']}",
        "SHEBAO_LOGIN_RATE_PER_MINUTE": "1000000", "SHEBAO_BINDING_RATE_PER_HOUR": "1000000",
        "SHEBAO_WECHAT_KEYS_DIR": "var/bench-keys", "BENCH_PEOPLE": str(args.checkouts), "TZ": "Asia/Shanghai",
    }
    logs = ROOT / "var" / "bench"
    env["SHEBAO_WECHAT_GATEWAY_URL"] = f"http://127.0.0.1:{PORTS['sandbox']}"  # a separate process
    procs = [start([sys.executable, "-m", "bench.hello_app", str(PORTS["hello"])], env, logs / "hello.log"),
             start([sys.executable, "-m", "bench.run_sandbox"], env, logs / "sandbox.log"),
             start([sys.executable, "-m", "bench.run_service"], env, logs / "service.log")]
    service, sandbox = f"http://127.0.0.1:{PORTS['service']}", f"http://127.0.0.1:{PORTS['sandbox']}"
    hello = f"http://127.0.0.1:{PORTS['hello']}"
    try:
        await wait_ready(f"{hello}/hello", procs[0])
        await wait_ready(f"{sandbox}/sandbox/state", procs[1])
        await wait_ready(f"{service}/healthz", procs[2])
        async with httpx.AsyncClient(base_url=service, timeout=60) as client:
            users = [await sign_up(client, sandbox, p, i) for i, p in enumerate(people)]
        body = {"insurance_type": "flexible_pension", "payment_kind": "normal", "period_start": "202611",
                "period_end": "202611", "grade": grade}

        async def op_hello(conn: Connection, i: int) -> None:
            status, _ = await conn.request("GET", "/hello")
            assert status == 200

        async def op_menus(conn: Connection, i: int) -> None:
            status, _ = await conn.request("GET", "/api/v1/menus", headers=users[0])
            assert status == 200

        async def op_checkout(conn: Connection, i: int) -> None:
            status, answer = await conn.request("POST", "/api/v1/declarations", body, users[i])
            assert status == 201, answer
            declaration_ids = [answer["declaration"]["id"]]
            status, answer = await conn.request("POST", "/api/v1/payments", {"declaration_ids": declaration_ids},
                                                users[i])
            assert status == 200 and answer["request_payment"], answer

        await measure(hello, 500, args.concurrency, op_hello)  # warm-up
        results = {
            "hello (bare Sanic)": await measure(hello, args.requests, args.concurrency, op_hello),
            "GET /api/v1/menus": await measure(service, args.requests, args.concurrency, op_menus),
            "checkout (declare + WeChat order)": await measure(service, args.checkouts, args.concurrency,
                                                               op_checkout),
        }
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    print_table(f"PostgreSQL + Redis, {args.concurrency} keep-alive connections from one asyncio client, "
                "2 cores shared", results)


def print_table(title: str, results: dict[str, dict[str, float]], base_name: str = "hello (bare Sanic)") -> None:
    """Each figure and its ratio to the bare endpoint measured in the same run."""
    base = results[base_name]
    print(title)
    columns = ("req/s", "p50 ms", "p99 ms", "rps/hello", "p50/hello", "p99/hello")
    print(f"{'endpoint':40} " + " ".join(f"{c:>10}" for c in columns))
    for name, r in results.items():
        print(f"{name:40} {r['rps']:10.0f} {r['p50_ms']:10.2f} {r['p99_ms']:10.2f} {r['rps'] / base['rps']:10.3f} "
              f"{r['p50_ms'] / base['p50_ms']:10.2f} {r['p99_ms'] / base['p99_ms']:10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--checkouts", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
