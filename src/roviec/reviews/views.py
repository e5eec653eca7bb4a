"""Pages of the review app: upload a draft, read the findings, download the DOCX report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.reviews import confirming, docx, presenting, selectors, services
from roviec.reviews.forms import ConfirmForm, ReviewForm, WithdrawForm
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


def _coverage_rows(run, anchors, superiors, confirmations) -> list[dict]:
    """The requirements of the superior documents as the page shows them: the engine's verdict,
    the reviewer's, the candidates, the confirmations and the tasks to pick from."""
    result = run.result
    numbers = {f"p-{a}": i + 1 for i, (a, _b) in enumerate(anchors.spans)}
    task_choices = [
        {"offset": t["offset"], "label": f"{_('Đoạn')} {numbers.get(anchors.of(t['offset']), '?')}: "
                                         f"{t['text'][:120]}"}
        for t in result.get("tasks", [])
    ]
    reviewer = presenting.reviewer_coverage(result, confirmations)
    rows = []
    for c, r in zip(result.get("coverage", []), reviewer, strict=True):
        index = c.get("superior_index", 0)
        key = (index, c["superior_offset"])
        mine = [k for k in confirmations if (k.superior_index, k.superior_offset) == key]
        active = [k for k in mine if k.withdrawn_at is None]
        confirmed_offsets = {k.draft_offset for k in active}
        last = active[-1] if active else None
        rows.append(
            c
            | {
                "superior_index": index,
                "row_id": f"yc-{index}-{c['superior_offset']}",
                "verdict_label": presenting.VERDICTS[c["verdict"]],
                "links": [anchors.of(o) for o in c["draft_offsets"]],
                "superior_name": superiors[index].name if index < len(superiors) else "",
                "reviewer": r | {"label": presenting.VERDICTS[r["verdict"]],
                                 "by": presenting.person_name(last.created_by) if last else "",
                                 "at": last.created_at if last else None},
                "candidates": [
                    k
                    | {
                        "anchor": anchors.of(k["draft_offset"]),
                        "number": numbers.get(anchors.of(k["draft_offset"]), "?"),
                        "missing_names": [presenting.CLARITY_NAMES[m] for m in k.get("missing", [])
                                          if m in presenting.CLARITY_NAMES],
                        "confirmed": k["draft_offset"] in confirmed_offsets,
                    }
                    for k in c.get("candidates", [])
                ] if c["verdict"] == "not_covered" else [],
                "confirmations": [
                    {
                        "obj": k,
                        "anchor": anchors.of(k.draft_offset),
                        "number": numbers.get(anchors.of(k.draft_offset), "?"),
                        "by": presenting.person_name(k.created_by),
                        "withdrawn_by": presenting.person_name(k.withdrawn_by) if k.withdrawn_at else "",
                    }
                    for k in mine
                ],
                "task_choices": task_choices,
            }
        )
    return rows


def _row_context(run) -> dict:
    anchors = presenting.Anchors(run.draft_text)
    superiors = list(run.superiors.all())
    confirmations = list(selectors.run_confirmations(run))
    coverage = _coverage_rows(run, anchors, superiors, confirmations)
    return {"anchors": anchors, "superiors": superiors, "coverage": coverage,
            "reviewed": presenting.reviewer_summary([c["reviewer"] for c in coverage])}


@login_required
@require_GET
def review_detail(request, pk):
    run = _get_run(request, pk)
    result = run.result
    rows = _row_context(run)
    anchors = rows["anchors"]
    context = {
        "run": run,
        "superiors": rows["superiors"],
        "summary": result.get("summary", {}),
        "reviewed": rows["reviewed"],
        "tasks": presenting.task_rows(result, anchors),
        "copied": [c | {"anchor": anchors.of(c["draft_offset"])} for c in result.get("copied_spans", [])],
        "copy_share": {k: round(100 * v) for k, v in result.get("copy_share", {}).items()},
        "copy_sections": result.get("copy_sections", []),
        "coverage": rows["coverage"],
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


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _answer(request, run, key, error: str = ""):
    """After a confirmation or a withdrawal: the requirement's table row for htmx, else back to the page."""
    if error and not _htmx(request):
        messages.error(request, error)
    if _htmx(request):
        row = next((c for c in _row_context(run)["coverage"]
                    if key is not None and (c["superior_index"], c["superior_offset"]) == key), None)
        if row is not None:
            return render(request, "reviews/_coverage_row.html",
                          {"run": run, "c": row, "error": error, "superiors": list(run.superiors.all())})
        if error:
            messages.error(request, error)
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    anchor = f"#yc-{key[0]}-{key[1]}" if key is not None else "#cu-the-hoa"
    return redirect(reverse("reviews:detail", args=[run.pk]) + anchor)


def _first_error(form) -> str:
    return next(iter(m for messages_ in form.errors.values() for m in messages_), _("Dữ liệu không hợp lệ."))


@login_required
@require_POST
def review_confirm(request, pk):
    """The reviewer confirms that a draft task carries out a requirement of the superior document."""
    run = _get_run(request, pk)
    form = ConfirmForm(request.POST)
    valid = form.is_valid()
    data = form.cleaned_data
    key = (data["superior_index"], data["superior_offset"]) \
        if "superior_index" in data and "superior_offset" in data else None
    if not valid:
        return _answer(request, run, key, _first_error(form))
    try:
        confirming.coverage_confirm(actor=request.user, run=run, **data)
    except NotFoundError as error:
        raise Http404(error.message) from error
    except ServiceError as error:
        return _answer(request, run, key, error.message)
    if not _htmx(request):
        messages.success(request, _("Đã ghi xác nhận của người thẩm định."))
    return _answer(request, run, key)


@login_required
@require_POST
def review_confirmation_withdraw(request, pk):
    """The reviewer withdraws a confirmation given in error, saying why."""
    try:
        confirmation = selectors.confirmation_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error
    run = _get_run(request, confirmation.run_id)
    key = (confirmation.superior_index, confirmation.superior_offset)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _answer(request, run, key, _first_error(form))
    try:
        confirming.coverage_confirmation_withdraw(actor=request.user, confirmation=confirmation,
                                                  reason=form.cleaned_data["reason"])
    except NotFoundError as error:
        raise Http404(error.message) from error
    except ServiceError as error:
        return _answer(request, run, key, error.message)
    if not _htmx(request):
        messages.success(request, _("Đã rút lại xác nhận."))
    return _answer(request, run, key)


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
