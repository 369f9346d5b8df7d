"""Working days (工作日) of mainland China: public holidays and adjusted working weekends.

chinesecalendar for the years it covers, then `config/holidays.toml`, then Monday–Friday (with a
warning, once per year), so a deadline computed in late December never fails.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar

HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "config" / "holidays.toml"
log = logging.getLogger("shebao.workdays")


@cache
def _table(path: Path = HOLIDAYS_FILE) -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    with open(path, "rb") as fh:
        years = tomllib.load(fh).get("years", {})
    return {int(y): (frozenset(t.get("holidays", ())), frozenset(t.get("workdays", ()))) for y, t in years.items()}


@cache
def _warn_once(year: int) -> None:
    log.warning("no holiday calendar for %s: counting Monday–Friday as working days", year)


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the library does not know yet
        pass
    known = _table().get(day.year)
    if known is None:
        _warn_once(day.year)
        return day.weekday() < 5
    holidays, workdays = known
    return day in workdays or (day.weekday() < 5 and day not in holidays)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (start itself not counted); `start` for 0."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
