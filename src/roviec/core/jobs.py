"""Shared plumbing for background jobs on huey."""

from functools import wraps

from django.db import close_old_connections, connection


def with_fresh_connections(fn):
    """Drop stale database connections around a job, as djhuey's ``db_task`` does.

    Except inside an atomic block: in immediate mode (tests, or a caller that runs the job
    inline) the caller's transaction must survive.
    """

    @wraps(fn)
    def inner(*args, **kwargs):
        outside = not connection.in_atomic_block
        if outside:
            close_old_connections()
        try:
            return fn(*args, **kwargs)
        finally:
            if outside:
                close_old_connections()

    return inner
