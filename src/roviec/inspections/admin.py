"""Read-only admin: records change only through the services (scoped and audited)."""

from django.contrib import admin

from roviec.inspections.models import DisciplineCase, Inspection, Programme


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "committee", "decision", "notice")


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("title", "committee", "span", "year")


@admin.register(DisciplineCase)
class DisciplineCaseAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "authority", "decided_on")
