"""REST API of document ingestion: /api/v1/ingestions/ (upload → status and proposal → confirm).

The same services and the same review form as the pages under /van-ban/nhap/, so
scope, checks, messages and the one-transaction confirmation are identical; a run
outside the user's scope answers 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.errors import ServiceError
from roviec.documents import ingest, selectors
from roviec.documents.ingest_decisions import decisions_to_data
from roviec.documents.ingest_forms import ReviewForm
from roviec.documents.models import IngestionRun
from roviec.orgs.models import OrgUnit
from roviec.tasks.models import Task


class IngestionRunSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    proposal = serializers.SerializerMethodField(
        help_text="Đề xuất để rà soát (thông tin văn bản, trích dẫn, nhiệm vụ, trách nhiệm); "
                  "chỉ có khi trạng thái là “ready”.")

    class Meta:
        model = IngestionRun
        fields = ["id", "unit", "unit_name", "original_name", "size", "mime_type", "sha256", "status",
                  "step", "progress", "error", "document", "retry_of", "created_at", "updated_at", "proposal"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_proposal(self, run: IngestionRun):
        return run.proposal if run.status == IngestionRun.Status.READY else None


class IngestionUploadSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), help_text="Đơn vị vào sổ (id)",
        error_messages={"required": "Chọn đơn vị vào sổ.", "null": "Chọn đơn vị vào sổ.",
                        "does_not_exist": "Không tìm thấy đơn vị, hoặc bạn không có quyền vào sổ "
                                          "cho đơn vị này.",
                        "incorrect_type": "Mã đơn vị không hợp lệ."})
    file = serializers.FileField(help_text="Tệp DOCX, PDF hoặc TXT",
                                 error_messages={"required": "Chọn tệp văn bản.", "empty": "Tệp rỗng.",
                                                 "invalid": "Chọn tệp văn bản."})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["unit"].queryset = selectors.registrable_units(user=user)


class CitationDecisionSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="Số thứ tự của trích dẫn trong đề xuất")
    kind = serializers.CharField(required=False, allow_blank=True,
                                 help_text="Quan hệ; để trống: không liên kết")
    link = serializers.IntegerField(required=False, allow_null=True, help_text="Văn bản đã vào sổ (id)")
    placeholder = serializers.BooleanField(required=False, help_text="Vào sổ văn bản đến giữ chỗ")
    date = serializers.CharField(required=False, allow_blank=True, help_text="Ngày ban hành (dd/mm/yyyy)")
    issuer = serializers.CharField(required=False, allow_blank=True)


class TaskDecisionSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="Số thứ tự của nhiệm vụ trong đề xuất")
    content = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.CharField(required=False, allow_blank=True,
                                     help_text="dd/mm/yyyy hoặc yyyy-mm-dd")
    recurrence = serializers.CharField(required=False, allow_blank=True)
    deliverable = serializers.CharField(required=False, allow_blank=True)
    units = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text="Đơn vị chủ trì: “<id đơn vị>” hoặc “<id đơn vị>:<id người>”")
    coordinators = serializers.ListField(child=serializers.IntegerField(), required=False)
    picks = serializers.DictField(child=serializers.CharField(), required=False,
                                  help_text="Tên chưa khớp (theo thứ tự): id đơn vị hoặc “skip”")
    accountable = serializers.IntegerField(required=False, allow_null=True,
                                           help_text="Lãnh đạo phụ trách (id); bỏ trống: theo mặc định")
    authority = serializers.CharField(required=False, allow_blank=True,
                                      help_text="“u:<id đơn vị>” hoặc “p:<id người>”; "
                                                "bỏ trống: theo mặc định")


class ResponsibilitySerializer(serializers.Serializer):
    accountable = serializers.IntegerField(required=False, allow_null=True)
    authority = serializers.CharField(required=False, allow_blank=True)


class ConfirmSerializer(serializers.Serializer):
    metadata = serializers.DictField(required=False, help_text="Các trường của thông tin văn bản cần sửa")
    responsibility = ResponsibilitySerializer(required=False)
    citations = CitationDecisionSerializer(many=True, required=False)
    tasks = TaskDecisionSerializer(many=True, required=False, help_text="Chỉ các nhiệm vụ liệt kê được giao")


class ConfirmResultSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    tasks = serializers.ListField(child=serializers.IntegerField())


CONFIRM_EXAMPLE = OpenApiExample("Giao nhiệm vụ khắc phục", value={
    "metadata": {"issue_date": "10/06/2026"},
    "responsibility": {"accountable": 12, "authority": "u:5"},
    "tasks": [{"key": 0, "deliverable": "Kế hoạch khắc phục hạn chế, khuyết điểm", "picks": {"0": "skip"}}],
})


@extend_schema_view(
    list=extend_schema(summary="Các lượt nhập văn bản trong phạm vi"),
    retrieve=extend_schema(summary="Trạng thái, tiến độ và đề xuất của một lượt nhập",
                           responses={200: IngestionRunSerializer, 404: ERRORS[404]}),
    create=extend_schema(summary="Tải tệp lên để phân tích",
                         request={"multipart/form-data": IngestionUploadSerializer},
                         responses={201: IngestionRunSerializer, **ERRORS}),
)
class IngestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = IngestionRunSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = IngestionRun.objects.none()  # for the schema; reads go through the scoped selectors

    def get_queryset(self):
        return ingest.ingestion_runs(user=self.request.user)

    def get_object(self):
        return ingest.ingestion_get(user=self.request.user, pk=self.kwargs["pk"])

    def _respond(self, run, status_code=status.HTTP_200_OK):
        run = ingest.ingestion_get(user=self.request.user, pk=run.pk)
        return Response(IngestionRunSerializer(run).data, status=status_code)

    def create(self, request, *args, **kwargs):
        upload = IngestionUploadSerializer(data=request.data, user=request.user)
        upload.is_valid(raise_exception=True)
        run = ingest.ingestion_start(actor=request.user, unit=upload.validated_data["unit"],
                                     uploaded=upload.validated_data["file"])
        return self._respond(run, status.HTTP_201_CREATED)

    @extend_schema(summary="Phân tích lại tệp của một lượt nhập bị lỗi", request=None,
                   responses={201: IngestionRunSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        run = ingest.ingestion_retry(actor=request.user, run=self.get_object())
        return self._respond(run, status.HTTP_201_CREATED)

    @extend_schema(summary="Xác nhận vào sổ và giao nhiệm vụ (một giao dịch)", request=ConfirmSerializer,
                   examples=[CONFIRM_EXAMPLE], responses={201: ConfirmResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        run = self.get_object()
        decisions = ConfirmSerializer(data=request.data)
        decisions.is_valid(raise_exception=True)
        ingest.ensure_confirmable(run)
        form = ReviewForm(decisions_to_data(user=request.user, run=run, decisions=decisions.validated_data),
                          user=request.user, run=run)
        if not form.is_valid():
            raise ServiceError("invalid", "Các quyết định rà soát chưa hợp lệ; chưa có gì được tạo.",
                               form.error_fields())
        document = ingest.ingestion_confirm(actor=request.user, run=run, metadata=form.metadata(),
                                            citations=form.citation_decisions, tasks=form.task_decisions)
        tasks = Task.objects.filter(source_document=document).order_by("pk").values_list("pk", flat=True)
        return Response({"document": document.pk, "tasks": list(tasks)}, status=status.HTTP_201_CREATED)
