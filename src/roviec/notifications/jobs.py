"""Background jobs on huey (``huey.contrib.djhuey``): the hourly follow-up run and e-mails.

The jobs are registered by ``register_jobs(huey)`` so the same code runs on
the configured queue (embedded SQLite file, or Redis) and, in tests, on any
other huey instance. Module-level names are the jobs of the configured queue:

    followups_periodic   hourly in the rules' working hours (periodic, retried)
    followups_run(day)   manual trigger, e.g. ``followups_run("2026-06-30")``
    send_delivery_email(delivery_id)

Everything is idempotent (see ``services``), so a retry, a restart or two
workers enqueueing the same periodic job deliver each notice once.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey.contrib import djhuey

from roviec.core.jobs import with_fresh_connections

RETRIES = 3
RETRY_DELAY = 60  # seconds; huey re-schedules a failed job this long after the failure




def in_run_hours(timestamp: datetime.datetime) -> bool:
    """Periodic validator: on the hour, inside the rules' local working hours.

    huey passes a naive UTC timestamp (``utc=True``) or naive local time.
    """
    from roviec.notifications.rules import followup_rules

    if timestamp.tzinfo is None:
        zone = datetime.UTC if settings.HUEY.get("utc", True) else ZoneInfo(settings.TIME_ZONE)
        timestamp = timestamp.replace(tzinfo=zone)
    local = timezone.localtime(timestamp)
    return local.minute == 0 and local.hour in followup_rules().run_hours


@dataclass(frozen=True)
class Jobs:
    followups_periodic: object
    followups_run: object
    send_delivery_email: object


def register_jobs(huey, *, retry_delay: int = RETRY_DELAY) -> Jobs:
    """Register the notification jobs on ``huey`` and return their wrappers."""

    def send_delivery_email(delivery_id: int) -> bool:
        from roviec.notifications.services import delivery_email_send

        return delivery_email_send(delivery_id=delivery_id)

    email_job = huey.task(retries=RETRIES, retry_delay=retry_delay, name="send_delivery_email")(
        with_fresh_connections(send_delivery_email))

    def run(day: datetime.date):
        from roviec.notifications.scheduler import run_followups

        summary = run_followups(day, enqueue_email=email_job)
        return {"planned": summary.planned, "delivered": summary.delivered,
                "emails_resent": summary.emails_resent}

    def followups_periodic():
        return run(timezone.localdate())

    def followups_run(day: str | None = None):
        return run(datetime.date.fromisoformat(day) if day else timezone.localdate())

    periodic = huey.periodic_task(in_run_hours, retries=RETRIES, retry_delay=retry_delay,
                                  name="followups_periodic")(with_fresh_connections(followups_periodic))
    manual = huey.task(retries=RETRIES, retry_delay=retry_delay, name="followups_run")(
        with_fresh_connections(followups_run))
    return Jobs(followups_periodic=periodic, followups_run=manual, send_delivery_email=email_job)


JOBS = register_jobs(djhuey.HUEY)
followups_periodic = JOBS.followups_periodic
followups_run = JOBS.followups_run
send_delivery_email = JOBS.send_delivery_email
