"""The dashboard's day-to-day tools in a real browser at 1366 px (issue 18, items 7, 8, 9, 12):
each filter of the filter bar, an Excel export opened with openpyxl and compared to the page, a
bulk retry, and a claim another operator sees. Playwright driving Debian's chromium, as in
test_dashboard_browser.py (whose fixtures these are)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl

from app.operations.models import AuditEntry, CaseClaim
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.test_dashboard_filters import ROWS
from tests.e2e.test_dashboard_browser import signed_in

NOS = "table.list tbody code:text-matches('^SBRF')"


async def _shown(page: Any) -> list[str]:
    return [t.strip() for t in await page.locator(NOS).all_inner_texts()]


def _nos(*ns: int) -> list[str]:
    return [f"SBRF{n:08d}" for n in ns]


async def test_each_filter_and_an_excel_export_that_matches_the_page(server, client, browser, shots,
                                                                      tmp_path: Path):  # type: ignore[no-untyped-def]
    await steps.refunds_owed(ROWS)
    await steps.add_operator("vera", "viewer")
    page = await signed_in(browser, server, "vera")
    await page.goto("/dashboard/refunds")
    assert await _shown(page) == _nos(4, 3, 2, 1, 0)
    filters = [("select[name=region]", "hubei", _nos(1, 0)), ("select[name=channel]", "alipay", _nos(3, 1)),
               ("input[name=min]", "250.5", _nos(4, 2, 1)), ("input[name=max]", "100", _nos(3, 0)),
               ("input[name=from]", "2026-12-04", _nos(4, 3)), ("input[name=to]", "2026-12-01", _nos(0))]
    for selector, value, expected in filters:
        await page.goto("/dashboard/refunds")
        field = page.locator(f"form.filters {selector}")
        if selector.startswith("select"):
            await field.select_option(value)
        else:
            await field.fill(value)
        async with page.expect_navigation():
            await page.click("form.filters button[type=submit]")
        assert await _shown(page) == expected, (selector, value)
        assert f"={value}" in page.url  # in the address: a link shares the view
    await page.goto("/dashboard/refunds")
    await page.locator("form.filters select[name=sort]").select_option("amount")
    await page.locator("form.filters select[name=dir]").select_option("asc")
    async with page.expect_navigation():
        await page.click("form.filters button[type=submit]")
    assert await _shown(page) == _nos(3, 0, 1, 4, 2)
    await page.screenshot(path=str(shots / "refunds-filtered.png"), full_page=True)
    # a bad value typed into the address: a Chinese message, not an error of the server
    answer = await page.goto("/dashboard/refunds?min=abc")
    assert answer is not None and answer.status == 400
    assert "筛选条件有误" in await page.locator("main").inner_text()

    await page.goto("/dashboard/refunds?channel=wechat_pay&sort=amount&dir=asc")
    on_page = await _shown(page)
    async with page.expect_download() as fetched:
        await page.click("p.exports a:text-is('Excel')")
    saved = tmp_path / "export.xlsx"
    await (await fetched.value).save_as(saved)
    book = openpyxl.load_workbook(saved, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][:4] == ("退款单号", "商户订单号", "渠道", "金额（元）")
    assert [r[0] for r in rows[1:]] == on_page == _nos(0, 4, 2)
    table = await page.locator("table.list tbody tr").all_inner_texts()
    for row, text in zip(rows[1:], table, strict=True):
        assert f"{row[3]:,.2f}" in text and row[2] in text  # the page's amount and channel
    entry = await AuditEntry.get(action="export")
    assert (entry.operator, entry.data["rows"], entry.data["format"]) == ("vera", 3, "xlsx")
    await page.context.close()


async def test_a_bulk_retry_and_a_claim_another_operator_sees(server, client, browser, shots):  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    refunds = await steps.refunds_owed([("hubei", "wechat_pay", 10_000, now), ("guizhou", "wechat_pay", 20_000, now),
                                        ("hubei", "alipay", 30_000, now)])
    await steps.add_operator("otto", "operator")
    await steps.add_operator("olga", "operator")
    otto = await signed_in(browser, server, "otto")
    await otto.goto("/dashboard/refunds")
    for refund in refunds[:2]:
        await otto.locator(f"input[name=ids][value='{refund.id}']").check()
    await otto.locator("form.bulk textarea[name=remark]").fill("渠道已关闭，批量重新发起")
    async with otto.expect_navigation():
        await otto.click("form.bulk button[type=submit]")
    assert "共 2 条退费单，成功 2 条" in await otto.locator(".notice").inner_text()
    await otto.screenshot(path=str(shots / "bulk-result.png"), full_page=True)
    for refund in refunds[:2]:
        assert (await Refund.get(id=refund.id)).state == RefundState.CREATED
    assert (await Refund.get(id=refunds[2].id)).state == RefundState.FAILED

    await otto.goto("/dashboard/refunds")
    row = otto.locator("tr", has=otto.locator(f"text={refunds[2].out_refund_no}"))
    async with otto.expect_navigation():
        await row.locator("button:text-is('我来处理')").click()
    assert "已认领" in await otto.locator(".notice.ok").inner_text()
    assert await row.locator("a.held").inner_text() == "我在处理"
    olga = await signed_in(browser, server, "olga")
    await olga.goto("/dashboard/refunds")
    theirs = olga.locator("tr", has=olga.locator(f"text={refunds[2].out_refund_no}"))
    assert await theirs.locator("a.held").inner_text() == "已由 Otto 认领"
    assert await theirs.locator("button:text-is('我来处理')").count() == 0
    await theirs.locator("a.held").click()
    await olga.locator("textarea[name=remark]").fill("已联系缴费人核实账户")
    async with olga.expect_navigation():
        await olga.click("button:text-is('添加')")
    assert "已联系缴费人核实账户" in await olga.locator("ol.notes").inner_text()
    await olga.screenshot(path=str(shots / "case.png"), full_page=True)
    await otto.goto("/dashboard/my-claims")
    assert f"#{refunds[2].id}" in await otto.locator("table.list").inner_text()
    assert await CaseClaim.filter(claimed_by="otto").count() == 1
    await otto.context.close()
    await olga.context.close()
