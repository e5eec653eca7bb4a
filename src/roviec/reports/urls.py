"""Report pages under /bao-cao/ (the tasks app's /bao-cao/<pk>/… review URLs use numeric paths)."""

from django.urls import path

from roviec.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xep-hang/", views.ranking, name="ranking"),
    path("xuat/bao-cao.docx", views.export_docx, name="export_docx"),
    path("xuat/tong-hop.xlsx", views.export_xlsx, name="export_xlsx"),
]
