from django.contrib import admin

from roviec.notifications.models import DeliveryLog, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Notifications and deliveries are records of what was sent: viewed, never edited or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient", "task")


@admin.register(DeliveryLog)
class DeliveryLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "key", "recipient", "email_status", "email_attempts", "email_sent_at")
    list_filter = ("kind", "email_status")
    search_fields = ("key", "email", "recipient__username")
    raw_id_fields = ("recipient", "task", "notification")
