"""Report pages under /bao-cao/ (the tasks app's /bao-cao/<pk>/… review URLs use numeric paths)."""

from django.urls import path

from roviec.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xep-hang/", views.ranking, name="ranking"),
    path("xep-hang/cong-bo/", views.ranking_publish, name="ranking_publish"),
    path("xep-hang/da-cong-bo/<int:pk>/", views.published_detail, name="published_detail"),
    path("xuat/bao-cao.docx", views.export_docx, name="export_docx"),
    path("xuat/tong-hop.xlsx", views.export_xlsx, name="export_xlsx"),
]
