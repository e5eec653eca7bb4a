"""REST API for inspections, programmes, the discipline register and complaints.

Scoped like the pages (404 outside scope), writes through the same services. A complaint's
sender appears only in its detail, and only for the inspection role of the handling body.
Findings and requirements are edited (PATCH) through roviec.inspections.editing: freely by the
inner circle while drafting, by a correction with a reason once the notice is issued.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from roviec.core import scoping
from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.api import ReferenceField
from roviec.core.errors import NotFoundError
from roviec.documents.models import Document
from roviec.inspections import complaints, conclusion, discipline, editing, programmes, selectors, services
from roviec.inspections.models import (
    Complaint,
    DisciplineCase,
    Finding,
    FindingUnit,
    Inspection,
    InspectionSubject,
    Programme,
    ProgrammeItem,
    Requirement,
    Verdict,
)
from roviec.orgs.models import OrgUnit, Person


def _visible_units(context):
    return scoping.visible_units(context["request"].user)


def _visible_documents(context):
    return scoping.visible_documents(context["request"].user)


# An id the caller may name: one outside ``reachable`` (the service's rule as a queryset: the caller's
# scope, the inspection), one that does not exist and one that cannot be an id all answer alike.
NOT_AN_ID = ("incorrect_type",)


def _unit_reference(**kwargs) -> ReferenceField:
    return ReferenceField(
        reachable=_visible_units,
        missing_codes=NOT_AN_ID,
        code="unit_not_found",
        message=UNIT_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
        **kwargs,
    )


UNIT_NOT_FOUND = services.UNIT_NOT_FOUND
MEMBER_NOT_FOUND = "Không tìm thấy đảng viên được kiểm tra trong cuộc kiểm tra này."
PERSON_NOT_FOUND = "Không tìm thấy đồng chí chịu trách nhiệm trong các đơn vị được kiểm tra."


class FindingUnitSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = FindingUnit
        fields = ["id", "unit", "unit_name", "written_name", "verdict", "verdict_note", "verified_on"]


class MemberSubjectSerializer(serializers.Serializer):
    subject = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    unit = serializers.IntegerField(source="unit_id")
    note = serializers.CharField()


class FindingSerializer(serializers.ModelSerializer):
    applications = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "kind",
            "field",
            "text",
            "responsible_person",
            "responsible_role",
            "applications",
            "members",
        ]

    def get_applications(self, finding) -> list[dict]:
        return FindingUnitSerializer(getattr(finding, "visible_applications", []), many=True).data

    @extend_schema_field(MemberSubjectSerializer(many=True))
    def get_members(self, finding) -> list[dict]:
        return MemberSubjectSerializer(getattr(finding, "visible_members", []), many=True).data


class InspectionSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    decision_symbol = serializers.CharField(source="decision.symbol", read_only=True, default="")
    notice_symbol = serializers.CharField(source="notice.symbol", read_only=True, default="")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "title",
            "committee",
            "committee_name",
            "kind",
            "field",
            "level",
            "decision",
            "decision_symbol",
            "notice",
            "notice_symbol",
            "start_date",
            "planned_end",
            "remediation_deadline",
        ]


class InspectionDetailSerializer(InspectionSerializer):
    subjects = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "subjects", "findings", "warnings"]

    def get_subjects(self, inspection) -> list[dict]:
        detail = self.context["detail"]
        return [
            {"unit": s.unit_id, "unit_name": s.unit.name, "person": s.person_id, "note": s.note}
            for s in detail.subjects
        ]

    def get_findings(self, inspection) -> list[dict]:
        detail = self.context["detail"]
        findings = []
        for view in detail.findings:
            view.finding.visible_applications = view.applications
            view.finding.visible_members = view.members
            findings.append(FindingSerializer(view.finding).data)
        return findings

    def get_warnings(self, inspection) -> list[str]:
        return self.context["detail"].warnings


class InspectionWriteSerializer(serializers.Serializer):
    # Units out of the caller's scope are answered as absent, here and in the service (for the forms).
    committee = _unit_reference()
    body = _unit_reference(required=False, allow_null=True)
    title = serializers.CharField()
    content = serializers.CharField(required=False, allow_blank=True)
    decision_symbol = serializers.CharField(required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    team_head = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    subject_units = _unit_reference(many=True)
    period_from = serializers.DateField(required=False, allow_null=True)
    period_to = serializers.DateField(required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)


class FindingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Finding.Kind.choices, default=Finding.Kind.SHORTCOMING)
    field = serializers.CharField(default="leadership")
    text = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True)
    units = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), many=True, required=False)


REASON_HELP = "Lý do đính chính: bắt buộc khi thông báo kết luận đã ban hành"


class FindingPatchSerializer(serializers.Serializer):
    """Only the fields sent change; units in scope, members and people of the inspection's own."""

    reason = serializers.CharField(required=False, allow_blank=True, help_text=REASON_HELP)
    kind = serializers.ChoiceField(choices=Finding.Kind.choices, required=False)
    field = serializers.CharField(required=False)
    text = serializers.CharField(required=False)
    evidence = serializers.CharField(required=False, allow_blank=True)
    units = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_units,
        code="unit_not_found",
        message=UNIT_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
        many=True,
        required=False,
    )
    members = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=lambda context: context["inspection"].subjects.exclude(person=None),
        code="member_not_found",
        message=MEMBER_NOT_FOUND,
        queryset=InspectionSubject.objects.all(),
        many=True,
        required=False,
    )
    responsible_person = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=lambda context: Person.objects.filter(
            positions__unit__in=context["inspection"].subjects.values("unit_id")
        ).distinct(),
        code="person_not_found",
        message=PERSON_NOT_FOUND,
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
    )
    responsible_role = serializers.ChoiceField(choices=Finding.Role.choices, required=False, allow_blank=True)


class RequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "order", "heading", "text", "audience", "deadline"]


class RequirementPatchSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, help_text=REASON_HELP)
    heading = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False)
    audience = serializers.ChoiceField(choices=Requirement.Audience.choices, required=False)
    deadline = serializers.DateField(required=False, allow_null=True)
    order = serializers.IntegerField(required=False, min_value=1)


class TaskLeftAloneSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="task.pk")
    unit_name = serializers.CharField()
    why = serializers.CharField()


class RequirementUpdateSerializer(serializers.Serializer):
    """The requirement as corrected, and what became of the remediation tasks assigned from it."""

    requirement = RequirementSerializer()
    tasks_updated = serializers.SerializerMethodField()
    tasks_left_alone = TaskLeftAloneSerializer(many=True)

    def get_tasks_updated(self, result) -> list[int]:
        return [task.pk for task in result.tasks_updated]


class IssueSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    issue_date = serializers.DateField()
    self_review = serializers.BooleanField(default=True)


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[c for c in Verdict.choices if c[0]])
    note = serializers.CharField(required=False, allow_blank=True)


def _detail_response(request, pk, status_code=status.HTTP_200_OK):
    detail = selectors.inspection_detail(user=request.user, pk=pk)
    data = InspectionDetailSerializer(detail.inspection, context={"detail": detail}).data
    return Response(data, status=status_code)


