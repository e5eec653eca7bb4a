"""Admin for the organisation tree. Every save goes through the services, so
materialised paths, search text and the audit trail stay right; nothing is deleted."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from roviec.core.scoping import can_manage_unit_tree, visible_units
from roviec.orgs import services
from roviec.orgs.models import OrgUnit, Person, Position


def _adopt(obj, saved) -> None:
    """Let the admin carry on (messages, redirects, LogEntry) with the object the service saved."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


class OrgUnitAdminForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label=_("Tên gọi khác"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi tên một dòng, hoặc cách nhau bởi dấu ;"))

    class Meta:
        model = OrgUnit
        fields = ["code", "kind", "name", "short_name", "parent", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aliases_text"].initial = "\n".join(self.instance.aliases or [])
        if self.instance.pk and "parent" in self.fields:
            # A unit cannot move under itself or one of its descendants.
            self.fields["parent"].queryset = OrgUnit.objects.exclude(path__startswith=self.instance.path)

    def clean_aliases_text(self):
        text = self.cleaned_data.get("aliases_text", "")
        return [part.strip() for part in text.replace(";", "\n").splitlines() if part.strip()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."))
        return cleaned


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = ("name", "short_name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code", "search_text")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "created_at", "updated_at")
    fields = ("code", "kind", "name", "short_name", "aliases_text", "parent", "valid_from", "valid_to",
              "path", "created_at", "updated_at")

    def get_queryset(self, request):
        return visible_units(request.user).select_related("parent")

    def has_add_permission(self, request):
        return can_manage_unit_tree(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_unit_tree(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in services.UNIT_FIELDS if name != "aliases"}
        data["aliases"] = form.cleaned_data.get("aliases_text", [])
        data["short_name"] = data["short_name"] or ""
        if change:
            current = OrgUnit.objects.get(pk=obj.pk)
            changes = {k: v for k, v in data.items() if getattr(current, k) != v}
            saved = services.unit_update(actor=request.user, unit=current, **changes)
        else:
            saved = services.unit_create(actor=request.user, **data)
        _adopt(obj, saved)


class PositionInline(admin.TabularInline):
    """Positions shown on the person's page; they are added and changed on their own page."""

    model = Position
    fk_name = "person"
    fields = ("unit", "kind", "title", "access_role", "start_date", "end_date")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "phone", "user")
    search_fields = ("full_name", "search_text", "email")
    autocomplete_fields = ("user",)
    fields = ("full_name", "email", "phone", "user")
    inlines = [PositionInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in services.PERSON_FIELDS}
        if change:
            saved = services.person_update(actor=request.user, person=Person.objects.get(pk=obj.pk), **data)
        else:
            saved = services.person_create(actor=request.user, **data)
        _adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        """The inline is read-only; positions change only through their services."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "kind", "title", "access_role", "start_date", "end_date")
    list_filter = ("kind", "access_role")
    search_fields = ("person__full_name", "person__search_text", "unit__name", "title")
    list_select_related = ("person", "unit")
    autocomplete_fields = ("person", "unit")
    fields = ("person", "unit", "kind", "title", "access_role", "start_date", "end_date")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in services.POSITION_FIELDS}
        data["title"] = data["title"] or ""
        if change:
            current = Position.objects.get(pk=obj.pk)
            changes = {k: v for k, v in data.items() if getattr(current, k) != v}
            saved = services.position_update(actor=request.user, position=current, **changes)
        else:
            saved = services.position_assign(actor=request.user, **data)
        _adopt(obj, saved)
