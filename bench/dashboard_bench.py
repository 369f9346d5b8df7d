"""The operations dashboard's pages over 100,000 payments with their exceptions in PostgreSQL
(+ Redis sessions), each as a ratio to a bare Sanic endpoint measured in the same run.

    python -m bench.dashboard_bench [--payments 100000] [--requests 600] [--concurrency 8] [--exports 3]

Seeds the query bench's payments (COPY), then turns some of them into what the dashboard is for:
shares not posted (some past their refund day), failed and succeeded refunds, reconciliation
differences and flagged notifications; an operator's session is written to Redis as sign-in does.

Then the lists with filters (region, channel, amounts, dates, sort) beside the same lists without,
and the export of every payment (a 100,000-row search by date) as CSV and as Excel: its time as a
ratio to PostgreSQL's own COPY of the same rows to CSV in the same run (the floor), its rows per
second, and the service's peak resident memory (VmHWM of its processes) before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import secrets
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
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


def peak_rss_mb(session: int) -> float:
    """The largest peak resident set (VmHWM) among the processes of a server's session (Sanic's
    main process and its worker)."""
    best = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return best / 1024


EXPORT_SQL = ("SELECT out_trade_no, region, channel, amount_fen / 100.0, state, created_at, paid_at FROM payments "
              "ORDER BY created_at DESC, id DESC")


async def copy_floor(db_url: str) -> tuple[float, int]:
    """PostgreSQL's own COPY of the export's rows to CSV: the floor an export is measured against."""
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        out = io.BytesIO()
        t0 = time.perf_counter()
        await conn.copy_from_query(EXPORT_SQL, output=out, format="csv")
        return time.perf_counter() - t0, out.getvalue().count(b"\n")
    finally:
        await conn.close()


async def export_once(service: str, path: str, cookie: dict[str, str]) -> tuple[float, int, bytes]:
    """One export downloaded as it streams: seconds, bytes, and the first bytes (to count rows of a CSV)."""
    size, head = 0, b""
    lines = 0
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=service, timeout=600) as http, http.stream("GET", path,
                                                                                      headers=cookie) as r:
        assert r.status_code == 200, (path, r.status_code)
        async for piece in r.aiter_bytes():
            size += len(piece)
            lines += piece.count(b"\n")
            head = head or piece[:200]
    return time.perf_counter() - t0, size, head if path.endswith("xlsx") else str(lines - 1).encode()


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
        "  refunds, all states": "/dashboard/refunds?state=all",
        "  refunds, all + region, channel, amount, sort": "/dashboard/refunds?state=all&region=hubei"
                                                          "&channel=wechat_pay&min=100&max=2000&sort=amount&dir=asc",
        "  refunds, all + dates, sort by amount, page 50": "/dashboard/refunds?state=all&from=2000-01-01"
                                                           "&to=2100-12-31&sort=amount&page=50",
        "  overdue, unposted + region, amount": "/dashboard/overdue?scope=unposted&region=hubei&min=100",
        "  differences + channel, dates, sort": "/dashboard/differences?channel=wechat_pay&from=2000-01-01"
                                                "&sort=amount&dir=asc",
        "  search: every payment by date, sorted": "/dashboard/search?from=2000-01-01&sort=amount&dir=asc",
        "  search: region + amount range": "/dashboard/search?region=hubei&min=100&max=500",
        "  audit + dates": "/dashboard/audit?from=2000-01-01&to=2100-12-31",
    }
    exports = {"CSV": "/dashboard/export/search?from=2000-01-01&format=csv",
               "Excel": "/dashboard/export/search?from=2000-01-01&format=xlsx"}
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
        rss_before = peak_rss_mb(procs[1].pid)
        floor = min([await copy_floor(db_url) for _ in range(args.exports)])
        exported: dict[str, list[tuple[float, int, bytes]]] = {}
        for kind, path in exports.items():
            for _ in range(args.exports):
                try:
                    exported.setdefault(kind, []).append(await export_once(service, path, cookie))
                except (httpx.HTTPError, AssertionError) as exc:  # reported, and the other figures kept
                    print(f"export {kind} failed: {exc!r}", file=sys.stderr)
        rss_after = peak_rss_mb(procs[1].pid)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    print_table(f"PostgreSQL + Redis, {args.payments} payments ({counts}), {args.concurrency} keep-alive "
                "connections, one signed-in approver (indented: the lists with filters)", results)
    print(f"\nExport of every payment (search from=2000-01-01), best of {args.exports}; floor: PostgreSQL COPY of "
          f"the same {floor[1]} rows to CSV, {floor[0]:.2f} s")
    print(f"{'export':10} {'seconds':>10} {'rows/s':>10} {'MB':>8} {'÷ COPY':>8}  rows")
    for kind, runs in exported.items():
        seconds, size, rows = min(runs)
        print(f"{kind:10} {seconds:10.2f} {floor[1] / seconds:10.0f} {size / 2**20:8.1f} {seconds / floor[0]:8.1f}  "
              f"{rows.decode(errors='replace') if kind == 'CSV' else 'xlsx'}")
    print(f"service peak RSS (VmHWM): {rss_before:.0f} MB after the pages, {rss_after:.0f} MB after the exports "
          f"(+{rss_after - rss_before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--exports", type=int, default=3)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
