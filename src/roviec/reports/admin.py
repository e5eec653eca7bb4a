"""Read-only admin: published rankings are evidence for evaluations, never changed or deleted."""

from django.contrib import admin

from roviec.reports.models import PublishedRanking


@admin.register(PublishedRanking)
class PublishedRankingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "as_of", "published_by", "created_at")
    list_filter = ("period_code", "year")
    list_select_related = ("unit", "published_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
