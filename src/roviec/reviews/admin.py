from django.contrib import admin

from roviec.reviews.models import ReviewRun


@admin.register(ReviewRun)
class ReviewRunAdmin(admin.ModelAdmin):
    """Read-only: runs are records, never edited or deleted."""

    list_display = ["title", "unit", "created_at", "created_by"]
    readonly_fields = [f.name for f in ReviewRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
