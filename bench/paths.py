"""Every payer path beside its floor, measured in one run: the service, and a bare Sanic app doing
the same I/O with raw drivers (bench/paths_floor.py), on the same data set, the same PostgreSQL and
Redis, the same sandboxes process and the same load generator.

    python -m bench.paths [--workers 1|2] [--quick] [--concurrency 32]

Starts, on loopback: every sandbox in one process (`python -m app sandbox`: wx.login, WeChat Pay,
Alipay, the bank gateway, upstream), the service (`python -m app api --workers N` and one
`python -m app worker`), and the floor (`python -m bench.paths_floor --workers N`). Seeds a fresh
database (BENCH_PATHS_DATABASE, default shebao_paths) with the records pages' payments (COPY, as
bench.query_bench does) and signs payers up through the service. Then, path by path, the service
and then its floor are loaded with the same number of requests over the same number of keep-alive
connections; each request of a writing path acts on rows of its own (a fresh declaration, order,
notification or certificate), so the service and the floor do the same work. Prints one table:
req/s, p50 and p99 of each, and the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from redis import asyncio as aioredis

from bench.http_bench import ROOT, fresh_database, measure, migrate, start, wait_ready
from bench.loadgen import Connection
from bench.people import synthetic_people
from bench.query_bench import seed, sessions

REDIS_URL = os.environ.get("BENCH_PATHS_REDIS_URL", "redis://127.0.0.1:6379/1")
DATABASE = os.environ.get("BENCH_PATHS_DATABASE", "shebao_paths")
PORTS = {"service": 8230, "floor": 8231, "sandbox": 8232}
PERIOD = "202612"  # the month declared: this month, 正常缴费
Op = Callable[[Connection, int], Awaitable[None]]
# `python -m app api` as it ships, but for Sanic's 30 s for workers to start: on a shared machine
# under load they take longer, and the manager would stop the service
PATIENT = "from sanic.worker.manager import WorkerManager; WorkerManager.THRESHOLD = 3000"


@dataclass
class Side:
    """One of the two servers under load, and the rows its writing paths act on."""

    name: str
    base: str
    prefix: str  # /api/v1 or /floor
    notify: str  # the WeChat Pay notification endpoint
    payers: list[dict[str, str]] = field(default_factory=list)  # bound payers' Authorization headers
    openids: list[str] = field(default_factory=list)
    declarations: dict[int, int] = field(default_factory=dict)  # payer → declared in the declare path, paid at checkout
    orders: list[dict[str, Any]] = field(default_factory=list)  # the checkout answers' payments
    notifications: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


def sizes(quick: bool) -> dict[str, int]:
    if quick:
        return {"payments": 20_000, "users": 1_000, "requests": 600, "writes": 150}
    return {"payments": 100_000, "users": 5_000, "requests": 2_000, "writes": 400}


def environment(db_url: str, workers: int) -> dict[str, str]:
    sandbox = f"http://127.0.0.1:{PORTS['sandbox']}"
    return {
        "SHEBAO_DATABASE_URL": db_url, "SHEBAO_REDIS_URL": REDIS_URL, "SHEBAO_PORT": str(PORTS["service"]),
        "SHEBAO_SANDBOX_PORT": str(PORTS["sandbox"]), "SHEBAO_UPSTREAM_URL": sandbox,
        "SHEBAO_PUBLIC_BASE_URL": f"http://127.0.0.1:{PORTS['service']}", "SHEBAO_IN_PROCESS_WORKER": "false",
        "SHEBAO_LOGIN_RATE_PER_MINUTE": "1000000", "SHEBAO_BINDING_RATE_PER_HOUR": "1000000",
        "SHEBAO_IDENTITY_CHECK_RATE_PER_HOUR": "1000000", "SHEBAO_WECHAT_KEYS_DIR": "var/bench-keys",
        "SHEBAO_JOBS_INTERVAL_SECONDS": "0", "BENCH_FLOOR_PORT": str(PORTS["floor"]),
        "BENCH_FLOOR_WORKERS": str(workers), "TZ": "Asia/Shanghai",
    }


async def add_people(client: httpx.AsyncClient, count: int) -> list[tuple[str, str, str]]:
    """Synthetic payers known to the upstream sandbox: (id number, name, wx.login user)."""
    people = synthetic_people(count)
    gate = asyncio.Semaphore(16)

    async def add(p: Any) -> None:
        async with gate:
            r = await client.post("/sandbox/upstream/people", json={
                "id_type": p.id_type, "id_number": p.id_number, "name": p.name, "region": p.region,
                "enrollments": ["flexible_pension"]})
            assert r.status_code == 200, r.text

    await asyncio.gather(*(add(p) for p in people))
    return [(p.id_number, p.name, f"bench-paths-{i}") for i, p in enumerate(people)]


async def login_code(sandbox: httpx.AsyncClient, user: str) -> str:
    answer = (await sandbox.post("/sandbox/wx/login-code", json={"user": user})).json()["result"]
    return str(answer["code"] if isinstance(answer, dict) else answer)


async def sign_up(service: httpx.AsyncClient, sandbox: httpx.AsyncClient, person: tuple[str, str, str]
                  ) -> dict[str, str]:
    """Sign in through the service and bind the real name: the payer's headers."""
    r = await service.post("/api/v1/sessions", json={"code": await login_code(sandbox, person[2]),
                                                     "region": "guizhou"})
    assert r.status_code == 201, r.text
    headers = {"Authorization": f"Bearer {r.json()['token']}"}
    r = await service.post("/api/v1/me/real-name", headers=headers,
                           json={"id_type": "resident_id_card", "id_number": person[0], "name": person[1]})
    assert r.status_code == 200, r.text
    return headers


