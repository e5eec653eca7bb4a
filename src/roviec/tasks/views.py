"""Pages for tasks: thin views over selectors (reads) and services (writes)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roviec.core import scoping
from roviec.core.errors import NotFoundError, ServiceError
from roviec.orgs.models import OrgUnit
from roviec.tasks import selectors, services
from roviec.tasks.clarities import CLARITY_HINTS, Clarity, missing_clarities
from roviec.tasks.forms import (
    ReasonForm,
    ReportForm,
    ReviewForm,
    TaskFilterForm,
    TaskForm,
    apply_service_error,
)
from roviec.tasks.status import DONE_STATUSES, TaskStatus

PAGE_SIZE = 25


def _task_or_404(request, pk):
    try:
        return selectors.task_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None


@login_required
def home(request):
    """"Việc của tôi": due soon, overdue, reports to accept, counts by status."""
    mine = selectors.my_tasks(user=request.user)
    return render(request, "tasks/home.html", {
        "mine": mine,
        "count_rows": selectors.status_count_rows(mine.counts),
        "due_soon_days": selectors.DUE_SOON_DAYS,
    })


@login_required
def task_list(request):
    form = TaskFilterForm(request.GET or None, user=request.user)
    tasks = selectors.task_list(user=request.user, **form.filters())
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "tasks/_task_results.html", context)
    return render(request, "tasks/task_list.html", context)


def _detail_context(request, task, *, report_form=None, reason_form=None) -> dict:
    user = request.user
    status = TaskStatus(task.status)
    is_open = task.cancelled_at is None and task.suspended_at is None and task.completed_on is None
    can_review = scoping.can_review_reports(user, task)
    missing = set(missing_clarities(task))
    clarities = [
        (clarity, clarity in missing, CLARITY_HINTS[clarity])
        for clarity in Clarity
    ]
    return {
        "task": task,
        "status": status,
        "clarities": clarities,
        "missing_count": len(missing),
        "coordinating_units": list(task.coordinating_units.all()),
        "children": selectors.task_children(user=user, task=task),
        "reports": selectors.report_list(user=user, task=task),
        "report_form": report_form or ReportForm(),
        "reason_form": reason_form or ReasonForm(),
        "review_form": ReviewForm(),
        "can_report": is_open and scoping.can_report_progress(user, task),
        "can_review": can_review and task.cancelled_at is None and task.suspended_at is None,
        "can_manage": scoping.can_manage_task(user, task) and task.cancelled_at is None,
        "is_done": status in DONE_STATUSES,
        "late_codes": (TaskStatus.OVERDUE.value, TaskStatus.DONE_LATE.value),
    }


@login_required
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    return render(request, "tasks/task_detail.html", _detail_context(request, task))


@login_required
def task_create(request):
    if request.method == "POST":
        form = TaskForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                task = services.task_create(actor=request.user, **form.cleaned_data)
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("tasks:detail", pk=task.pk)
    else:
        initial = {}
        parent_pk = request.GET.get("parent")
        if parent_pk:
            parent = _task_or_404(request, parent_pk)
            initial = {"parent": parent, "source_document": parent.source_document,
                       "assigned_by_unit": parent.lead_unit, "authority_unit": parent.lead_unit}
        if request.GET.get("source_document"):
            initial["source_document"] = request.GET["source_document"]
        form = TaskForm(initial=initial, user=request.user)
    return render(request, "tasks/task_form.html", {"form": form, "task": None})


def _offer_current_units(form: TaskForm, task) -> TaskForm:
    """An edit may keep a unit the editor could not pick afresh (the service allows it)."""
    for name in ("assigned_by_unit", "lead_unit"):
        current = getattr(task, f"{name}_id")
        if current:
            field = form.fields[name]
            field.queryset = OrgUnit.objects.filter(Q(pk__in=field.queryset.values("pk")) | Q(pk=current))
    return form


@login_required
def task_edit(request, pk):
    task = _task_or_404(request, pk)
    if not scoping.can_manage_task(request.user, task):
        raise Http404
    if request.method == "POST":
        form = _offer_current_units(TaskForm(request.POST, user=request.user), task)
        if form.is_valid():
            try:
                services.task_update(actor=request.user, task=task, **form.cleaned_data)
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("tasks:detail", pk=task.pk)
    else:
        form = _offer_current_units(TaskForm(initial=TaskForm.initial_from(task), user=request.user), task)
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


@login_required
@require_POST
def report_submit(request, pk):
    task = _task_or_404(request, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_submit(actor=request.user, task=task, percent=form.cleaned_data["percent"],
                                   narrative=form.cleaned_data["narrative"],
                                   evidence_files=form.cleaned_data["evidence"])
        except NotFoundError:
            raise Http404 from None
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect(reverse("tasks:detail", args=[task.pk]) + "#bao-cao")
    return render(request, "tasks/task_detail.html", _detail_context(request, task, report_form=form),
                  status=400)


def _review(request, pk, service, done_message):
    try:
        report = selectors.report_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        service(actor=request.user, report=report, comment=form.cleaned_data.get("comment", ""))
    except NotFoundError:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect(reverse("tasks:detail", args=[report.task_id]) + "#bao-cao")


@login_required
@require_POST
def report_accept(request, pk):
    return _review(request, pk, services.report_accept, _("Đã nghiệm thu báo cáo."))


@login_required
@require_POST
def report_return(request, pk):
    return _review(request, pk, services.report_return, _("Đã trả lại báo cáo."))


def _with_reason(request, pk, service, done_message):
    task = _task_or_404(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, task=task, reason=form.cleaned_data["reason"])
        except NotFoundError:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done_message)
    else:
        messages.error(request, _("Vui lòng nêu lý do."))
    return redirect("tasks:detail", pk=task.pk)


@login_required
@require_POST
def task_cancel(request, pk):
    return _with_reason(request, pk, services.task_cancel, _("Đã hủy nhiệm vụ."))


@login_required
@require_POST
def task_suspend(request, pk):
    return _with_reason(request, pk, services.task_suspend, _("Đã tạm dừng nhiệm vụ."))


@login_required
@require_POST
def task_resume(request, pk):
    return _with_reason(request, pk, services.task_resume, _("Đã tiếp tục nhiệm vụ."))


@login_required
def evidence_download(request, pk):
    """Evidence is served only to users who may see its task, never from a public folder."""
    try:
        evidence = selectors.evidence_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    content_type = evidence.mime_type or mimetypes.guess_type(evidence.original_name)[0]
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def unit_overview(request, unit_pk):
    try:
        overview = selectors.unit_overview(user=request.user, unit_pk=unit_pk)
    except NotFoundError:
        raise Http404 from None
    return render(request, "tasks/unit_overview.html", {
        "overview": overview,
        "count_rows": selectors.status_count_rows(overview.counts),
        "statuses": list(TaskStatus),
        "child_rows": [(child, [counts[s.value] for s in TaskStatus], sum(counts.values()))
                       for child, counts in overview.children],
    })


