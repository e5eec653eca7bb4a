"""Admin: reference data (types, terms) is edited here; documents are only viewed.

Documents are registered, changed and cancelled through the pages and the API, so
that every change is validated and audited; the admin never deletes them.
"""

from django.contrib import admin

from roviec.documents.models import Attachment, Document, DocumentRelation, DocumentType, PartyTerm


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "system")
    list_filter = ("system",)
    search_fields = ("code", "name")


@admin.register(PartyTerm)
class PartyTermAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date")


class _ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [f.name for f in self.model._meta.many_to_many]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "target", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class _AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    readonly_fields = ("original_name", "size", "mime_type", "sha256", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(_ReadOnlyAdmin):
    list_display = ("symbol", "doc_type", "issue_date", "issuer_name", "registered_unit", "status")
    list_filter = ("status", "direction", "system", "doc_type")
    search_fields = ("symbol", "title", "issuer_name", "search_text")
    date_hierarchy = "issue_date"
    list_select_related = ("doc_type", "registered_unit")
    inlines = [_RelationInline, _AttachmentInline]