async def openid_of(db: Any, headers: dict[str, str], redis: Any) -> str:
    import hashlib

    token = headers["Authorization"][7:]
    value = await redis.get("shebao:session:" + hashlib.sha256(token.encode()).hexdigest())
    user_id = int(value.split(b":")[0])
    return str(await db.fetchval("SELECT openid FROM users WHERE id = $1", user_id))


class Notifier:
    """Signed WeChat Pay v3 notifications for orders the sandbox process holds: the order is paid
    there (so a later query agrees), and the notification is built here with the same keys as the
    sandbox's (platform key signs, APIv3 key encrypts)."""

    def __init__(self) -> None:
        from app.bootstrap import channel_context
        from config.settings import load_settings
        from sandboxes.wechat_pay import channel_sandbox

        self.local = channel_sandbox(channel_context(load_settings()))

    async def build(self, sandbox: httpx.AsyncClient, order: dict[str, Any], openid: str) -> tuple[dict[str, str],
                                                                                                   bytes]:
        from sandboxes.wechat_pay.state import SandboxOrder

        number = order["out_trade_no"]
        r = await sandbox.post("/sandbox/pay/confirm", json={"out_trade_no": number})
        assert r.status_code == 200, r.text
        self.local.orders[number] = SandboxOrder(
            out_trade_no=number, appid=self.local.appid, description=order["description"],
            total_fen=order["amount_fen"], openid=openid, notify_url="", attach="", prepay_id="",
            trade_state="SUCCESS", transaction_id=r.json()["result"]["transaction_id"],
            success_time=dt.datetime.now(dt.UTC), payer_total_fen=order["amount_fen"])
        return self.local.build_payment_notification(number)


