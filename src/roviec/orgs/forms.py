from django import forms
from django.utils.translation import gettext_lazy as _

from roviec.orgs.tree_io import MAX_IMPORT_BYTES


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), max_length=200, required=False,
                        help_text=_("Tên, tên viết tắt hoặc tên gọi khác; gõ có dấu hay không dấu đều được."))


class TreeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc Excel (.xlsx)"),
        help_text=_("Các cột: mã, loại, tên, tên viết tắt, tên gọi khác (cách nhau bởi dấu ;), mã cấp trên, "
                    "hiệu lực từ, hiệu lực đến (dd/mm/yyyy)."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
        if uploaded.size == 0:
            raise forms.ValidationError(_("Tệp trống."))
        return uploaded
