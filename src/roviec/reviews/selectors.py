"""Reads of review runs, scoped once: a user sees the runs of units in their scope."""

from django.db.models import QuerySet

from roviec.core.errors import NotFoundError
from roviec.core.scoping import scope_for, visible_documents, visible_tasks, visible_units
from roviec.core.text import fold
from roviec.documents.models import Document
from roviec.reviews.models import CoverageConfirmation, ReviewRun


def review_run_list(*, user, q: str = "") -> QuerySet[ReviewRun]:
    runs = ReviewRun.objects.filter(scope_for(user).unit_q("unit__")).select_related("unit", "created_by")
    for word in fold(q).split():
        runs = runs.filter(search_text__contains=word)
    return runs


def review_run_get(*, user, pk) -> ReviewRun:
    run = review_run_list(user=user).prefetch_related("superiors__document").filter(pk=pk).first()
    if run is None:
        raise NotFoundError("Không tìm thấy lượt thẩm định.")
    return run


def review_units(*, user):
    """Units a user may review drafts for: the units in their scope."""
    return visible_units(user).order_by("path")


def superior_choices(*, user) -> QuerySet[Document]:
    """Registered documents with an attached file, newest first, that a user may pick as superior."""
    with_files = visible_documents(user).filter(attachments__isnull=False).values("pk")
    return (
        Document.objects.filter(pk__in=with_files)
        .exclude(status=Document.Status.CANCELLED)
        .select_related("doc_type")
        .order_by("-issue_date", "-pk")
    )


def registry_tasks(*, user, limit: int = 3000):
    """Open registered tasks in the user's scope, for the overlap check (newest first)."""
    return (
        visible_tasks(user)
        .filter(cancelled_at__isnull=True)
        .select_related("lead_unit", "source_document")
        .order_by("-created_at")[:limit]
    )


def confirmation_get(*, user, pk):
    """A confirmation of a run in the user's scope; any other answers like a missing one."""
    confirmation = (CoverageConfirmation.objects.select_related("run__unit", "created_by", "withdrawn_by")
                    .filter(pk=pk).first())
    if confirmation is None or not scope_for(user).covers(confirmation.run.unit):
        raise NotFoundError("Không tìm thấy xác nhận.")
    return confirmation


def run_confirmations(run):
    """Every confirmation of a run, active and withdrawn, oldest first, with who gave and withdrew it."""
    return run.confirmations.select_related("created_by__person", "withdrawn_by__person").order_by(
        "created_at", "pk")
