"""The dashboard's money and time formatting: what PostgreSQL and SQLite hand back alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from dashboard.render import local_time, yuan


def test_yuan_formats_fen_from_every_source() -> None:
    assert yuan(0) == "¥0.00"
    assert yuan(234_000) == "¥2,340.00"
    assert yuan(-5) == "-¥0.05"
    assert yuan(Decimal("1.152E+7")) == "¥115,200.00"  # a PostgreSQL sum (numeric), normalised
    assert yuan("12345") == "¥123.45"
    assert yuan(None) == "—"


def test_times_are_shown_in_shanghai() -> None:
    assert local_time(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == "2026-12-01 00:30:00"


def test_the_days_chart_has_axes_values_and_its_date_range() -> None:
    from dashboard.charts import day_chart, hbar_chart, nice_ticks

    days = ["2026-11-30", "2026-12-01"]
    chart = day_chart(days, [100_000, 50_000], [0, 25_000])
    net = [b for b in chart["bars"] if b["title"].split()[1] == "净实收"]
    assert net[0]["h"] == 2 * net[1]["h"] > 0  # scaled to one axis
    assert [label["text"] for label in chart["labels"]] == ["¥1,000", "¥750"]  # the gross on each bar
    assert [t["text"] for t in chart["y_axis"]] == ["¥0", "¥250", "¥500", "¥750", "¥1,000"]
    assert [t["text"] for t in chart["x_axis"]] == ["11-30", "12-01"] and chart["range"] == "2026-11-30 至 2026-12-01"
    assert chart["bars"][-1]["title"] == "2026-12-01 退还（被拒/已退）¥250.00"
    assert nice_ticks(0) == [0, 1] and nice_ticks(7) == [0, 2, 4, 6, 8]
    bars = hbar_chart([("a", 50), ("b", 100)], unit="笔")
    assert bars["bars"][1]["w"] == 2 * bars["bars"][0]["w"] and bars["bars"][0]["value"] == "50笔"


def test_a_share_is_overdue_once_the_working_day_after_its_deadline_is_over() -> None:
    from datetime import date

    from app.clock import SHANGHAI
    from app.operations.queries import overdue_before

    # Wednesday: a deadline on Monday had its refund day on Tuesday
    assert overdue_before(date(2026, 12, 2)) == datetime(2026, 12, 1, tzinfo=SHANGHAI)
    # Monday: Friday's deadline has its refund day today; Thursday's was Friday
    assert overdue_before(date(2026, 11, 30)) == datetime(2026, 11, 27, tzinfo=SHANGHAI)
