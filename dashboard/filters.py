"""The filter bar of every list: reads the address's filters (date range, region, channel, amount
range in yuan, sort and direction), refuses a bad value with a Chinese message naming it (a 400
page, never a 500), and writes them back into links (paging, export) so a link shares the view.

    from=2026-12-01 to=2026-12-07 region=hubei channel=wechat_pay min=10 max=500.5 sort=amount dir=asc
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sanic import Request

from app.operations import Filters, Spec, errors
from dashboard.labels import CHANNELS
from miniprogram_api.account import services_of

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YUAN = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
NAMES = ("from", "to", "region", "channel", "min", "max", "sort", "dir")


def _arg(request: Request, name: str) -> str:
    value = request.args.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _bad(what: str) -> errors.FilterInvalid:
    return errors.FilterInvalid(f"筛选条件有误：{what}", field=what)


def _day(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        if not DAY.match(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise _bad(f"{name}应为日期，如 2026-12-01") from None
    if not 2000 <= day.year <= 2100:
        raise _bad(f"{name}超出范围")
    return day


def _fen(text: str, name: str) -> int | None:
    if not text:
        return None
    if not YUAN.match(text):
        raise _bad(f"{name}应为以元为单位的金额，最多两位小数，如 300 或 300.50")
    return int(Decimal(text) * 100)


def parse(request: Request, spec: Spec) -> Filters:
    """The filters in the address, checked; raises FilterInvalid naming the value that is wrong."""
    start, end = _day(_arg(request, "from"), "起始日期"), _day(_arg(request, "to"), "截止日期")
    if start and end and start > end:
        raise _bad("起始日期晚于截止日期")
    region, channel = _arg(request, "region"), _arg(request, "channel")
    if region and (not spec.offers("region") or region not in services_of(request).profiles):
        raise _bad("地区不存在")
    if channel and (not spec.offers("channel") or channel not in CHANNELS):
        raise _bad("渠道不存在")
    low, high = _fen(_arg(request, "min"), "最低金额"), _fen(_arg(request, "max"), "最高金额")
    if (low is not None or high is not None) and not spec.offers("amount"):
        raise _bad("该列表不按金额筛选")
    if low is not None and high is not None and low > high:
        raise _bad("最低金额高于最高金额")
    sort, direction = _arg(request, "sort"), _arg(request, "dir")
    if sort and sort not in spec.sorts:
        raise _bad("排序方式不存在")
    if direction not in ("", "asc", "desc"):
        raise _bad("排列顺序应为升序或降序")
    return Filters(start, end, region, channel, low, high, sort, None if not direction else direction == "asc")


def carried(request: Request, *also: str) -> str:
    """The filters (and the list's own parameters `also`) as they are in the address, for a link
    to the same view (the next page, the export); empty ones left out."""
    pairs = [(name, _arg(request, name)) for name in (*also, *NAMES)]
    return urlencode([(k, v) for k, v in pairs if v])


def bar(request: Request, spec: Spec, path: str, export: str | None, *also: str) -> dict[str, Any]:
    """What the filter bar and the links need: the values as typed, the list's sort menu, the
    query string to carry, and the export's address (None when the list has no export)."""
    query = carried(request, *also)
    return {"values": {name: _arg(request, name) for name in NAMES}, "spec": spec, "path": path, "query": query,
            "export": f"/dashboard/export/{export}?{query}" if export else None}


def run_of(request: Request) -> int | None:
    """The reconciliation run a difference list is narrowed to (run=<id>), if any."""
    text = _arg(request, "run")
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise _bad("对账批次不存在")
    return int(text)
