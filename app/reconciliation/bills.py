"""Each channel's daily statement as reconciliation reads it.

WeChat Pay's 交易账单 is streamed by `statement.TradeStatement` (it can run to millions of lines).
Other channels' statements (Alipay's 业务明细, the bank gateway's 对账文件) are read by the parser
their channel declares (`StatementFormat.parse`, each checking its file's own totals) into neutral
lines, which `ListedStatement` hands to the workspace in the same row shape
(STATEMENT_COLUMNS: a debit is trade_state SUCCESS, a refund REFUND).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from app.money import fen_to_yuan
from app.reconciliation.statement import DEBIT, REFUND, StatementError, StatementTotals, TradeStatement
from payment_channels.registry import CHANNELS


class ListedLine(Protocol):
    """What every channel parser gives per line."""

    @property
    def kind(self) -> str: ...  # "payment" | "refund"

    @property
    def transaction_id(self) -> str: ...

    @property
    def out_trade_no(self) -> str: ...

    @property
    def out_refund_no(self) -> str | None: ...

    @property
    def amount_fen(self) -> int: ...

    @property
    def at(self) -> datetime | None: ...


class ListedStatement:
    """A statement already cut into lines by its channel's parser (run on first read: a file
    that is not the channel's raises StatementError inside the run, which then fails)."""

    def __init__(self, text: str, parse: Callable[[str], Sequence[ListedLine]],
                 unreadable: type[Exception] = ValueError) -> None:
        self.text = text
        self.totals = StatementTotals()
        self._parse, self._unreadable = parse, unreadable
        self._shown: dict[int, str] = {}

    def records(self) -> Iterator[list[tuple[Any, ...]]]:
        try:
            lines = self._parse(self.text)
        except self._unreadable as exc:
            raise StatementError("malformed_line", str(exc)) from exc
        rows: list[tuple[Any, ...]] = []
        t = self.totals
        for line_no, line in enumerate(lines, start=2):  # line 1: the header
            when = line.at.strftime("%Y-%m-%d %H:%M:%S") if line.at is not None else ""
            if line.kind == "refund":
                t.refunds, t.refund_fen = t.refunds + 1, t.refund_fen + line.amount_fen
                rows.append((line_no, line.out_trade_no, line.transaction_id, REFUND, line.amount_fen,
                             line.out_refund_no, f"{line.transaction_id}-{line.out_refund_no}"[:64], line.amount_fen,
                             "SUCCESS", when))
            else:
                t.debits, t.total_fen = t.debits + 1, t.total_fen + line.amount_fen
                t.settled_fen += line.amount_fen
                rows.append((line_no, line.out_trade_no, line.transaction_id, DEBIT, line.amount_fen, None, None, 0,
                             None, when))
            t.lines += 1
            self._shown[line_no] = (f"{'退款' if line.kind == 'refund' else '交易'},{line.transaction_id},"
                                    f"{line.out_trade_no},{line.out_refund_no or ''},"
                                    f"{fen_to_yuan(line.amount_fen)},{when}")
        yield rows

    def lines_at(self, numbers: set[int]) -> dict[int, str]:
        return {n: self._shown[n] for n in numbers if n in self._shown}


Statement = TradeStatement | ListedStatement


def statement_for(channel: str, text: str | bytes) -> Statement:
    """The reader of `channel`'s statement, as its channel declares it (`StatementFormat`)."""
    statement = CHANNELS[channel].statement
    if statement.parse is None:
        return TradeStatement(text)
    return ListedStatement(_text(text), statement.parse, statement.unreadable)


def _text(text: str | bytes) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text
