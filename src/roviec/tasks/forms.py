"""Forms only parse and present input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roviec.core import scoping
from roviec.core.errors import ServiceError
from roviec.orgs.models import OrgUnit, Person
from roviec.tasks import selectors
from roviec.tasks.clarities import Clarity
from roviec.tasks.models import Recurrence, Task
from roviec.tasks.status import TaskStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput())


def apply_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's field messages next to the fields, the rest above the form."""
    placed = False
    for name, messages in (error.fields or {}).items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def assignable_units(user):
    """Units the user may assign tasks to (the select lists what the service would accept)."""
    scope = scoping.scope_for(user)
    return OrgUnit.objects.filter(scope.unit_q(roles=(scoping.ROLE_OFFICE, scoping.ROLE_LEADER)))


def coordinator_units(user):
    """Units a user may ask to coordinate: those in scope (``services._validate_references``)."""
    return scoping.visible_units(user)


def nameable_people(units):
    """People holding, or having held, a position in ``units``; the service refuses those who left."""
    return selectors.people_in_units(units)


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Nội dung, sản phẩm…")}))
    unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì (gồm cấp dưới)"), queryset=OrgUnit.objects.none(),
                                  required=False, empty_label=_("Tất cả"))
    status = forms.ChoiceField(label=_("Tình trạng"), required=False,
                               choices=[("", _("Tất cả")), *TaskStatus.choices])
    deadline_from = _date_field(_("Hạn từ ngày"))
    deadline_to = _date_field(_("Hạn đến ngày"))
    source_document = forms.ModelChoiceField(label=_("Văn bản giao"), queryset=Task.objects.none(),
                                             required=False, empty_label=_("Tất cả"))
    missing_clarity = forms.ChoiceField(label=_("Còn thiếu"), required=False,
                                        choices=[("", _("Không lọc")), *Clarity.choices])
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=120)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoping.visible_units(user).order_by("path")
        self.fields["source_document"].queryset = (
            scoping.visible_documents(user).filter(tasks__isnull=False).select_related("doc_type").distinct()
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data["q"], "unit": data["unit"], "status": data["status"],
                "deadline_from": data["deadline_from"], "deadline_to": data["deadline_to"],
                "source_document": data["source_document"], "missing_clarity": data["missing_clarity"],
                "field": data["field"].strip()}


class TaskForm(forms.Form):
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    assigned_by_unit = forms.ModelChoiceField(label=_("Đơn vị giao"), queryset=OrgUnit.objects.none())
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=OrgUnit.objects.none(),
                                       required=False, help_text=_("Rõ người."))
    responsible_person = forms.ModelChoiceField(label=_("Người thực hiện"), queryset=Person.objects.none(),
                                                required=False)
    coordinating_units = forms.ModelMultipleChoiceField(label=_("Đơn vị phối hợp"),
                                                        queryset=OrgUnit.objects.none(), required=False)
    deadline = _date_field(_("Thời hạn"))
    recurrence = forms.ChoiceField(label=_("Định kỳ"), choices=Recurrence.choices, required=False)
    recurrence_until = _date_field(_("Định kỳ đến ngày"))
    accountable_person = forms.ModelChoiceField(label=_("Lãnh đạo phụ trách"), queryset=Person.objects.none(),
                                                required=False, help_text=_("Rõ trách nhiệm."))
    deliverable = forms.CharField(label=_("Sản phẩm đầu ra"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Rõ sản phẩm."))
    authority_unit = forms.ModelChoiceField(label=_("Cơ quan nghiệm thu"), queryset=OrgUnit.objects.none(),
                                            required=False, help_text=_("Rõ thẩm quyền."))
    authority_person = forms.ModelChoiceField(label=_("Người nghiệm thu"), queryset=Person.objects.none(),
                                              required=False)
    resources = forms.CharField(label=_("Nguồn lực"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=120)
    source_document = forms.ModelChoiceField(label=_("Văn bản giao"), queryset=Task.objects.none(),
                                             required=False)
    source_clause = forms.CharField(label=_("Điều, khoản, mục"), required=False, max_length=200)
    parent = forms.ModelChoiceField(label=_("Nhiệm vụ cấp trên"), queryset=Task.objects.none(),
                                    required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        assignable = assignable_units(user).order_by("path")
        self.fields["assigned_by_unit"].queryset = assignable
        self.fields["lead_unit"].queryset = assignable
        in_scope = coordinator_units(user)
        authorities = selectors.authority_units(user)
        self.fields["coordinating_units"].queryset = in_scope.order_by("path")
        self.fields["authority_unit"].queryset = authorities.order_by("path")
        for name in ("responsible_person", "accountable_person"):
            self.fields[name].queryset = nameable_people(in_scope).order_by("full_name")
        self.fields["authority_person"].queryset = nameable_people(authorities).order_by("full_name")
        self.fields["source_document"].queryset = scoping.visible_documents(user).select_related("doc_type")
        self.fields["parent"].queryset = scoping.visible_tasks(user).filter(cancelled_at__isnull=True)

    @staticmethod
    def initial_from(task: Task) -> dict:
        names = [name for name in TaskForm.base_fields if name != "coordinating_units"]
        initial = {name: getattr(task, name) for name in names}
        initial["coordinating_units"] = list(task.coordinating_units.all())
        return initial


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100,
                                 error_messages={"required": _("Vui lòng nhập tiến độ (0–100).")})
    narrative = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}),
                                error_messages={"required": _("Vui lòng nhập nội dung báo cáo.")})
    evidence = MultipleFileField(label=_("Tệp minh chứng"), required=False,
                                 help_text=_("PDF, DOCX, XLSX, TXT, JPG, PNG; chọn được nhiều tệp."))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến nghiệm thu"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Vui lòng nêu lý do.")})


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("Thời hạn đề nghị"), widget=DateInput(),
                                   error_messages={"required": _("Vui lòng nhập thời hạn đề nghị."),
                                                   "invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Vui lòng nêu lý do đề nghị gia hạn.")})


class SubTaskForm(forms.Form):
    """One line of the split page: a subordinate unit and its share of the work."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Giao cho đơn vị này"), required=False)
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput(),
                               error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
    deliverable = forms.CharField(label=_("Sản phẩm"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 1}))


SubTaskFormSet = forms.formset_factory(SubTaskForm, extra=0, max_num=200, validate_max=True)


class SheetImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"),
                           help_text=_("Các cột: STT, Nội dung nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, "
                                       "Thời hạn, Sản phẩm, Ghi chú (thứ tự tùy ý)."),
                           error_messages={"required": _("Vui lòng chọn tệp Excel.")})
    assigned_by_unit = forms.ModelChoiceField(label=_("Đơn vị giao"), queryset=OrgUnit.objects.none(),
                                              error_messages={"required": _("Vui lòng chọn đơn vị giao.")})
    source_document = forms.ModelChoiceField(label=_("Văn bản giao (nếu có)"), queryset=Task.objects.none(),
                                             required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_by_unit"].queryset = assignable_units(user).order_by("path")
        self.fields["source_document"].queryset = scoping.visible_documents(user).select_related("doc_type")
