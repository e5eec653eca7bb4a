from django.urls import path

from roviec.reports.api import DashboardView, RankingView

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("ranking/", RankingView.as_view(), name="api-ranking"),
]
