"""REST API: /api/v1/notifications/ — the caller's own notifications only; read-only except "mark read"."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from roviec.notifications import selectors, services
from roviec.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "task", "title", "body", "url", "created_at", "read_at",
                  "is_read"]
        read_only_fields = fields


COUNT = inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})


@extend_schema_view(
    list=extend_schema(summary="Thông báo của tôi", parameters=[
        OpenApiParameter("unread", bool, description="Chỉ lấy thông báo chưa đọc")]),
    retrieve=extend_schema(summary="Một thông báo của tôi (404 nếu của người khác)"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notification_list(user=self.request.user, unread_only=unread)

    @extend_schema(summary="Đánh dấu đã đọc", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = selectors.notification_get(user=request.user, pk=pk)
        services.notification_mark_read(user=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Đánh dấu tất cả đã đọc", request=None, responses=COUNT)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        services.notification_mark_all_read(user=request.user)
        return Response({"unread": 0})

    @extend_schema(summary="Số thông báo chưa đọc", responses=COUNT)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": selectors.notification_unread_count(user=request.user)})
