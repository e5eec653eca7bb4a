"""Forms of the inspection pages; choice lists offer only what the services would accept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roviec.core import scoping
from roviec.documents.models import Document
from roviec.inspections.models import (
    Complaint,
    DisciplineCase,
    DisciplineForm,
    Field,
    Finding,
    InspectionSubject,
    ItemKind,
    Level,
    Programme,
    Requirement,
    Verdict,
)
from roviec.orgs.models import OrgUnit, Person

DATE = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label, required=False):
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=DATE_FORMATS)


def committees_for(user):
    """Committees whose inspections the user may set up."""
    scope = scoping.scope_for(user)
    units = OrgUnit.objects.filter(
        scope.unit_q(roles=(scoping.ROLE_INSPECTION, scoping.ROLE_LEADER)),
        kind__in=[
            OrgUnit.Kind.PROVINCIAL_COMMITTEE,
            OrgUnit.Kind.AFFILIATED_COMMITTEE,
            OrgUnit.Kind.COMMUNE_COMMITTEE,
            OrgUnit.Kind.GRASSROOTS,
        ],
    )
    return units.order_by("path")


def people_for(user):
    units = scoping.visible_units(user)
    return Person.objects.filter(positions__unit__in=units).distinct().order_by("full_name")


class InspectionForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Cấp ủy kiểm tra"), queryset=OrgUnit.objects.none())
    body = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=OrgUnit.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("Tên cuộc kiểm tra (trích yếu)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=_("Nội dung kiểm tra"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=ItemKind.choices, initial=ItemKind.COMPLIANCE_INSPECTION
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.LEADERSHIP)
    level = forms.ChoiceField(
        label=_("Cấp kiểm tra"), choices=[("", _("Theo cấp ủy")), *Level.choices], required=False
    )
    decision_symbol = forms.CharField(
        label=_("Số, ký hiệu quyết định"),
        required=False,
        help_text=_("Ví dụ 418-QĐ/TU; quyết định được vào sổ văn bản."),
    )
    decision_date = date_field(_("Ngày quyết định"))
    team_head = forms.ModelChoiceField(label=_("Trưởng đoàn"), queryset=Person.objects.none(), required=False)
    team_members = forms.ModelMultipleChoiceField(
        label=_("Thành viên đoàn"), queryset=Person.objects.none(), required=False
    )
    subject_units = forms.ModelMultipleChoiceField(
        label=_("Tổ chức đảng được kiểm tra"),
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    period_from = date_field(_("Thời kỳ kiểm tra từ"))
    period_to = date_field(_("Thời kỳ kiểm tra đến"))
    start_date = date_field(_("Ngày bắt đầu"))
    planned_end = date_field(_("Dự kiến kết thúc"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = committees_for(user)
        self.fields["committee"].queryset = committees
        # The top-most committee first: usually the one the user works for.
        self.fields["committee"].initial = committees.first()
        visible = scoping.visible_units(user).order_by("path")
        self.fields["body"].queryset = visible.filter(
            kind__in=[OrgUnit.Kind.INSPECTION_COMMITTEE, OrgUnit.Kind.STANDING_COMMITTEE]
        )
        self.fields["subject_units"].queryset = visible.exclude(
            kind__in=[
                OrgUnit.Kind.ADVISORY_BODY,
                OrgUnit.Kind.INSPECTION_COMMITTEE,
                OrgUnit.Kind.STANDING_COMMITTEE,
                OrgUnit.Kind.DEPARTMENT,
                OrgUnit.Kind.PROVINCIAL_COMMITTEE,
            ]
        )
        people = people_for(user)
        self.fields["team_head"].queryset = people
        self.fields["team_members"].queryset = people


class StepForm(forms.Form):
    done_on = date_field(_("Ngày thực hiện"))
    document = forms.ModelChoiceField(
        label=_("Văn bản kèm theo"), queryset=Document.objects.none(), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = scoping.visible_documents(user).select_related("doc_type")


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Finding.Kind.choices, initial=Finding.Kind.SHORTCOMING)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.LEADERSHIP)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label=_("Áp dụng cho đơn vị"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn nhiều đơn vị: thông báo ghi một nội dung và liệt kê các đơn vị ở chú thích."),
    )
    evidence = forms.CharField(
        label=_("Căn cứ, chứng cứ"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_person = forms.ModelChoiceField(
        label=_("Đồng chí chịu trách nhiệm"), queryset=Person.objects.none(), required=False
    )
    responsible_role = forms.ChoiceField(label=_("Vai trò"), choices=Finding.Role.choices, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        unit_ids = inspection.subjects.values("unit_id")
        self.fields["units"].queryset = OrgUnit.objects.filter(pk__in=unit_ids).order_by("path")
        self.fields["responsible_person"].queryset = (
            Person.objects.filter(positions__unit__in=unit_ids).distinct().order_by("full_name")
        )


class FindingEditForm(FindingForm):
    """A finding's fields, its member subjects, and the reason a correction needs once issued."""

    members = forms.ModelMultipleChoiceField(
        label=_("Đảng viên được kiểm tra"),
        queryset=InspectionSubject.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Lý do đính chính"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, inspection=inspection, **kwargs)
        self.fields["members"].queryset = (
            inspection.subjects.exclude(person=None).select_related("person", "unit").order_by("id")
        )
        if inspection.notice_id:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class RequirementForm(forms.Form):
    heading = forms.CharField(label=_("Tiêu đề"), required=False)
    text = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.ChoiceField(label=_("Đối tượng thực hiện"), choices=Requirement.Audience.choices)
    deadline = date_field(_("Thời hạn"))


class RequirementEditForm(RequirementForm):
    reason = forms.CharField(
        label=_("Lý do đính chính"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection.notice_id:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class NoticeForm(forms.Form):
    remediation_deadline = date_field(_("Thời hạn khắc phục"), required=True)
    signer_on_behalf = forms.CharField(label=_("Thẩm quyền ký"), initial="T/M BAN THƯỜNG VỤ")
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False)
    signer_name = forms.CharField(label=_("Người ký"), required=False)
    recipients_text = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IssueForm(forms.Form):
    symbol = forms.CharField(label=_("Số, ký hiệu thông báo"), help_text=_("Ví dụ 635-TB/TU"))
    issue_date = date_field(_("Ngày ban hành"), required=True)
    self_review = forms.BooleanField(
        label=_("Giao tự rà soát cho các tổ chức đảng không được kiểm tra"), required=False, initial=True
    )


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Kết quả khắc phục"), choices=[c for c in Verdict.choices if c[0] != Verdict.OPEN]
    )
    note = forms.CharField(label=_("Nhận xét"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp thông báo kết luận (TXT, DOCX, PDF)"))


class ProgrammeForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Cấp ủy"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("Tên chương trình"))
    owner = forms.ChoiceField(label=_("Chương trình của"), choices=Programme.Owner.choices)
    span = forms.ChoiceField(label=_("Loại chương trình"), choices=Programme.Span.choices)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees_for(user)


class ProgrammeItemForm(forms.Form):
    subject_unit = forms.ModelChoiceField(
        label=_("Tổ chức đảng là đối tượng"), queryset=OrgUnit.objects.none(), required=False
    )
    subject_person = forms.ModelChoiceField(
        label=_("Đảng viên là đối tượng"), queryset=Person.objects.none(), required=False
    )
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ItemKind.choices)
    planned_start = date_field(_("Thời gian từ"))
    planned_end = date_field(_("Thời gian đến"))
    lead_unit = forms.ModelChoiceField(label=_("Chủ trì"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The whole visible tree is offered: a wrong subject is flagged by the coverage view, not hidden.
        units = scoping.visible_units(user).order_by("path")
        self.fields["subject_unit"].queryset = units
        self.fields["lead_unit"].queryset = units
        self.fields["subject_person"].queryset = people_for(user)


class DisciplineFormForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Đối tượng"), choices=DisciplineCase.SubjectKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Tổ chức đảng (bị kỷ luật, hoặc nơi sinh hoạt)"), queryset=OrgUnit.objects.none()
    )
    person_name = forms.CharField(label=_("Họ và tên đảng viên"), required=False)
    membership = forms.ChoiceField(
        label=_("Loại đảng viên"), choices=DisciplineCase.Membership.choices, required=False
    )
    violation = forms.CharField(label=_("Nội dung vi phạm"), widget=forms.Textarea(attrs={"rows": 2}))
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    authority = forms.ModelChoiceField(label=_("Cấp quyết định"), queryset=OrgUnit.objects.none())
    decided_on = date_field(_("Ngày quyết định"), required=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scoping.scope_for(user)
        units = scoping.visible_units(user).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["authority"].queryset = OrgUnit.objects.filter(
            scope.unit_q(roles=(scoping.ROLE_INSPECTION, scoping.ROLE_LEADER))
        ).order_by("path")


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}))


