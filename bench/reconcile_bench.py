"""日切对账 of a day with N debits on PostgreSQL, as a ratio to a plain COPY of the same statement.

    python -m bench.reconcile_bench [--lines 1000000]

Seeds a fresh database (migrated with the real migrations) with N paid payments, their shares
(posted) and declarations, and some succeeded refunds (COPY); writes the day's statement in
WeChat's format (the sandbox renderer's rows, written faster) and upstream's postings of the day,
with nine planted differences; then in the same run times (a) a plain COPY of the statement's rows
into a table and (b) `reconcile` of that statement (given directly, no download), and prints both,
their ratio, the differences found (which must be exactly the planted ones) and the peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import io
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from app.context import SHANGHAI
from app.upstream.interfaces import PostingRecord
from bench.http_bench import ADMIN_URL, ROOT
from payment_channels import interfaces as ch
from sandboxes.upstream.sandbox import SandboxUpstream
from sandboxes.wechat_pay.bill import HEADER, SUMMARY_HEADER, BillLine, render_trade_bill

DAY = date(2026, 11, 29)
APPID, MCHID, OPENID = "wxd930ea5d5a258f4f", "1900000109", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
DESCRIPTION = "贵州灵活就业人员基本养老保险202611-202611"
USERS = 200
STATEMENT = ROOT / "var" / "bench" / "reconcile_statement.csv"
DATABASE = "shebao_reconcile_bench"  # its own: http_bench and query_bench recreate "shebao_bench"


async def fresh_database(drop_only: bool = False) -> str:
    """A new empty database (as bench.http_bench.fresh_database makes its own)."""
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            await conn.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await conn.close()
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{DATABASE}"


TRADE_PREFIX, REFUND_PREFIX = f"SBP{DAY:%Y%m%d}120000", f"SBR{DAY:%Y%m%d}130000"
MIDNIGHT = datetime(DAY.year, DAY.month, DAY.day, tzinfo=SHANGHAI)
MOMENTS = [MIDNIGHT + timedelta(seconds=s) for s in range(86_000)]  # one object per second, shared


def out_trade_no(i: int) -> str:
    return f"{TRADE_PREFIX}{i:010X}"  # our format (27 characters); sorts in the order of i


def out_refund_no(i: int) -> str:
    return f"{REFUND_PREFIX}{i:010X}"


def amount(i: int) -> int:
    return 10_000 + (i % 997) * 100


def moment(i: int, n: int) -> datetime:
    return MOMENTS[i * 86_000 // max(n, 1)]


@dataclass
class Plan:
    """Which rows are what: the seeded day, and the nine planted differences (kind, ident)."""

    n: int
    refunded: list[int] = field(default_factory=list)  # payments with a succeeded refund of their share
    awaiting: int = 0  # debited at the channel, we never heard: auto-resolved by asking
    unlisted: int = 0  # paid here, not on the statement; the channel no longer knows it
    wrong_amount: int = 0  # the statement's amount is one fen more
    doubled_refund: int = 0  # its refund appears twice on the statement
    unlisted_refund: int = 0  # refunded here, not on the statement; the channel does not know it
    foreign_refund_on: int = 0  # a refund of someone else's number on this order
    not_upstream: int = 0  # posted here, missing from upstream's list

    @classmethod
    def for_lines(cls, n: int) -> Plan:
        plan = cls(n, refunded=list(range(7, n, 100)))  # one in a hundred: its share refused and refunded
        plan.awaiting, plan.unlisted, plan.wrong_amount, plan.not_upstream, plan.foreign_refund_on = (
            n // 2 + 1, n // 3 + 1, n // 5 + 1, n // 7 + 1, n // 11 + 1)
        plan.doubled_refund, plan.unlisted_refund = plan.refunded[len(plan.refunded) // 2], plan.refunded[-1]
        return plan

    def expected(self) -> set[tuple[str, str]]:
        return {
            ("paid_unknown_here", "SBPELSEWHERE000000000000001"),
            ("paid_unknown_here", out_trade_no(self.awaiting)),
            ("paid_not_at_channel", out_trade_no(self.unlisted)),
            ("amount_mismatch", out_trade_no(self.wrong_amount)),
            ("refund_unknown_here", "SBRELSEWHERE000000000000001"),
            ("refund_not_at_channel", out_refund_no(self.unlisted_refund)),
            ("refunded_twice", out_refund_no(self.doubled_refund)),
            ("posted_without_money", "SBPELSEWHERE00000000000000101"),
            ("not_posted_upstream", out_trade_no(self.not_upstream) + "01"),
        }


# ---- the database ----

async def seed(db_url: str, plan: Plan) -> None:
    from app.crypto import Sealer
    from bench.query_bench import _people
    from config.settings import DEMO_SECRET_KEY

    sealer = Sealer(DEMO_SECRET_KEY)
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    now = datetime.now(UTC)
    users = [(i + 1, f"openid-{i}", "guizhou", "resident_id_card", sealer.seal(number),
              sealer.blind_index(f"resident_id_card:{number}"), number[:6] + "********" + number[-4:], name, now, now,
              now, "upstream") for i, (number, name) in enumerate(_people(USERS))]
    await conn.copy_records_to_table("users", records=users, columns=[
        "id", "openid", "region", "id_type", "id_number_sealed", "id_number_index", "id_number_masked", "name",
        "bound_at", "created_at", "verified_at", "verified_by"])
    refunded = set(plan.refunded)
    await _copy(conn, "payments", _payments(plan), [
        "id", "out_trade_no", "region", "channel", "amount_fen", "description", "state", "payer_ref", "prepay_id",
        "transaction_id", "paid_amount_fen", "paid_at", "created_at", "updated_at", "user_id"])
    await _copy(conn, "declarations", _declarations(plan, users, refunded), [
        "id", "declaration_no", "region", "relation", "payer_id_type", "payer_id_number_sealed", "payer_id_index",
        "payer_id_masked", "payer_name", "insurance_type", "payment_kind", "grade", "period_start", "period_end",
        "assessment_no", "agency", "amount_due_fen", "lines", "state", "paid", "created_at", "updated_at", "user_id",
        "current_payment_id"])
    await _copy(conn, "payment_items", _items(plan, refunded), [
        "id", "amount_fen", "posting_no", "posting_state", "posting_attempts", "posted_at", "created_at",
        "updated_at", "declaration_id", "payment_id"])
    refunds = [(k + 1, out_refund_no(i), i + 1, i + 1, "wechat_pay", amount(i), "posting_refused", "到账确认失败退费",
                "succeeded", f"50{i:030d}", moment(i, plan.n), moment(i, plan.n), moment(i, plan.n) + timedelta(
                    seconds=30)) for k, i in enumerate(plan.refunded)]
    await conn.copy_records_to_table("refunds", records=refunds, columns=[
        "id", "out_refund_no", "payment_id", "payment_item_id", "channel", "amount_fen", "reason_code", "reason",
        "state", "refund_id", "created_at", "updated_at", "succeeded_at"])
    for table in ("users", "payments", "declarations", "payment_items", "refunds"):
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    await conn.execute("VACUUM ANALYZE")
    await conn.close()


async def _copy(conn: Any, table: str, rows: Any, columns: list[str], batch: int = 100_000) -> None:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            await conn.copy_records_to_table(table, records=chunk, columns=columns)
            chunk = []
    if chunk:
        await conn.copy_records_to_table(table, records=chunk, columns=columns)


def _payments(plan: Plan) -> Any:
    for i in range(plan.n):
        paid = i != plan.awaiting
        at = moment(i, plan.n)
        yield (i + 1, out_trade_no(i), "guizhou", "wechat_pay", amount(i), DESCRIPTION,
               "paid" if paid else "awaiting_payment", f"openid-{i % USERS}", f"wx{i:030d}",
               f"4200{i:024d}" if paid else None, amount(i) if paid else None, at if paid else None, at, at,
               i % USERS + 1)


def _declarations(plan: Plan, users: list[tuple[Any, ...]], refunded: set[int]) -> Any:
    for i in range(plan.n):
        user = users[i % USERS]
        state, paid = ("voided", False) if i in refunded else ("processing", False) if i == plan.awaiting else (
            "declared", True)
        at = moment(i, plan.n)
        period = f"2026{1 + i % 12:02d}"
        yield (i + 1, f"SB{i:014d}", "guizhou", "self_pay", "resident_id_card", user[4], user[5], user[6], user[7],
               "flexible_pension", "normal", "p60", period, period, f"HD{i:012d}", "贵阳市南明区社会保险事业局",
               amount(i), "[]", state, paid, at, at, user[0], None if i in refunded else i + 1)


def _items(plan: Plan, refunded: set[int]) -> Any:
    for i in range(plan.n):
        state = "failed" if i in refunded else "not_posted" if i == plan.awaiting else "posted"
        at = moment(i, plan.n)
        yield (i + 1, amount(i), out_trade_no(i) + "01", state, 1, at if state == "posted" else None, at, at, i + 1,
               i + 1)


# ---- the channel's statement, and upstream's postings ----

def _debit_row(no: str, txn: str, fen: int, at: str) -> str:
    yuan = f"{fen // 100}.{fen % 100:02d}"
    fee = (fen * 6 + 500) // 1000
    return (f"`{at},`{APPID},`{MCHID},`0,`,`{txn},`{no},`{OPENID},`JSAPI,`SUCCESS,`OTHERS,`CNY,`{yuan},`0.00,`0,`0,"
            f"`0.00,`0.00,`,`,`{DESCRIPTION},`,`{fee / 100:.5f},`0.60%,`{yuan},`0.00,`")


def _refund_row(no: str, txn: str, total: int, refund_no: str, refund_id: str, fen: int, at: str) -> str:
    yuan, back = f"{total // 100}.{total % 100:02d}", f"{fen // 100}.{fen % 100:02d}"
    fee = -((fen * 6 + 500) // 1000)
    return (f"`{at},`{APPID},`{MCHID},`0,`,`{txn},`{no},`{OPENID},`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,"
            f"`{refund_id},`{refund_no},`{back},`0.00,`ORIGINAL,`SUCCESS,`{DESCRIPTION},`,`{fee / 100:.5f},`0.60%,"
            f"`{yuan},`{back},`")


def _stamp(i: int, n: int) -> str:
    return moment(i, n).strftime("%Y-%m-%d %H:%M:%S")


def check_format() -> None:
    """The fast rows are the sandbox renderer's rows, character for character."""
    debit = BillLine(_stamp(3, 10), APPID, MCHID, "42001", "SBPX", OPENID, "SUCCESS", 12_345, DESCRIPTION)
    refund = BillLine(_stamp(4, 10), APPID, MCHID, "42001", "SBPX", OPENID, "REFUND", 12_345, DESCRIPTION, "",
                      "50ab", "SBRX", 2_345, "SUCCESS")
    rendered = render_trade_bill([debit, refund]).split("\r\n")
    assert rendered[1] == _debit_row("SBPX", "42001", 12_345, _stamp(3, 10)), rendered[1]
    assert rendered[2] == _refund_row("SBPX", "42001", 12_345, "SBRX", "50ab", 2_345, _stamp(4, 10)), rendered[2]


