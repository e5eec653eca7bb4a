"""Background jobs of the document registry (huey, see ``roviec.notifications.jobs`` for the runner)."""

from functools import wraps

from django.db import close_old_connections, connection
from huey.contrib.djhuey import task


def _db_job(fn):
    """Drop stale connections around a job, as djhuey's ``db_task`` does, except inside an
    atomic block: in immediate mode (tests) the caller's transaction must survive."""

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


@task(name="ingestion_process")
@_db_job
def ingestion_process_job(run_id: int) -> str | None:
    """Run the engine on an uploaded file; the run records each step and the outcome."""
    from roviec.documents.ingest import ingestion_process

    run = ingestion_process(run_id=run_id)
    return run.status if run is not None else None
