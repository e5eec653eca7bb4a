"""Working days follow the holidays, lunar Tết, and the days the Government moves each year."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from roviec.core.workdays import work_calendar


def test_tet_and_weekends_are_not_working_days():
    """Lunar Tết 2026 (mid-February) and weekends are skipped."""
    calendar = work_calendar()
    assert not calendar.is_working_day(datetime.date(2026, 2, 17))  # Tết
    assert not calendar.is_working_day(datetime.date(2026, 2, 21))  # Saturday
    assert calendar.is_working_day(datetime.date(2026, 3, 2))


def test_days_the_government_moves_come_from_settings(settings):
    """An announced extra day off and a compensatory working Saturday change the count."""
    friday, saturday = datetime.date(2026, 5, 8), datetime.date(2026, 5, 9)
    assert work_calendar().is_working_day(friday) and not work_calendar().is_working_day(saturday)
    settings.ROVIEC_EXTRA_DAYS_OFF = ["2026-05-08"]
    settings.ROVIEC_EXTRA_WORKING_DAYS = ["09/05/2026"]
    calendar = work_calendar()
    assert not calendar.is_working_day(friday) and calendar.is_working_day(saturday)


def test_a_bad_date_in_settings_is_named(settings):
    """A typo in the configuration stops with a message naming the setting and the value."""
    settings.ROVIEC_EXTRA_DAYS_OFF = ["31/02/2026"]
    with pytest.raises(ImproperlyConfigured, match=r"ROVIEC_EXTRA_DAYS_OFF.*31/02/2026"):
        work_calendar()
