"""The same jobs on every queue the product supports: immediate (in-process), SQLite file, Redis.

Each runner registers the real notification jobs (``register_jobs``) on its own
huey instance, so nothing touches ``var/`` or another test's queue. ``drain``
plays the consumer: it dequeues and executes jobs, including retries that
huey scheduled for later, until the queue is empty.
"""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from huey import MemoryHuey, RedisHuey, SqliteHuey

from roviec.notifications.jobs import Jobs, register_jobs

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_unreachable_reason() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # any failure means "not reachable"
        return f"Redis at {REDIS_URL} is not reachable ({error}); start redis-server to run these tests"
    return None


@dataclass
class Runner:
    name: str
    huey: object
    jobs: Jobs

    def drain(self, capture, *, max_jobs: int = 50) -> int:
        """Execute queued and scheduled jobs (as a consumer would, retries included); return how many ran."""
        ran = 0
        far_future = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
        while ran < max_jobs:
            task = self.huey.dequeue()
            if task is None:
                due = self.huey.read_schedule(far_future)
                if not due:
                    return ran
                for scheduled in due:
                    self.huey.storage.enqueue(self.huey.serialize_task(scheduled), scheduled.priority)
                continue
            with capture(execute=True):  # on-commit callbacks (e-mail jobs) run as after a real commit
                self.huey.execute(task, timestamp=far_future)
            ran += 1
        raise AssertionError(f"more than {max_jobs} jobs: a job keeps re-queueing itself")


def _make(kind: str, tmp_path):
    name = f"roviec-test-{uuid.uuid4().hex[:8]}"
    if kind == "immediate":
        return MemoryHuey(name, immediate=True, utc=True)
    if kind == "sqlite":
        return SqliteHuey(name, filename=str(tmp_path / "jobs.sqlite3"), utc=True)
    reason = redis_unreachable_reason()
    if reason:
        pytest.skip(reason)
    return RedisHuey(name, url=REDIS_URL, utc=True)


@pytest.fixture(params=["immediate", "sqlite", "redis"])
def runner(request, tmp_path, monkeypatch):
    huey = _make(request.param, tmp_path)
    jobs = register_jobs(huey, retry_delay=30)
    # E-mails of notices created outside a job (default enqueuer) go to this queue too.
    monkeypatch.setattr("roviec.notifications.jobs.send_delivery_email", jobs.send_delivery_email)
    yield Runner(request.param, huey, jobs)
    huey.storage.flush_all()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _per_task_rules_only(settings):
    settings.ROVIEC_FOLLOWUP = {"digest_weekday": None}
