"""Time, and China's business date.

Every collection rule, deadline and business number is dated in China (Asia/Shanghai), whatever
time zone the process runs under: a declaration made at 00:30 on 12-07 in China is numbered
SB20261207…, even where the machine's clock says 12-06 16:30 UTC. Instants are aware datetimes
(UTC inside); a date is a China date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current instant (aware, UTC)."""
    return datetime.now(UTC)


def in_china(at: datetime | None = None) -> datetime:
    """`at` (default: now) on China's wall clock."""
    return (at or now()).astimezone(SHANGHAI)


def business_date(at: datetime | None = None) -> date:
    """The date in China at `at` (default: now): "today" for every rule and number."""
    return in_china(at).date()


def stamp(fmt: str, at: datetime | None = None) -> str:
    """`at` (default: now) formatted on China's wall clock, for business numbers (SB20261207…)."""
    return in_china(at).strftime(fmt)
