"""Alipay's daily trade bill: a zip holding `…_业务明细.csv` in GBK, comment lines starting with
'#'. Parsed into the lines reconciliation compares (amounts in fen from here on)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from app.clock import SHANGHAI
from app.money import InvalidAmount, yuan_to_fen

COLUMNS = ("支付宝交易号", "商户订单号", "业务类型", "完成时间", "订单金额（元）", "退款批次号/请求号")


class BillUnreadable(ValueError):
    """Not the bill Alipay publishes (no detail file, a missing column, an amount that is not one)."""


@dataclass(frozen=True)
class BillLine:
    kind: str  # "payment" | "refund"
    transaction_id: str  # 支付宝交易号
    out_trade_no: str
    out_refund_no: str | None  # 退款批次号/请求号: our out_refund_no
    amount_fen: int  # positive for both kinds
    at: datetime | None


def detail_csv(archive: bytes) -> str:
    """The 业务明细 file of the zip, decoded from GBK."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            name = next((n for n in zipped.namelist() if n.endswith("业务明细.csv")), None)
            if name is None:
                raise BillUnreadable("no 业务明细 file in the bill")
            return zipped.read(name).decode("gbk")
    except (zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise BillUnreadable(str(exc)) from exc


def _fen(value: str) -> int:
    try:
        return abs(yuan_to_fen(value, allow_negative=True))  # a refund line's amount is negative
    except InvalidAmount as exc:
        raise BillUnreadable(f"amount {value!r}") from exc


def parse(text: str) -> list[BillLine]:
    """Every 交易 and 退款 line of a 业务明细 file."""
    rows = [r for r in csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))]
    if not rows:
        raise BillUnreadable("empty bill")
    header = [h.strip() for h in rows[0]]
    try:
        at = {name: header.index(name) for name in COLUMNS}
    except ValueError as exc:
        raise BillUnreadable(f"missing column: {exc}") from exc
    lines = []
    for row in rows[1:]:
        kind = row[at["业务类型"]].strip()
        if kind not in ("交易", "退款"):
            continue
        done = row[at["完成时间"]].strip()
        lines.append(BillLine(
            kind="payment" if kind == "交易" else "refund", transaction_id=row[at["支付宝交易号"]].strip(),
            out_trade_no=row[at["商户订单号"]].strip(),
            out_refund_no=row[at["退款批次号/请求号"]].strip() or None if kind == "退款" else None,
            amount_fen=_fen(row[at["订单金额（元）"]]),
            at=datetime.strptime(done, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI) if done else None))
    return lines
