"""The working-day calendar the whole app counts with.

Public holidays (lunar Tết included) come from the engine's calendar; the days the
Government moves each year (extra days off, compensatory working Saturdays) come from
settings: ROVIEC_EXTRA_DAYS_OFF and ROVIEC_EXTRA_WORKING_DAYS (ISO or dd/mm/yyyy dates).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from roviec.engine.calendar import WorkCalendar


def _parse(value, setting: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ImproperlyConfigured(
        f"{setting}: «{text}» không phải ngày hợp lệ (dùng yyyy-mm-dd hoặc dd/mm/yyyy)"
    )


def work_calendar() -> WorkCalendar:
    days_off = [_parse(v, "ROVIEC_EXTRA_DAYS_OFF") for v in settings.ROVIEC_EXTRA_DAYS_OFF]
    working = [_parse(v, "ROVIEC_EXTRA_WORKING_DAYS") for v in settings.ROVIEC_EXTRA_WORKING_DAYS]
    return WorkCalendar.with_changes(days_off=days_off, working_days=working)
