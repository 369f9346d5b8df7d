"""WeChat Pay trade statements (交易账单): the CSV format, parsed into rows and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.money import yuan_to_fen

SUMMARY_MARK = "总交易单数"


@dataclass(frozen=True)
class TradeBill:
    """One day's statement: `rows` and `summary` keyed by WeChat's Chinese column names.

    Values are the text without the leading backtick; use `fen()` for amounts (元 → int fen).
    """

    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    summary: dict[str, str] = field(default_factory=dict)


def fen(yuan: str) -> int:
    """'12.34' → 1234, '' → 0; WeChat bills state amounts in 元 with two decimals.
    Raises: InvalidAmount (app.money) for anything that is not whole fen."""
    return yuan_to_fen(yuan.strip() or "0")


def _fields(line: str) -> list[str]:
    return [part[1:] if part.startswith("`") else part for part in line.split(",")]


def parse_trade_bill(text: str) -> TradeBill:
    """Parse the CSV that `download_trade_bill` returns. Raises ValueError on an empty text."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines:
        raise ValueError("empty trade bill")
    header = _fields(lines[0])
    rows: list[dict[str, str]] = []
    summary: dict[str, str] = {}
    body = iter(lines[1:])
    for line in body:
        if line.startswith(SUMMARY_MARK):
            summary_values = next(body, "")
            summary = dict(zip(_fields(line), _fields(summary_values), strict=False))
            break
        rows.append(dict(zip(header, _fields(line), strict=False)))
    return TradeBill(header=header, rows=rows, summary=summary)
