from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from roviec.core.api import ReferenceField
from roviec.documents.models import Document
from roviec.orgs.models import OrgUnit
from roviec.reviews import presenting, selectors, services
from roviec.reviews.models import CoverageConfirmation, ReviewRun, ReviewSuperior


class ReviewSuperiorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewSuperior
        fields = ["position", "name", "document", "sha256"]


class ReviewRunSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    superiors = ReviewSuperiorSerializer(many=True, read_only=True)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = ReviewRun
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "draft_name",
            "draft_size",
            "draft_mime_type",
            "draft_sha256",
            "created_at",
            "superiors",
            "summary",
        ]

    def get_summary(self, run) -> dict:
        return run.result.get("summary", {})


class CoverageConfirmationSerializer(serializers.ModelSerializer):
    """A reviewer's confirmation, active or withdrawn (records are never deleted)."""

    active = serializers.BooleanField(read_only=True)
    created_by_name = serializers.SerializerMethodField()
    withdrawn_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CoverageConfirmation
        fields = ["id", "superior_index", "superior_offset", "draft_offset", "note", "active", "created_at",
                  "created_by", "created_by_name", "withdrawn_at", "withdrawn_by", "withdrawn_by_name",
                  "withdraw_reason"]
        read_only_fields = fields

    def get_created_by_name(self, obj) -> str:
        return presenting.person_name(obj.created_by)

    def get_withdrawn_by_name(self, obj) -> str | None:
        return presenting.person_name(obj.withdrawn_by) if obj.withdrawn_at else None


class ReviewerVerdictSerializer(serializers.Serializer):
    """The reviewer's verdict on one requirement: the engine's, raised by active confirmations."""

    superior_index = serializers.IntegerField()
    superior_offset = serializers.IntegerField()
    engine_verdict = serializers.CharField(help_text="covered | partly | not_covered (máy đánh giá)")
    verdict = serializers.CharField(help_text="covered | partly | not_covered (sau xác nhận)")
    confirmed = serializers.BooleanField()
    draft_offsets = serializers.ListField(child=serializers.IntegerField())


class ReviewRunDetailSerializer(ReviewRunSerializer):
    result = serializers.JSONField(read_only=True)
    draft_text = serializers.CharField(read_only=True)
    confirmations = serializers.SerializerMethodField()
    reviewer_coverage = serializers.SerializerMethodField()

    class Meta(ReviewRunSerializer.Meta):
        fields = [*ReviewRunSerializer.Meta.fields, "result", "draft_text", "confirmations",
                  "reviewer_coverage"]

    def _confirmations(self, run) -> list:
        cache = getattr(self, "_confirmation_cache", None)
        if cache is None or cache[0] != run.pk:
            cache = (run.pk, list(selectors.run_confirmations(run)))
            self._confirmation_cache = cache
        return cache[1]

    @extend_schema_field(CoverageConfirmationSerializer(many=True))
    def get_confirmations(self, run) -> list:
        return CoverageConfirmationSerializer(self._confirmations(run), many=True).data

    @extend_schema_field(ReviewerVerdictSerializer(many=True))
    def get_reviewer_coverage(self, run) -> list:
        return presenting.reviewer_coverage(run.result, self._confirmations(run))


class CoverageConfirmSerializer(serializers.Serializer):
    superior_index = serializers.IntegerField(min_value=0)
    superior_offset = serializers.IntegerField(min_value=0)
    draft_offset = serializers.IntegerField(min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ConfirmationWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class ReviewCreateSerializer(serializers.Serializer):
    """Multipart: the draft, the unit, and superior documents (ids) and/or files."""

    unit = ReferenceField(
        queryset=OrgUnit.objects.all(), code="unit_not_found", message=services.UNIT_NOT_FOUND
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    draft = serializers.FileField()
    superior_documents = ReferenceField(
        queryset=Document.objects.all(),
        code="not_found",
        message=services.SUPERIOR_NOT_FOUND,
        many=True,
        required=False,
    )
    superior_files = serializers.ListField(child=serializers.FileField(), required=False)
