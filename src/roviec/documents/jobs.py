"""Background jobs of the document registry (huey, see ``roviec.notifications.jobs`` for the runner)."""

from huey.contrib.djhuey import task

from roviec.core.jobs import with_fresh_connections


@task(name="ingestion_process")
@with_fresh_connections
def ingestion_process_job(run_id: int) -> str | None:
    """Run the engine on an uploaded file; the run records each step and the outcome."""
    from roviec.documents.ingest import ingestion_process

    run = ingestion_process(run_id=run_id)
    return run.status if run is not None else None
