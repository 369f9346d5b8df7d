"""WeChat Pay's trade statement (交易账单, bill_type=ALL), read as a stream.

The format: a header row of Chinese column names; one data row per debit (交易状态 SUCCESS) or
refund (REFUND), every field prefixed with a backtick; then the summary, a header row starting
with 总交易单数 and one row of values. Amounts are 元 with two decimals.

Amounts, as the sandbox (`sandboxes/wechat_pay/bill.py`) writes them and WeChat means
them: 订单金额 is the order's total (`amount.total`, what our payment asked for; on a refund row
the refunded order's total); 应结订单金额 is what the merchant is settled for a debit (the total
less non-recharge vouchers; 0 on a refund row); 退款金额 is what a refund row paid back. We
compare 订单金额 with our `amount_fen`, 退款金额 with our refund's `amount_fen`.

The summary is checked against the rows (count, settled, refunded, order totals): a truncated
or tampered statement fails, it is never reconciled.

Speed: the rows are cut in blocks of a few MB; a block whose every line has the header's number
of fields (checked) is split once and its columns taken by stride, so no Python code runs per
field; any other block is read line by line, which also names the line that is wrong.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from app.money import InvalidAmount, fen_to_yuan, yuan_to_fen

SUMMARY_MARK = "总交易单数"
DEBIT = "SUCCESS"
REFUND = "REFUND"
BLOCK = 1 << 22
# our name → WeChat's column (picked by index once, from the header), in StatementRow's order
COLUMNS = {
    "transaction_id": "微信订单号", "out_trade_no": "商户订单号", "trade_state": "交易状态", "total": "订单金额",
    "out_refund_no": "商户退款单号", "refund_id": "微信退款单号", "refund": "退款金额", "refund_status": "退款状态",
    "time": "交易时间", "settled": "应结订单金额",
}
# summary column → the total of the rows it must equal
SUMMARY_CHECKS = {"应结订单总金额": "settled_fen", "退款总金额": "refund_fen", "订单总金额": "total_fen"}


class StatementError(ValueError):
    """The statement cannot be reconciled; `code`: empty, header_missing, column_missing,
    malformed_line, bad_amount, summary_missing, summary_mismatch, trailing_data."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class StatementRow(NamedTuple):
    """One data row; refund fields are None (refund_fen 0) on a debit row."""

    line_no: int  # the line in the file (the header is line 1)
    out_trade_no: str
    transaction_id: str
    trade_state: str  # SUCCESS | REFUND | (another WeChat state: neither a debit nor a refund)
    total_fen: int  # 订单金额
    out_refund_no: str | None
    refund_id: str | None
    refund_fen: int  # 退款金额 (0 on a debit row)
    refund_status: str | None
    time: str  # 交易时间, Asia/Shanghai, as written


@dataclass
class StatementTotals:
    lines: int = 0
    debits: int = 0
    refunds: int = 0
    settled_fen: int = 0  # 应结订单金额 of the rows that are not refunds
    total_fen: int = 0  # 订单金额 of the rows that are not refunds
    refund_fen: int = 0  # 退款金额 of the refund rows


