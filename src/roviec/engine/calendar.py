"""Dates as Vietnamese documents write them, and working days on the Vietnamese calendar.

Public holidays (including lunar Tết) come from the `holidays` package; decisions of the
Government that move days off (compensatory working Saturdays, extra days off) change every
year, so callers pass them in as `extra_days_off` / `extra_working_days`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

# "17/4/2026", "17-4-2026", "17.4.2026", "ngày 17 tháng 4 năm 2026"
DATE_NUMERIC = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
DATE = rf"(?:{DATE_NUMERIC}|{DATE_WORDS})"
DATE_RE = re.compile(DATE)


def make_date(year: int | str, month: int | str, day: int | str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return None


def date_from_match(m: re.Match[str]) -> date | None:
    """Read a match of DATE (named groups d/m/y or d2/m2/y2)."""
    groups = m.groupdict()
    if groups.get("d"):
        return make_date(groups["y"], groups["m"], groups["d"])
    if groups.get("d2"):
        return make_date(groups["y2"], groups["m2"], groups["d2"])
    return None


def month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12):
        return None
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date | None:
    return month_end(year, quarter * 3) if 1 <= quarter <= 4 else None


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # imported lazily: only relative deadlines need it

    return frozenset(holidays.country_holidays("VN", years=year))


@dataclass(frozen=True)
class WorkCalendar:
    """Vietnamese working days: Monday–Friday minus public holidays, adjusted by configuration."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_changes(
        cls, *, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day.weekday() >= 5:
            return False
        return day not in _public_holidays(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (start itself not counted)."""
        day = start
        remaining = count
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(remaining)
        guard = 0
        while remaining > 0 and guard < 20000:
            day += step
            guard += 1
            if self.is_working_day(day):
                remaining -= 1
        return day


DEFAULT_CALENDAR = WorkCalendar()
