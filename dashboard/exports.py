"""Exports of every list as CSV (UTF-8 with a BOM, so Excel reads the Chinese) or Excel (.xlsx),
with the page's own filters and order, streamed: rows are read from the database in chunks and
written out as they come, so 100,000 rows never sit in memory (the .xlsx is written by XlsxWriter
in constant_memory mode to a temporary file, then sent in pieces). Chinese headers, amounts as
numbers in yuan, dates as dates; id numbers masked as on the pages; each export is audited (who,
which list with which filters, how many rows).

    GET /dashboard/export/<list>?format=csv|xlsx&<the list's filters>
"""

from __future__ import annotations

import asyncio
import csv
import io
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import xlsxwriter
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import operations as queries
from app.clock import SHANGHAI
from app.operations import Role, Session, Spec, audit, chunks, clean_text, errors, listing
from app.reconciliation import DifferenceKind
from dashboard import filters
from dashboard.auth import staff
from dashboard.labels import (
    AUDIT_ACTIONS,
    CHANNELS,
    DIFFERENCE_KINDS,
    DIFFERENCE_STATES,
    ENTITIES,
    PAYMENT_STATES,
    POSTING_STATES,
    REFUND_STATES,
    STATES,
    label,
)
from dashboard.render import SECURITY_HEADERS
from miniprogram_api.account import services_of

bp = Blueprint("dashboard_exports")
SEND_BYTES = 256 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell Excel would run as a formula (CSV injection)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    kind: str = "text"  # text | money (fen → yuan) | time (instant → local) | day | number | region (its name)


@dataclass(frozen=True)
class View:
    title: str
    spec: Spec
    role: Role
    rows: Callable[[Request], Awaitable[Any]]  # the page's query, unpaged
    columns: tuple[Column, ...]
    related: tuple[str, ...] = ()


def _arg(request: Request, name: str, default: str = "") -> str:
    value = request.args.get(name, default)
    return value if isinstance(value, str) else default


def _q(request: Request) -> str:
    return clean_text(_arg(request, "q"), max_len=64)


async def _refunds(request: Request) -> Any:
    state = _arg(request, "state", "failed")
    failure = _arg(request, "failure")
    return await queries.refunds_query(services_of(request), state if state in queries.REFUND_FILTERS else "failed",
                                       _q(request), failure if failure in queries.REFUND_FAILURES else "",
                                       filters.parse(request, listing.REFUNDS))


async def _manual(request: Request) -> Any:
    return queries.manual_refunds_query(_arg(request, "state", "requested"),
                                        filters.parse(request, listing.MANUAL_REFUNDS))


async def _overdue(request: Request) -> Any:
    scope = "unposted" if _arg(request, "scope") == "unposted" else "overdue"
    spec = listing.UNPOSTED if scope == "unposted" else listing.SHARES
    return await queries.shares_query(services_of(request), scope, _q(request), filters.parse(request, spec))


async def _differences(request: Request) -> Any:
    kind = _arg(request, "kind")
    return await queries.differences_query(
        services_of(request), _arg(request, "state", "pending"),
        kind if kind in DifferenceKind.__members__.values() else "", _q(request),
        filters.parse(request, listing.DIFFERENCES), filters.run_of(request))


async def _notifications(request: Request) -> Any:
    return queries.notifications_query(_arg(request, "all") != "1", _q(request),
                                       filters.parse(request, listing.NOTIFICATIONS))


async def _search(request: Request) -> Any:
    state = _arg(request, "state")
    if state and state not in PAYMENT_STATES:
        raise errors.FilterInvalid("筛选条件有误：缴款状态不存在")
    return await queries.search_query(services_of(request), _q(request), filters.parse(request, listing.PAYMENTS),
                                      state)


async def _audit(request: Request) -> Any:
    return queries.audit_query(clean_text(_arg(request, "operator"), max_len=32),
                               clean_text(_arg(request, "action"), max_len=40), filters.parse(request, listing.AUDIT),
                               _arg(request, "outcome"))


def _why(d: Any) -> str:
    return str(d.evidence.get("why", "")) if isinstance(d.evidence, dict) else ""