async def ready_for_certificates(db_url: str, sandbox: httpx.AsyncClient, sides: tuple[Side, ...],
                                 writes: int) -> None:
    """The notified payments, once the job worker has posted them, entered the treasury a week ago
    (the sandbox's 入库, and the postings dated back): Guizhou certifies 3 working days after."""
    import asyncpg

    db = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        ids = [o["id"] for side in sides for o in side.orders]
        deadline = time.monotonic() + 300
        while await db.fetchval("SELECT count(*) FROM payment_items WHERE payment_id = ANY($1) AND posting_state"
                                " <> 'posted'", ids):
            assert time.monotonic() < deadline, "the job worker did not post the notified payments in 5 minutes"
            await asyncio.sleep(1)
        week_ago = dt.date.today() - dt.timedelta(days=7)
        for posting_no in await db.fetch("SELECT posting_no FROM payment_items WHERE payment_id = ANY($1)", ids):
            r = await sandbox.post("/sandbox/upstream/treasury", json={"posting_no": posting_no["posting_no"],
                                                                       "on": week_ago.isoformat()})
            assert r.status_code == 200, r.text
        await db.execute("UPDATE payment_items SET posted_at = posted_at - interval '7 days'"
                         " WHERE payment_id = ANY($1)", ids)
    finally:
        await db.close()


def declare_body(grade: str) -> dict[str, Any]:
    return {"insurance_type": "flexible_pension", "payment_kind": "normal", "period_start": PERIOD,
            "period_end": PERIOD, "grade": grade}


def ops(side: Side, seeded: list[dict[str, str]], grade: str, rng: random.Random) -> dict[str, Op]:
    """The requests of each path against one side; i is the request's number in the path."""
    p = side.prefix
    codes: list[str] = []

    async def sign_in(conn: Connection, i: int) -> None:
        status, body = await conn.request("POST", f"{p}/sessions", {"code": codes[i], "region": "guizhou"})
        assert status == 201, body

    async def menus(conn: Connection, i: int) -> None:
        status, body = await conn.request("GET", f"{p}/menus", headers=seeded[i % len(seeded)])
        assert status == 200, body

    async def declare(conn: Connection, i: int) -> None:
        status, body = await conn.request("POST", f"{p}/declarations", declare_body(grade), side.payers[i])
        assert status == 201, body
        side.declarations[i] = body["declaration"]["id"]

    async def checkout(conn: Connection, i: int) -> None:
        status, body = await conn.request("POST", f"{p}/payments", {"declaration_ids": [side.declarations[i]]},
                                          side.payers[i])
        assert status == 200 and body["request_payment"], body
        side.orders.append({**body["payment"], "payer": i})

    async def notification(conn: Connection, i: int) -> None:
        headers, body = side.notifications[i]
        status, answer = await conn.request("POST", side.notify, body, headers)
        assert status in (200, 204), (status, answer)

    async def declarations_page(conn: Connection, i: int) -> None:
        status, body = await conn.request("GET", f"{p}/declarations?from=2024-01-01&page_size=20",
                                          headers=rng.choice(seeded))
        assert status == 200 and body["total"] > 0, body

    async def payments_page(conn: Connection, i: int) -> None:
        status, body = await conn.request("GET", f"{p}/payments?period_from=202401&period_to=202612",
                                          headers=rng.choice(seeded))
        assert status == 200 and body["total"] > 0 and body["totals"], body

    async def certificate(conn: Connection, i: int) -> None:
        order = side.orders[i]
        status, body = await conn.request("POST", f"{p}/payments/{order['id']}/certificates", {},
                                          side.payers[order["payer"]])
        assert status in (200, 201, 202), body

    side.__dict__["codes"] = codes
    return {"sign-in": sign_in, "menus": menus, "declare": declare, "checkout (WeChat Pay)": checkout,
            "notification (WeChat Pay v3)": notification, "declarations page": declarations_page,
            "payments page (+ totals)": payments_page, "certificate request": certificate}


