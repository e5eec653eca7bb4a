"""Read-only admin: tasks and reports change only through the audited services, never deleted."""

from django.contrib import admin

from roviec.tasks.models import EvidenceFile, ProgressReport, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "lead_unit", "due_date", "progress_percent", "completed_on", "cancelled_at")
    list_filter = ("recurrence",)
    search_fields = ("search_text",)
    list_select_related = ("lead_unit",)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("task", "percent", "submitted_at", "review")
    list_filter = ("review",)
    list_select_related = ("task",)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "size", "mime_type", "sha256", "report")
