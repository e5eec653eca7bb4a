"""REST API of the organisation tree: /api/v1/units/ and /api/v1/people/, scoped like the pages.

Reading is open to every signed-in user within their scope; creating and
changing units is for those who manage the tree, through the same services
as the pages (paths and audit stay right). Nothing is ever deleted.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.scoping import can_manage_unit_tree, scope_for
from roviec.orgs import selectors, services
from roviec.orgs.models import OrgUnit, Person, Position

DATE_INPUT_FORMATS = ["%d/%m/%Y", "iso-8601"]


Q_PARAMETER = OpenApiParameter(
    "q", str, description="Tìm theo tên, tên viết tắt, tên gọi khác (không phân biệt dấu)")


class UnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.SerializerMethodField(help_text="Đơn vị cấp trên; null nếu ngoài phạm vi của bạn")
    status = serializers.SerializerMethodField(help_text="current, expired hoặc future")
    people_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "kind", "kind_label", "name", "short_name", "aliases", "parent", "depth",
                  "status", "valid_from", "valid_to", "people_count"]

    def get_parent(self, unit) -> int | None:
        parent = unit.parent
        if parent is None or not scope_for(self.context["request"].user).covers(parent):
            return None
        return parent.pk

    def get_status(self, unit) -> str:
        return selectors.unit_status(unit)


class UnitWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=64)
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices)
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(child=serializers.CharField(max_length=255), required=False, default=list)
    parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True,
                                                required=False, default=None)
    valid_from = serializers.DateField(input_formats=DATE_INPUT_FORMATS, allow_null=True, required=False,
                                       default=None)
    valid_to = serializers.DateField(input_formats=DATE_INPUT_FORMATS, allow_null=True, required=False,
                                     default=None)

    def validate(self, attrs):
        start, end = attrs.get("valid_from"), attrs.get("valid_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"valid_to": ["Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."]})
        return attrs


class ManageTreeOrReadOnly(permissions.BasePermission):
    message = "Chỉ quản trị hệ thống được thay đổi cây tổ chức."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_manage_unit_tree(request.user)


@extend_schema_view(
    list=extend_schema(summary="Các đơn vị trong phạm vi", parameters=[Q_PARAMETER],
                       responses={200: UnitSerializer}),
    retrieve=extend_schema(summary="Một đơn vị", responses={200: UnitSerializer, 404: ERRORS[404]}),
    create=extend_schema(summary="Tạo đơn vị (quản trị)", request=UnitWriteSerializer,
                         responses={201: UnitSerializer, **ERRORS}),
    update=extend_schema(summary="Sửa đơn vị (quản trị)", request=UnitWriteSerializer,
                         responses={200: UnitSerializer, **ERRORS}),
    partial_update=extend_schema(summary="Sửa một phần đơn vị (quản trị)", request=UnitWriteSerializer,
                                 responses={200: UnitSerializer, **ERRORS}),
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, ManageTreeOrReadOnly]
    queryset = OrgUnit.objects.none()  # for the schema; real reads go through selectors

    def get_queryset(self):
        q = self.request.query_params.get("q", "").strip()
        if q:
            return selectors.unit_search(user=self.request.user, q=q, limit=200)
        return selectors.unit_list(user=self.request.user).select_related("parent").order_by("path")

    def get_object(self):
        return selectors.unit_get(user=self.request.user, pk=self.kwargs["pk"])

    def _respond(self, unit, status_code):
        unit = selectors.unit_get(user=self.request.user, pk=unit.pk)
        return Response(UnitSerializer(unit, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = UnitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_create(actor=request.user, **data.validated_data)
        return self._respond(unit, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        unit = self.get_object()
        partial = kwargs.pop("partial", False)
        data = UnitWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = {key: value for key, value in data.validated_data.items()
                   if not partial or key in request.data}
        unit = services.unit_update(actor=request.user, unit=unit, **changes)
        return self._respond(unit, status.HTTP_200_OK)


class PositionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "unit", "unit_name", "kind", "kind_label", "title", "access_role", "start_date",
                  "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    positions = PositionSerializer(source="visible_positions", many=True, read_only=True,
                                   help_text="Chức vụ tại các đơn vị trong phạm vi của bạn")

    class Meta:
        model = Person
        fields = ["id", "full_name", "email", "phone", "positions"]


@extend_schema_view(
    list=extend_schema(summary="Cán bộ giữ chức vụ tại các đơn vị trong phạm vi", parameters=[Q_PARAMETER]),
    retrieve=extend_schema(summary="Một cán bộ", responses={200: PersonSerializer, 404: ERRORS[404]}),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Person.objects.none()

    def get_queryset(self):
        return selectors.person_list(user=self.request.user, q=self.request.query_params.get("q", ""))

    def get_object(self):
        return selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])