async def run(args: argparse.Namespace) -> None:
    from app.identity.id_numbers import make_resident_id  # noqa: F401  (the seed's ids)
    from config.regions import load_region_profiles

    n = sizes(args.quick)
    writes = n["writes"]
    grade = load_region_profiles()["guizhou"].insurance_types["flexible_pension"].grades[0].code
    db_url = await fresh_database(DATABASE)
    env = environment(db_url, args.workers)
    os.environ.update(env)  # the Notifier's settings: the same keys directory
    redis = aioredis.from_url(REDIS_URL)
    await redis.flushdb()  # this bench's own Redis database
    await migrate(env)
    await seed(db_url, n["payments"], n["users"])
    if args.trace:
        import asyncpg

        mark = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
        await mark.execute(f'ALTER DATABASE "{DATABASE}" SET log_statement = \'all\'')
        await mark.close()
        mark = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    seeded = await sessions(n["users"], REDIS_URL)
    logs = ROOT / "var" / "bench" / "paths"
    procs = [start([sys.executable, "-m", "app", "sandbox"], env, logs / "sandbox.log")]
    sandbox_url = f"http://127.0.0.1:{PORTS['sandbox']}"
    service_url, floor_url = (f"http://127.0.0.1:{PORTS[k]}" for k in ("service", "floor"))
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        await wait_ready(f"{sandbox_url}/sandbox/state", procs[0])
        procs += [start([sys.executable, "-c", f"{PATIENT}; from app.__main__ import main; "
                         f"main(['api', '--workers', '{args.workers}'])"], env, logs / "service.log"),
                  start([sys.executable, "-m", "app", "worker"], env, logs / "worker.log")]
        if not args.trace:
            procs.append(start([sys.executable, "-m", "bench.paths_floor"], env, logs / "floor.log"))
            await wait_ready(f"{floor_url}/floor/healthz", procs[3])
        await wait_ready(f"{service_url}/healthz", procs[1])
        service = Side("service", service_url, "/api/v1", "/notify/wechat_pay")
        floor = Side("floor", floor_url, "/floor", "/floor/notify/wechat_pay")
        async with httpx.AsyncClient(base_url=sandbox_url, timeout=60) as sandbox, \
                httpx.AsyncClient(base_url=service_url, timeout=60) as client:
            people = await add_people(sandbox, 2 * writes)
            import asyncpg

            db = await asyncpg.create_pool(db_url.replace("postgres://", "postgresql://", 1), min_size=1, max_size=4)
            gate = asyncio.Semaphore(16)

            async def signed_up(person: tuple[str, str, str]) -> tuple[dict[str, str], str]:
                async with gate:
                    headers = await sign_up(client, sandbox, person)
                    return headers, await openid_of(db, headers, redis)

            for side, group in ((service, people[:writes]), (floor, people[writes:])):
                for headers, openid in await asyncio.gather(*(signed_up(p) for p in group)):
                    side.payers.append(headers)
                    side.openids.append(openid)
            await db.close()
            rng = random.Random(7)
            side_ops = {side.name: ops(side, seeded, grade, rng) for side in (service, floor)}
            notifier = Notifier()
            sides = (service,) if args.trace else (service, floor)
            for side in sides:  # warm-up
                await measure(side.base, 300, args.concurrency, side_ops[side.name]["menus"])
            for path in side_ops["service"]:
                count = 1 if args.trace else writes if path in WRITING else n["requests"]
                if path == "sign-in":
                    for side in sides:
                        side.__dict__["codes"][:] = await asyncio.gather(*(
                            login_code(sandbox, f"bench-paths-{k % (2 * writes)}") for k in range(count)))
                if path.startswith("notification"):
                    for side in sides:
                        side.notifications = list(await asyncio.gather(*(
                            notifier.build(sandbox, o, side.openids[o["payer"]]) for o in side.orders)))
                if path == "certificate request":
                    await ready_for_certificates(db_url, sandbox, (service, floor), writes)
                if args.trace:  # one request of each path, between markers in PostgreSQL's log and Redis'
                    await redis.echo(f"MARK {path}")
                    await mark.execute(f"SELECT 'MARK {path}'")
                    await side_ops["service"][path](Connection(service_url), 0)
                    await redis.echo(f"END {path}")
                    await mark.execute(f"SELECT 'END {path}'")
                    continue
                results[path] = {}
                for side in sides:
                    t0 = time.perf_counter()
                    spy = profiler(procs[1].pid, logs, path) if side is service and path in args.profile else None
                    results[path][side.name] = await measure(side.base, count, args.concurrency,
                                                             side_ops[side.name][path])
                    if spy is not None:
                        print(stop_profiler(*spy), flush=True)
                    print(f"  {path:32} {side.name:8} {results[path][side.name]['rps']:8.0f} req/s "
                          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    finally:
        await redis.aclose()
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)
    if not args.trace:
        print_paths(f"PostgreSQL + Redis, api --workers {args.workers} + 1 job worker; floor: bare Sanic, "
                    f"{args.workers} worker(s); {n['payments']} payments for {n['users']} users; "
                    f"{args.concurrency} keep-alive connections; 2 cores shared; {dt.date.today()}", results)


