"""The bank gateway's daily statement (对账文件): CSV, UTF-8, amounts in integer fen.

    bank_serial,out_trade_no,kind,amount_fen,status,finished_at,out_refund_no,batch_no
    DK20261130101500123456789,SBP20261130000000000001,DEBIT,38000,SUCCESS,2026-11-30T10:15:00+08:00,,
    TK20261130113000987654321,SBP20261130000000000001,REFUND,10000,SUCCESS,2026-11-30T11:30:00+08:00,SBR…,
    TOTAL,2,38000,10000

One line per SUCCESS debit (DEBIT; bank_serial is the debit's) and SUCCESS refund (REFUND;
bank_serial is the refund's own serial) finished that day, Asia/Shanghai; then the trailer
`TOTAL,<lines>,<debit fen>,<refund fen>`. The trailer is checked against the lines: a truncated or
tampered statement fails, it is never reconciled.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime

from app.clock import SHANGHAI

HEADER = ("bank_serial", "out_trade_no", "kind", "amount_fen", "status", "finished_at", "out_refund_no", "batch_no")
KINDS = {"DEBIT": "payment", "REFUND": "refund"}


class StatementUnreadable(ValueError):
    """Not a whole statement: no header, a line that is not one, no trailer, a trailer that does
    not match the lines, or anything after it."""


@dataclass(frozen=True)
class StatementLine:
    kind: str  # "payment" | "refund"
    transaction_id: str  # the line's bank_serial (a refund's own serial on a refund line)
    out_trade_no: str
    out_refund_no: str | None  # refunds only
    amount_fen: int  # positive for both kinds
    at: datetime | None  # finished_at
    batch_no: str | None


def _amount(value: str, where: str) -> int:
    if not value.isdigit():
        raise StatementUnreadable(f"{where}: amount {value!r} is not whole fen")
    return int(value)


def _at(value: str, where: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise StatementUnreadable(f"{where}: finished_at {value!r}") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)


def parse(text: str) -> list[StatementLine]:
    """Every line of a statement, after checking its header and trailer. Raises StatementUnreadable."""
    rows = list(csv.reader(line for line in text.removeprefix("\ufeff").splitlines() if line.strip()))
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        raise StatementUnreadable("no statement header")
    trailer_at = next((i for i, row in enumerate(rows) if row and row[0] == "TOTAL"), None)
    if trailer_at is None:
        raise StatementUnreadable("no TOTAL trailer: the statement is truncated")
    if trailer_at != len(rows) - 1:
        raise StatementUnreadable("lines after the TOTAL trailer")
    lines = []
    for number, row in enumerate(rows[1:trailer_at], start=2):
        where = f"line {number}"
        if len(row) != len(HEADER):
            raise StatementUnreadable(f"{where}: {len(row)} fields, {len(HEADER)} expected")
        serial, out_trade_no, kind, amount, status, finished, out_refund_no, batch_no = (c.strip() for c in row)
        if kind not in KINDS or status != "SUCCESS" or not serial or not out_trade_no:
            raise StatementUnreadable(f"{where}: not a SUCCESS DEBIT or REFUND line")
        if kind == "REFUND" and not out_refund_no:
            raise StatementUnreadable(f"{where}: a refund line without out_refund_no")
        refund_no = out_refund_no if kind == "REFUND" else None
        lines.append(StatementLine(KINDS[kind], serial, out_trade_no, refund_no, _amount(amount, where),
                                   _at(finished, where), batch_no or None))
    trailer = rows[trailer_at]
    if len(trailer) != 4 or not all(cell.strip().isdigit() for cell in trailer[1:]):
        raise StatementUnreadable(f"a trailer that is not TOTAL,<count>,<debit fen>,<refund fen>: {trailer}")
    count, debit_fen, refund_fen = (int(cell) for cell in trailer[1:])
    found = (len(lines), sum(line.amount_fen for line in lines if line.kind == "payment"),
             sum(line.amount_fen for line in lines if line.kind == "refund"))
    if found != (count, debit_fen, refund_fen):
        raise StatementUnreadable(f"the trailer says {count} lines, {debit_fen} debited, {refund_fen} refunded; "
                                  f"the lines: {found[0]}, {found[1]}, {found[2]}")
    return lines
