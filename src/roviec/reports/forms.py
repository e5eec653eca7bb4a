"""The filters shared by the dashboard, the ranking and the exports."""

from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roviec.orgs.models import OrgUnit
from roviec.reports import selectors
from roviec.reports.periods import PERIOD_CHOICES, make_period

FIRST_YEAR = 2015


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u2003" * obj.depth + obj.name


class ReportFilterForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị (gồm cấp dưới)"), queryset=OrgUnit.objects.none(), required=False,
                           empty_label=_("Toàn bộ phạm vi"))
    source_document = forms.ModelChoiceField(label=_("Văn bản giao"), queryset=OrgUnit.objects.none(),
                                             required=False, empty_label=_("Tất cả"))
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    period = forms.ChoiceField(label=_("Kỳ"), choices=PERIOD_CHOICES, required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)

    def __init__(self, data=None, *, user, **kwargs):
        today = timezone.localdate()
        if data is not None:
            # A link may carry only some filters; the rest show (and apply) their defaults.
            data = data.copy()
            for name, default in (("period", "year"), ("year", str(today.year))):
                if not data.get(name):
                    data[name] = default
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = selectors.visible_report_units(user)
        self.fields["source_document"].queryset = selectors.document_choices(user)
        self.fields["field"].choices = [("", _("Tất cả")), *((f, f) for f in selectors.field_choices(user))]
        years = range(today.year + 5, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("period", "year")

    def filters(self) -> selectors.ReportFilters:
        """The filters asked for; a field with a bad value falls back to its default (the form shows why)."""
        today = timezone.localdate()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("year") or today.year
        period = make_period(data.get("period") or "year", year)
        return selectors.ReportFilters(unit=data.get("unit"), source_document=data.get("source_document"),
                                       field=data.get("field") or "", period=period)

    def query_string(self) -> str:
        """The filters as URL parameters, for links to exports and between report pages."""
        filters = self.filters()
        params = {"period": filters.period.code, "year": filters.period.year}
        if filters.unit is not None:
            params["unit"] = filters.unit.pk
        if filters.source_document is not None:
            params["source_document"] = filters.source_document.pk
        if filters.field:
            params["field"] = filters.field
        return urlencode(params)