def profiler(pid: int, logs: Path, path: str) -> tuple[subprocess.Popen[bytes], Path]:
    """py-spy sampling the service's API processes (the manager and its workers) while a path runs."""
    out = logs / f"profile-{path.split()[0]}.txt"
    beside = Path(sys.executable).parent / "py-spy"  # the probe extra's, in this virtualenv
    command = os.environ.get("PY_SPY", str(beside) if beside.exists() else "py-spy")
    spy = subprocess.Popen([command, "record", "--pid", str(pid), "--subprocesses",
                            "--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)  # attached before the load starts
    return spy, out


def stop_profiler(spy: subprocess.Popen[bytes], out: Path, top: int = 25) -> str:
    """Stop py-spy, then where the samples were: each function's share of all samples, inclusive
    (it or what it called was running) and its own (it was on top), the heaviest first."""
    spy.send_signal(signal.SIGINT)
    spy.wait(60)
    inclusive: dict[str, int] = defaultdict(int)
    own: dict[str, int] = defaultdict(int)
    total = 0
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].split("/site-packages/")[-1].split(
            "/wt-paths/")[-1] + ")" if " (" in f else f for f in stack.split(";")[1:]]  # the process first
        n = int(count)
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        if frames:
            own[frames[-1]] += n
    lines = [f"profile of the service ({out}, {total} samples): inclusive % / own %"]
    for frame, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {100 * n / total:5.1f} {100 * own.get(frame, 0) / total:5.1f}  {frame}")
    return "\n".join(lines)


WRITING = frozenset({"sign-in", "declare", "checkout (WeChat Pay)", "notification (WeChat Pay v3)",
                     "certificate request"})


def print_paths(title: str, results: dict[str, dict[str, dict[str, float]]]) -> None:
    print(title)
    head = ("service req/s", "floor req/s", "ratio", "svc p50", "floor p50", "svc p99", "floor p99", "p99 ratio")
    print(f"| {'path':30} | " + " | ".join(f"{h:>13}" for h in head) + " |")
    print("|" + "-" * 32 + "|" + "|".join("-" * 15 for _ in head) + "|")
    for path, r in results.items():
        s, f = r["service"], r["floor"]
        cells = (f"{s['rps']:.0f}", f"{f['rps']:.0f}", f"{s['rps'] / f['rps']:.2f}", f"{s['p50_ms']:.1f} ms",
                 f"{f['p50_ms']:.1f} ms", f"{s['p99_ms']:.1f} ms", f"{f['p99_ms']:.1f} ms",
                 f"{s['p99_ms'] / f['p99_ms']:.2f}")
        print(f"| {path:30} | " + " | ".join(f"{c:>13}" for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, choices=(1, 2), default=2)
    parser.add_argument("--quick", action="store_true", help="a smaller data set and fewer requests")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--profile", nargs="*", default=[], metavar="PATH",
                        help="py-spy the service during these paths (e.g. 'declarations page'); PY_SPY names it")
    parser.add_argument("--trace", action="store_true",
                        help="one request of each path to the service, marked in PostgreSQL's log and Redis MONITOR")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
