"""Job plumbing: when the periodic run fires, the embedded worker switch, and `roviec worker`."""

import datetime

import pytest

from roviec.cli import main
from roviec.notifications import runner
from roviec.notifications.jobs import in_run_hours
from roviec.notifications.models import Notification
from roviec.notifications.tests.factories import DUE, make_task


@pytest.mark.parametrize(("utc", "expected"), [
    (datetime.datetime(2026, 6, 23, 0, 0), True),     # 07:00 in Hà Nội: first run of the day
    (datetime.datetime(2026, 6, 23, 10, 0), True),    # 17:00
    (datetime.datetime(2026, 6, 23, 11, 0), False),   # 18:00: after office hours
    (datetime.datetime(2026, 6, 22, 23, 0), False),   # 06:00
    (datetime.datetime(2026, 6, 23, 3, 30), False),   # not on the hour
])
def test_periodic_run_fires_hourly_in_local_office_hours(utc, expected):
    """Reminders go out during the working day in Vietnam time, not at midnight UTC."""
    assert in_run_hours(utc) is expected


def test_run_hours_come_from_settings(settings):
    """An installation can choose other hours for the follow-up run."""
    settings.ROVIEC_FOLLOWUP = {"run_hours": [20]}
    assert in_run_hours(datetime.datetime(2026, 6, 23, 13, 0)) is True
    assert in_run_hours(datetime.datetime(2026, 6, 23, 0, 0)) is False


def test_no_embedded_worker_when_jobs_run_inline():
    """With immediate jobs (tests, ROVIEC_JOBS_IMMEDIATE) `roviec serve` starts no consumer."""
    assert runner.start_embedded_worker() is None


@pytest.mark.parametrize(("huey_class", "env", "expected"), [
    ("huey.SqliteHuey", "", True),
    ("huey.RedisHuey", "", False),
    ("huey.RedisHuey", "1", True),
    ("huey.SqliteHuey", "0", False),
])
def test_embedded_worker_by_default_only_with_the_embedded_queue(settings, monkeypatch, huey_class, env,
                                                                 expected):
    """The web process consumes the SQLite queue itself; with Redis, `roviec worker` does unless asked."""
    settings.HUEY = {**settings.HUEY, "huey_class": huey_class}
    monkeypatch.setenv("ROVIEC_EMBEDDED_WORKER", env)
    assert runner.embedded_worker_enabled() is expected


@pytest.mark.django_db
def test_worker_once_runs_the_followup_for_a_day(people, settings, capsys):
    """`roviec worker --once --date dd/mm/yyyy` sends that day's notices and reports how many."""
    settings.ROVIEC_FOLLOWUP = {"digest_weekday": None}
    make_task(people)
    day = (DUE - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    assert main(["worker", "--once", "--date", day]) == 0
    assert "1 thông báo mới" in capsys.readouterr().out
    assert Notification.objects.count() == 1


def test_worker_rejects_a_bad_date(capsys):
    """A mistyped date gets a clear Vietnamese message, not a traceback."""
    assert main(["worker", "--once", "--date", "31/02/2026"]) == 2
    assert "ngày không hợp lệ" in capsys.readouterr().err


def test_worker_refuses_to_consume_an_inline_queue(capsys):
    """With immediate jobs there is no queue: the worker says so and stops."""
    assert main(["worker"]) == 2
    assert "ROVIEC_JOBS_IMMEDIATE" in capsys.readouterr().err
