"""REST API of draft reviews: /api/v1/reviews/ — list, read, create (multipart). Scoped like the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.errors import NotFoundError
from roviec.reviews import confirming, selectors, services
from roviec.reviews.serializers import (
    ConfirmationWithdrawSerializer,
    CoverageConfirmationSerializer,
    CoverageConfirmSerializer,
    ReviewCreateSerializer,
    ReviewRunDetailSerializer,
    ReviewRunSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Các lượt thẩm định dự thảo trong phạm vi"),
    retrieve=extend_schema(summary="Kết quả thẩm định (JSON của `roviec review --json` và văn bản dự thảo)"),
)
class ReviewRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.review_run_list(user=self.request.user, q=self.request.query_params.get("q", ""))

    def get_serializer_class(self):
        return ReviewRunDetailSerializer if self.action == "retrieve" else ReviewRunSerializer

    def get_object(self):
        try:
            return selectors.review_run_get(user=self.request.user, pk=self.kwargs["pk"])
        except NotFoundError:
            raise Http404 from None

    @extend_schema(summary="Thẩm định một dự thảo", request={"multipart/form-data": ReviewCreateSerializer},
                   responses={201: ReviewRunDetailSerializer, **ERRORS})
    def create(self, request):
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # The service answers a unit or document out of reach as the serializer answers a missing id.
        run = services.review_run_create(actor=request.user, unit=values["unit"], draft=values["draft"],
                                         title=values.get("title", ""),
                                         superior_documents=values.get("superior_documents", []),
                                         superior_files=request.FILES.getlist("superior_files"))
        return Response(ReviewRunDetailSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Người thẩm định xác nhận một nhiệm vụ của dự thảo cụ thể hóa một yêu cầu",
                   description="Nhiệm vụ là bất kỳ nhiệm vụ nào của dự thảo (`result.tasks[].offset`), "
                               "không chỉ các nhiệm vụ gợi ý (`result.coverage[].candidates`). Kết quả của "
                               "máy giữ nguyên; đánh giá của người thẩm định ở `reviewer_coverage`.",
                   request=CoverageConfirmSerializer,
                   responses={201: CoverageConfirmationSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="confirmations")
    def confirmations(self, request, pk=None):
        run = self.get_object()
        data = CoverageConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        confirmation = confirming.coverage_confirm(actor=request.user, run=run, **data.validated_data)
        return Response(CoverageConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Rút lại một xác nhận (bắt buộc ghi lý do); xác nhận vẫn được lưu",
                   request=ConfirmationWithdrawSerializer,
                   responses={200: CoverageConfirmationSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"confirmations/(?P<confirmation_pk>[0-9]+)/withdraw")
    def withdraw_confirmation(self, request, pk=None, confirmation_pk=None):
        run = self.get_object()
        confirmation = run.confirmations.filter(pk=confirmation_pk).first()
        if confirmation is None:
            raise Http404
        data = ConfirmationWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        confirmation = confirming.coverage_confirmation_withdraw(
            actor=request.user, confirmation=confirmation, reason=data.validated_data["reason"])
        return Response(CoverageConfirmationSerializer(confirmation).data)
