"""Issue 18, point 6: the dashboard at a desk (1366 px) and on a phone (390 px), in Debian's
chromium. At 390 px the menu is a strip above the page, the user's name and 退出 stay visible, tables
scroll inside their own box, and the page never scrolls sideways
(`document.documentElement.scrollWidth` ≤ the width) — on the overview, each queue, search, a
payment and the audit log. Every page is photographed at both widths:
docs/screenshots/dashboard-<page>-<width>.png with SHEBAO_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.api import dashboard_steps as steps
from tests.api.test_dashboard_words import internal_words, realistic

WIDTHS = (1366, 390)


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


async def signed_in_at(browser: Any, server: Any, username: str, width: int) -> Any:
    context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": width, "height": 860},
                                        locale="zh-CN", timezone_id="Asia/Shanghai")
    page = await context.new_page()
    await page.goto("/dashboard/sign-in")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", steps.PASSWORD)
    async with page.expect_navigation():
        await page.click("button:has-text('登录')")
    return page


async def scroll_width(page: Any) -> int:
    return int(await page.evaluate("document.documentElement.scrollWidth"))


async def test_every_page_at_a_desk_and_on_a_phone(server, client, services, wechat_sandbox, upstream, browser,
                                                   shots):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    masked = world["closed"]["declaration"]["payer_id_masked"]
    pages = {
        "overview": "/dashboard/", "refunds": "/dashboard/refunds?state=all",
        "manual-refunds": "/dashboard/manual-refunds?state=all", "overdue": "/dashboard/overdue",
        "unposted": "/dashboard/overdue?scope=unposted", "differences": "/dashboard/differences?state=all",
        "notifications": "/dashboard/notifications?all=1", "batch-debit-lists": "/dashboard/batch-debit-lists",
        "search": f"/dashboard/search?q={masked}", "payment": f"/dashboard/payments/{world['closed']['id']}",
        "payment-overdue": f"/dashboard/payments/{world['stuck']['id']}", "audit": "/dashboard/audit",
    }
    # i-dashops' pages: reconciliation runs, case work (a claim and its notes, mine, waiting for me)
    refund = world["abnormal_refund"]
    assert (await world["ada"].act(f"/dashboard/cases/refund/{refund.id}/claim", remark=None)).status_code == 303
    assert (await world["otto"].act(f"/dashboard/cases/refund/{refund.id}/notes", remark="已致电渠道核实")
            ).status_code == 303
    pages |= {"reconciliation-runs": "/dashboard/reconciliation-runs", "my-claims": "/dashboard/my-claims",
              "awaiting-me": "/dashboard/awaiting-me", "case": f"/dashboard/cases/refund/{refund.id}"}
    owed = await steps.refunds_owed([("hubei", "wechat_pay", 12_000, datetime.now(UTC)) for _ in WIDTHS])
    for width, bulk_one in zip(WIDTHS, owed, strict=True):
        context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": width, "height": 860},
                                            locale="zh-CN", timezone_id="Asia/Shanghai")
        anonymous = await context.new_page()
        await anonymous.goto("/dashboard/sign-in")
        assert await scroll_width(anonymous) <= width
        await anonymous.screenshot(path=str(shots / f"dashboard-sign-in-{width}.png"), full_page=True)
        await context.close()

        ada = await signed_in_at(browser, server, "ada", width)
        for name, path in pages.items():
            await ada.goto(path)
            assert await ada.locator("h1").count() == 1, name
            assert await scroll_width(ada) <= width, (name, width, await scroll_width(ada))
            assert await ada.locator(".top .user").is_visible() and await ada.locator(".top button.link").is_visible()
            assert "Ada" in await ada.locator(".top .user").inner_text()
            assert await ada.locator("button:text-is('退出')").is_visible(), (name, width)
            nav = await ada.locator("nav.side").bounding_box()
            main = await ada.locator("main").bounding_box()
            if width == 390:  # the menu is a strip above the page, the page has the whole width
                assert nav["width"] >= 380 and nav["y"] + nav["height"] <= main["y"] + 1, (name, nav, main)
                assert main["width"] >= 385, (name, main)
            else:  # the side menu at the left
                assert nav["x"] == 0 and nav["width"] < 200 and main["x"] >= nav["width"] - 1
            await ada.screenshot(path=str(shots / f"dashboard-{name}-{width}.png"), full_page=True)
            assert not internal_words(await ada.content()), (name, internal_words(await ada.content()))
        # a bulk result: tick the failed refunds, say why, submit
        await ada.goto("/dashboard/refunds")
        await ada.locator(f"input[name=ids][value='{bulk_one.id}']").check()
        await ada.locator("form.bulk textarea[name=remark]").fill("渠道已关闭，批量重新发起")
        async with ada.expect_navigation():
            await ada.click("form.bulk button[type=submit]")
        assert "共 1 条退费单，成功 1 条" in await ada.locator(".notice").inner_text()
        assert await scroll_width(ada) <= width, ("bulk-result", width, await scroll_width(ada))
        assert not internal_words(await ada.content()), ("bulk-result", internal_words(await ada.content()))
        await ada.screenshot(path=str(shots / f"dashboard-bulk-result-{width}.png"), full_page=True)
        await ada.context.close()

        vera = await signed_in_at(browser, server, "vera", width)
        await vera.goto("/dashboard/audit")
        assert "此页面需审批员或以上权限，您当前的角色为查看员" in await vera.locator(".notice.error").inner_text()
        assert await scroll_width(vera) <= width
        await vera.screenshot(path=str(shots / f"dashboard-refused-{width}.png"), full_page=True)
        await vera.context.close()


async def test_a_wide_table_scrolls_inside_its_box_on_a_phone(server, client, services, wechat_sandbox, upstream,
                                                              browser):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    ada = await signed_in_at(browser, server, "ada", 390)
    await ada.goto("/dashboard/refunds?state=all")
    table = ada.locator("table.list")
    box = await table.bounding_box()
    inner = await table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert inner[0] > inner[1]  # wider than the phone: it scrolls by itself …
    assert await scroll_width(ada) <= 390  # … and the page does not
    await table.evaluate("t => { t.scrollLeft = t.scrollWidth }")
    assert await table.evaluate("t => t.scrollLeft") > 0
    # an action's form still opens and fits
    await ada.goto(f"/dashboard/payments/{world['abnormal']['id']}")
    await ada.locator("summary:text-is('登记线下已退')").first.click()
    form = await ada.locator("details[open] form").first.bounding_box()
    assert form["width"] > 200 and await scroll_width(ada) <= 390
    await ada.context.close()
