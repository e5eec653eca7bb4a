"""The upload form of the review page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roviec.reviews import selectors


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx,.pdf,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ReviewForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị soạn thảo"), queryset=None,
                                  error_messages={"required": _("Hãy chọn đơn vị soạn thảo."),
                                                  "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn.")})
    title = forms.CharField(label=_("Tên dự thảo"), max_length=255, required=False,
                            help_text=_("Để trống thì dùng tên tệp."))
    draft = forms.FileField(label=_("Tệp dự thảo (DOCX, PDF, TXT)"),
                            widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
                            error_messages={"required": _("Hãy chọn tệp dự thảo.")})
    superior_documents = forms.ModelMultipleChoiceField(
        label=_("Văn bản cấp trên trong sổ văn bản"), queryset=None, required=False,
        help_text=_("Chọn một hoặc nhiều văn bản đã có tệp đính kèm (giữ Ctrl để chọn nhiều)."),
        error_messages={"invalid_choice": _("Văn bản đã chọn không thuộc phạm vi của bạn.")},
    )
    superior_files = MultipleFileField(label=_("Hoặc tải lên văn bản cấp trên"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.review_units(user=user)
        self.fields["unit"].queryset = units
        self.fields["superior_documents"].queryset = selectors.superior_choices(user=user)
        self.fields["superior_documents"].widget.attrs["size"] = 6
        if not self.is_bound:
            own = getattr(getattr(user, "person", None), "positions", None)
            first = own.order_by("pk").first() if own is not None else None
            if first is not None:
                self.fields["unit"].initial = first.unit_id


class ConfirmForm(forms.Form):
    """The reviewer links a draft task to a requirement of the superior document."""

    superior_index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    superior_offset = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    draft_offset = forms.IntegerField(label=_("Nhiệm vụ của dự thảo"), min_value=0,
                                      error_messages={"required": _("Hãy chọn nhiệm vụ của dự thảo."),
                                                      "invalid": _("Hãy chọn nhiệm vụ của dự thảo.")})
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút lại"), max_length=2000,
                             error_messages={"required": _("Phải ghi lý do rút lại xác nhận.")})
