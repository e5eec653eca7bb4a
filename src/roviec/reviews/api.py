"""REST API of draft reviews: /api/v1/reviews/ — list, read, create (multipart). Scoped like the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from roviec.core.api import ERROR_RESPONSES as ERRORS
from roviec.core.errors import NotFoundError
from roviec.reviews import selectors, services
from roviec.reviews.serializers import ReviewCreateSerializer, ReviewRunDetailSerializer, ReviewRunSerializer


@extend_schema_view(
    list=extend_schema(summary="Các lượt thẩm định dự thảo trong phạm vi"),
    retrieve=extend_schema(summary="Kết quả thẩm định (JSON của `roviec review --json` và văn bản dự thảo)"),
)
class ReviewRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.review_run_list(user=self.request.user, q=self.request.query_params.get("q", ""))

    def get_serializer_class(self):
        return ReviewRunDetailSerializer if self.action == "retrieve" else ReviewRunSerializer

    def get_object(self):
        try:
            return selectors.review_run_get(user=self.request.user, pk=self.kwargs["pk"])
        except NotFoundError:
            from django.http import Http404

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



