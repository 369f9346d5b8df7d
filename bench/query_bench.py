"""申报记录查询 and 缴费记录查询 with 100,000 payments in PostgreSQL (+ Redis sessions), each as a
ratio to a bare Sanic endpoint measured in the same run with the same client.

    python -m bench.query_bench [--payments 100000] [--users 5000] [--requests 3000] [--concurrency 32]

Seeds users, declarations, payments and their shares straight into a fresh database (COPY),
migrated with the real migrations; sessions are written to Redis as sign-in writes them.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import secrets
import sys
from datetime import UTC, datetime, timedelta

import asyncpg
from redis import asyncio as aioredis

from app.crypto import Sealer
from app.identity.id_numbers import make_resident_id, mask_id_number
from bench.http_bench import PORTS, REDIS_URL, ROOT, fresh_database, measure, migrate, print_table, start, wait_ready
from bench.loadgen import Connection
from config.settings import DEMO_SECRET_KEY

SECRET = DEMO_SECRET_KEY
TYPES = [("flexible_pension", 78000), ("flexible_medical", 28800)]


def _people(users: int) -> list[tuple[str, str]]:
    return [(make_resident_id("520102", datetime(1960, 1, 1).date() + timedelta(days=i // 900), f"{i % 900:03d}"),
             f"用户{i}") for i in range(users)]


async def seed(db_url: str, payments: int, users: int) -> None:
    sealer = Sealer(SECRET)
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    now = datetime.now(UTC)
    people = _people(users)
    user_rows = [(i + 1, f"openid-{i}", "guizhou", "resident_id_card", sealer.seal(n), sealer.blind_index(
        f"resident_id_card:{n}"), mask_id_number(n), name, now, now, now, "upstream")
        for i, (n, name) in enumerate(people)]
    await conn.copy_records_to_table("users", records=user_rows, columns=[
        "id", "openid", "region", "id_type", "id_number_sealed", "id_number_index", "id_number_masked", "name",
        "bound_at", "created_at", "verified_at", "verified_by"])
    decl, pay, items = [], [], []
    for k in range(payments):
        uid = k % users + 1
        number, name = people[uid - 1]
        itype, amount = TYPES[k % 2]
        month = 1 + (k // users) % 12
        year = 2026 - (k // (users * 12)) % 3
        created = now - timedelta(minutes=k)
        period = f"{year}{month:02d}"
        decl.append((k + 1, f"SB{k:014d}", "guizhou", "self_pay", "resident_id_card", user_rows[uid - 1][4],
                     user_rows[uid - 1][5], mask_id_number(number), name, itype, "normal", "p60", period, period,
                     f"HD{k:012d}", "贵阳市南明区社会保险事业局", amount, "[]", "declared", True, created, created, uid,
                     k + 1))
        pay.append((k + 1, f"SBP{k:020d}", "guizhou", "wechat_pay", amount, "贵州灵活就业", "paid", f"openid-{uid}",
                    f"wx{k:020d}", f"42{k:020d}", amount, created, created, created, uid))
        items.append((k + 1, amount, f"SBP{k:020d}01", "posted", 1, created, created, created, k + 1, k + 1))
    await conn.copy_records_to_table("payments", records=pay, columns=[
        "id", "out_trade_no", "region", "channel", "amount_fen", "description", "state", "payer_ref",
        "prepay_id", "transaction_id", "paid_amount_fen", "paid_at", "created_at", "updated_at", "user_id"])
    await conn.copy_records_to_table("declarations", records=decl, columns=[
        "id", "declaration_no", "region", "relation", "payer_id_type", "payer_id_number_sealed", "payer_id_index",
        "payer_id_masked", "payer_name", "insurance_type", "payment_kind", "grade", "period_start", "period_end",
        "assessment_no", "agency", "amount_due_fen", "lines", "state", "paid", "created_at", "updated_at", "user_id",
        "current_payment_id"])
    await conn.copy_records_to_table("payment_items", records=items, columns=[
        "id", "amount_fen", "posting_no", "posting_state", "posting_attempts", "posted_at", "created_at",
        "updated_at", "declaration_id", "payment_id"])
    for table in ("users", "payments", "declarations", "payment_items"):
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    await conn.execute("ANALYZE")
    await conn.close()


async def sessions(users: int, redis_url: str = REDIS_URL) -> list[dict[str, str]]:
    redis = aioredis.from_url(redis_url, decode_responses=True)
    headers = []
    for uid in range(1, users + 1):
        token = secrets.token_urlsafe(32)
        await redis.set(f"shebao:session_epoch:{uid}", "bench", ex=7200)
        await redis.set("shebao:session:" + hashlib.sha256(token.encode()).hexdigest(), f"{uid}:guizhou:bench",
                        ex=7200)
        headers.append({"Authorization": f"Bearer {token}"})
    await redis.aclose()
    return headers


async def run(args: argparse.Namespace) -> None:
    db_url = await fresh_database()
    env = {"SHEBAO_DATABASE_URL": db_url, "SHEBAO_REDIS_URL": REDIS_URL, "SHEBAO_PORT": str(PORTS["service"]),
           "SHEBAO_SANDBOX_PORT": str(PORTS["sandbox"]), "SHEBAO_WECHAT_KEYS_DIR": "var/bench-keys",
           "SHEBAO_JOBS_INTERVAL_SECONDS": "0", "TZ": "Asia/Shanghai"}
    await migrate(env)
    await seed(db_url, args.payments, args.users)
    headers = await sessions(args.users)
    logs = ROOT / "var" / "bench"
    procs = [start([sys.executable, "-m", "bench.hello_app", str(PORTS["hello"])], env, logs / "hello.log"),
             start([sys.executable, "-m", "app", "serve"], env, logs / "service.log")]
    hello, service = f"http://127.0.0.1:{PORTS['hello']}", f"http://127.0.0.1:{PORTS['service']}"
    rng = random.Random(7)
    try:
        await wait_ready(f"{hello}/hello", procs[0])
        await wait_ready(f"{service}/healthz", procs[1])

        async def op_hello(conn: Connection, i: int) -> None:
            assert (await conn.request("GET", "/hello"))[0] == 200

        async def op_declarations(conn: Connection, i: int) -> None:
            status, body = await conn.request("GET", "/api/v1/declarations?from=2024-01-01&page_size=20",
                                              headers=rng.choice(headers))
            assert status == 200 and body["total"] > 0, body

        async def op_payments(conn: Connection, i: int) -> None:
            status, body = await conn.request("GET", "/api/v1/payments?period_from=202401&period_to=202612",
                                              headers=rng.choice(headers))
            assert status == 200 and body["total"] > 0 and body["totals"], body

        await measure(hello, 500, args.concurrency, op_hello)
        results = {
            "hello (bare Sanic)": await measure(hello, args.requests, args.concurrency, op_hello),
            "GET /api/v1/declarations (page of 20)": await measure(service, args.requests, args.concurrency,
                                                                  op_declarations),
            "GET /api/v1/payments (+ totals)": await measure(service, args.requests, args.concurrency, op_payments),
        }
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    print_table(f"PostgreSQL + Redis, {args.payments} payments for {args.users} users, "
                f"{args.concurrency} keep-alive connections", results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--concurrency", type=int, default=32)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