VIEWS: dict[str, View] = {
    "refunds": View("退费异常", listing.REFUNDS, Role.VIEWER, _refunds, (
        Column("退款单号", lambda r: r.out_refund_no),
        Column("商户订单号", lambda r: r.payment.out_trade_no),
        Column("渠道", lambda r: label(r.channel, CHANNELS)),
        Column("金额（元）", lambda r: r.amount_fen, "money"),
        Column("状态", lambda r: label(r.state, REFUND_STATES)),
        Column("失败代码", lambda r: r.failure_code or ""),
        Column("原因", lambda r: r.failure_reason or r.reason),
        Column("发起时间", lambda r: r.created_at, "time"),
        Column("更新时间", lambda r: r.updated_at, "time")), ("payment",)),
    "manual-refunds": View("人工退费审批", listing.MANUAL_REFUNDS, Role.VIEWER, _manual, (
        Column("申请号", lambda m: m.id, "number"),
        Column("缴款编号", lambda m: m.payment_id, "number"),
        Column("费款编号", lambda m: m.payment_item_id, "number"),
        Column("金额（元）", lambda m: m.amount_fen, "money"),
        Column("状态", lambda m: label(m.state, STATES["manual_refund"])),
        Column("申请人", lambda m: m.requested_by),
        Column("申请说明", lambda m: m.request_remark),
        Column("审批人", lambda m: m.decided_by or ""),
        Column("审批说明", lambda m: m.decision_remark or ""),
        Column("申请时间", lambda m: m.created_at, "time"))),
    "overdue": View("逾期未退费", listing.SHARES, Role.VIEWER, _overdue, (
        Column("商户订单号", lambda i: i.payment.out_trade_no),
        Column("申报单号", lambda i: i.declaration.declaration_no),
        Column("缴费人", lambda i: i.declaration.payer_name),
        Column("证件号码（脱敏）", lambda i: i.declaration.payer_id_masked),
        Column("地区", lambda i: i.payment.region, "region"),
        Column("渠道", lambda i: label(i.payment.channel, CHANNELS)),
        Column("金额（元）", lambda i: i.amount_fen, "money"),
        Column("扣款时间", lambda i: i.payment.paid_at, "time"),
        Column("到账确认", lambda i: label(i.posting_state, POSTING_STATES)),
        Column("到账期限", lambda i: i.posting_deadline, "time"),
        Column("应退费日", lambda i: queries.refund_due_by(i), "day")), ("payment", "declaration")),
    "differences": View("对账差异", listing.DIFFERENCES, Role.VIEWER, _differences, (
        Column("账单日", lambda d: d.bill_date, "day"),
        Column("渠道", lambda d: label(d.channel, CHANNELS)),
        Column("类型", lambda d: label(d.kind, DIFFERENCE_KINDS)),
        Column("状态", lambda d: label(d.state, DIFFERENCE_STATES)),
        Column("商户订单号", lambda d: d.out_trade_no or ""),
        Column("退款单号", lambda d: d.out_refund_no or ""),
        Column("渠道金额（元）", lambda d: d.channel_amount_fen, "money"),
        Column("本系统金额（元）", lambda d: d.local_amount_fen, "money"),
        Column("说明", _why),
        Column("处理说明", lambda d: d.resolution or ""),
        Column("处理人", lambda d: d.resolved_by or ""),
        Column("处理时间", lambda d: d.resolved_at, "time"))),
    "notifications": View("渠道通知", listing.NOTIFICATIONS, Role.VIEWER, _notifications, (
        Column("接收时间", lambda n: n.received_at, "time"),
        Column("渠道", lambda n: label(n.channel, CHANNELS)),
        Column("事件", lambda n: n.event_type or ""),
        Column("商户订单号", lambda n: n.out_trade_no or ""),
        Column("退款单号", lambda n: n.out_refund_no or ""),
        Column("处理结果", lambda n: n.verdict),
        Column("原因", lambda n: n.reject_reason or ""),
        Column("已标记", lambda n: "是" if n.flagged else "否"),
        Column("来源", lambda n: n.source or ""),
        Column("大小（字节）", lambda n: n.body_size, "number"))),
    "search": View("缴款查询", listing.PAYMENTS, Role.VIEWER, _search, (
        Column("商户订单号", lambda p: p.out_trade_no),
        Column("地区", lambda p: p.region, "region"),
        Column("渠道", lambda p: label(p.channel, CHANNELS)),
        Column("金额（元）", lambda p: p.amount_fen, "money"),
        Column("状态", lambda p: label(p.state, PAYMENT_STATES)),
        Column("下单时间", lambda p: p.created_at, "time"),
        Column("扣款时间", lambda p: p.paid_at, "time"))),
    "audit": View("审计日志", listing.AUDIT, Role.APPROVER, _audit, (
        Column("时间", lambda a: a.created_at, "time"),
        Column("操作员", lambda a: a.operator or "（未知）"),
        Column("操作", lambda a: label(a.action, AUDIT_ACTIONS)),
        Column("对象类型", lambda a: label(a.target_type, ENTITIES) if a.target_type else ""),
        Column("对象", lambda a: a.target_id),
        Column("结果", lambda a: "成功" if a.outcome == "ok" else "已拒绝"),
        Column("说明", lambda a: a.remark),
        Column("来源地址", lambda a: a.source))),
}


def cell(column: Column, row: Any, regions: dict[str, str] | None = None) -> Any:
    """The cell's value: yuan as a Decimal, a local naive datetime, a date, a number or text."""
    value = column.value(row)
    if value is None or value == "":
        return None
    if column.kind == "region":
        return (regions or {}).get(str(value), str(value))
    if column.kind == "money":
        return Decimal(int(value)) / 100
    if column.kind == "time" and isinstance(value, datetime):
        return value.astimezone(SHANGHAI).replace(tzinfo=None)
    if column.kind in ("day", "number"):
        return value
    return str(getattr(value, "value", value))


def _csv_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else value