@extend_schema_view(
    list=extend_schema(summary="Cuộc kiểm tra trong phạm vi"),
    retrieve=extend_schema(
        summary="Một cuộc kiểm tra (nội dung theo quyền xem)",
        responses={200: InspectionDetailSerializer, 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary="Lập cuộc kiểm tra",
        request=InspectionWriteSerializer,
        responses={201: InspectionDetailSerializer, **ERRORS},
    ),
)
class InspectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()

    def get_queryset(self):
        return selectors.inspection_list(user=self.request.user, q=self.request.query_params.get("q", ""))

    def retrieve(self, request, *args, **kwargs):
        return _detail_response(request, kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = InspectionWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_create(actor=request.user, **data.validated_data)
        return _detail_response(request, inspection.pk, status.HTTP_201_CREATED)

    def _papers(self, pk) -> Inspection:
        inspection = selectors.inspection_get(user=self.request.user, pk=pk)
        if not scoping.can_see_working_papers(self.request.user, inspection):
            raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
        return inspection

    @extend_schema(
        summary="Ghi nội dung kết luận (một nội dung có thể áp dụng cho nhiều đơn vị)",
        request=FindingWriteSerializer,
        responses={201: InspectionDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        inspection = self._papers(pk)
        data = FindingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.finding_add(actor=request.user, inspection=inspection, **data.validated_data)
        return _detail_response(request, inspection.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa nội dung kết luận (đính chính có lý do khi thông báo đã ban hành)",
        request=FindingPatchSerializer,
        responses={200: FindingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["patch"], url_path=r"findings/(?P<finding_pk>[0-9]+)", url_name="finding")
    def finding(self, request, pk=None, finding_pk=None):
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        finding = scoping.visible_findings(request.user).filter(inspection=inspection, pk=finding_pk).first()
        if finding is None:
            raise NotFoundError("Không tìm thấy nội dung kết luận.")
        context = {"request": request, "inspection": inspection}
        data = FindingPatchSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        finding = editing.finding_update(actor=request.user, finding=finding, **data.validated_data)
        # Only the inner circle gets this far, and it sees every unit and member of a finding.
        finding.visible_applications = list(finding.applications.select_related("unit").order_by("id"))
        finding.visible_members = list(finding.members.select_related("person").order_by("id"))
        return Response(FindingSerializer(finding).data)

    @extend_schema(
        summary="Sửa yêu cầu của kết luận; khi đính chính, nhiệm vụ khắc phục đang thực hiện được cập nhật",
        request=RequirementPatchSerializer,
        responses={200: RequirementUpdateSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"requirements/(?P<requirement_pk>[0-9]+)",
        url_name="requirement",
    )
    def requirement(self, request, pk=None, requirement_pk=None):
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        requirement = inspection.requirements.filter(pk=requirement_pk).first()
        if requirement is None:
            raise NotFoundError("Không tìm thấy yêu cầu.")
        data = RequirementPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = editing.requirement_update(
            actor=request.user, requirement=requirement, **data.validated_data
        )
        return Response(RequirementUpdateSerializer(result).data)

    @extend_schema(
        summary="Ban hành thông báo kết luận và giao nhiệm vụ khắc phục",
        request=IssueSerializer,
        responses={200: InspectionDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        inspection = selectors.inspection_get(user=request.user, pk=pk)
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conclusion.conclusion_issue(actor=request.user, inspection=inspection, **data.validated_data)
        return _detail_response(request, inspection.pk)


@extend_schema(
    summary="Đánh giá kết quả khắc phục của một đơn vị",
    request=VerdictSerializer,
    responses={200: FindingUnitSerializer, **ERRORS},
)
class FindingVerdictViewSet(viewsets.GenericViewSet):
    serializer_class = FindingUnitSerializer
    queryset = FindingUnit.objects.none()

    @action(detail=True, methods=["post"])
    def verdict(self, request, pk=None):
        application = scoping.visible_finding_units(request.user).filter(pk=pk).first()
        if application is None:
            raise NotFoundError("Không tìm thấy nội dung kết luận.")
        data = VerdictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = conclusion.finding_verdict(
            actor=request.user, application=application, **data.validated_data
        )
        return Response(FindingUnitSerializer(application).data)


class ProgrammeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeItem
        fields = [
            "id",
            "subject_unit",
            "subject_person",
            "content",
            "field",
            "kind",
            "planned_start",
            "planned_end",
            "lead_unit",
            "lead_person",
        ]


class ProgrammeSerializer(serializers.ModelSerializer):
    items = ProgrammeItemSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "committee", "owner", "span", "year", "title", "items"]


class ItemProblemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    message = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    missing_fields = serializers.ListField(child=serializers.CharField())
    uncovered_units = serializers.ListField(child=serializers.IntegerField())
    wrong_subjects = ItemProblemSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Chương trình kiểm tra, giám sát"),
    retrieve=extend_schema(summary="Một chương trình"),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user).prefetch_related("items")

    @extend_schema(
        summary="Độ bao phủ: lĩnh vực, đơn vị chưa có, đối tượng sai thẩm quyền",
        responses={200: CoverageSerializer, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"])
    def coverage(self, request, pk=None):
        coverage = programmes.programme_coverage(user=request.user, programme=self.get_object())
        return Response(
            {
                "missing_fields": [value for value, _ in coverage.missing_fields],
                "uncovered_units": [u.pk for u in coverage.uncovered_units],
                "wrong_subjects": [
                    {"item": p.item.pk, "message": p.message} for p in coverage.wrong_subjects
                ],
            }
        )


class DisciplineCaseSerializer(serializers.ModelSerializer):
    # What the caller cannot reach is answered like an id that does not exist (discipline_record).
    unit = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_units,
        code="unit_not_found",
        message=discipline.UNIT_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
    )
    authority = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_units,
        code="authority_not_found",
        message=discipline.AUTHORITY_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
    )
    decision = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_documents,
        code="decision_not_found",
        message=discipline.DECISION_NOT_FOUND,
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = DisciplineCase
        fields = [
            "id",
            "subject_kind",
            "unit",
            "person",
            "person_name",
            "membership",
            "violation",
            "form",
            "authority",
            "decided_on",
            "decision",
            "appeal",
            "appeal_received_on",
            "appeal_note",
        ]
        read_only_fields = ["appeal", "appeal_received_on", "appeal_note"]


class DisciplineCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Lý do hủy (bắt buộc)")


class StatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    summary = serializers.CharField()
    sentences = serializers.ListField(child=serializers.CharField())


@extend_schema_view(list=extend_schema(summary="Sổ kỷ luật"), create=extend_schema(summary="Ghi sổ kỷ luật"))
class DisciplineCaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = DisciplineCaseSerializer
    queryset = DisciplineCase.objects.none()

    def get_queryset(self):
        return discipline.discipline_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = discipline.discipline_record(actor=self.request.user, **data)

    @extend_schema(
        summary="Hủy vụ kỷ luật ghi nhầm (không xóa; loại khỏi thống kê)",
        request=DisciplineCancelSerializer,
        responses={200: DisciplineCaseSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        case = self.get_queryset().filter(pk=pk).first()
        if case is None:
            raise NotFoundError("Không tìm thấy vụ kỷ luật.")
        data = DisciplineCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = discipline.discipline_cancel(actor=request.user, case=case, **data.validated_data)
        return Response(DisciplineCaseSerializer(case).data)

    @extend_schema(
        summary="Thống kê kỷ luật theo hình thức và cấp quyết định", responses={200: StatisticsSerializer}
    )
    @action(detail=False, methods=["get"])
    def statistics(self, request):
        stats = discipline.discipline_statistics(user=request.user)
        return Response({"total": stats.total, "summary": stats.summary, "sentences": stats.sentences})


class SenderSerializer(serializers.Serializer):
    name = serializers.CharField()
    contact = serializers.CharField()


class ComplaintSerializer(serializers.ModelSerializer):
    """Never carries the sender: lists and exports leave it out for everyone."""

    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "received_on",
            "kind",
            "subject_unit",
            "subject_person_name",
            "content",
            "field",
            "handling_unit",
            "due_date",
            "status",
            "outcome",
            "closed_on",
            "overdue",
        ]
        read_only_fields = ["status", "outcome", "closed_on"]

    def get_overdue(self, complaint) -> bool:
        return complaint.status in complaints.OPEN_STATUSES and complaint.due_date < self.context["today"]


class ComplaintWriteSerializer(ComplaintSerializer):
    handling_unit = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_units,
        code="handling_unit_not_found",
        message=complaints.HANDLING_UNIT_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
    )
    subject_unit = ReferenceField(
        missing_codes=NOT_AN_ID,
        reachable=_visible_units,
        code="subject_unit_not_found",
        message=complaints.SUBJECT_UNIT_NOT_FOUND,
        queryset=OrgUnit.objects.all(),
        required=False,
        allow_null=True,
    )
    sender_name = serializers.CharField(required=False, allow_blank=True, write_only=True)
    sender_contact = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "sender_name", "sender_contact"]
        extra_kwargs = {"due_date": {"required": False}}


@extend_schema_view(
    list=extend_schema(summary="Đơn thư (không kèm thông tin người gửi)"),
    create=extend_schema(summary="Tiếp nhận đơn thư", request=ComplaintWriteSerializer),
)
class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ComplaintSerializer
    queryset = Complaint.objects.none()

    def get_serializer_context(self):
        from django.utils import timezone

        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_queryset(self):
        overdue = self.request.query_params.get("overdue") == "1"
        return complaints.complaint_list(user=self.request.user, overdue=overdue)

    def get_serializer_class(self):
        return ComplaintWriteSerializer if self.action == "create" else ComplaintSerializer

    def perform_create(self, serializer):
        serializer.instance = complaints.complaint_register(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Người gửi (chỉ Ủy ban Kiểm tra của cơ quan giải quyết)",
        responses={200: SenderSerializer, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"])
    def sender(self, request, pk=None):
        complaint = self.get_object()
        sender = complaints.sender_for(request.user, complaint)
        if sender is None:
            raise NotFoundError("Không tìm thấy.")
        return Response(sender)