class DisciplineFilterForm(forms.Form):
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))


class ComplaintForm(forms.Form):
    received_on = date_field(_("Ngày nhận"), required=True)
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Complaint.Kind.choices)
    sender_name = forms.CharField(label=_("Người gửi (được bảo vệ)"), required=False)
    sender_contact = forms.CharField(label=_("Địa chỉ, liên hệ người gửi (được bảo vệ)"), required=False)
    subject_unit = forms.ModelChoiceField(
        label=_("Tổ chức bị khiếu nại, tố cáo"), queryset=OrgUnit.objects.none(), required=False
    )
    subject_person_name = forms.CharField(label=_("Đảng viên bị khiếu nại, tố cáo"), required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.OTHER)
    handling_unit = forms.ModelChoiceField(label=_("Cơ quan giải quyết"), queryset=OrgUnit.objects.none())
    due_date = date_field(_("Thời hạn giải quyết (để trống: theo quy định)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scoping.scope_for(user)
        self.fields["subject_unit"].queryset = scoping.visible_units(user).order_by("path")
        self.fields["handling_unit"].queryset = OrgUnit.objects.filter(
            scope.unit_q(roles=(scoping.ROLE_INSPECTION,)), kind=OrgUnit.Kind.INSPECTION_COMMITTEE
        ).order_by("path")


class ComplaintUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Complaint.Status.choices)
    outcome = forms.CharField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
