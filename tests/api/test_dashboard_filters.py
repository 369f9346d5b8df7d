"""Filters and sorting on the dashboard's lists (issue 18, item 7): date range (Asia/Shanghai days,
both ends included), region, channel, amount range in yuan, state, and the sort, all in the address
so a link shares the view (the pager keeps them); a bad value is a 400 page with a Chinese message
naming it, never a 500."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.clock import SHANGHAI
from app.operations.models import AuditEntry
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refund_nos, refused, staff


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


def _at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


ROWS = [("hubei", "wechat_pay", 10_000, _at(1)), ("hubei", "alipay", 25_050, _at(2)),
        ("guizhou", "wechat_pay", 30_000, _at(3)), ("guizhou", "alipay", 5_000, _at(4, 23, 30)),
        ("beijing", "wechat_pay", 25_050, _at(5, 0, 10))]


async def test_each_filter_narrows_the_refunds_queue_and_the_sort_orders_it(server, client):  # type: ignore[no-untyped-def]
    await steps.refunds_owed(ROWS)
    viewer = await staff(server, "vic", "viewer")
    everything = refund_nos(await viewer.get("/dashboard/refunds"))
    assert everything == [f"SBRF{n:08d}" for n in (4, 3, 2, 1, 0)]  # newest first by default
    cases = {
        (("region", "hubei"),): [1, 0],
        (("channel", "alipay"),): [3, 1],
        (("region", "guizhou"), ("channel", "wechat_pay")): [2],
        (("min", "100"), ("max", "250.5")): [4, 1, 0],  # yuan, both ends included
        (("min", "250.51"),): [2],
        (("from", "2026-12-04"),): [4, 3],  # 23:30 on the 4th in Shanghai is the 4th (15:30 UTC)
        (("to", "2026-12-04"),): [3, 2, 1, 0],  # 00:10 on the 5th is not
        (("from", "2026-12-02"), ("to", "2026-12-03")): [2, 1],
        (("sort", "amount"), ("dir", "asc")): [3, 0, 1, 4, 2],  # ties in amount: id order
        (("sort", "amount"),): [2, 4, 1, 0, 3],
        (("sort", "created"), ("dir", "asc")): [0, 1, 2, 3, 4],
    }
    for params, expected in cases.items():
        shown = refund_nos(await viewer.get("/dashboard/refunds", **dict(params)))
        assert shown == [f"SBRF{n:08d}" for n in expected], params


async def test_the_filters_stay_in_the_address_and_in_every_paging_link(server, client):  # type: ignore[no-untyped-def]
    rows = [("hubei", "wechat_pay", 1_000 + n, _at(1 + n % 5)) for n in range(25)] + ROWS[1:]
    await steps.refunds_owed(rows)
    viewer = await staff(server, "vic", "viewer")
    first = await viewer.get("/dashboard/refunds", region="hubei", channel="wechat_pay", sort="amount", dir="asc")
    assert refund_nos(first) == [f"SBRF{n:08d}" for n in range(20)]
    assert "region=hubei&amp;channel=wechat_pay&amp;sort=amount&amp;dir=asc&page=2" in first.text
    assert '<option value="hubei" selected>' in first.text
    second = await viewer.http.get("/dashboard/refunds?state=failed&region=hubei&channel=wechat_pay&sort=amount"
                                   "&dir=asc&page=2")
    assert refund_nos(second) == [f"SBRF{n:08d}" for n in range(20, 25)]  # the 26th (alipay) stays out
    export = "/dashboard/export/refunds?region=hubei&amp;channel=wechat_pay&amp;sort=amount&amp;dir=asc"
    assert export in first.text


BAD = {"from": ["2026-13-01", "yesterday", "1999-01-01", "２０２６-12-01"], "to": ["2026-02-30"],
       "region": ["mars", "<b>x</b>"], "channel": ["paypal"], "min": ["abc", "-5", "1.234", "1e3", "9" * 12],
       "sort": ["id; DROP TABLE refunds", "payer"], "dir": ["up"]}


async def test_a_bad_filter_value_is_a_400_naming_it_in_chinese(server, client):  # type: ignore[no-untyped-def]
    approver = await staff(server, "ada", "approver")
    pages = ["/dashboard/refunds", "/dashboard/manual-refunds", "/dashboard/overdue", "/dashboard/differences",
             "/dashboard/notifications", "/dashboard/search", "/dashboard/audit"]
    for path in pages:
        for name, values in BAD.items():
            for value in values:
                r = await approver.get(path, **{name: value})
                refused(r, 400, "filter_invalid")
                assert "筛选条件有误" in r.text and "<b>x</b>" not in r.text, (path, name, value)
        refused(await approver.get(path, **{"from": "2026-12-05", "to": "2026-12-01"}), 400, "起始日期晚于截止日期")
    refused(await approver.get("/dashboard/refunds", min="300", max="200"), 400, "最低金额高于最高金额")
    # a filter the list has no column for is refused, not silently ignored
    refused(await approver.get("/dashboard/audit", region="hubei"), 400, "地区不存在")
    refused(await approver.get("/dashboard/notifications", min="1"), 400, "该列表不按金额筛选")
    refused(await approver.get("/dashboard/search", state="paid_twice"), 400, "缴款状态不存在")


async def test_search_lists_payments_by_filters_without_a_term(server, client):  # type: ignore[no-untyped-def]
    await steps.refunds_owed(ROWS)
    viewer = await staff(server, "vic", "viewer")
    page = await viewer.get("/dashboard/search", region="guizhou", sort="amount", dir="asc")
    assert page.status_code == 200
    assert page.text.index("SBPF00000003") < page.text.index("SBPF00000002")
    assert "SBPF00000000" not in page.text and "SBPF00000004" not in page.text
    assert "SBPF" not in (await viewer.get("/dashboard/search", region="guizhou", state="closed")).text
    assert "SBPF" not in (await viewer.get("/dashboard/search")).text  # nothing asked, nothing listed
    one = await viewer.get("/dashboard/search", q="SBPF00000001")
    assert one.status_code == 303  # one match without a filter: straight to its page, as before


async def test_the_audit_log_filters_by_outcome_operator_and_day(server, client):  # type: ignore[no-untyped-def]
    approver = await staff(server, "ada", "approver")
    await AuditEntry.create(operator="otto", action="retry_refund", remark="第一条", outcome="ok")
    old = await AuditEntry.create(operator="otto", action="retry_refund", remark="上月的", outcome="refused")
    await AuditEntry.filter(id=old.id).update(created_at=_at(1))
    refused_only = await approver.get("/dashboard/audit", outcome="refused", operator="otto")
    assert "上月的" in refused_only.text and "第一条" not in refused_only.text
    december_first = await approver.get("/dashboard/audit", **{"from": "2026-12-01", "to": "2026-12-01"})
    assert "上月的" in december_first.text and "第一条" not in december_first.text
