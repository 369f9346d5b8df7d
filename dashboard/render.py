"""Templates (Jinja2, autoescaped), the Chinese labels of every state, and the overview's charts
(inline SVG: no script, nothing fetched from elsewhere)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic.response import HTTPResponse, html

from app.clock import SHANGHAI
from app.money import fen_to_display
from app.operations import MANUAL_REFUND_LABELS, ROLE_LABELS, Role
from payment_channels.registry import CHANNELS as REGISTERED

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

CHANNELS = {name: spec.label for name, spec in REGISTERED.items()}
PAYMENT_STATES = {"created": "已创建", "awaiting_payment": "待支付", "unknown": "结果未知", "paid": "已扣款",
                  "closed": "已关闭", "failed": "失败"}
POSTING_STATES = {"not_posted": "未到账确认", "posting": "到账确认中", "posted": "已到账确认", "unknown": "结果未知",
                  "failed": "到账确认失败"}
REFUND_STATES = {"created": "待发送", "processing": "退款中", "succeeded": "已退款", "failed": "退款失败",
                 "unknown": "结果未知", "offline": "线下已退"}
DIFFERENCE_KINDS = {
    "paid_unknown_here": "渠道已扣款，本系统无记录", "paid_not_at_channel": "本系统已扣款，渠道无记录",
    "amount_mismatch": "金额不符", "posted_without_money": "已到账确认，未收到款",
    "not_posted_upstream": "本系统已到账，经办机构无记录", "refund_unknown_here": "渠道已退款，本系统无记录",
    "refund_not_at_channel": "本系统已退款，渠道无记录", "refunded_twice": "重复退款",
}
DIFFERENCE_STATES = {"open": "待处理", "needs_person": "需人工处理", "auto_resolved": "已自动处理",
                     "resolved": "已人工处理"}
AUDIT_ACTIONS = {
    "sign_in": "登录", "sign_out": "退出", "retry_refund": "重新发起退费", "mark_refunded_offline": "登记线下已退",
    "request_manual_refund": "申请人工退费", "approve_manual_refund": "审批通过人工退费",
    "reject_manual_refund": "驳回人工退费", "resolve_difference": "处理对账差异", "requery_channel": "重新查询渠道",
    "unmask_id": "查看完整证件号码", "csrf_refused": "拒绝可疑请求", "operator_add": "新增操作员",
    "operator_password": "重置密码", "operator_unlock": "解除锁定", "operator_disable": "停用操作员",
    "export": "导出列表", "claim_case": "认领处理", "release_case": "释放认领", "case_note": "添加处理记录",
    "download_statement": "下载对账单",
}
ENTITIES = {"payment": "缴款", "payment_item": "费款", "declaration": "申报", "refund": "退费",
            "notification": "渠道通知", "difference": "对账差异", "manual_refund": "人工退费申请", "operator": "操作员",
            "path": "页面", "view": "列表", "reconciliation_run": "对账批次"}
SERIES_COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#8250df")


def yuan(fen: object) -> str:
    if fen is None or fen == "":
        return "—"
    return fen_to_display(int(fen) if isinstance(fen, int | Decimal) else int(str(fen)))  # PostgreSQL sums: numeric


def local_time(at: object) -> str:
    if isinstance(at, datetime):
        return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(at, date):
        return at.isoformat()
    return "—" if at is None else str(at)


def label(value: object, table: dict[str, str]) -> str:
    key = getattr(value, "value", value)
    return table.get(str(key), str(key)) if key is not None else "—"


def bar_chart(labels: list[str], series: dict[str, list[int]], *, width: int = 360, height: int = 150,
              money: bool = True) -> dict[str, Any]:
    """Grouped bars: one group per label, one bar per series, scaled to the largest value."""
    left, bottom, gap = 8, 22, 6
    names = list(series)
    groups = max(len(labels), 1)
    group_w = (width - left) / groups
    bar_w = min(max((group_w - gap) / max(len(names), 1), 1.0), 48.0)
    top = max([v for values in series.values() for v in values] + [1])
    bars = []
    for g, tick in enumerate(labels):
        for s, name in enumerate(names):
            value = series[name][g]
            h = (height - bottom - 4) * value / top
            offset = (group_w - bar_w * len(names)) / 2
            bars.append({"x": round(left + g * group_w + offset + s * bar_w, 1), "y": round(height - bottom - h, 1),
                         "w": round(bar_w - 1, 1), "h": round(h, 1), "fill": SERIES_COLOURS[s % len(SERIES_COLOURS)],
                         "title": f"{tick} {name}：{yuan(value) if money else value}"})
    ticks = [{"x": round(left + g * group_w + group_w / 2, 1), "text": tick[5:] if len(tick) == 10 else tick}
             for g, tick in enumerate(labels)]
    legend = [{"name": name, "fill": SERIES_COLOURS[s % len(SERIES_COLOURS)]} for s, name in enumerate(names)]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "legend": legend,
            "top": yuan(top) if money else str(top), "baseline": height - bottom}


ENV = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True, enable_async=False)
ENV.filters.update(yuan=yuan, time=local_time)
ENV.globals.update(
    CHANNELS=CHANNELS, PAYMENT_STATES=PAYMENT_STATES, POSTING_STATES=POSTING_STATES, REFUND_STATES=REFUND_STATES,
    DIFFERENCE_KINDS=DIFFERENCE_KINDS, DIFFERENCE_STATES=DIFFERENCE_STATES, AUDIT_ACTIONS=AUDIT_ACTIONS,
    ENTITIES=ENTITIES,
    ROLE_LABELS={k.value: v for k, v in ROLE_LABELS.items()},
    MANUAL_REFUND_LABELS={k.value: v for k, v in MANUAL_REFUND_LABELS.items()}, label=label, Role=Role,
)


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTTPResponse:
    body = ENV.get_template(template).render(**context)
    return html(body, status=status, headers={**SECURITY_HEADERS, **(headers or {})})
