from rest_framework import serializers

from roviec.core.api import ReferenceField
from roviec.documents.models import Document
from roviec.orgs.models import OrgUnit
from roviec.reviews import services
from roviec.reviews.models import ReviewRun, ReviewSuperior


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


class ReviewRunDetailSerializer(ReviewRunSerializer):
    result = serializers.JSONField(read_only=True)
    draft_text = serializers.CharField(read_only=True)

    class Meta(ReviewRunSerializer.Meta):
        fields = [*ReviewRunSerializer.Meta.fields, "result", "draft_text"]


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