def write_statement(plan: Plan, path: Path) -> int:
    """The day's statement with the planted differences; returns its number of data rows."""
    n, rows, settled, refunded_fen = plan.n, 0, 0, 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        batch: list[str] = []

        def put(row: str) -> None:
            batch.append(row)
            if len(batch) >= 50_000:
                out.write("\r\n".join(batch) + "\r\n")
                batch.clear()

        for i in range(n):
            if i == plan.unlisted:
                continue
            fen = amount(i) + (1 if i == plan.wrong_amount else 0)
            put(_debit_row(out_trade_no(i), f"4200{i:024d}", fen, _stamp(i, n)))
            rows, settled = rows + 1, settled + fen
        put(_debit_row("SBPELSEWHERE000000000000001", "4200" + "9" * 24, 4_200, _stamp(n // 4, n)))
        rows, settled = rows + 1, settled + 4_200
        refunds = [(i, out_refund_no(i), amount(i)) for i in plan.refunded if i != plan.unlisted_refund]
        refunds += [(plan.doubled_refund, out_refund_no(plan.doubled_refund), amount(plan.doubled_refund)),
                    (plan.foreign_refund_on, "SBRELSEWHERE000000000000001", 100)]
        for i, refund_no, fen in refunds:
            put(_refund_row(out_trade_no(i), f"4200{i:024d}", amount(i), refund_no, f"50{i:030d}", fen,
                            _stamp(i, n)))
            rows, refunded_fen = rows + 1, refunded_fen + fen
        out.write("\r\n".join(batch) + ("\r\n" if batch else ""))
        yuan, back = f"{settled // 100}.{settled % 100:02d}", f"{refunded_fen // 100}.{refunded_fen % 100:02d}"
        out.write(SUMMARY_HEADER + "\r\n" + f"`{rows},`{yuan},`{back},`0.00,`0.00000,`{yuan},`{back}" + "\r\n")
    return rows


class _Keys:
    """The posting numbers of some seeded shares, as a sequence (for bisect), without a list."""

    def __init__(self, indexes: list[int]) -> None:
        self.indexes = indexes

    def __len__(self) -> int:
        return len(self.indexes)

    def __getitem__(self, k: int) -> str:
        return out_trade_no(self.indexes[k]) + "01"


class BenchUpstream(SandboxUpstream):
    """Upstream's postings of the day for the seeded shares, generated a page at a time (keyset
    paging by posting_no, as the port says), and one posting that is none of ours."""

    FOREIGN = "SBPELSEWHERE00000000000000101"  # sorts after every "SBP2026…" number

    def __init__(self, profiles: Any, plan: Plan) -> None:
        super().__init__(profiles)
        skip = {plan.not_upstream, plan.awaiting, *plan.refunded}
        self.indexes = [i for i in range(plan.n) if i not in skip]
        self.n = plan.n

    async def list_postings(self, day: date, after: str | None = None, limit: int = 10_000) -> list[PostingRecord]:
        self.calls["list_postings"] += 1
        start = 0 if after is None else bisect.bisect_right(_Keys(self.indexes), after)  # type: ignore[call-overload]
        n, region, kind, channel = self.n, "guizhou", "flexible_pension", "wechat_pay"
        page = [PostingRecord(f"{TRADE_PREFIX}{i:010X}01", f"HD{i:012d}", region, kind, 10_000 + (i % 997) * 100,
                              channel, f"4200{i:024d}", MOMENTS[i * 86_000 // n])
                for i in self.indexes[start:start + limit]]
        if len(page) < limit and (after is None or after < self.FOREIGN):
            page.append(PostingRecord(self.FOREIGN, "HD-ELSEWHERE", "guizhou", "flexible_pension", 7_800,
                                      "wechat_pay", "4200" + "8" * 24, moment(self.n // 4, self.n)))
        return page


class BenchChannel:
    """The channel port for the bench: answers the queries the planted differences lead to."""

    name = "wechat_pay"

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.queries: list[str] = []

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query_order(self, out_trade_no_: str) -> ch.TradeStatus:
        self.queries.append(out_trade_no_)
        if out_trade_no_ == out_trade_no(self.plan.awaiting):
            i = self.plan.awaiting
            return ch.TradeStatus(out_trade_no_, ch.TradeState.PAID, "SUCCESS", f"4200{i:024d}", amount(i),
                                  amount(i), MCHID, APPID, moment(i, self.plan.n))
        return ch.TradeStatus(out_trade_no_, ch.TradeState.NOT_FOUND, "ORDER_NOT_EXIST")

    async def query_refund(self, out_refund_no_: str) -> ch.RefundStatus:
        self.queries.append(out_refund_no_)
        return ch.RefundStatus(out_refund_no_, ch.RefundState.NOT_FOUND, "RESOURCE_NOT_EXISTS")

    async def refund(self, request: ch.RefundRequest) -> ch.RefundStatus:
        return ch.RefundStatus(request.out_refund_no, ch.RefundState.PROCESSING, "PROCESSING")

    async def download_trade_bill(self, bill_date: date) -> str:
        raise ch.ChannelUnavailable("the bench gives the statement directly")

    async def create_order(self, request: ch.OrderRequest) -> ch.OrderResult:
        raise ch.ChannelUnavailable("not in the bench")

    async def client_params(self, prepay_id: str) -> dict[str, str]:
        raise ch.ChannelUnavailable("not in the bench")

    async def close_order(self, out_trade_no_: str) -> None:
        raise ch.ChannelUnavailable("not in the bench")

    async def parse_notification(self, headers: Any, body: bytes, now: datetime | None = None) -> Any:
        raise ch.NotificationRejected("malformed", "not in the bench")


# ---- the run ----

class Stages:
    """Seconds spent in each stage of `reconcile` (from its progress calls)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.current = ""
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if stage != self.current:
            if self.current:
                self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.started
            self.current, self.started = stage, now

    def close(self) -> dict[str, float]:
        self("", 0, None)
        return self.seconds


def reset_peak_rss() -> bool:
    """Start a new VmHWM (Linux): the peak of what follows, not of the seeding."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_mb(field: str = "VmHWM") -> float:
    """The peak (VmHWM) or current (VmRSS) resident size, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def plain_copy(db_url: str, content: bytes) -> float:
    """(a) The floor: PostgreSQL's own COPY of the same statement rows (text columns), timed."""
    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        width = HEADER.count(",") + 1
        await conn.execute("CREATE TEMP TABLE plain_copy (" + ", ".join(f"c{k} text" for k in range(width)) + ")")
        rows = io.BytesIO(content[content.index(b"\n") + 1:content.index(SUMMARY_HEADER.encode())])
        started = time.perf_counter()
        await conn.copy_to_table("plain_copy", source=rows, format="text", delimiter=",")
        return time.perf_counter() - started
    finally:
        await conn.close()


async def run(lines: int) -> int:
    from app import db
    from app.bootstrap import build_services, close_services
    from app.reconciliation.models import ReconciliationDifference
    from app.reconciliation.services import reconcile
    from config.regions import load_region_profiles
    from config.settings import load_settings

    plan = Plan.for_lines(lines)
    check_format()
    db_url = await fresh_database()
    settings = load_settings(env={}, database_url=db_url, redis_url="", in_process_worker=False)
    await db.migrate(settings)
    started = time.perf_counter()
    await seed(db_url, plan)
    rows = write_statement(plan, STATEMENT)
    content = STATEMENT.read_bytes()
    STATEMENT.unlink()  # a few hundred MB: the bytes in memory are what is reconciled
    print(f"seeded {lines:,} payments, {len(plan.refunded):,} refunds; statement {rows:,} rows, "
          f"{len(content) / 1e6:.0f} MB, in {time.perf_counter() - started:.0f} s", flush=True)

    copy_s = await plain_copy(db_url, content)
    await db.connect(settings)
    upstream = BenchUpstream(load_region_profiles(Path(settings.regions_dir)), plan)
    fake_s = await fake_pages_seconds(upstream)
    services = await build_services(settings, upstream=upstream, channels={"wechat_pay": BenchChannel(plan)})
    try:
        measured = reset_peak_rss()
        before = rss_mb("VmRSS")  # the statement's bytes (held by the caller) and the rest of the process
        stages = Stages()
        started = time.perf_counter()
        result = await reconcile(services, "wechat_pay", DAY, stages, statement_text=content)
        reconcile_s = time.perf_counter() - started
        peak = rss_mb()
        found = await ReconciliationDifference.filter(run_id=result.id).order_by("kind").values_list(
            "kind", "out_refund_no", "posting_no", "out_trade_no", "state")
    finally:
        await close_services(services)
        await db.disconnect()
        await fresh_database(drop_only=True)
    got = {(str(getattr(k, "value", k)), r or p or t) for k, r, p, t, _ in found}
    report(lines, rows, copy_s, reconcile_s, stages.close(), result, found, got == plan.expected(),
           (peak, before, len(content) / 2**20) if measured else (peak, 0.0, len(content) / 2**20), fake_s)
    return 0 if got == plan.expected() and result.state.value == "done" else 1


async def fake_pages_seconds(upstream: BenchUpstream) -> float:
    """What the fake upstream itself spends making its pages (inside (b) too): not ours to speed up."""
    started, after = time.perf_counter(), None
    while True:
        page = await upstream.list_postings(DAY, after, 10_000)
        if len(page) < 10_000:
            return time.perf_counter() - started
        after = page[-1].posting_no


def report(lines: int, rows: int, copy_s: float, reconcile_s: float, stages: dict[str, float], result: Any,
           found: list[Any], exact: bool, memory: tuple[float, float, float], fake_s: float) -> None:
    print(f"\n日切对账 of {rows:,} statement rows ({lines:,} debits and their refunds) on PostgreSQL")
    print(f"{'':44}{'seconds':>10}{'ratio':>8}")
    print(f"{'(a) plain COPY of the statement rows':44}{copy_s:10.2f}{1:8.2f}")
    print(f"{'(b) reconcile (parse, COPY, compare, resolve)':44}{reconcile_s:10.2f}{reconcile_s / copy_s:8.2f}")
    for stage, seconds in stages.items():
        print(f"{'      ' + stage:44}{seconds:10.2f}")
    print(f"{'      (of it, the fake upstream making pages)':44}{fake_s:10.2f}")
    print(f"run #{result.id} {result.state.value}: lines {result.statement_lines:,}, matched {result.matched:,}, "
          f"differences {result.differences}, auto-resolved {result.auto_resolved}")
    print(f"\n{'kind':24}{'number':32}{'state':>14}")
    for kind, refund_no, posting_no, trade_no, state in found:
        print(f"{str(getattr(kind, 'value', kind)):24}{refund_no or posting_no or trade_no:32}"
              f"{str(getattr(state, 'value', state)):>14}")
    print(f"differences found {'are exactly' if exact else 'are NOT'} the {9} planted ones")
    peak, before, statement = memory
    if before:
        print(f"peak RSS during reconcile: {peak:,.0f} MB (before it: {before:,.0f} MB, of which the statement's "
              f"bytes {statement:,.0f} MB; reconcile's own: {peak - before:,.0f} MB)")
    else:
        print(f"peak RSS of the process: {peak:,.0f} MB")
    print(f"target reconcile <= 30 s: {'met' if reconcile_s <= 30 else 'NOT met'} ({reconcile_s:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=1_000_000, help="debits on the statement (default 1,000,000)")
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.lines)))


if __name__ == "__main__":
    main()
