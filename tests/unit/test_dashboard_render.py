"""The dashboard's money and time formatting: what PostgreSQL and SQLite hand back alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from dashboard.render import bar_chart, local_time, yuan


def test_yuan_formats_fen_from_every_source() -> None:
    assert yuan(0) == "¥0.00"
    assert yuan(234_000) == "¥2,340.00"
    assert yuan(-5) == "-¥0.05"
    assert yuan(Decimal("1.152E+7")) == "¥115,200.00"  # a PostgreSQL sum (numeric), normalised
    assert yuan("12345") == "¥123.45"
    assert yuan(None) == "—"


def test_times_are_shown_in_shanghai() -> None:
    assert local_time(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == "2026-12-01 00:30:00"


def test_bars_scale_to_the_largest_value_and_name_each_bar() -> None:
    chart = bar_chart(["a", "b"], {"x": [50, 100]}, money=False)
    heights = [b["h"] for b in chart["bars"]]
    assert heights[1] == 2 * heights[0] > 0
    assert [b["title"] for b in chart["bars"]] == ["a x：50", "b x：100"]


def test_a_share_is_overdue_once_the_working_day_after_its_deadline_is_over() -> None:
    from datetime import date

    from app.clock import SHANGHAI
    from app.operations.queries import overdue_before

    # Wednesday: a deadline on Monday had its refund day on Tuesday
    assert overdue_before(date(2026, 12, 2)) == datetime(2026, 12, 1, tzinfo=SHANGHAI)
    # Monday: Friday's deadline has its refund day today; Thursday's was Friday
    assert overdue_before(date(2026, 11, 30)) == datetime(2026, 11, 27, tzinfo=SHANGHAI)
