"""Pages for tasks: thin views over selectors (reads) and services (writes)."""

import base64
import hashlib
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
from roviec.tasks import cascade, extensions, promptness, selectors, services, sheet_import
from roviec.tasks.clarities import CLARITY_HINTS, Clarity, missing_clarities
from roviec.tasks.forms import (
    ExtensionForm,
    ReasonForm,
    ReportForm,
    ReviewForm,
    SheetImportForm,
    SubTaskFormSet,
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


def _detail_context(request, task, *, report_form=None, reason_form=None, extension_form=None) -> dict:
    user = request.user
    status = TaskStatus(task.status)
    is_open = task.cancelled_at is None and task.suspended_at is None and task.completed_on is None
    can_review = scoping.can_review_reports(user, task)
    children = selectors.task_children(user=user, task=task)
    late_codes = (TaskStatus.OVERDUE.value, TaskStatus.DONE_LATE.value)
    extension_history = list(extensions.extension_list(user=user, task=task))
    pending_extension = next((e for e in extension_history if e.decision == "pending"), None)
    can_manage = scoping.can_manage_task(user, task) and task.cancelled_at is None
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
        "children": children,
        "late_children": [child for child in children if child.status in late_codes],
        "reports": selectors.report_list(user=user, task=task),
        "extensions": extension_history,
        "extension_form": extension_form or ExtensionForm(),
        "can_request_extension": (is_open and not task.recurrence and task.due_date is not None
                                  and pending_extension is None and scoping.can_report_progress(user, task)),
        "can_decide_extension": (pending_extension is not None and task.cancelled_at is None
                                 and can_review),
        "can_revoke": can_manage,
        "can_split": cascade.can_split(user, task) and bool(cascade.split_units(user=user, task=task)),
        "report_form": report_form or ReportForm(),
        "reason_form": reason_form or ReasonForm(),
        "review_form": ReviewForm(),
        "can_report": is_open and scoping.can_report_progress(user, task),
        "can_review": can_review and task.cancelled_at is None and task.suspended_at is None,
        "can_manage": can_manage,
        "is_done": status in DONE_STATUSES,
        "late_codes": late_codes,
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
    """An edit may keep a unit or person the editor could not pick afresh (the service allows it)."""
    current = {name: [getattr(task, f"{name}_id")] for name in (
        "assigned_by_unit", "lead_unit", "authority_unit", "responsible_person", "accountable_person",
        "authority_person")}
    current["coordinating_units"] = [unit.pk for unit in task.coordinating_units.all()]
    for name, pks in current.items():
        pks = [pk for pk in pks if pk]
        if pks:
            field = form.fields[name]
            offered = Q(pk__in=field.queryset.values("pk")) | Q(pk__in=pks)
            order = field.queryset.query.order_by
            field.queryset = field.queryset.model.objects.filter(offered).order_by(*order)
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
    return _submit_on_task_page(
        request, task, ReportForm(request.POST, request.FILES),
        lambda data: services.report_submit(actor=request.user, task=task, percent=data["percent"],
                                            narrative=data["narrative"], evidence_files=data["evidence"]),
        done_message=_("Đã gửi báo cáo tiến độ."), anchor="#bao-cao", context_key="report_form",
    )


def _submit_on_task_page(request, task, form, call, *, done_message, anchor, context_key):
    """Run a form's service call; on failure show the task page again with the form's errors."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except NotFoundError:
            raise Http404 from None
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done_message)
            return redirect(reverse("tasks:detail", args=[task.pk]) + anchor)
    return render(request, "tasks/task_detail.html", _detail_context(request, task, **{context_key: form}),
                  status=400)


def _decide_with_comment(request, call, *, task_id, done_message, anchor):
    """Accept/return a report or approve/refuse an extension, with an optional comment."""
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        call(form.cleaned_data.get("comment", ""))
    except NotFoundError:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect(reverse("tasks:detail", args=[task_id]) + anchor)


def _review(request, pk, service, done_message):
    try:
        report = selectors.report_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    return _decide_with_comment(
        request, lambda comment: service(actor=request.user, report=report, comment=comment),
        task_id=report.task_id, done_message=done_message, anchor="#bao-cao",
    )


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
        "promptness": promptness.update_promptness(user=request.user, unit=overview.unit),
        "count_rows": selectors.status_count_rows(overview.counts),
        "statuses": list(TaskStatus),
        "child_rows": [(child, [counts[s.value] for s in TaskStatus], sum(counts.values()))
                       for child, counts in overview.children],
    })




# --- report taken back by the office ------------------------------------------------

@login_required
@require_POST
def report_revoke(request, pk):
    try:
        report = selectors.report_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nêu lý do trả lại cập nhật."))
    else:
        try:
            services.report_revoke(actor=request.user, report=report, reason=form.cleaned_data["reason"])
        except NotFoundError:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã trả lại cập nhật cho đơn vị."))
    return redirect(reverse("tasks:detail", args=[report.task_id]) + f"#report-{report.pk}")


# --- extensions ------------------------------------------------------------------------

@login_required
@require_POST
def extension_request(request, pk):
    task = _task_or_404(request, pk)
    return _submit_on_task_page(
        request, task, ExtensionForm(request.POST),
        lambda data: extensions.extension_request(actor=request.user, task=task, **data),
        done_message=_("Đã gửi đề nghị gia hạn."), anchor="#gia-han", context_key="extension_form",
    )


def _decide(request, pk, service, done_message):
    try:
        extension = extensions.extension_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    return _decide_with_comment(
        request, lambda comment: service(actor=request.user, extension=extension, comment=comment),
        task_id=extension.task_id, done_message=done_message, anchor="#gia-han",
    )


@login_required
@require_POST
def extension_approve(request, pk):
    return _decide(request, pk, extensions.extension_approve, _("Đã đồng ý gia hạn."))


@login_required
@require_POST
def extension_refuse(request, pk):
    return _decide(request, pk, extensions.extension_refuse, _("Đã không đồng ý gia hạn."))


# --- cascade ---------------------------------------------------------------------------

@login_required
def task_split(request, pk):
    """Split a task among the lead unit's subordinate units in one step."""
    task = _task_or_404(request, pk)
    if not cascade.can_split(request.user, task):
        raise Http404
    units = {unit.pk: unit for unit in cascade.split_units(user=request.user, task=task)}
    if request.method == "POST":
        formset = SubTaskFormSet(request.POST, prefix="lines")
        if formset.is_valid():
            chosen = [(form, form.cleaned_data) for form in formset if form.cleaned_data.get("include")]
            lines, forms_by_line = [], []
            for form, data in chosen:
                unit = units.get(data["unit"])
                if unit is None:
                    raise Http404
                lines.append(cascade.SubTaskLine(lead_unit=unit, content=data.get("content", ""),
                                                 deadline=data.get("deadline"),
                                                 deliverable=data.get("deliverable", "")))
                forms_by_line.append(form)
            try:
                created = cascade.task_split(actor=request.user, task=task, lines=lines)
            except NotFoundError:
                raise Http404 from None
            except ServiceError as error:
                placed = False
                for name, field_messages in (error.fields or {}).items():
                    parts = name.split("-")
                    if len(parts) == 3 and parts[0] == "lines":
                        form = forms_by_line[int(parts[1])]
                        target = parts[2] if parts[2] in form.fields else None
                        for message in field_messages:
                            form.add_error(target, message)
                        placed = True
                if not placed:
                    messages.error(request, error.message)
            else:
                messages.success(request, _("Đã giao %(n)s nhiệm vụ con.") % {"n": len(created)})
                return redirect(reverse("tasks:detail", args=[task.pk]) + "#children")
    else:
        formset = SubTaskFormSet(prefix="lines", initial=[
            {"unit": unit.pk, "include": False, "content": task.content, "deadline": task.due_date,
             "deliverable": task.deliverable}
            for unit in units.values()
        ])
    rows = [(units.get(form.initial.get("unit") or _int(form["unit"].value())), form) for form in formset]
    return render(request, "tasks/task_split.html", {"task": task, "formset": formset, "rows": rows})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- import from tracking sheets ----------------------------------------------------------

IMPORT_SESSION_KEY = "tasks_sheet_import"


@login_required
def task_import(request):
    """Upload a tracking sheet, see every rejected row, then confirm (the file is kept in the session)."""
    result = None
    confirm_token = ""
    if request.method == "POST":
        form = SheetImportForm(request.POST, request.FILES, user=request.user)
        confirming = bool(request.POST.get("confirm"))
        if confirming:
            form.fields["file"].required = False
        if form.is_valid():
            if confirming:
                stored = request.session.get(IMPORT_SESSION_KEY) or {}
                if stored.get("token") != request.POST["confirm"]:
                    form.add_error("file", _("Phiên kiểm tra đã hết hạn; vui lòng chọn lại tệp."))
                    data, name = None, ""
                else:
                    data, name = base64.b64decode(stored["data"]), stored["name"]
            else:
                upload = form.cleaned_data["file"]
                if upload.size > sheet_import.MAX_IMPORT_BYTES:
                    form.add_error("file", _("Tệp quá lớn (tối đa 5 MB)."))
                    data, name = None, ""
                else:
                    data, name = upload.read(), upload.name
            if data is not None:
                try:
                    result = sheet_import.import_task_sheet(
                        actor=request.user, data=data, filename=name,
                        assigned_by_unit=form.cleaned_data["assigned_by_unit"],
                        source_document=form.cleaned_data["source_document"], dry_run=not confirming)
                except ServiceError as error:
                    apply_service_error(form, error)
                else:
                    if result.applied:
                        request.session.pop(IMPORT_SESSION_KEY, None)
                        messages.success(request, result.summary())
                        return redirect("tasks:list")
                    if result.ok:
                        confirm_token = hashlib.sha256(data).hexdigest()
                        request.session[IMPORT_SESSION_KEY] = {
                            "token": confirm_token, "name": name,
                            "data": base64.b64encode(data).decode("ascii")}
    else:
        form = SheetImportForm(user=request.user)
    return render(request, "tasks/sheet_import.html", {
        "form": form, "result": result, "confirm_token": confirm_token,
    })
