"""Run the job queue's consumer: in threads inside ``roviec serve`` (embedded), or standalone.

Embedded mode (the default, one machine, SQLite queue at ``var/jobs.sqlite3``)::

    from roviec.notifications.runner import start_embedded_worker
    start_embedded_worker()          # call once, after django.setup(), before serving

It starts huey's scheduler and worker threads as daemon threads of the web
process and stops them gracefully at exit. Unlike ``Consumer.start()`` it
installs no signal handlers, so Ctrl+C still reaches the web server.
It does nothing (returns None) when jobs run immediately (tests,
ROVIEC_JOBS_IMMEDIATE=1) or when the queue is Redis and ROVIEC_EMBEDDED_WORKER
is not set: production runs ``roviec worker`` processes instead.

Two consumers on one queue are safe: every job is idempotent.
"""

import atexit
import logging
import os
import threading

from django.conf import settings
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_consumer = None


def _huey():
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("jobs")  # register every app's jobs.py on the queue
    return HUEY


def _consumer_options(**overrides) -> dict:
    options = {"workers": 2, "worker_type": "thread", "periodic": True, "check_worker_health": False}
    options.update({k: v for k, v in settings.HUEY.get("consumer", {}).items() if k in options})
    options.update({k: v for k, v in overrides.items() if v is not None})
    options["worker_type"] = "thread"  # processes cannot live inside the web server
    return options


def embedded_worker_enabled() -> bool:
    env = os.environ.get("ROVIEC_EMBEDDED_WORKER", "").strip().lower()
    if env in ("0", "false", "no", "off"):
        return False
    if env in ("1", "true", "yes", "on"):
        return True
    return not str(settings.HUEY.get("huey_class", "")).endswith("RedisHuey")


def start_worker(huey, *, workers: int | None = None, periodic: bool = True):
    """Start a consumer of ``huey`` in daemon threads, without signal handlers; return it."""
    consumer = huey.create_consumer(**_consumer_options(workers=workers, periodic=periodic))
    consumer.scheduler.start()
    for _worker, thread in consumer.worker_threads:
        thread.start()
    return consumer


def stop_worker(consumer, timeout: float = 10.0) -> None:
    """Stop a consumer started by ``start_worker``, letting running jobs finish for up to ``timeout``."""
    consumer.stop_flag.set()
    for thread in [consumer.scheduler] + [t for _w, t in consumer.worker_threads]:
        thread.join(timeout)


def start_embedded_worker(*, workers: int | None = None, force: bool = False):
    """Start the consumer in background threads of this process; return it, or None when not wanted.

    Safe to call more than once: the second call returns the running consumer.
    """
    global _consumer
    huey = _huey()
    if huey.immediate:
        return None
    if not force and not embedded_worker_enabled():
        return None
    with _lock:
        if _consumer is not None:
            return _consumer
        _consumer = start_worker(huey, workers=workers)
        atexit.register(stop_embedded_worker)
    logger.info("embedded job worker started (%s threads)", len(_consumer.worker_threads))
    return _consumer


def stop_embedded_worker(timeout: float = 10.0) -> None:
    global _consumer
    with _lock:
        consumer, _consumer = _consumer, None
    if consumer is not None:
        stop_worker(consumer, timeout)


def run_worker(*, workers: int | None = None, periodic: bool = True) -> None:
    """Run a standalone consumer in the foreground until SIGINT/SIGTERM (``roviec worker``)."""
    huey = _huey()
    if huey.immediate:
        raise RuntimeError("ROVIEC_JOBS_IMMEDIATE is on: jobs run inline, there is no queue to consume.")
    options = {"workers": workers or settings.HUEY.get("consumer", {}).get("workers", 2),
               "worker_type": settings.HUEY.get("consumer", {}).get("worker_type", "thread"),
               "periodic": periodic}
    huey_logger = logging.getLogger("huey")
    if not huey_logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
        huey_logger.addHandler(handler)
        huey_logger.setLevel(logging.INFO)
        huey_logger.propagate = False  # the root logger would print every line twice
    huey.create_consumer(**options).run()
