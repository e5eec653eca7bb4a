"""Crash and retry safety: a notice is written once, and its e-mail is sent once, whatever fails."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend

from roviec.notifications.models import DeliveryLog, EmailStatus, Notification
from roviec.notifications.scheduler import run_followups
from roviec.notifications.services import delivery_email_send
from roviec.notifications.tests.factories import DUE, make_task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = DUE - datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _per_task_rules_only(settings):
    settings.ROVIEC_FOLLOWUP = {"digest_weekday": None}


def at(hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=VN),
                               tick=False)


class FlakyBackend(EmailBackend):
    """Fails the first ``failures`` sends, like an SMTP server that is briefly down."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("máy chủ thư tạm thời không trả lời")
        return super().send_messages(messages)


def test_crash_before_commit_leaves_nothing_and_the_next_run_delivers_once(
        people, monkeypatch, django_capture_on_commit_callbacks, mailoutbox):
    """A crash between inserting the key and writing the notice rolls both back; the rerun sends once."""
    make_task(people)
    original_create = Notification.objects.create

    def crash(**kwargs):
        raise RuntimeError("tiến trình bị dừng đột ngột")

    monkeypatch.setattr(Notification.objects, "create", crash)
    with at(8), pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        run_followups(DAY)
    assert DeliveryLog.objects.count() == 0
    monkeypatch.setattr(Notification.objects, "create", original_create)
    with at(9), django_capture_on_commit_callbacks(execute=True):
        assert run_followups(DAY).delivered == 1
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_crash_after_commit_before_the_email_resends_only_the_email(
        people, django_capture_on_commit_callbacks, mailoutbox):
    """The notice was saved but the process died before e-mailing: a later run sends the e-mail once."""
    make_task(people)
    with at(8), django_capture_on_commit_callbacks(execute=False):  # the on-commit e-mail job is lost
        run_followups(DAY)
    log = DeliveryLog.objects.get()
    assert log.email_status == EmailStatus.PENDING and mailoutbox == []
    with at(8, 5), django_capture_on_commit_callbacks(execute=True):
        assert run_followups(DAY).emails_resent == 0  # too recent: its job may still be queued
    with at(9), django_capture_on_commit_callbacks(execute=True):
        summary = run_followups(DAY)
    assert (summary.delivered, summary.emails_resent) == (0, 1)
    with at(10), django_capture_on_commit_callbacks(execute=True):
        run_followups(DAY)
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1
    log.refresh_from_db()
    assert log.email_status == EmailStatus.SENT and log.email_attempts == 1


def test_failed_email_is_retried_without_a_second_notice(people, settings, django_capture_on_commit_callbacks,
                                                          mailoutbox):
    """An SMTP failure keeps the e-mail pending and raises (so the job retries); the retry sends it once."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 1
    make_task(people)
    with at(8), django_capture_on_commit_callbacks(execute=False):
        run_followups(DAY)
    log = DeliveryLog.objects.get()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        delivery_email_send(delivery_id=log.pk)
    log.refresh_from_db()
    assert log.email_status == EmailStatus.PENDING
    assert "SMTPServerDisconnected" in log.email_error
    assert delivery_email_send(delivery_id=log.pk) is True
    assert delivery_email_send(delivery_id=log.pk) is False  # a duplicated retry sends nothing
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


def test_an_email_claimed_by_another_worker_is_not_sent_twice(people, django_capture_on_commit_callbacks):
    """While one worker is sending, another worker's job for the same e-mail does nothing."""
    make_task(people)
    with at(8), django_capture_on_commit_callbacks(execute=False):
        run_followups(DAY)
    log = DeliveryLog.objects.get()
    DeliveryLog.objects.filter(pk=log.pk).update(email_status=EmailStatus.SENDING,
                                                 email_claimed_at=datetime.datetime.now(datetime.UTC))
    assert delivery_email_send(delivery_id=log.pk) is False


def test_an_address_that_keeps_failing_is_given_up(people, settings, django_capture_on_commit_callbacks):
    """After the configured attempts the e-mail is marked failed and no longer retried; the notice stays."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 99
    make_task(people)
    with at(8), django_capture_on_commit_callbacks(execute=False):
        run_followups(DAY)
    log = DeliveryLog.objects.get()
    for _ in range(2):
        with pytest.raises(smtplib.SMTPException):
            delivery_email_send(delivery_id=log.pk, max_attempts=2)
    log.refresh_from_db()
    assert log.email_status == EmailStatus.FAILED
    assert delivery_email_send(delivery_id=log.pk, max_attempts=2) is False
    assert Notification.objects.filter(recipient=people.users["commune_a"]).count() == 1
    FlakyBackend.failures = 0


def test_people_without_an_address_get_the_notice_in_the_app(province, django_capture_on_commit_callbacks,
                                                             mailoutbox):
    """No e-mail address: the in-app notice is still delivered, and no e-mail is attempted."""
    make_task(province)
    with at(8), django_capture_on_commit_callbacks(execute=True):
        run_followups(DAY)
    assert Notification.objects.count() == 1
    assert DeliveryLog.objects.get().email_status == EmailStatus.NONE
    assert mailoutbox == []
