"""The comparison of 日切对账, set-wise in SQL: the day's statement and upstream's postings go into
temporary tables on one connection, and a few joins with payments, refunds and payment_items name
every difference. Nothing here changes our records; `services.reconcile` writes and resolves.

Each side is joined with *our rows of the same day* (payments paid, refunds succeeded, shares
posted that day: indexed ranges, so the cost follows the day, not the table), in one full join
per side; what is left unmatched is then looked up by its number (unique indexes), since it may
be ours of another day, or not paid, or not posted. PostgreSQL: one pooled asyncpg connection
is held for the run (temporary tables live in its session), filled by one streaming binary COPY
per table while the text is still being parsed. SQLite: the connection Tortoise shares,
executemany.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from typing import Any

from tortoise import Tortoise

from app.clock import SHANGHAI
from app.reconciliation import verdicts as v
from app.reconciliation.bills import Statement
from app.reconciliation.verdicts import Found
from app.upstream import PostingRecord

Progress = Callable[[str, int, "int | None"], None]
SQLITE_BATCH = 5_000
WORK_MEM = "256MB"  # hash joins of a million rows in memory, for this connection only
STATEMENT_COLUMNS = ("line_no", "out_trade_no", "transaction_id", "trade_state", "total_fen", "out_refund_no",
                     "channel_refund_id", "refund_fen", "refund_status", "traded_at")
POSTING_COLUMNS = ("posting_no", "assessment_no", "region", "insurance_type", "amount_fen", "channel",
                   "channel_transaction_id", "posted_at")
PAYMENT_COLUMNS = "id, out_trade_no, state, amount_fen, paid_amount_fen, transaction_id, paid_at"


class Workspace:
    """The temporary tables of one run and the queries over them. Use as `async with`."""

    def __init__(self, run_id: int, channel: str, day: date) -> None:
        self.client = Tortoise.get_connection("default")
        self.postgres = self.client.capabilities.dialect == "postgres"
        suffix = "" if self.postgres else f"_{run_id}"  # SQLite: one connection shared by all
        self.stmt, self.ups = f"recon_statement{suffix}", f"recon_postings{suffix}"
        self.refunds = f"recon_refunds{suffix}"  # the statement's refund rows: a few of its million
        self.channel = channel
        start = datetime.combine(day, time(0), SHANGHAI)
        end = start + timedelta(days=1)
        self._day: tuple[Any, Any] = (start, end) if self.postgres else (start.isoformat(" "), end.isoformat(" "))
        self._stack = AsyncExitStack()
        self._raw: Any = None  # the asyncpg connection held for the run

    async def __aenter__(self) -> Workspace:
        if self.postgres:
            self._raw = await self._stack.enter_async_context(self.client.acquire_connection())
        try:
            if self.postgres:
                await self._execute(f"SET work_mem = '{WORK_MEM}'")
                await self._execute("SET jit = off")  # compiling these plans costs more than it saves
            await self._drop()
            await self._execute(
                f"CREATE TEMP TABLE {self.stmt} (line_no integer, out_trade_no text, transaction_id text, "
                "trade_state text, total_fen bigint, out_refund_no text, channel_refund_id text, "
                "refund_fen bigint, refund_status text, traded_at text)")
            await self._execute(
                f"CREATE TEMP TABLE {self.ups} (posting_no text, assessment_no text, region text, "
                "insurance_type text, amount_fen bigint, channel text, channel_transaction_id text, "
                f"posted_at {'timestamptz' if self.postgres else 'text'})")
        except BaseException:
            await self._stack.aclose()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self._drop()
            if self.postgres:  # the connection goes back to the pool as it came
                await self._execute("RESET work_mem")
                await self._execute("RESET jit")
        finally:
            await self._stack.aclose()

    async def _drop(self) -> None:
        for table in (self.stmt, self.refunds, self.ups):
            await self._execute(f"DROP TABLE IF EXISTS {'pg_temp' if self.postgres else 'temp'}.{table}")

    async def _execute(self, sql: str, *args: Any) -> None:
        if self._raw is not None:
            await self._raw.execute(sql, *args)
        else:
            await self.client.execute_query(sql.replace("$", "?"), list(args))

    async def _fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        if self._raw is not None:
            return [dict(row) for row in await self._raw.fetch(sql, *args)]
        return list(await self.client.execute_query_dict(sql.replace("$", "?"), list(args)))

    async def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        for start in range(0, len(rows), SQLITE_BATCH):
            await self.client.execute_many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                           [list(row) for row in rows[start:start + SQLITE_BATCH]])

    async def _analyzed(self, table: str, *indexed: str) -> None:
        if self.postgres:  # autovacuum never analyzes temporary tables: without it, nested loops
            await self._execute(f"ANALYZE {table}")
        else:
            for column in indexed:
                await self._execute(f"CREATE INDEX temp.{table}_{column} ON {table} ({column})")

    def _in_day(self, column: str, first: int = 2) -> str:
        a, b = f"${first}", f"${first + 1}"
        if self.postgres:
            return f"{column} >= {a} AND {column} < {b}"
        return f"julianday({column}) >= julianday({a}) AND julianday({column}) < julianday({b})"

    def _full_join(self, columns: str, left: str, right: str, on: str, left_key: str, where: str) -> str:
        """`left` FULL JOIN `right` keeping the rows `where` says (SQLite before 3.39 has no
        FULL JOIN: a left join and the right's unmatched rows)."""
        if self.postgres:
            return f"SELECT {columns} FROM ({left}) l FULL JOIN ({right}) r ON {on} WHERE {where}"
        return (f"SELECT {columns} FROM ({left}) l LEFT JOIN ({right}) r ON {on} WHERE {where} UNION ALL "
                f"SELECT {columns} FROM ({right}) r LEFT JOIN ({left}) l ON {on} WHERE {left_key} IS NULL")

    async def _by_numbers(self, sql: str, numbers: Sequence[Any], *args: Any, kind: str = "text"
                          ) -> list[dict[str, Any]]:
        """`sql` with `{in_numbers}` after a column: those of `numbers` (by the column's index)."""
        if not numbers:
            return []
        if self.postgres:
            clause = f"= ANY(${len(args) + 1}::{kind}[])"
            return await self._fetch(sql.format(in_numbers=clause), *args, list(numbers))
        found: list[dict[str, Any]] = []
        for start in range(0, len(numbers), 500):
            part = list(numbers[start:start + 500])
            marks = ", ".join(f"${i}" for i in range(len(args) + 1, len(args) + len(part) + 1))
            found += await self._fetch(sql.format(in_numbers=f"IN ({marks})"), *args, *part)
        return found

    # ---- loading ----

    async def load_statement(self, statement: Statement, progress: Progress | None = None) -> int:
        """COPY every row while parsing; StatementError (from the parser) aborts the COPY."""
        text = statement.text
        total = max(text.count(b"\n" if isinstance(text, bytes) else "\n") - 3, 0)  # type: ignore[arg-type]
        done = 0

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal done
            for block in statement.records():
                yield from block
                done += len(block)
                if progress:
                    progress("read", done, max(total, done))

        if self.postgres:
            await self._raw.copy_records_to_table(self.stmt, records=rows(), columns=list(STATEMENT_COLUMNS))
        else:
            await self._insert(self.stmt, STATEMENT_COLUMNS, list(rows()))
        await self._execute(f"CREATE TEMP TABLE {self.refunds} AS "
                            f"SELECT * FROM {self.stmt} WHERE trade_state = 'REFUND'")
        await self._analyzed(self.stmt, "out_trade_no")
        await self._analyzed(self.refunds, "out_refund_no", "out_trade_no")
        return done

    async def load_postings(self, pages: AsyncIterator[list[PostingRecord]], progress: Progress | None = None) -> int:
        """COPY upstream's postings of this channel as the pages come; returns how many."""
        done = 0

        async def rows() -> AsyncIterator[tuple[Any, ...]]:
            nonlocal done
            fields = attrgetter(*POSTING_COLUMNS)
            async for page in pages:
                for r in page:
                    if r.channel == self.channel:
                        done += 1
                        yield fields(r)
                if progress:
                    progress("postings", done, None)

        if self.postgres:
            await self._raw.copy_records_to_table(self.ups, records=rows(), columns=list(POSTING_COLUMNS))
        else:
            await self._insert(self.ups, POSTING_COLUMNS, [row async for row in rows()])
        await self._analyzed(self.ups, "posting_no")
        return done

    # ---- the statement against our payments and refunds ----

    async def compare_statement(self, debit_lines: int, refund_lines: int) -> v.Compared:
        debits = await self._debits()
        refunds = await self._refunds()
        matched = debit_lines + refund_lines - sum(f.lines for f in debits + refunds)
        found = debits + refunds + await self._over_refunded() + await self._refunds_not_listed()
        return v.Compared(found, matched)

    async def _debits(self) -> list[Found]:
        rows = await self._fetch(self._full_join(
            "l.line_no, l.out_trade_no, l.transaction_id AS listed_transaction_id, l.total_fen, "
            "r.id, r.no, r.state, r.amount_fen, r.paid_amount_fen, r.transaction_id, r.paid_at",
            f"SELECT line_no, out_trade_no, transaction_id, total_fen FROM {self.stmt} WHERE trade_state = 'SUCCESS'",
            "SELECT id, out_trade_no AS no, state, amount_fen, paid_amount_fen, transaction_id, paid_at FROM payments "
            f"WHERE channel = $1 AND state = 'paid' AND {self._in_day('paid_at')}",
            "r.no = l.out_trade_no", "l.out_trade_no",
            "l.out_trade_no IS NULL OR r.id IS NULL OR l.total_fen <> r.amount_fen "
            "OR l.total_fen <> COALESCE(r.paid_amount_fen, r.amount_fen)"), self.channel, *self._day)
        repeated = await self._fetch(f"SELECT out_trade_no FROM {self.stmt} WHERE trade_state = 'SUCCESS' "
                                     "GROUP BY out_trade_no HAVING COUNT(*) > 1")  # the key alone: lean
        twice = await self._by_numbers(f"""
            SELECT out_trade_no, COUNT(*) AS n, CAST(SUM(total_fen) AS BIGINT) AS fen, MIN(line_no) AS first_line,
                   MAX(line_no) AS last_line
            FROM {self.stmt} WHERE trade_state = 'SUCCESS' AND out_trade_no {{in_numbers}}
            GROUP BY out_trade_no""", [r["out_trade_no"] for r in repeated])
        listed, ours = v.listed_debits(rows, twice)
        unknown = [number for number in listed if number not in ours]
        for p in await self._by_numbers(f"SELECT {PAYMENT_COLUMNS} FROM payments WHERE channel = $1 "
                                        "AND out_trade_no {in_numbers}", unknown, self.channel):
            ours[p["out_trade_no"]] = p
        return v.debit_verdicts(listed, ours) + [v.paid_not_listed(r) for r in rows if r["line_no"] is None]

    async def _refunds(self) -> list[Found]:
        rows = await self._fetch(f"""
            WITH r AS (
                SELECT out_refund_no, COUNT(*) AS n, CAST(SUM(refund_fen) AS BIGINT) AS fen,
                       MIN(line_no) AS first_line, MAX(line_no) AS last_line, MIN(out_trade_no) AS out_trade_no,
                       MIN(channel_refund_id) AS channel_refund_id, MIN(traded_at) AS traded_at
                FROM {self.refunds} GROUP BY out_refund_no)
            SELECT r.*, f.id AS refund_id, f.state, f.amount_fen, f.payment_id, i.amount_fen AS share_fen,
                   p.out_trade_no AS our_out_trade_no
            FROM r LEFT JOIN refunds f ON f.out_refund_no = r.out_refund_no AND f.channel = $1
            LEFT JOIN payment_items i ON i.id = f.payment_item_id
            LEFT JOIN payments p ON p.id = f.payment_id
            WHERE f.id IS NULL OR f.state <> 'succeeded' OR r.n > 1 OR r.fen <> f.amount_fen
               OR p.out_trade_no <> r.out_trade_no""", self.channel)
        return [v.refund_verdict(r) for r in rows]

    async def _over_refunded(self) -> list[Found]:
        """Orders the channel paid back more of than was paid: this day's refunds (each refund
        number once) and our earlier ones the statement does not list."""
        rows = await self._fetch(f"""
            WITH listed AS (
                SELECT out_refund_no, MIN(out_trade_no) AS out_trade_no, MAX(refund_fen) AS fen,
                       MAX(total_fen) AS order_fen, MIN(line_no) AS line_no
                FROM {self.refunds} GROUP BY out_refund_no),
            r AS (
                SELECT out_trade_no, CAST(SUM(fen) AS BIGINT) AS fen, MAX(order_fen) AS order_fen,
                       MIN(line_no) AS first_line, MAX(line_no) AS last_line
                FROM listed GROUP BY out_trade_no),
            earlier AS (
                SELECT f.payment_id, CAST(SUM(f.amount_fen) AS BIGINT) AS fen
                FROM r JOIN payments p ON p.out_trade_no = r.out_trade_no AND p.channel = $1
                JOIN refunds f ON f.payment_id = p.id AND f.state = 'succeeded'
                WHERE NOT EXISTS (SELECT 1 FROM listed l WHERE l.out_refund_no = f.out_refund_no)
                GROUP BY f.payment_id)
            SELECT r.*, p.id AS payment_id, COALESCE(p.paid_amount_fen, p.amount_fen) AS paid_fen,
                   COALESCE(e.fen, 0) AS earlier_fen
            FROM r LEFT JOIN payments p ON p.out_trade_no = r.out_trade_no AND p.channel = $1
            LEFT JOIN earlier e ON e.payment_id = p.id
            WHERE r.fen + COALESCE(e.fen, 0) > COALESCE(p.paid_amount_fen, p.amount_fen, r.order_fen)""",
                                 self.channel)
        return [v.over_refunded(r) for r in rows]

    async def _refunds_not_listed(self) -> list[Found]:
        rows = await self._fetch(f"""
            SELECT f.id AS refund_id, f.out_refund_no, f.amount_fen, f.refund_id AS channel_refund_id,
                   f.succeeded_at, f.payment_id, p.out_trade_no, p.transaction_id
            FROM refunds f JOIN payments p ON p.id = f.payment_id
            WHERE f.channel = $1 AND f.state = 'succeeded' AND {self._in_day('f.succeeded_at')}
              AND NOT EXISTS (SELECT 1 FROM {self.refunds} s WHERE s.out_refund_no = f.out_refund_no)""",
                                 self.channel, *self._day)
        return [v.refund_not_listed(r) for r in rows]

    # ---- upstream's postings against our shares ----

    async def compare_postings(self, postings: int, listed_at: datetime | None = None) -> v.Compared:
        """Upstream's list against our POSTED shares of the day. A share posted after the list was
        asked for (`listed_at`: one this very run settled by asking the channel, posted by a worker
        meanwhile) is not judged missing: the next run, with a newer list, sees it."""
        rows = await self._fetch(self._full_join(
            "l.*, r.id AS item_id",
            f"SELECT * FROM {self.ups}",
            "SELECT id, posting_no AS no, amount_fen AS item_fen FROM payment_items "
            f"WHERE posting_state = 'posted' AND {self._in_day('posted_at', first=1)}",
            "r.no = l.posting_no", "l.posting_no",
            "l.posting_no IS NULL OR r.id IS NULL OR l.amount_fen <> r.item_fen"), *self._day)
        listed = [r for r in rows if r["posting_no"] is not None]
        missing = [r["item_id"] for r in rows if r["posting_no"] is None]
        ours = {r["posting_no"]: r for r in await self._by_numbers("""
            SELECT i.id AS item_id, i.posting_no, i.posting_state, i.amount_fen AS item_fen, i.posted_at,
                   i.posting_ref, i.payment_id, p.state AS payment_state, p.out_trade_no, p.transaction_id, p.channel
            FROM payment_items i JOIN payments p ON p.id = i.payment_id
            WHERE i.posting_no {in_numbers}""", [r["posting_no"] for r in listed])}
        verdicts = [v.posting_verdict(r, ours.get(r["posting_no"])) for r in listed]
        found = [f for f in verdicts if f is not None]
        unlisted = await self._by_numbers("""
            SELECT i.id AS item_id, i.posting_no, i.amount_fen, i.posted_at, i.posting_ref, i.payment_id,
                   p.out_trade_no, p.transaction_id
            FROM payment_items i JOIN payments p ON p.id = i.payment_id
            WHERE p.channel = $1 AND i.id {in_numbers}""", missing, self.channel, kind="bigint")
        if listed_at is not None:
            unlisted = [r for r in unlisted if r["posted_at"] is None or _instant(r["posted_at"]) < listed_at]
        return v.Compared(found + [v.not_posted_upstream(r) for r in unlisted], postings - len(found))

    # ---- for earlier days' differences left open ----

    async def listed(self, trade_state: str, numbers: Sequence[str]) -> set[str]:
        """Which of these out_trade_no (SUCCESS) or out_refund_no (REFUND) the statement lists."""
        column, table = ("out_refund_no", self.refunds) if trade_state == "REFUND" else ("out_trade_no", self.stmt)
        rows = await self._by_numbers(f"SELECT DISTINCT {column} AS number FROM {table} "
                                      f"WHERE trade_state = $1 AND {column} {{in_numbers}}", numbers, trade_state)
        return {r["number"] for r in rows}


def _instant(value: datetime | str) -> datetime:
    """A timestamp as either driver returns it (SQLite: ISO text, maybe naive UTC), aware."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
