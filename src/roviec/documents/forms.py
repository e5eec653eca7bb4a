"""Forms of the document registry. They shape input; the services decide what is valid."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from roviec.documents import selectors
from roviec.documents.models import Document, DocumentRelation, DocumentType

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản"), max_length=200, required=False,
                        help_text=_("Số ký hiệu, trích yếu, cơ quan ban hành, người ký; có dấu hay không dấu "
                                    "đều được."))
    doc_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=DocumentType.objects.all(),
                                      required=False, empty_label=_("Tất cả"))
    status = forms.ChoiceField(label=_("Tình trạng"), required=False,
                               choices=[("", _("Tất cả")), *Document.Status.choices])
    direction = forms.ChoiceField(label=_("Loại sổ"), required=False,
                                  choices=[("", _("Tất cả")), *Document.Direction.choices])
    year = forms.TypedChoiceField(label=_("Năm ban hành"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        years = selectors.document_years(user=user)
        self.fields["year"].choices = [("", _("Tất cả")), *[(y, str(y)) for y in years]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class DocumentForm(forms.Form):
    registered_unit = forms.ModelChoiceField(label=_("Đơn vị vào sổ"), queryset=None)
    direction = forms.ChoiceField(label=_("Loại sổ"), choices=Document.Direction.choices)
    doc_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=DocumentType.objects.all())
    symbol = forms.CharField(
        label=_("Số, ký hiệu"), max_length=80, required=False,
        help_text=_("Văn bản Đảng: 418-QĐ/TU; văn bản Nhà nước: 1419/KH-UBND, 143/2020/NĐ-CP, "
                    "công văn 4872/UBND-KTN. Để trống nếu văn bản không có số."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issue_date = forms.DateField(label=_("Ngày ban hành"), input_formats=DATE_FORMATS,
                                 widget=forms.DateInput(format="%d/%m/%Y",
                                                        attrs={"placeholder": "dd/mm/yyyy",
                                                               "inputmode": "numeric"}))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    issuer_unit = forms.ModelChoiceField(label=_("Cơ quan ban hành (trong hệ thống)"), queryset=None,
                                         required=False, empty_label=_("— Ngoài hệ thống —"))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    signing_mode = forms.ChoiceField(label=_("Hình thức ký"), choices=Document.SigningMode.choices,
                                     required=False)
    recipients_text = forms.CharField(label=_("Nơi nhận"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    recipient_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận (trong hệ thống)"), queryset=None, required=False,
        help_text=_("Các đơn vị được chọn sẽ thấy văn bản này."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registered_unit"].queryset = selectors.registrable_units(user=user)
        reachable = selectors.reachable_units(user=user)
        self.fields["issuer_unit"].queryset = reachable
        self.fields["recipient_units"].queryset = reachable

    @classmethod
    def initial_for(cls, document: Document) -> dict:
        return {
            "registered_unit": document.registered_unit_id, "direction": document.direction,
            "doc_type": document.doc_type_id, "symbol": document.symbol, "issue_date": document.issue_date,
            "issuer_name": document.issuer_name, "issuer_unit": document.issuer_unit_id,
            "title": document.title, "signer_name": document.signer_name,
            "signer_title": document.signer_title, "signing_mode": document.signing_mode,
            "recipients_text": document.recipients_text,
            "recipient_units": list(document.recipient_units.values_list("pk", flat=True)),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Bắt buộc. Văn bản không bị xóa, chỉ được đánh dấu đã hủy."))


_TARGET_ID = re.compile(r"^\s*#(\d+)")


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=DocumentRelation.Kind.choices,
                             help_text=_("Văn bản này … văn bản được chọn."))
    target = forms.CharField(
        label=_("Văn bản liên quan"), max_length=300,
        help_text=_("Gõ số ký hiệu hoặc trích yếu rồi chọn trong danh sách gợi ý."),
        widget=forms.TextInput(attrs={"list": "target-suggestions", "autocomplete": "off"}),
    )

    def __init__(self, *args, user, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = document

    def clean_target(self):
        text = self.cleaned_data["target"]
        match = _TARGET_ID.match(text)
        candidates = selectors.document_list(user=self.user).exclude(pk=self.document.pk)
        if match:
            candidates = candidates.filter(pk=int(match.group(1)))
        else:
            candidates = candidates.filter(symbol__iexact="".join(text.split()))
        found = list(candidates[:6])
        if not found:
            raise forms.ValidationError(_("Không tìm thấy văn bản “%(text)s” trong phạm vi của bạn.")
                                        % {"text": text})
        if len(found) > 1:
            choices = "; ".join(f"#{d.pk} {d}" for d in found)
            raise forms.ValidationError(_("Có nhiều văn bản cùng số ký hiệu, hãy chọn một: %(choices)s")
                                        % {"choices": choices})
        return found[0]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản gốc"),
                           help_text=_("PDF, DOCX hoặc TXT. Tệp được lưu nguyên bản."))
