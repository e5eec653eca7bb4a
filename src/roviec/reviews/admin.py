from django.contrib import admin

from roviec.reviews.models import CoverageConfirmation, ReviewRun


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


@admin.register(CoverageConfirmation)
class CoverageConfirmationAdmin(admin.ModelAdmin):
    """Read-only: confirmations are withdrawn on the review page, never edited or deleted."""

    list_display = ["run", "superior_index", "superior_offset", "draft_offset", "created_by", "created_at",
                    "withdrawn_at"]
    readonly_fields = [f.name for f in CoverageConfirmation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
