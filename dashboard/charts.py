"""The overview's charts as data for inline SVG (no script, nothing fetched): every chart has its
axis with values, every bar its value written on it, and the days chart its date range."""

from __future__ import annotations

import math
from typing import Any

from dashboard.labels import yuan

NET, RETURNED, NEUTRAL, ALERT = "#2da44e", "#cf222e", "#1f6feb", "#bf8700"


def short_money(fen: int) -> str:
    """A bar's label: ¥2,340 under ten thousand yuan, ¥1.2万 above, ¥0 for nothing."""
    value = fen / 100
    if abs(value) >= 10_000:
        return f"¥{value / 10_000:.1f}万"
    return f"¥{value:,.0f}" if value == int(value) or abs(value) >= 100 else f"¥{value:,.2f}"


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round tick values from 0 to at least `top`: 0, 2500, 5000, 7500, 10000."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return [step * i for i in range(count + 1) if step * (i - 1) < top] or [0, step]


def day_chart(days: list[str], net: list[int], returned: list[int], *, width: int = 720, height: int = 260
              ) -> dict[str, Any]:
    """Stacked bars per day, in fen: 净实收 (green) under 退还（被拒/已退）(red); the gross on top of
    each bar; a y axis in yuan with round ticks; x ticks MM-DD."""
    left, right, top_pad, bottom = 64, 8, 18, 26
    plot_h = height - top_pad - bottom
    gross = [n + r for n, r in zip(net, returned, strict=True)]
    ticks = nice_ticks(max(gross + [0]))
    top = ticks[-1]
    slot = (width - left - right) / max(len(days), 1)
    bar_w = min(slot * 0.7, 40)
    bars, labels = [], []
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        h_net = plot_h * net[i] / top
        h_ret = plot_h * returned[i] / top
        base = top_pad + plot_h
        bars.append({"x": round(x, 1), "y": round(base - h_net, 1), "w": round(bar_w, 1), "h": round(h_net, 1),
                     "fill": NET, "title": f"{day} 净实收 {yuan(net[i])}"})
        if returned[i]:
            bars.append({"x": round(x, 1), "y": round(base - h_net - h_ret, 1), "w": round(bar_w, 1),
                         "h": round(h_ret, 1), "fill": RETURNED,
                         "title": f"{day} 退还（被拒/已退）{yuan(returned[i])}"})
        if gross[i]:
            labels.append({"x": round(x + bar_w / 2, 1), "y": round(base - h_net - h_ret - 4, 1),
                           "text": short_money(gross[i])})
    y_axis = [{"y": round(top_pad + plot_h - plot_h * t / top, 1), "text": short_money(t)} for t in ticks]
    x_axis = [{"x": round(left + i * slot + slot / 2, 1), "text": day[5:]} for i, day in enumerate(days)]
    return {"width": width, "height": height, "left": left, "right": width - right, "bars": bars, "labels": labels,
            "y_axis": y_axis, "x_axis": x_axis, "baseline": top_pad + plot_h, "x_text_y": height - 8,
            "legend": [{"name": "净实收", "fill": NET}, {"name": "退还（被拒/已退）", "fill": RETURNED}],
            "range": f"{days[0]} 至 {days[-1]}" if days else ""}


def hbar_chart(rows: list[tuple[str, int]], *, money: bool = False, unit: str = "", fill: str = NEUTRAL,
               width: int = 360) -> dict[str, Any]:
    """One horizontal bar per row, its value written after it, and a value axis below."""
    label_w, right, row_h, axis_h = 150, 56, 24, 22
    plot_w = width - label_w - right
    ticks = nice_ticks(max([v for _, v in rows] + [0]), 2)
    top = ticks[-1]
    height = max(len(rows), 1) * row_h + axis_h + 4
    fmt = short_money if money else (lambda v: f"{v}{unit}")
    bars = []
    for i, (name, value) in enumerate(rows):
        w = plot_w * value / top
        y = i * row_h + 4
        shown = name if len(name) <= 11 else name[:10] + "…"
        bars.append({"y": y, "w": round(w, 1), "h": row_h - 8, "label": shown,
                     "value": fmt(value), "value_x": round(label_w + w + 4, 1), "fill": fill,
                     "title": f"{name}：{yuan(value) if money else fmt(value)}"})
    axis_y = len(rows) * row_h + 4
    axis = [{"x": round(label_w + plot_w * t / top, 1), "text": fmt(t)} for t in ticks]
    return {"width": width, "height": height, "left": label_w, "plot_right": label_w + plot_w, "bars": bars,
            "axis": axis, "axis_y": axis_y, "empty": not rows}
