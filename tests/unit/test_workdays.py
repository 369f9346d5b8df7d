"""Working days: chinesecalendar for its years, config/holidays.toml after, weekdays beyond."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.payments.states import posting_deadline
from app.workdays import add_working_days, is_working_day

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("start", "count", "expected"), [
    (date(2026, 9, 29), 3, date(2026, 10, 9)),   # National Day week, with its adjusted working Saturday
    (date(2026, 12, 28), 7, date(2027, 1, 7)),   # late December into a year chinesecalendar does not know
    (date(2027, 2, 4), 1, date(2027, 2, 9)),     # 2027 Spring Festival from config/holidays.toml
    (date(2028, 12, 29), 1, date(2029, 1, 1)),   # no table at all: Monday–Friday, never a crash
    (date(2026, 11, 30), 0, date(2026, 11, 30)),
])
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


def test_is_working_day_knows_holidays_and_adjusted_weekends() -> None:
    assert not is_working_day(date(2026, 10, 1)) and is_working_day(date(2026, 10, 10))  # a working Saturday
    assert not is_working_day(date(2027, 1, 1)) and not is_working_day(date(2027, 2, 8))


@pytest.mark.parametrize(("days", "paid", "last_day"), [
    (7, datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI), date(2026, 12, 8)),   # Hubei: post by the 6th
    (5, datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI), date(2026, 12, 4)),   # Guizhou: by the 4th
    (7, datetime(2026, 12, 30, 23, 0, tzinfo=SHANGHAI), date(2027, 1, 8)),
])
def test_posting_deadline_keeps_a_working_day_for_the_refund(days: int, paid: datetime, last_day: date) -> None:
    deadline = posting_deadline(days, paid)
    assert deadline.date() == last_day and (deadline.hour, deadline.minute) == (23, 59)
