"""Pages for programmes (with coverage), the discipline register and complaints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roviec.core import scoping
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.inspections import complaints, discipline, forms, programmes, selectors
from roviec.tasks.forms import apply_service_error

PAGE_SIZE = 25


@login_required
def programme_list(request):
    form = forms.ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.programme_create(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã lập chương trình."))
            return redirect("inspections:programme_detail", pk=programme.pk)
    return render(
        request,
        "inspections/programme_list.html",
        {
            "programmes": selectors.programme_list(user=request.user),
            "form": form if form.fields["committee"].queryset.exists() else None,
        },
    )


@login_required
def programme_detail(request, pk):
    try:
        programme = selectors.programme_get(user=request.user, pk=pk)
        coverage = programmes.programme_coverage(user=request.user, programme=programme)
    except NotFoundError:
        raise Http404 from None
    can_edit = scoping.can_manage_inspections(request.user, programme.committee)
    form = forms.ProgrammeItemForm(request.POST or None, user=request.user) if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            programmes.programme_item_add(actor=request.user, programme=programme, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã thêm nội dung chương trình."))
            return redirect("inspections:programme_detail", pk=programme.pk)
    flagged = {problem.item.pk: problem.message for problem in coverage.wrong_subjects}
    items = [
        (item, flagged.get(item.pk))
        for item in programme.items.select_related("subject_unit", "subject_person", "lead_unit")
    ]
    return render(
        request,
        "inspections/programme_detail.html",
        {
            "programme": programme,
            "coverage": coverage,
            "items": items,
            "form": form,
        },
    )


@login_required
def discipline_list(request):
    filters = forms.DisciplineFilterForm(request.GET or None)
    period = filters.cleaned_data if filters.is_valid() else {}
    form = forms.DisciplineFormForm(request.POST or None, user=request.user)
    can_record = form.fields["authority"].queryset.exists()
    if request.method == "POST" and can_record and form.is_valid():
        try:
            discipline.discipline_record(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi sổ kỷ luật."))
            return redirect("inspections:discipline")
    cases = discipline.discipline_list(user=request.user, **period)
    return render(
        request,
        "inspections/discipline_list.html",
        {
            "filters": filters,
            "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
            "stats": discipline.discipline_statistics(user=request.user, **period),
            "form": form if can_record else None,
            "can_cancel": can_record,
            "cancelled": discipline.discipline_cancelled(user=request.user)[:50],
        },
    )


@login_required
@require_POST
def discipline_cancel(request, pk):
    case = discipline.discipline_list(user=request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            discipline.discipline_cancel(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except PermissionDeniedError:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã hủy vụ kỷ luật; vụ này không còn tính trong thống kê."))
    else:
        messages.error(request, _("Vui lòng ghi lý do hủy."))
    return redirect("inspections:discipline")


@login_required
def complaint_list(request):
    overdue = request.GET.get("qua-han") == "1"
    form = forms.ComplaintForm(request.POST or None, user=request.user)
    can_register = form.fields["handling_unit"].queryset.exists()
    if request.method == "POST" and can_register and form.is_valid():
        try:
            complaint = complaints.complaint_register(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã tiếp nhận đơn thư."))
            return redirect("inspections:complaint_detail", pk=complaint.pk)
    rows = complaints.complaint_list(user=request.user, q=request.GET.get("q", ""), overdue=overdue)
    return render(
        request,
        "inspections/complaint_list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "overdue": overdue,
            "overdue_ids": set(complaints.complaints_overdue(user=request.user).values_list("pk", flat=True)),
            "form": form if can_register else None,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def complaint_detail(request, pk):
    try:
        complaint = complaints.complaint_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    can_manage = scoping.can_manage_complaints(request.user, complaint.handling_unit)
    form = forms.ComplaintUpdateForm(
        request.POST or None, initial={"status": complaint.status, "outcome": complaint.outcome}
    )
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            complaints.complaint_update(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã cập nhật đơn thư."))
            return redirect("inspections:complaint_detail", pk=complaint.pk)
    return render(
        request,
        "inspections/complaint_detail.html",
        {
            "complaint": complaint,
            "sender": complaints.sender_for(request.user, complaint),
            "form": form if can_manage else None,
            "is_overdue": complaints.complaints_overdue(user=request.user).filter(pk=complaint.pk).exists(),
        },
    )
