from django.urls import path

from roviec.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("tim-kiem/", views.search, name="search"),
    path("nhap/", views.tree_import, name="import"),
    path("xuat.csv", views.export_csv, name="export_csv"),
    path("xuat.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
