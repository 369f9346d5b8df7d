"""The operations dashboard's pages over 100,000 payments with their exceptions in PostgreSQL
(+ Redis sessions), each as a ratio to a bare Sanic endpoint measured in the same run.

    python -m bench.dashboard_bench [--payments 100000] [--requests 600] [--concurrency 8]

Seeds the query bench's payments (COPY), then turns some of them into what the dashboard is for:
shares not posted (some past their refund day), failed and succeeded refunds, reconciliation
differences and flagged notifications; an operator's session is written to Redis as sign-in does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
from datetime import UTC, date, datetime, timedelta

import asyncpg
from redis import asyncio as aioredis

from app.operations.services import HASHER, _fingerprint
from bench.http_bench import PORTS, REDIS_URL, ROOT, fresh_database, measure, migrate, print_table, start, wait_ready
from bench.loadgen import Connection
from bench.query_bench import seed


async def exceptions(db_url: str, payments: int) -> dict[str, int]:
    """Every 50th share not posted (every 100th past its deadline), every 20th refunded (every 60th
    failed), 1,000 differences, 1,000 flagged notifications."""
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    now = datetime.now(UTC)
    await conn.execute("UPDATE payment_items SET posting_state = 'not_posted', posted_at = NULL, "
                       "posting_deadline = $1 WHERE id % 50 = 0", now + timedelta(days=3))
    await conn.execute("UPDATE payment_items SET posting_deadline = $1 WHERE id % 100 = 0", now - timedelta(days=12))
    await conn.execute("UPDATE payment_items SET posting_state = 'failed' WHERE id % 20 = 0 AND id % 50 <> 0")
    refunds = [(k, f"SBR{k:020d}", k, k, "wechat_pay", 78000 if k % 2 else 28800, "posting_refused", "到账确认失败退费",
                "failed" if k % 60 == 0 else "succeeded", "CLOSED" if k % 60 == 0 else None, now, now)
               for k in range(20, payments + 1, 20) if k % 50]
    await conn.copy_records_to_table("refunds", records=refunds, columns=[
        "id", "out_refund_no", "payment_id", "payment_item_id", "channel", "amount_fen", "reason_code", "reason",
        "state", "failure_code", "created_at", "updated_at"])
    await conn.execute("UPDATE refunds r SET amount_fen = i.amount_fen FROM payment_items i "
                       "WHERE i.id = r.payment_item_id")
    run = await conn.fetchval("INSERT INTO reconciliation_runs (channel, bill_date, state, statement_lines, matched, "
                              "differences, auto_resolved, started_at) VALUES ('wechat_pay', $1, 'done', 0, 0, 0, 0, "
                              "$2) RETURNING id", date.today() - timedelta(days=1), now)
    differences = [(f"paid_unknown_here:SBPX{k:08d}", run, "wechat_pay", date.today() - timedelta(days=1),
                    "paid_unknown_here", "needs_person", f"SBPX{k:08d}", 30000, json.dumps({"why": "bench"}), now, now)
                   for k in range(1000)]
    await conn.copy_records_to_table("reconciliation_differences", records=differences, columns=[
        "key", "run_id", "channel", "bill_date", "kind", "state", "out_trade_no", "channel_amount_fen", "evidence",
        "created_at", "updated_at"])
    notes = [("wechat_pay", "rejected", "bad_signature", True, "{}", "x", 1, f"SBP{k * 97:020d}", now)
             for k in range(1000)]
    await conn.copy_records_to_table("channel_notifications", records=notes, columns=[
        "channel", "verdict", "reject_reason", "flagged", "headers", "body", "body_size", "out_trade_no",
        "received_at"])
    counts = {
        "not posted": await conn.fetchval("SELECT count(*) FROM payment_items WHERE posting_state = 'not_posted'"),
        "failed refunds": await conn.fetchval("SELECT count(*) FROM refunds WHERE state = 'failed'"),
        "refunds": await conn.fetchval("SELECT count(*) FROM refunds"),
    }
    await conn.execute("ANALYZE")
    await conn.close()
    return counts


async def operator_session(db_url: str) -> dict[str, str]:
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    hashed = HASHER.hash("bench-password-2026")
    operator_id = await conn.fetchval(
        "INSERT INTO operators (username, display_name, role, password_hash, failed_sign_ins, created_at, updated_at) "
        "VALUES ('bench', 'bench', 'approver', $1, 0, now(), now()) RETURNING id", hashed)
    await conn.close()
    token = secrets.token_urlsafe(32)
    redis = aioredis.from_url(REDIS_URL, decode_responses=True)
    await redis.set(f"shebao:ops_session:{token}", json.dumps(
        {"operator_id": operator_id, "csrf": "bench", "password": _fingerprint(hashed)}), ex=7200)
    await redis.aclose()
    return {"Cookie": f"shebao_ops={token}"}


async def run(args: argparse.Namespace) -> None:
    db_url = await fresh_database()
    env = {"SHEBAO_DATABASE_URL": db_url, "SHEBAO_REDIS_URL": REDIS_URL, "SHEBAO_PORT": str(PORTS["service"]),
           "SHEBAO_SANDBOX_PORT": str(PORTS["sandbox"]), "SHEBAO_WECHAT_KEYS_DIR": "var/bench-keys",
           "SHEBAO_IN_PROCESS_WORKER": "false", "TZ": "Asia/Shanghai"}
    await migrate(env)
    await seed(db_url, args.payments, 5000)
    counts = await exceptions(db_url, args.payments)
    cookie = await operator_session(db_url)
    logs = ROOT / "var" / "bench"
    procs = [start([sys.executable, "-m", "bench.hello_app", str(PORTS["hello"])], env, logs / "hello.log"),
             start([sys.executable, "-m", "app", "serve"], env, logs / "service.log")]
    hello, service = f"http://127.0.0.1:{PORTS['hello']}", f"http://127.0.0.1:{PORTS['service']}"
    pages = {
        "GET /dashboard/ (overview, plots)": "/dashboard/",
        "GET /dashboard/refunds (failed, page 1)": "/dashboard/refunds?state=failed",
        "GET /dashboard/overdue": "/dashboard/overdue",
        "GET /dashboard/overdue?scope=unposted": "/dashboard/overdue?scope=unposted",
        "GET /dashboard/differences": "/dashboard/differences",
        "GET /dashboard/payments/{id} (timeline)": "/dashboard/payments/4000",
        "GET /dashboard/search?q=out_trade_no": f"/dashboard/search?q=SBP{3999:020d}",
    }
    try:
        await wait_ready(f"{hello}/hello", procs[0])
        await wait_ready(f"{service}/healthz", procs[1])

        async def op_hello(conn: Connection, i: int) -> None:
            assert (await conn.request("GET", "/hello"))[0] == 200

        def op_page(path: str):  # type: ignore[no-untyped-def]
            async def op(conn: Connection, i: int) -> None:
                status, _ = await conn.request("GET", path, headers=cookie)
                assert status in (200, 303), (path, status)
            return op

        await measure(hello, 300, args.concurrency, op_hello)
        results = {"hello (bare Sanic)": await measure(hello, args.requests, args.concurrency, op_hello)}
        for name, path in pages.items():
            await measure(service, 20, args.concurrency, op_page(path))  # warm
            results[name] = await measure(service, args.requests, args.concurrency, op_page(path))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    print_table(f"PostgreSQL + Redis, {args.payments} payments ({counts}), {args.concurrency} keep-alive "
                "connections, one signed-in approver", results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
