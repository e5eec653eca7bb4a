"""Pages for inspections: thin views over selectors (reads) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roviec.core import scoping
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.engine.read import ReadError, read_bytes
from roviec.inspections import conclusion, editing, forms, importing, selectors, services
from roviec.inspections.models import Requirement, Step
from roviec.orgs.models import OrgUnit
from roviec.tasks.forms import apply_service_error

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "inspection_import_text"


def _inspection_or_404(request, pk):
    try:
        return selectors.inspection_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None


def _papers_or_404(request, pk):
    inspection = _inspection_or_404(request, pk)
    if not scoping.can_see_working_papers(request.user, inspection):
        raise Http404
    return inspection


@login_required
def inspection_list(request):
    q = request.GET.get("q", "")
    page = Paginator(selectors.inspection_list(user=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    committees = forms.committees_for(request.user)
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "page": page,
            "q": q,
            "can_create": committees.exists(),
            "open_findings": selectors.open_findings(user=request.user)[:50],
        },
    )


@login_required
def inspection_create(request):
    form = forms.InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(actor=request.user, **data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã lập cuộc kiểm tra."))
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form})


@login_required
def inspection_detail(request, pk):
    try:
        detail = selectors.inspection_detail(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    context = {"d": detail, "inspection": detail.inspection, "verdict_form": forms.VerdictForm()}
    if detail.can_work and detail.inspection.notice_id is None:
        context.update(
            finding_form=forms.FindingForm(inspection=detail.inspection, prefix="finding"),
            requirement_form=forms.RequirementForm(prefix="requirement"),
            notice_form=forms.NoticeForm(
                prefix="notice",
                initial={
                    "remediation_deadline": detail.inspection.remediation_deadline,
                    "signer_on_behalf": detail.inspection.signer_on_behalf,
                    "signer_title": detail.inspection.signer_title,
                    "signer_name": detail.inspection.signer_name,
                    "recipients_text": detail.inspection.recipients_text,
                },
            ),
        )
    if detail.can_issue:
        context["issue_form"] = forms.IssueForm(prefix="issue")
    if detail.working_papers:
        context["documents"] = scoping.visible_documents(request.user).select_related("doc_type")[:300]
    return render(request, "inspections/inspection_detail.html", context)


@login_required
@require_POST
def step_record(request, pk, kind):
    inspection = _papers_or_404(request, pk)
    if kind not in Step.values:
        raise Http404
    form = forms.StepForm(request.POST, user=request.user)
    return _post_and_back(
        request,
        inspection,
        form,
        lambda **data: services.step_record(actor=request.user, inspection=inspection, kind=kind, **data),
        _("Đã cập nhật bước kiểm tra."),
        "buoc",
    )


def _post_and_back(request, inspection, form, call, success: str, anchor: str):
    if form.is_valid():
        try:
            call(**form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("inspections:detail", args=[inspection.pk]) + f"#{anchor}")


@login_required
@require_POST
def finding_add(request, pk):
    inspection = _papers_or_404(request, pk)
    form = forms.FindingForm(request.POST, inspection=inspection, prefix="finding")
    return _post_and_back(
        request,
        inspection,
        form,
        lambda **data: services.finding_add(actor=request.user, inspection=inspection, **data),
        _("Đã ghi nội dung kết luận."),
        "ket-luan",
    )


@login_required
@require_POST
def requirement_add(request, pk):
    inspection = _papers_or_404(request, pk)
    form = forms.RequirementForm(request.POST, prefix="requirement")
    return _post_and_back(
        request,
        inspection,
        form,
        lambda **data: services.requirement_add(actor=request.user, inspection=inspection, **data),
        _("Đã ghi yêu cầu."),
        "yeu-cau",
    )


@login_required
@require_POST
def notice_settings(request, pk):
    inspection = _papers_or_404(request, pk)
    form = forms.NoticeForm(request.POST, prefix="notice")
    return _post_and_back(
        request,
        inspection,
        form,
        lambda **data: services.inspection_update(actor=request.user, inspection=inspection, **data),
        _("Đã lưu thông tin thông báo."),
        "thong-bao",
    )


@login_required
def notice_download(request, pk):
    """The draft (or issued) notice as DOCX: working papers until issued, then the registry holds it."""
    inspection = _papers_or_404(request, pk)
    response = HttpResponse(conclusion.notice_docx(inspection), content_type=conclusion.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{conclusion.notice_filename(inspection)}"'
    return response


@login_required
@require_POST
def notice_issue(request, pk):
    inspection = _inspection_or_404(request, pk)
    if not scoping.can_issue_conclusion(request.user, inspection):
        raise Http404
    form = forms.IssueForm(request.POST, prefix="issue")
    if form.is_valid():
        try:
            result = conclusion.conclusion_issue(
                actor=request.user,
                inspection=inspection,
                symbol=form.cleaned_data["symbol"],
                issue_date=form.cleaned_data["issue_date"],
                self_review=form.cleaned_data["self_review"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Đã ban hành thông báo kết luận %(symbol)s; giao %(n)d nhiệm vụ khắc phục "
                    "và %(m)d nhiệm vụ tự rà soát."
                )
                % {"symbol": result.notice.symbol, "n": result.remediation, "m": result.self_review},
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("inspections:detail", pk=inspection.pk)


@login_required
@require_POST
def finding_verdict(request, pk):
    application = scoping.visible_finding_units(request.user).select_related("finding").filter(pk=pk).first()
    if application is None:
        raise Http404
    form = forms.VerdictForm(request.POST)
    if form.is_valid():
        try:
            conclusion.finding_verdict(actor=request.user, application=application, **form.cleaned_data)
        except PermissionDeniedError:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ghi kết quả khắc phục."))
    return redirect(reverse("inspections:detail", args=[application.finding.inspection_id]) + "#ket-luan")


# --- editing and history -------------------------------------------------------------


def _editable_or_404(request, queryset, pk):
    """An object of an inspection the user may edit now (working papers, or correction once issued)."""
    obj = queryset.select_related("inspection").filter(pk=pk).first()
    if obj is None:
        raise Http404
    try:
        detail = selectors.inspection_detail(user=request.user, pk=obj.inspection_id)
    except NotFoundError:
        raise Http404 from None
    if not detail.can_edit:
        raise Http404
    return obj, detail.inspection


@login_required
def finding_edit(request, pk):
    finding, inspection = _editable_or_404(request, scoping.visible_findings(request.user), pk)
    initial = {
        "kind": finding.kind,
        "field": finding.field,
        "text": finding.text,
        "evidence": finding.evidence,
        "units": list(finding.applications.values_list("unit_id", flat=True)),
        "members": list(finding.members.values_list("pk", flat=True)),
        "responsible_person": finding.responsible_person_id,
        "responsible_role": finding.responsible_role,
    }
    form = forms.FindingEditForm(request.POST or None, inspection=inspection, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editing.finding_update(actor=request.user, finding=finding, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã sửa nội dung kết luận."))
            return redirect(reverse("inspections:detail", args=[inspection.pk]) + "#ket-luan")
    return render(
        request,
        "inspections/edit_form.html",
        {"form": form, "inspection": inspection, "heading": _("Sửa nội dung kết luận")},
    )


@login_required
def requirement_edit(request, pk):
    requirement, inspection = _editable_or_404(
        request, Requirement.objects.filter(inspection__in=scoping.visible_inspections(request.user)), pk
    )
    initial = {
        "heading": requirement.heading,
        "text": requirement.text,
        "audience": requirement.audience,
        "deadline": requirement.deadline,
    }
    form = forms.RequirementEditForm(request.POST or None, inspection=inspection, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = editing.requirement_update(
                actor=request.user, requirement=requirement, **form.cleaned_data
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã sửa yêu cầu."))
            _report_task_outcome(request, result)
            return redirect(reverse("inspections:detail", args=[inspection.pk]) + "#yeu-cau")
    return render(
        request,
        "inspections/edit_form.html",
        {"form": form, "inspection": inspection, "heading": _("Sửa yêu cầu")},
    )


def _report_task_outcome(request, result: editing.RequirementUpdate) -> None:
    """Say how many remediation tasks followed the correction, and which were left alone and why."""
    if result.tasks_updated:
        messages.info(
            request,
            _("Đã cập nhật %(count)d nhiệm vụ khắc phục giao theo yêu cầu này.")
            % {"count": len(result.tasks_updated)},
        )
    for item in result.tasks_left_alone:
        messages.warning(
            request,
            _("Nhiệm vụ khắc phục của %(unit)s: %(why)s.") % {"unit": item.unit_name, "why": item.why},
        )


@login_required
def inspection_history(request, pk):
    try:
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        events = selectors.inspection_history(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/history.html", {"inspection": inspection, "page": page})


# --- import ------------------------------------------------------------------------


@login_required
def import_upload(request):
    committees = forms.committees_for(request.user)
    if not committees.exists():
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            source = read_bytes(uploaded.read(), uploaded.name)
        except ReadError as error:
            form.add_error("file", error.reason)
        else:
            request.session[IMPORT_SESSION_KEY] = source.text
            return redirect("inspections:import_review")
    return render(request, "inspections/import_upload.html", {"form": form})


def _choices_from_post(request, preview) -> dict:
    visible = {u.pk: u for u in scoping.visible_units(request.user)}
    choices = {}
    for index, row in enumerate(preview.organisations):
        value = request.POST.get(f"org-{index}", "")
        choices[row.written] = visible.get(int(value)) if value.isdigit() else None
    return choices


@login_required
def import_review(request):
    text = request.session.get(IMPORT_SESSION_KEY)
    committees = forms.committees_for(request.user)
    if not text or not committees.exists():
        return redirect("inspections:import_upload")
    preview = importing.preview_for(actor=request.user, text=text)
    errors = []
    if request.method == "POST":
        excluded = {i for i in range(len(preview.general)) if not request.POST.get(f"general-{i}")}
        preview = importing.apply_choices(preview, _choices_from_post(request, preview), excluded)
        committee = committees.filter(pk=request.POST.get("committee") or 0).first()
        body = scoping.visible_units(request.user).filter(pk=request.POST.get("body") or 0).first()
        if committee is None:
            errors.append(_("Vui lòng chọn cấp ủy kiểm tra."))
        else:
            try:
                inspection = importing.inspection_import(
                    actor=request.user, committee=committee, text=text, preview=preview, body=body
                )
            except ServiceError as error:
                errors.append(error.message)
            else:
                del request.session[IMPORT_SESSION_KEY]
                messages.success(request, _("Đã nhập thông báo kết luận thành cuộc kiểm tra."))
                return redirect("inspections:detail", pk=inspection.pk)
    bodies = scoping.visible_units(request.user).filter(kind=OrgUnit.Kind.INSPECTION_COMMITTEE)
    units = scoping.visible_units(request.user).order_by("path")
    return render(
        request,
        "inspections/import_review.html",
        {
            "preview": preview,
            "committees": committees,
            "bodies": bodies,
            "units": units,
            "errors": errors,
        },
    )
