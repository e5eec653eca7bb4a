"""/api/v1/: every app's API under one prefix, with the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("token/", obtain_auth_token, name="api_token"),
    path("schema", SpectacularAPIView.as_view(), name="api_schema"),
    path("", include("roviec.orgs.api_urls")),
    path("", include("roviec.documents.api_urls")),
    path("", include("roviec.tasks.api_urls")),
    path("", include("roviec.notifications.api_urls")),
    path("", include("roviec.reviews.api_urls")),
    path("", include("roviec.inspections.api_urls")),
    path("", include("roviec.reports.api_urls")),
]
