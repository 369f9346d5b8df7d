"""Reading the Alipay bill (业务明细) and the bank gateway's statement (对账文件) into the rows
reconciliation loads, for N lines each: lines per second and the peak RSS.

    python -m bench.statement_bench [--lines 200000]

The files are written in each channel's format (one refund for every 20 debits); the figure is
the parse by the adapter's own parser plus `ListedStatement.records()` (what `reconcile` runs
before loading the rows), timed alone, without a database. WeChat's statement, millions of lines,
has its own streamed reader and benchmark (`python -m bench.reconcile_bench`).
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import time
from collections.abc import Callable

from app.reconciliation.bills import statement_for
from sandboxes.alipay import BILL_COLUMNS


def alipay_bill(n: int) -> str:
    out = io.StringIO()
    out.write("#支付宝业务明细查询\n#账号：[20880000000000010156]\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BILL_COLUMNS)
    at = BILL_COLUMNS.index
    for i in range(n):
        refund = i % 21 == 20
        row = [""] * len(BILL_COLUMNS)
        row[at("支付宝交易号")] = f"2026113022001{i:019d}"
        row[at("商户订单号")] = f"SBP20261130{i:016d}"
        row[at("业务类型")] = "退款" if refund else "交易"
        row[at("完成时间")] = "2026-11-30 10:15:00"
        row[at("订单金额（元）")] = "-380.00" if refund else "380.00"
        row[at("退款批次号/请求号")] = f"SBR{i:020d}" if refund else ""
        writer.writerow(row)
    out.write("#-----------------------------------------业务明细列表结束------------------------------------\n")
    return out.getvalue()


def bank_statement(n: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("bank_serial", "out_trade_no", "kind", "amount_fen", "status", "finished_at", "out_refund_no",
                     "batch_no"))
    debits = refunds = 0
    for i in range(n):
        refund = i % 21 == 20
        writer.writerow((f"{'TK' if refund else 'DK'}2026113010{i:015d}", f"SBP20261130{i:016d}",
                         "REFUND" if refund else "DEBIT", 38000, "SUCCESS", "2026-11-30T10:15:00+08:00",
                         f"SBR{i:020d}" if refund else "", ""))
        refunds, debits = (refunds + 38000, debits) if refund else (refunds, debits + 38000)
    writer.writerow(("TOTAL", n, debits, refunds))
    return out.getvalue()


def measure(name: str, channel: str, make: Callable[[int], str], n: int) -> None:
    text = make(n)
    started = time.perf_counter()
    statement = statement_for(channel, text)
    rows = sum(len(block) for block in statement.records())
    seconds = time.perf_counter() - started
    assert rows == n, (rows, n)
    print(f"{name:14} {n:>9,} lines  {seconds:6.2f} s  {n / seconds:>10,.0f} lines/s  "
          f"({len(text.encode()) / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    n = parser.parse_args().lines
    measure("alipay 业务明细", "alipay", alipay_bill, n)
    measure("bank 对账文件", "bank_agreement", bank_statement, n)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