class XlsxFile:
    """One worksheet in constant_memory mode: each row goes to disk as it is written."""

    def __init__(self, folder: str, title: str, columns: tuple[Column, ...]) -> None:
        self.path = Path(folder) / "export.xlsx"
        self.book = xlsxwriter.Workbook(str(self.path), {"constant_memory": True, "tmpdir": folder,
                                                         "strings_to_formulas": False, "strings_to_urls": False})
        self.sheet = self.book.add_worksheet(title[:31])
        bold = self.book.add_format({"bold": True})
        self.formats = {"money": self.book.add_format({"num_format": "#,##0.00"}),
                        "time": self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
                        "day": self.book.add_format({"num_format": "yyyy-mm-dd"})}
        self.kinds = [c.kind for c in columns]
        for n, column in enumerate(columns):
            self.sheet.set_column(n, n, 20 if column.kind in ("time", "text") else 14)
            self.sheet.write_string(0, n, column.header, bold)
        self.row = 1

    def write(self, rows: list[list[Any]]) -> None:
        for values in rows:
            for n, (kind, value) in enumerate(zip(self.kinds, values, strict=True)):
                if value is None:
                    continue
                if kind == "money":
                    self.sheet.write_number(self.row, n, float(value), self.formats["money"])
                elif kind == "time" and isinstance(value, datetime):
                    self.sheet.write_datetime(self.row, n, value, self.formats["time"])
                elif kind == "day" and isinstance(value, date):
                    self.sheet.write_datetime(self.row, n, datetime.combine(value, datetime.min.time()),
                                              self.formats["day"])
                elif kind == "number":
                    self.sheet.write_number(self.row, n, int(value))
                else:
                    self.sheet.write_string(self.row, n, str(value))
            self.row += 1

    def close(self) -> None:
        self.book.close()


def _disposition(title: str, ext: str) -> str:
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    return f"attachment; filename=\"export-{stamp}.{ext}\"; filename*=UTF-8''{quote(f'{title}-{stamp}.{ext}')}"


@bp.get("/export/<name:str>")
@staff()
async def export(request: Request, session: Session, name: str) -> HTTPResponse | None:
    """Sent as it is made (request.respond): nothing is returned once the response has begun."""
    view = VIEWS.get(name)
    if view is None:
        raise errors.FilterInvalid("没有这个可导出的列表", code="export_unknown")
    if not session.actor.can(view.role):
        raise errors.RoleRequired(needed=view.role.value)
    kind = _arg(request, "format", "csv")
    if kind not in ("csv", "xlsx"):
        raise errors.FilterInvalid("导出格式应为 CSV 或 Excel（xlsx）", code="export_format_invalid")
    query = await view.rows(request)  # the filters are checked here: a bad one is a 400 page
    regions = {code: p.name for code, p in services_of(request).profiles.items()}
    written = 0
    complete = False
    try:
        if kind == "csv":
            response = await request.respond(
                content_type="text/csv; charset=utf-8",
                headers={**SECURITY_HEADERS, "Content-Disposition": _disposition(view.title, "csv")})
            buffer = io.StringIO()
            out = csv.writer(buffer)
            out.writerow([c.header for c in view.columns])
            await response.send(("\ufeff" + buffer.getvalue()).encode())
            async for part in chunks(query, related=view.related):
                buffer.seek(0)
                buffer.truncate()
                out.writerows([[_csv_text(cell(c, row, regions)) for c in view.columns] for row in part])
                written += len(part)
                await response.send(buffer.getvalue().encode())
            complete = True
            await _audited(session, name, kind, written, request, "ok")  # before the end: the client may act on it
            await response.eof()
        else:
            with tempfile.TemporaryDirectory(prefix="shebao-export-") as folder:
                book = XlsxFile(folder, view.title, view.columns)
                async for part in chunks(query, related=view.related):
                    values = [[cell(c, row, regions) for c in view.columns] for row in part]
                    await asyncio.to_thread(book.write, values)
                    written += len(part)
                await asyncio.to_thread(book.close)
                complete = True  # built: audited before its first byte (a client may act on the file at once)
                await _audited(session, name, kind, written, request, "ok")
                response = await request.respond(
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={**SECURITY_HEADERS, "Content-Disposition": _disposition(view.title, "xlsx"),
                             "Content-Length": str(book.path.stat().st_size)})
                with book.path.open("rb") as file:
                    while piece := await asyncio.to_thread(file.read, SEND_BYTES):
                        await response.send(piece)
                await response.eof()
        return None
    finally:
        if not complete:  # broke off (the client went away, the database failed)
            await _audited(session, name, kind, written, request, "failed")


async def _audited(session: Session, name: str, kind: str, rows: int, request: Request, outcome: str) -> None:
    await audit(session.actor, "export", target_type="view", target_id=name, outcome=outcome,
                data={"format": kind, "rows": rows, "filters": filters.carried(request, *_LIST_ARGS)[:500]})


_LIST_ARGS = ("q", "state", "failure", "kind", "scope", "all", "operator", "action", "outcome", "run")