def fen(value: str | bytes) -> int:
    """'12.34' → 1234 (元 with two decimals → int fen). Raises StatementError."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    try:
        return yuan_to_fen(text, allow_negative=True)
    except InvalidAmount as exc:
        raise StatementError("bad_amount", repr(text)) from exc


class _Kind:
    """The separators of a str or a bytes statement."""

    def __init__(self, text: str | bytes) -> None:
        def enc(value: str) -> Any:
            return value.encode() if isinstance(text, bytes) else value

        self.is_bytes = isinstance(text, bytes)
        self.nl, self.tick, self.sep, self.dot = enc("\n"), enc("`"), enc(",`"), enc(".")
        self.mark, self.space, self.empty = enc(SUMMARY_MARK), enc(" "), enc("")
        self.plain = re.compile(enc(r"-?[0-9]+\.[0-9]{2}(?: -?[0-9]+\.[0-9]{2})*"))

    def text(self, value: Any) -> str:
        return value.decode("utf-8") if self.is_bytes else value  # type: ignore[no-any-return]

    def column(self, values: list[Any]) -> list[str]:
        if not self.is_bytes or not values:
            return values
        try:  # one decode per column (a field never holds a line end)
            return b"\n".join(values).decode("utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise StatementError("malformed_line", "not UTF-8") from exc

    def amounts(self, values: list[Any]) -> list[int]:
        """元 with two decimals → fen, for a whole column at once (one check, one int() each)."""
        joined = self.space.join(values)
        if self.plain.fullmatch(joined):
            return list(map(int, joined.replace(self.dot, self.empty).split(self.space)))
        return [fen(a) for a in values]  # anything else, one by one (or StatementError)


_BYTES = _Kind(b"")


def _clean(line: str) -> str:
    return line.rstrip("\r")


def _header_fields(line: str) -> list[str]:
    return [part.strip().lstrip("`") for part in _clean(line).split(",")]


class TradeStatement:
    """One day's statement, read once, as a stream: `records()` yields the rows block by block
    (plain tuples in StatementRow's order, what a COPY takes), `rows()` one StatementRow at a
    time; at the end either checks the summary, raising StatementError on any mismatch. A
    statement without its summary (truncated) fails before any row is given. `totals` fill as
    it reads.

    Args:
        text: the statement as the channel gave it (str, or UTF-8 bytes).
    """

    def __init__(self, text: str | bytes) -> None:
        self.text = text
        self.totals = StatementTotals()
        self.summary: dict[str, str] = {}
        self._k = _Kind(text)

    def rows(self) -> Iterator[StatementRow]:
        make = StatementRow._make
        for block in self.records():
            for record in block:
                yield make(record)

    def records(self) -> Iterator[list[tuple[Any, ...]]]:
        header, index, start, end, line_no = self._locate()
        enabled = gc.isenabled()
        gc.disable()  # millions of short-lived tuples: the collector would only slow them down
        try:
            while start < end:
                cut = end if start + BLOCK >= end else self.text.find(self._k.nl, start + BLOCK, end) + 1
                cut = cut if cut > start else end
                part = self.text[start:cut]
                block = part.encode("utf-8") if isinstance(part, str) else part  # bytes split fastest
                records = self._columns(block, line_no, index, len(header))
                if records is None:
                    records = self._lines(block, line_no, index, len(header))
                line_no += block.count(b"\n")
                start = cut
                yield records
        finally:
            if enabled:
                gc.enable()
        self._read_summary(self.text[end:])
        self._check_summary()

    def _locate(self) -> tuple[list[str], tuple[int, ...], int, int, int]:
        """The header, the columns' indexes, where the rows start and end, the first row's line."""
        k, text = self._k, self.text
        start = 3 if text[:3] == b"\xef\xbb\xbf" else 1 if text[:1] == "\ufeff" else 0
        line_no = 1
        while True:
            cut = text.find(k.nl, start)  # type: ignore[arg-type]
            line = k.text(text[start:cut if cut >= 0 else len(text)])
            if line.strip() or cut < 0:
                break
            start, line_no = cut + 1, line_no + 1
        if not line.strip():
            raise StatementError("empty")
        header = _header_fields(line)
        if header[0].startswith(SUMMARY_MARK) or "交易时间" not in header:
            raise StatementError("header_missing", ",".join(header[:5]))
        missing = [name for name in COLUMNS.values() if name not in header]
        if missing:
            raise StatementError("column_missing", ",".join(missing))
        data = len(text) if cut < 0 else cut + 1
        end = text.find(k.nl + k.mark, data - 1)
        if end < 0:
            raise StatementError("summary_missing", f"no {SUMMARY_MARK}: the statement is truncated")
        index = tuple(header.index(name) for name in COLUMNS.values())
        return header, index, data, max(end + 1, data), line_no + 1

    def _columns(self, block: bytes, line_no: int, index: tuple[int, ...], width: int) -> list[tuple[Any, ...]] | None:
        """The block's rows by stride over one split, or None if any line is not plain (a blank
        line, a field count that differs, a needed last column): then it is read line by line."""
        k, step = _BYTES, width - 1
        n = block.count(k.nl)
        if block[:1] != k.tick or max(index) >= step:
            return None
        flat = block.split(k.sep)
        # each line's last field, its end and the next line's first field: with the count right,
        # one line end in each (followed by a backtick) means every line has the header's fields
        boundaries = flat[step::step]
        joined = k.nl.join(boundaries)
        if len(flat) != n * step + 1 or joined.count(k.nl) != 2 * n - 1 or joined.count(k.nl + k.tick) != n - 1:
            return None
        column = [flat[j::step] if j else [flat[0][1:], *(b.rpartition(k.tick)[2] for b in boundaries[:-1])]
                  for j in index]
        txn, trade, state, total, rno, rid, refund, rstatus, time, settled = column
        try:
            states, totals = k.column(state), k.amounts(total)
            settled_fen = totals if settled == total else k.amounts(settled)  # no vouchers: the same
            refunds = [i for i, s in enumerate(states) if s == REFUND]
            none: list[Any] = [None] * n
            rnos, rids, rstates, rfens = none.copy(), none.copy(), none.copy(), [0] * n
            for target, source in ((rnos, rno), (rids, rid), (rstates, rstatus)):
                for i, text in zip(refunds, k.column([source[i] for i in refunds]), strict=True):
                    target[i] = text
            for i, amount in zip(refunds, k.amounts([refund[i] for i in refunds]), strict=True):
                rfens[i] = amount
        except StatementError:  # read again line by line: the error then names its line
            return None
        t = self.totals
        t.lines, t.debits, t.refunds = t.lines + n, t.debits + states.count(DEBIT), t.refunds + len(refunds)
        t.total_fen += sum(totals) - sum(totals[i] for i in refunds)
        t.settled_fen += sum(settled_fen) - sum(settled_fen[i] for i in refunds)
        t.refund_fen += sum(rfens)
        return list(zip(range(line_no, line_no + n), k.column(trade), k.column(txn), states, totals, rnos, rids,
                        rfens, rstates, k.column(time), strict=True))

    def _lines(self, block: bytes, line_no: int, index: tuple[int, ...], width: int) -> list[tuple[Any, ...]]:
        i_txn, i_trade, i_state, i_total, i_rno, i_rid, i_refund, i_rstatus, i_time, i_settled = index
        out: list[tuple[Any, ...]] = []
        t = self.totals
        for number, raw in enumerate(_BYTES.text(block).split("\n"), start=line_no):
            line = _clean(raw)
            if not line.strip():
                continue
            f = line[1:].split(",`") if line.startswith("`") else line.split(",")
            if len(f) != width:
                raise StatementError("malformed_line", f"line {number}: {len(f)} fields, the header has {width}")
            try:
                state, total = f[i_state], fen(f[i_total])
                refund, settled = (fen(f[i_refund]), 0) if state == REFUND else (0, fen(f[i_settled]))
            except StatementError as exc:
                raise StatementError(exc.code, f"line {number}: {exc.detail}") from exc
            t.lines += 1
            if state == REFUND:
                t.refunds, t.refund_fen = t.refunds + 1, t.refund_fen + refund
                out.append((number, f[i_trade], f[i_txn], state, total, f[i_rno], f[i_rid], refund, f[i_rstatus],
                            f[i_time]))
            else:
                t.debits += state == DEBIT
                t.settled_fen, t.total_fen = t.settled_fen + settled, t.total_fen + total
                out.append((number, f[i_trade], f[i_txn], state, total, None, None, 0, None, f[i_time]))
        return out

    def _read_summary(self, tail: Any) -> None:
        lines = [line for line in self._k.text(tail).split("\n") if line.strip()]
        if len(lines) < 2:
            raise StatementError("summary_missing", "the summary has no values")
        if len(lines) > 2:
            raise StatementError("trailing_data", _clean(lines[2])[:80])
        self.summary = dict(zip(_header_fields(lines[0]), _header_fields(lines[1]), strict=False))

    def _check_summary(self) -> None:
        totals, summary = self.totals, self.summary
        try:
            count = int(summary.get(SUMMARY_MARK, ""))
        except ValueError as exc:
            raise StatementError("summary_mismatch", f"{SUMMARY_MARK}={summary.get(SUMMARY_MARK)!r}") from exc
        wrong = [f"{SUMMARY_MARK} {count} ≠ {totals.lines} rows"] if count != totals.lines else []
        for column, attribute in SUMMARY_CHECKS.items():
            if column in summary and fen(summary[column]) != getattr(totals, attribute):
                wrong.append(f"{column} {summary[column]} ≠ rows {fen_to_yuan(getattr(totals, attribute))}")
        if wrong:
            raise StatementError("summary_mismatch", "; ".join(wrong))

    def lines_at(self, numbers: set[int]) -> dict[int, str]:
        """The raw text of some lines (a difference's evidence), found again by counting line ends."""
        found: dict[int, str] = {}
        k, text, size = self._k, self.text, len(self.text)
        pos, line_no = 0, 1  # `pos` is on line `line_no`
        for wanted in sorted(numbers):
            while line_no < wanted:  # whole blocks before the wanted line
                stop = min(pos + BLOCK, size)
                seen = text.count(k.nl, pos, stop)
                if line_no + seen >= wanted or stop == size:
                    break
                pos, line_no = stop, line_no + seen
            while line_no < wanted:
                cut = text.find(k.nl, pos)
                if cut < 0:
                    return found
                pos, line_no = cut + 1, line_no + 1
            cut = text.find(k.nl, pos)
            found[wanted] = _clean(k.text(text[pos:cut if cut >= 0 else size])).lstrip("\ufeff")
        return found
