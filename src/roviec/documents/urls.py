from django.urls import path

from roviec.documents import ingest_views, views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("xuat.csv", views.document_export_csv, name="export_csv"),
    path("vao-so/", views.document_register, name="register"),
    path("kiem-tra-ky-hieu/", views.symbol_check, name="symbol_check"),
    path("goi-y/", views.document_suggest, name="suggest"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/huy/", views.document_cancel, name="cancel"),
    path("<int:pk>/quan-he/", views.document_relate, name="relate"),
    path("<int:pk>/tep/", views.attachment_upload, name="attachment_upload"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("nhap/", ingest_views.ingest_upload, name="ingest_upload"),
    path("nhap/<int:pk>/", ingest_views.ingest_progress, name="ingest_progress"),
    path("nhap/<int:pk>/trang-thai/", ingest_views.ingest_status, name="ingest_status"),
    path("nhap/<int:pk>/ra-soat/", ingest_views.ingest_review, name="ingest_review"),
    path("nhap/<int:pk>/tep/", ingest_views.ingest_file, name="ingest_file"),
    path("nhap/<int:pk>/thu-lai/", ingest_views.ingest_retry, name="ingest_retry"),
]
