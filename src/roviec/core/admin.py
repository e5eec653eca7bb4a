from django.contrib import admin

from roviec.core.models import AuditEvent
from roviec.core.scoping import visible_audit_events


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit entries are evidence and are never edited or removed."""

    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "client_address")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_label", "object_id")
    readonly_fields = [f.name for f in AuditEvent._meta.fields] + ["units"]

    def get_queryset(self, request):
        """The admin reads the audit trail through the same scope as the audit page."""
        return visible_audit_events(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
