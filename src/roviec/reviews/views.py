"""Pages of the review app: upload a draft, read the findings, download the DOCX report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.reviews import docx, presenting, selectors, services
from roviec.reviews.forms import ReviewForm
from roviec.reviews.models import ReviewRun

PAGE_SIZE = 25


def _get_run(request, pk) -> ReviewRun:
    try:
        return selectors.review_run_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request):
    """The review page: the upload form and the runs of the units in scope."""
    if request.method == "POST":
        form = ReviewForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                run = services.review_run_create(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    draft=form.cleaned_data["draft"],
                    title=form.cleaned_data["title"],
                    superior_documents=form.cleaned_data["superior_documents"],
                    superior_files=form.cleaned_data["superior_files"],
                )
            except ServiceError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Đã thẩm định dự thảo."))
                return redirect("reviews:detail", pk=run.pk)
    else:
        form = ReviewForm(user=request.user)
    runs = selectors.review_run_list(user=request.user, q=request.GET.get("q", ""))
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/list.html", {"form": form, "page": page, "q": request.GET.get("q", "")})


def _form_errors(form, error: ServiceError) -> None:
    if isinstance(error, PermissionDeniedError) or not error.fields:
        form.add_error(None, error.message)
        return
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_GET
def review_detail(request, pk):
    run = _get_run(request, pk)
    result = run.result
    anchors = presenting.Anchors(run.draft_text)
    superiors = list(run.superiors.all())
    coverage = [
        c
        | {
            "verdict_label": presenting.VERDICTS[c["verdict"]],
            "links": [anchors.of(o) for o in c["draft_offsets"]],
            "superior_name": superiors[c.get("superior_index", 0)].name
            if c.get("superior_index", 0) < len(superiors)
            else "",
        }
        for c in result.get("coverage", [])
    ]
    context = {
        "run": run,
        "superiors": superiors,
        "summary": result.get("summary", {}),
        "tasks": presenting.task_rows(result, anchors),
        "copied": [c | {"anchor": anchors.of(c["draft_offset"])} for c in result.get("copied_spans", [])],
        "copy_share": {k: round(100 * v) for k, v in result.get("copy_share", {}).items()},
        "copy_sections": result.get("copy_sections", []),
        "coverage": coverage,
        "timeliness": result.get("timeliness_all", []),
        "figures": [f | {"anchor": anchors.of(f["offset"])} for f in result.get("figures", [])],
        "overlaps": result.get("overlaps", []),
        "registry_overlaps": [
            o | {"anchor": anchors.of(o["draft_offset"])} for o in result.get("registry_overlaps", [])
        ],
        "draft": presenting.draft_html(run.draft_text, result),
        "clarity_names": presenting.CLARITY_NAMES,
    }
    return render(request, "reviews/detail.html", context)


@login_required
@require_GET
def review_docx(request, pk):
    run = _get_run(request, pk)
    response = HttpResponse(
        docx.review_docx(run),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="tham-dinh-{run.pk}.docx"'
    return response


@login_required
@require_GET
def review_draft_file(request, pk):
    run = _get_run(request, pk)
    return FileResponse(
        run.draft_file.open("rb"),
        as_attachment=True,
        filename=run.draft_name,
        content_type=run.draft_mime_type,
    )
