"""Pages of document ingestion: upload → progress → review → confirm, under /van-ban/nhap/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roviec.core.errors import NotFoundError, ServiceError
from roviec.documents import ingest, selectors
from roviec.documents.ingest_forms import SKIP, IngestUploadForm, ReviewForm
from roviec.documents.models import IngestionRun

RECENT_RUNS = 10


def _get_run(request, pk) -> IngestionRun:
    try:
        return ingest.ingestion_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


@login_required
@require_http_methods(["GET", "POST"])
def ingest_upload(request):
    if not selectors.registrable_units(user=request.user).exists():
        raise PermissionDenied(_("Bạn không có quyền vào sổ văn bản."))
    form = IngestUploadForm(request.POST or None, request.FILES or None, user=request.user)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            run = ingest.ingestion_start(actor=request.user, unit=form.cleaned_data["unit"],
                                         uploaded=form.cleaned_data["file"])
        except ingest.DuplicateUpload as error:
            form.add_error("file", error.message)
            duplicate = error
        except ServiceError as error:
            form.add_error("file" if "file" in (error.fields or {}) else None, error.message)
        else:
            return redirect("documents:ingest_progress", pk=run.pk)
    runs = ingest.ingestion_runs(user=request.user)[:RECENT_RUNS]
    return render(request, "documents/ingest_upload.html",
                  {"form": form, "runs": runs, "duplicate": duplicate})


@login_required
@require_GET
def ingest_progress(request, pk: int):
    run = _get_run(request, pk)
    if run.status == IngestionRun.Status.CONFIRMED and run.document_id:
        return redirect("documents:detail", pk=run.document_id)
    return render(request, "documents/ingest_progress.html", {"run": run})


@login_required
@require_GET
def ingest_status(request, pk: int):
    """The small fragment the progress page polls; tells htmx to move on once the analysis is done."""
    run = _get_run(request, pk)
    response = render(request, "documents/_ingest_status.html", {"run": run})
    if run.status == IngestionRun.Status.READY and request.headers.get("HX-Request"):
        response["HX-Redirect"] = reverse("documents:ingest_review", args=[run.pk])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ingest_review(request, pk: int):
    run = _get_run(request, pk)
    if run.status == IngestionRun.Status.CONFIRMED and run.document_id:
        messages.info(request, _("Văn bản này đã được xác nhận và vào sổ."))
        return redirect("documents:detail", pk=run.document_id)
    if run.status != IngestionRun.Status.READY:
        return redirect("documents:ingest_progress", pk=run.pk)
    form = ReviewForm(request.POST if request.method == "POST" else None, user=request.user, run=run)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            document = ingest.ingestion_confirm(actor=request.user, run=run, metadata=form.metadata(),
                                                citations=form.citation_decisions, tasks=form.task_decisions)
        except ServiceError as service_error:
            error = service_error.message
            for field, field_messages in (service_error.fields or {}).items():
                if field in form.document_form.fields:
                    for message in field_messages:
                        form.document_form.add_error(field, message)
        else:
            messages.success(request, _("Đã vào sổ %(document)s và giao %(n)s nhiệm vụ.")
                             % {"document": document, "n": form.task_count})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/ingest_review.html", {
        "run": run, "form": form, "proposal": run.proposal, "error": error, "skip": SKIP,
    })


@login_required
@require_POST
def ingest_retry(request, pk: int):
    """Analyse a failed run's stored file again; the clerk follows the new run's progress."""
    run = _get_run(request, pk)
    try:
        retry = ingest.ingestion_retry(actor=request.user, run=run)
    except ingest.DuplicateUpload as error:
        messages.error(request, error.message)
        if error.document is not None:
            return redirect("documents:detail", pk=error.document.pk)
        if error.run is not None:
            return redirect("documents:ingest_progress", pk=error.run.pk)
        return redirect("documents:ingest_progress", pk=run.pk)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("documents:ingest_progress", pk=run.pk)
    messages.info(request, _("Đang phân tích lại tệp “%(name)s”.") % {"name": run.original_name})
    return redirect("documents:ingest_progress", pk=retry.pk)


@login_required
@require_GET
def ingest_file(request, pk: int):
    """The uploaded original, as it was sent."""
    run = _get_run(request, pk)
    response = FileResponse(run.file.open("rb"), as_attachment=True, filename=run.original_name,
                            content_type=run.mime_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
