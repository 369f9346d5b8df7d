"""Exports of the dashboard's lists (issue 18, item 8): CSV (UTF-8 with a BOM) and Excel with the
page's filters and order, Chinese headers, amounts as numbers in yuan, dates as dates; read in
chunks (a chunk of 2 here, so ties and chunk edges are crossed); each export audited with its row
count; the roles and masking of the pages."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import httpx
import openpyxl
import pytest

from app.operations import listing
from app.operations.models import AuditEntry
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refund_nos, refused, staff
from tests.api.test_dashboard_filters import ROWS


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


@pytest.fixture
def small_chunks(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(listing, "EXPORT_CHUNK", 2)


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


async def test_a_csv_export_is_the_filtered_sorted_list_whole_and_audited(server, client, small_chunks):  # type: ignore[no-untyped-def]
    await steps.refunds_owed(ROWS)
    viewer = await staff(server, "vic", "viewer")
    params = {"channel": "wechat_pay", "sort": "amount", "dir": "asc"}
    shown = refund_nos(await viewer.get("/dashboard/refunds", **params))
    r = await viewer.get("/dashboard/export/refunds", format="csv", **params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
    rows = _csv(r.content)
    assert rows[0][:5] == ["退款单号", "商户订单号", "渠道", "金额（元）", "状态"]
    assert [row[0] for row in rows[1:]] == shown == ["SBRF00000000", "SBRF00000004", "SBRF00000002"]
    assert rows[1][2:5] == ["微信支付", "100.00", "退费失败"] and rows[2][3] == "250.50"
    entry = await AuditEntry.get(action="export")
    assert (entry.operator, entry.target_type, entry.target_id, entry.outcome) == ("vic", "view", "refunds", "ok")
    assert entry.data["rows"] == 3 and entry.data["format"] == "csv"
    assert "channel=wechat_pay" in entry.data["filters"]


async def test_an_excel_export_opened_with_openpyxl_matches_the_page(server, client, small_chunks):  # type: ignore[no-untyped-def]
    await steps.refunds_owed(ROWS)
    viewer = await staff(server, "vic", "viewer")
    shown = refund_nos(await viewer.get("/dashboard/refunds", region="guizhou"))
    r = await viewer.get("/dashboard/export/refunds", format="xlsx", region="guizhou")
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    sheet = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "退款单号" and rows[0][3] == "金额（元）" and rows[0][7] == "发起时间"
    assert [row[0] for row in rows[1:]] == shown == ["SBRF00000003", "SBRF00000002"]
    amounts = [row[3] for row in rows[1:]]
    assert amounts == [50, 300] and all(isinstance(a, int | float) for a in amounts)  # numbers, in yuan
    assert rows[1][7] == datetime(2026, 12, 4, 23, 30)  # a date cell, in Shanghai's time
    assert (await AuditEntry.get(action="export")).data == {"format": "xlsx", "rows": 2, "filters": "region=guizhou"}


async def test_differences_export_has_dates_and_both_amounts(server, client):  # type: ignore[no-untyped-def]
    await steps.difference()
    viewer = await staff(server, "vic", "viewer")
    r = await viewer.get("/dashboard/export/differences", format="xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("账单日", "渠道", "类型")
    assert rows[1][0] == datetime.combine(date(2026, 11, 22), datetime.min.time())
    assert (rows[1][2], rows[1][4], rows[1][6], rows[1][7]) == ("渠道已扣款，本系统无记录", "SBPX0001", 300, None)
    as_csv = _csv((await viewer.get("/dashboard/export/differences", format="csv")).content)
    assert as_csv[1][0] == "2026-11-22" and Decimal(as_csv[1][6]) == Decimal("300.00")


async def test_exports_keep_the_pages_roles_masking_and_refusals(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    viewer = await staff(server, "vic", "viewer")
    refused(await viewer.get("/dashboard/export/audit", format="csv"), 403, "operator_role_required")
    refused(await viewer.get("/dashboard/export/refunds", format="pdf"), 400, "export_format_invalid")
    refused(await viewer.get("/dashboard/export/operators", format="csv"), 400, "export_unknown")
    refused(await viewer.get("/dashboard/export/refunds", min="abc"), 400, "filter_invalid")
    rows = _csv((await viewer.get("/dashboard/export/overdue", scope="unposted", format="csv")).content)
    masked = payment["declaration"]["payer_id_masked"]
    assert "*" in masked and rows[1][3] == masked
    assert rows[1][4] == services.profiles["hubei"].name  # the region's name, as the pages show it
    full = services.sealer.unseal((await item.declaration).payer_id_number_sealed)
    assert full not in "\n".join(",".join(r) for r in rows)
    approver = await staff(server, "ada", "approver")
    await AuditEntry.create(operator="otto", action="retry_refund", remark="=HYPERLINK(\"http://evil\")")
    audit_rows = _csv((await approver.get("/dashboard/export/audit", format="csv", operator="otto")).content)
    assert audit_rows[1][6] == "'=HYPERLINK(\"http://evil\")"  # never a formula in Excel
    assert await AuditEntry.filter(action="export", operator="vic").count() == 1  # refusals export nothing
    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        r = await anonymous.get("/dashboard/export/refunds?format=csv")
    assert r.status_code == 303 and "/dashboard/sign-in" in r.headers["location"]
