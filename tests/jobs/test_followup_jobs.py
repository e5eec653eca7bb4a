"""On every job runner (immediate, SQLite queue, Redis), each follow-up notice is delivered once."""

import datetime
import smtplib
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from roviec.notifications import services
from roviec.notifications.models import DeliveryLog, EmailStatus, Notification
from roviec.notifications.tests.factories import DUE, give_emails, make_task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = DUE - datetime.timedelta(days=1)


def at(hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=VN))


class FlakyBackend(EmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("máy chủ thư tạm thời không trả lời")
        return super().send_messages(messages)


@pytest.fixture
def two_recipients(province):
    """A task due tomorrow with two people to remind (the lead unit's and the responsible person)."""
    give_emails(province)
    return make_task(province, responsible_person=province.people["commune_b"])


@pytest.mark.django_db
def test_job_enqueued_twice_delivers_once(runner, two_recipients, django_capture_on_commit_callbacks,
                                          mailoutbox):
    """Two schedulers enqueueing the same day's run (or a job run twice) send each notice once."""
    with at(8):
        with django_capture_on_commit_callbacks(execute=True):
            runner.jobs.followups_run(DAY.isoformat())
            runner.jobs.followups_run(DAY.isoformat())
        runner.drain(django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["xaanthi@example.vn", "xayenmy@example.vn"]
    assert set(DeliveryLog.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}


@pytest.mark.django_db
def test_job_crashing_midway_is_retried_and_delivers_each_notice_once(
        runner, two_recipients, monkeypatch, django_capture_on_commit_callbacks, mailoutbox):
    """A job that dies after the first notice is retried by the runner; the first is not sent again."""
    real = services.notice_deliver
    calls = {"n": 0}

    def crash_on_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("mất kết nối cơ sở dữ liệu giữa chừng")
        return real(**kwargs)

    monkeypatch.setattr(services, "notice_deliver", crash_on_second)
    with at(8):
        with django_capture_on_commit_callbacks(execute=True):
            runner.jobs.followups_run(DAY.isoformat())
        runner.drain(django_capture_on_commit_callbacks)
    assert calls["n"] >= 3  # the retry ran
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_failed_email_is_retried_by_the_runner_without_a_second_notice(
        runner, two_recipients, settings, django_capture_on_commit_callbacks, mailoutbox):
    """The mail server fails once: the e-mail job is retried and succeeds; the notices are not repeated."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 1
    with at(8):
        with django_capture_on_commit_callbacks(execute=True):
            runner.jobs.followups_run(DAY.isoformat())
        runner.drain(django_capture_on_commit_callbacks)
    if runner.name == "immediate":
        # Inline mode has no scheduler: the retry waits in memory, and the next run's sweep sends it.
        with at(9):
            with django_capture_on_commit_callbacks(execute=True):
                runner.jobs.followups_run(DAY.isoformat())
    assert FlakyBackend.failures == 0
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2
    assert sorted(DeliveryLog.objects.values_list("email_attempts", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_email_job_lost_after_commit_is_sent_by_the_next_run(
        runner, two_recipients, django_capture_on_commit_callbacks, mailoutbox):
    """The process died right after saving the notices: the next run sends their e-mails, once each."""
    with at(8):
        with django_capture_on_commit_callbacks(execute=False):  # the e-mail jobs are never enqueued
            runner.jobs.followups_run(DAY.isoformat())
        if runner.name != "immediate":
            task = runner.huey.dequeue()
            with django_capture_on_commit_callbacks(execute=False):
                runner.huey.execute(task)
    assert Notification.objects.count() == 2 and mailoutbox == []
    with at(9):
        with django_capture_on_commit_callbacks(execute=True):
            runner.jobs.followups_run(DAY.isoformat())
        runner.drain(django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_real_consumer_thread_runs_the_jobs(runner, two_recipients, mailoutbox):
    """The consumer started by the runner module (as in `roviec serve`) executes the jobs and e-mails."""
    from roviec.notifications.runner import start_worker, stop_worker

    if runner.name == "immediate":
        pytest.skip("immediate mode has no consumer: jobs run inline")
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory, shared-cache SQLite test database answers 'table is locked' to a second "
                    "thread instead of waiting as a real SQLite file does; runs on PostgreSQL")
    consumer = start_worker(runner.huey, workers=2, periodic=False)
    try:
        runner.jobs.followups_run(DAY.isoformat())
        deadline = threading.Event()
        for _ in range(100):
            if len(mailoutbox) >= 2:
                break
            deadline.wait(0.1)
    finally:
        stop_worker(consumer)
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_deliver_once(two_recipients):
    """Two workers running the follow-up concurrently (separate connections) deliver each notice once."""
    from django.db import connections

    from roviec.notifications.scheduler import run_followups

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory, shared-cache SQLite test database answers 'table is locked' to a second "
                    "thread instead of waiting as a real SQLite file does; runs on PostgreSQL")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(5)
            results.append(run_followups(DAY, enqueue_email=lambda pk: None).delivered)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(results) in ([0, 2], [1, 1])
    assert Notification.objects.count() == 2
