"""API shapes of the document registry. Input serializers only shape data; services validate."""

from django.urls import reverse
from rest_framework import serializers

from roviec.core.api import ReferenceField
from roviec.core.scoping import visible_units
from roviec.documents import selectors, services
from roviec.documents.models import Attachment, Document, DocumentRelation, DocumentType
from roviec.orgs.models import OrgUnit

DATE_INPUT_FORMATS = ["%d/%m/%Y", "iso-8601"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "code", "name", "system"]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "size", "mime_type", "sha256", "created_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("api-documents-attachment-download",
                       kwargs={"pk": attachment.document_id, "attachment_id": attachment.pk})


class DocumentSerializer(serializers.ModelSerializer):
    doc_type = DocumentTypeSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    recipient_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "direction", "doc_type", "symbol", "system", "number", "number_suffix", "symbol_year",
                  "type_code", "issuer_code", "issue_date", "issuer_name", "issuer_unit", "registered_unit",
                  "signer_name", "signer_title", "signing_mode", "title", "recipients_text",
                  "recipient_units", "status", "status_label", "cancel_reason", "attachments", "created_at",
                  "updated_at"]


def _units_in_scope(context):
    return visible_units(context["request"].user)


def _reachable_units(context):
    return selectors.reachable_units(user=context["request"].user)


class DocumentWriteSerializer(serializers.Serializer):
    """Units out of reach are answered like ids that do not exist (the service's own answers)."""

    registered_unit = ReferenceField(queryset=OrgUnit.objects.all(), reachable=_units_in_scope,
                                     code="unit_not_found", message=services.UNIT_NOT_FOUND)
    direction = serializers.ChoiceField(choices=Document.Direction.choices)
    doc_type = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.all())
    symbol = serializers.CharField(max_length=80, required=False, allow_blank=True, default="",
                                   trim_whitespace=False)
    issue_date = serializers.DateField(input_formats=DATE_INPUT_FORMATS)
    issuer_name = serializers.CharField(max_length=255)
    issuer_unit = ReferenceField(queryset=OrgUnit.objects.all(), reachable=_reachable_units,
                                 code="unit_not_found", message=services.ISSUER_UNIT_NOT_FOUND,
                                 allow_null=True, required=False, default=None)
    title = serializers.CharField()
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signing_mode = serializers.ChoiceField(choices=Document.SigningMode.choices, required=False,
                                           allow_blank=True, default="")
    recipients_text = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_units = ReferenceField(queryset=OrgUnit.objects.all(), reachable=_reachable_units,
                                     code="unit_not_found", message=services.RECIPIENT_NOT_FOUND, many=True,
                                     required=False, default=list)
    system = serializers.ChoiceField(choices=Document.System.choices, required=False, allow_null=True,
                                     default=None)


class DocumentFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    doc_type = serializers.IntegerField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=Document.Status.choices, required=False, allow_null=True,
                                     default=None)
    direction = serializers.ChoiceField(choices=Document.Direction.choices, required=False,
                                        allow_null=True, default=None)
    year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1900,
                                    max_value=2100)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class RelationWriteSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="Mã (id) văn bản liên quan, trong phạm vi của bạn")
    kind = serializers.ChoiceField(choices=DocumentRelation.Kind.choices)


class RelationLinkSerializer(serializers.Serializer):
    relation_id = serializers.IntegerField(source="relation.pk")
    kind = serializers.ChoiceField(choices=DocumentRelation.Kind.choices, source="relation.kind")
    label = serializers.CharField()
    depth = serializers.IntegerField()
    document_id = serializers.IntegerField(source="document.pk")
    document = serializers.CharField(source="document.__str__")
    status = serializers.CharField(source="document.status")


class LineageSerializer(serializers.Serializer):
    upstream = RelationLinkSerializer(many=True, help_text="Văn bản này căn cứ, thực hiện, thay thế…")
    downstream = RelationLinkSerializer(many=True,
                                        help_text="Văn bản căn cứ, thực hiện, thay thế… văn bản này")


class RelationSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentRelation
        fields = ["id", "source", "target", "kind", "created_at"]


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
