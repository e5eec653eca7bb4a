"""REST API of tasks and progress reports, scoped like the pages, writing through the services.

/api/v1/tasks/ (list, retrieve, create, update, cancel, suspend, resume),
/api/v1/tasks/{id}/reports/ (list, submit with multipart evidence),
/api/v1/reports/{id}/ (retrieve, accept, return, revoke by the office),
/api/v1/tasks/{id}/extensions/ (history, request), /api/v1/extensions/{id}/ (retrieve, approve, refuse),
/api/v1/tasks/{id}/split/ (sub-tasks for subordinate units). Out-of-scope objects answer 404.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from roviec.core import scoping
from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.api import ReferenceField
from roviec.documents.models import Document
from roviec.orgs.models import OrgUnit, Person
from roviec.tasks import cascade, extensions, selectors, services
from roviec.tasks.clarities import Clarity, missing_clarities
from roviec.tasks.models import EvidenceFile, ExtensionRequest, ProgressReport, Recurrence, Task
from roviec.tasks.status import TaskStatus, task_status

DATE_INPUT_FORMATS = ["%d/%m/%Y", "iso-8601"]
# cascade.task_split's answer for a line's unit outside the scope, given for a missing id too.
SPLIT_UNIT_NOT_FOUND = "Không tìm thấy đơn vị trong phạm vi của bạn."


# --- serializers -------------------------------------------------------------------

def _unit_field(**kwargs) -> ReferenceField:
    return ReferenceField(queryset=OrgUnit.objects.all(), code="unit_not_found",
                          message=services.UNIT_NOT_FOUND, **kwargs)


def _person_field() -> ReferenceField:
    return ReferenceField(queryset=Person.objects.all(), code="person_not_found",
                          message=services.PERSON_NOT_FOUND, allow_null=True, required=False, default=None)

class TaskSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="Tình trạng, suy ra từ thời hạn và báo cáo")
    status_label = serializers.SerializerMethodField()
    missing_clarities = serializers.SerializerMethodField(help_text="Các yếu tố “rõ” còn thiếu")
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default=None)
    coordinating_units = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id", "content", "lead_unit", "lead_unit_name", "responsible_person", "coordinating_units",
            "deadline", "recurrence", "recurrence_until", "due_date", "accountable_person", "deliverable",
            "authority_unit", "authority_person", "resources", "field", "source_document", "source_clause",
            "parent", "assigned_by_unit", "progress_percent", "completed_on", "status", "status_label",
            "missing_clarities", "suspended_at", "suspend_reason", "cancelled_at", "cancel_reason",
            "created_at", "updated_at",
        ]

    def get_status(self, task) -> str:
        return task_status(task).value

    def get_status_label(self, task) -> str:
        return str(task_status(task).label)

    def get_missing_clarities(self, task) -> list[str]:
        return [clarity.value for clarity in missing_clarities(task)]

    def get_coordinating_units(self, task) -> list[int]:
        return sorted(unit.pk for unit in task.coordinating_units.all())


class TaskWriteSerializer(serializers.Serializer):
    content = serializers.CharField()
    assigned_by_unit = _unit_field()
    lead_unit = _unit_field(allow_null=True, required=False, default=None)
    responsible_person = _person_field()
    coordinating_units = _unit_field(many=True, required=False, default=list)
    deadline = serializers.DateField(input_formats=DATE_INPUT_FORMATS, allow_null=True, required=False,
                                     default=None)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False, allow_blank=True,
                                         default="")
    recurrence_until = serializers.DateField(input_formats=DATE_INPUT_FORMATS, allow_null=True,
                                             required=False, default=None)
    accountable_person = _person_field()
    deliverable = serializers.CharField(required=False, allow_blank=True, default="")
    authority_unit = _unit_field(allow_null=True, required=False, default=None,
                                 help_text="Có thể là cơ quan cấp trên (Ban Thường vụ, Thường trực)")
    authority_person = _person_field()
    resources = serializers.CharField(required=False, allow_blank=True, default="")
    field = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    source_document = ReferenceField(queryset=Document.objects.all(), code="document_not_found",
                                     message=services.DOCUMENT_NOT_FOUND, allow_null=True, required=False,
                                     default=None)
    source_clause = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    parent = ReferenceField(queryset=Task.objects.all(), code="parent_not_found",
                            message=services.PARENT_NOT_FOUND, allow_null=True, required=False, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="",
                                   help_text="Bắt buộc: lý do hủy, tạm dừng hoặc tiếp tục")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, required=False, default="",
                                    help_text="Ý kiến nghiệm thu; bắt buộc khi trả lại")


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "size", "mime_type", "sha256", "download_url"]

    def get_download_url(self, evidence) -> str:
        return reverse("tasks:evidence_download", args=[evidence.pk])


class ReportSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.get_username", read_only=True)
    review_label = serializers.CharField(source="get_review_display", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "percent", "narrative", "unit", "submitted_by", "submitted_at", "review",
                  "review_label", "reviewed_at", "review_comment", "evidence"]


class ReportWriteSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    narrative = serializers.CharField(allow_blank=True)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     help_text="Tệp minh chứng (multipart, có thể nhiều tệp)")


class ExtensionSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.get_username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.get_username", read_only=True, default=None)
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = ["id", "task", "unit", "requested_by", "created_at", "old_deadline", "new_deadline",
                  "reason",
                  "decision", "decision_label", "decided_by", "decided_at", "decision_comment"]


class ExtensionWriteSerializer(serializers.Serializer):
    new_deadline = serializers.DateField(input_formats=DATE_INPUT_FORMATS,
                                         help_text="Thời hạn đề nghị (dd/mm/yyyy hoặc yyyy-mm-dd)")
    reason = serializers.CharField(allow_blank=True, help_text="Lý do gia hạn (bắt buộc)")


class SubTaskLineSerializer(serializers.Serializer):
    # An id, resolved by the view so that a missing one is answered like one outside the scope.
    lead_unit = serializers.IntegerField(help_text="Đơn vị trực thuộc đơn vị chủ trì")
    content = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField(input_formats=DATE_INPUT_FORMATS, allow_null=True, required=False,
                                     default=None)
    deliverable = serializers.CharField(allow_blank=True, required=False, default="")


class SplitSerializer(serializers.Serializer):
    lines = SubTaskLineSerializer(many=True)


class TaskFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False, allow_blank=True, default="")
    deadline_from = serializers.DateField(input_formats=DATE_INPUT_FORMATS, required=False, allow_null=True,
                                          default=None)
    deadline_to = serializers.DateField(input_formats=DATE_INPUT_FORMATS, required=False, allow_null=True,
                                        default=None)
    source_document = serializers.IntegerField(required=False, allow_null=True, default=None)
    missing_clarity = serializers.ChoiceField(choices=Clarity.choices, required=False, allow_blank=True,
                                              default="")


TASK_FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Tìm trong nội dung, sản phẩm, đơn vị (không phân biệt dấu)"),
    OpenApiParameter("unit", int, description="Đơn vị chủ trì, gồm các đơn vị cấp dưới"),
    OpenApiParameter("status", str, enum=TaskStatus.values, description="Tình trạng"),
    OpenApiParameter("deadline_from", str, description="Hạn tiếp theo từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)"),
    OpenApiParameter("deadline_to", str, description="Hạn tiếp theo đến ngày"),
    OpenApiParameter("source_document", int, description="Văn bản giao"),
    OpenApiParameter("missing_clarity", str, enum=Clarity.values, description="Còn thiếu yếu tố “rõ”"),
]


# --- views ---------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="Nhiệm vụ trong phạm vi", parameters=TASK_FILTER_PARAMETERS,
                       responses={200: TaskSerializer, 400: ERRORS[400]}),
    retrieve=extend_schema(summary="Một nhiệm vụ", responses={200: TaskSerializer, 404: ERRORS[404]}),
    create=extend_schema(summary="Giao nhiệm vụ", request=TaskWriteSerializer,
                         responses={201: TaskSerializer, **ERRORS}),
    update=extend_schema(summary="Sửa nhiệm vụ", request=TaskWriteSerializer,
                         responses={200: TaskSerializer, **ERRORS}),
    partial_update=extend_schema(summary="Sửa một phần nhiệm vụ", request=TaskWriteSerializer,
                                 responses={200: TaskSerializer, **ERRORS}),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    queryset = Task.objects.none()  # for the schema; reads go through selectors
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        params = TaskFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        if filters["unit"] is not None:
            # A unit outside the scope filters to nothing rather than revealing it exists.
            filters["unit"] = scoping.visible_units(self.request.user).filter(pk=filters["unit"]).first()
            if filters["unit"] is None:
                return Task.objects.none()
        return selectors.task_list(user=self.request.user, **filters).prefetch_related("coordinating_units")

    def get_object(self):
        return selectors.task_get(user=self.request.user, pk=self.kwargs["pk"])

    def _respond(self, task, status_code=status.HTTP_200_OK):
        task = selectors.task_get(user=self.request.user, pk=task.pk)
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = TaskWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_create(actor=request.user, **data.validated_data)
        return self._respond(task, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        task = self.get_object()
        partial = kwargs.pop("partial", False)
        data = TaskWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = {key: value for key, value in data.validated_data.items()
                   if not partial or key in request.data}
        task = services.task_update(actor=request.user, task=task, **changes)
        return self._respond(task)

    def _with_reason(self, request, service):
        task = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, task=task, reason=data.validated_data["reason"])
        return self._respond(task)

    @extend_schema(summary="Hủy nhiệm vụ (kèm lý do)", request=ReasonSerializer,
                   responses={200: TaskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._with_reason(request, services.task_cancel)

    @extend_schema(summary="Tạm dừng nhiệm vụ (kèm lý do)", request=ReasonSerializer,
                   responses={200: TaskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._with_reason(request, services.task_suspend)

    @extend_schema(summary="Tiếp tục nhiệm vụ đang tạm dừng (kèm lý do)", request=ReasonSerializer,
                   responses={200: TaskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._with_reason(request, services.task_resume)

    @extend_schema(methods=["get"], summary="Báo cáo tiến độ của nhiệm vụ",
                   responses={200: ReportSerializer(many=True), 404: ERRORS[404]})
    @extend_schema(methods=["post"], summary="Gửi báo cáo tiến độ (multipart, trường evidence nhiều tệp)",
                   request={"multipart/form-data": ReportWriteSerializer,
                            "application/json": ReportWriteSerializer},
                   responses={201: ReportSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], serializer_class=ReportSerializer)
    def reports(self, request, pk=None):
        task = self.get_object()
        if request.method == "POST":
            data = ReportWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            files = request.FILES.getlist("evidence") if request.FILES else data.validated_data["evidence"]
            report = services.report_submit(actor=request.user, task=task,
                                            percent=data.validated_data["percent"],
                                            narrative=data.validated_data["narrative"], evidence_files=files)
            report = selectors.report_list(user=request.user, task=task).get(pk=report.pk)
            return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.report_list(user=request.user, task=task))
        return self.get_paginated_response(ReportSerializer(page, many=True).data)


    @extend_schema(methods=["get"], summary="Lịch sử gia hạn của nhiệm vụ",
                   responses={200: ExtensionSerializer(many=True), 404: ERRORS[404]})
    @extend_schema(methods=["post"], summary="Đơn vị chủ trì đề nghị gia hạn",
                   request=ExtensionWriteSerializer,
                   responses={201: ExtensionSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], serializer_class=ExtensionSerializer)
    def extensions(self, request, pk=None):
        task = self.get_object()
        if request.method == "POST":
            data = ExtensionWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            extension = extensions.extension_request(actor=request.user, task=task, **data.validated_data)
            return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(extensions.extension_list(user=request.user, task=task))
        return self.get_paginated_response(ExtensionSerializer(page, many=True).data)

    @extend_schema(summary="Chia nhiệm vụ cho các đơn vị trực thuộc (tất cả hoặc không)",
                   request=SplitSerializer,
                   responses={201: TaskSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        task = self.get_object()
        data = SplitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lines = data.validated_data["lines"]
        units = OrgUnit.objects.in_bulk([line["lead_unit"] for line in lines])
        for index, line in enumerate(lines):
            if line["lead_unit"] not in units:
                raise cascade._line_error(index, "lead_unit", SPLIT_UNIT_NOT_FOUND)
        lines = [cascade.SubTaskLine(**{**line, "lead_unit": units[line["lead_unit"]]}) for line in lines]
        created = cascade.task_split(actor=request.user, task=task, lines=lines)
        tasks = selectors.task_list(user=request.user).filter(pk__in=[t.pk for t in created])
        return Response(TaskSerializer(tasks.prefetch_related("coordinating_units"), many=True).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(summary="Một đề nghị gia hạn",
                           responses={200: ExtensionSerializer, 404: ERRORS[404]}),
)
class ExtensionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtensionSerializer
    queryset = ExtensionRequest.objects.none()

    def get_object(self):
        return extensions.extension_get(user=self.request.user, pk=self.kwargs["pk"])

    def _decide(self, request, service):
        extension = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, extension=extension, comment=data.validated_data["comment"])
        return Response(ExtensionSerializer(self.get_object()).data)

    @extend_schema(summary="Đồng ý gia hạn (thời hạn nhiệm vụ chuyển sang ngày mới)",
                   request=CommentSerializer,
                   responses={200: ExtensionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, extensions.extension_approve)

    @extend_schema(summary="Không đồng ý gia hạn (kèm ý kiến)", request=CommentSerializer,
                   responses={200: ExtensionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, extensions.extension_refuse)


@extend_schema_view(
    retrieve=extend_schema(summary="Một báo cáo tiến độ",
                           responses={200: ReportSerializer, 404: ERRORS[404]}),
)
class ReportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    queryset = ProgressReport.objects.none()

    def get_object(self):
        report = selectors.report_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.report_list(user=self.request.user, task=report.task).get(pk=report.pk)

    def _review(self, request, service):
        report = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, report=report, comment=data.validated_data["comment"])
        return Response(ReportSerializer(self.get_object()).data)

    @extend_schema(summary="Nghiệm thu báo cáo", request=CommentSerializer,
                   responses={200: ReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._review(request, services.report_accept)

    @extend_schema(summary="Trả lại báo cáo (kèm ý kiến)", request=CommentSerializer,
                   responses={200: ReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._review(request, services.report_return)

    @extend_schema(summary="Văn phòng trả lại cập nhật sai hoặc chậm, kể cả đã nghiệm thu (kèm lý do)",
                   request=ReasonSerializer, responses={200: ReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        report = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_revoke(actor=request.user, report=report, reason=data.validated_data["reason"])
        return Response(ReportSerializer(self.get_object()).data)
