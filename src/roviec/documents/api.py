"""REST API of the document registry: /api/v1/documents/, scoped like the pages (404 outside scope).

Writes go through the same services as the pages, so validation, numbering rules and
the audit trail are identical. Nothing is deleted: a document is cancelled with a reason.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.errors import NotFoundError
from roviec.documents import selectors, services
from roviec.documents.models import Document, DocumentType
from roviec.documents.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CancelSerializer,
    DocumentFilterSerializer,
    DocumentSerializer,
    DocumentTypeSerializer,
    DocumentWriteSerializer,
    LineageSerializer,
    RelationSerializer,
    RelationWriteSerializer,
)
from roviec.documents.views import attachment_response

FILTERS = [
    OpenApiParameter("q", str, description="Tìm theo số ký hiệu, trích yếu, cơ quan, người ký "
                                           "(không phân biệt dấu, mọi từ đều phải khớp)"),
    OpenApiParameter("doc_type", int, description="Mã (id) loại văn bản"),
    OpenApiParameter("status", str, enum=Document.Status.values),
    OpenApiParameter("direction", str, enum=Document.Direction.values),
    OpenApiParameter("year", int, description="Năm ban hành"),
]


@extend_schema_view(
    list=extend_schema(summary="Các loại văn bản"),
    retrieve=extend_schema(summary="Một loại văn bản"),
)
class DocumentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DocumentTypeSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = DocumentType.objects.order_by("name", "code")
    pagination_class = None


@extend_schema_view(
    list=extend_schema(summary="Văn bản trong phạm vi", parameters=FILTERS,
                       responses={200: DocumentSerializer, 400: ERRORS[400]}),
    retrieve=extend_schema(summary="Một văn bản", responses={200: DocumentSerializer, 404: ERRORS[404]}),
    create=extend_schema(summary="Vào sổ văn bản", request=DocumentWriteSerializer,
                         responses={201: DocumentSerializer, **ERRORS}),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = DocumentSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Document.objects.none()  # for the schema; reads go through selectors

    def get_queryset(self):
        filters = DocumentFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.document_list(user=self.request.user, **filters.validated_data).prefetch_related(
            "recipient_units", "attachments")

    def get_object(self):
        return selectors.document_get(user=self.request.user, pk=self.kwargs["pk"])

    def _respond(self, document, status_code=status.HTTP_200_OK):
        document = selectors.document_get(user=self.request.user, pk=document.pk)
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data,
                        status=status_code)

    def create(self, request, *args, **kwargs):
        data = DocumentWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        document = services.document_register(actor=request.user, **data.validated_data)
        return self._respond(document, status.HTTP_201_CREATED)

    @extend_schema(summary="Hủy văn bản (bắt buộc ghi lý do)", request=CancelSerializer,
                   responses={200: DocumentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        document = self.get_object()
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.document_cancel(actor=request.user, document=document, reason=data.validated_data["reason"])
        return self._respond(document)

    @extend_schema(methods=["GET"], summary="Quan hệ văn bản cả hai chiều", request=None,
                   responses={200: LineageSerializer, 404: ERRORS[404]})
    @extend_schema(methods=["POST"], summary="Thêm quan hệ: văn bản này (căn cứ, thực hiện, thay thế, "
                                             "sửa đổi, bãi bỏ) văn bản đích", request=RelationWriteSerializer,
                   responses={201: RelationSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"])
    def relations(self, request, pk=None):
        document = self.get_object()
        if request.method == "GET":
            lineage = selectors.document_lineage(user=request.user, document=document)
            return Response(LineageSerializer(lineage).data)
        data = RelationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            target = selectors.document_get(user=request.user, pk=data.validated_data["target"])
        except NotFoundError as error:
            message = "Không tìm thấy văn bản đích trong phạm vi của bạn."
            raise type(error)(message) from error
        relation = services.document_relate(actor=request.user, source=document, target=target,
                                            kind=data.validated_data["kind"])
        return Response(RelationSerializer(relation).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="Tệp văn bản gốc", request=None,
                   responses={200: AttachmentSerializer(many=True), 404: ERRORS[404]})
    @extend_schema(methods=["POST"], summary="Đính kèm tệp văn bản gốc (PDF, DOCX, TXT)",
                   request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: AttachmentSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        document = self.get_object()
        if request.method == "GET":
            return Response(AttachmentSerializer(document.attachments.order_by("created_at"), many=True).data)
        data = AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(actor=request.user, document=document,
                                             uploaded=data.validated_data["file"])
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Tải tệp văn bản gốc (nguyên bản)", request=None,
                   responses={(200, "application/octet-stream"): OpenApiResponse(description="Tệp gốc"),
                              404: ERRORS[404]})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)/download",
            url_name="attachment-download")
    def attachment_download(self, request, pk=None, attachment_id=None):
        document = self.get_object()
        attachment = selectors.attachment_get(user=request.user, pk=attachment_id)
        if attachment.document_id != document.pk:
            raise NotFoundError("Không tìm thấy tệp.")
        return attachment_response(attachment)
