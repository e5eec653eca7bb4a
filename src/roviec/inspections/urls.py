"""Inspection pages, mounted at /kiem-tra/ (namespace ``inspections``)."""

from django.urls import path

from roviec.inspections import views, views_registers

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("lap-moi/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/buoc/<str:kind>/", views.step_record, name="step_record"),
    path("<int:pk>/noi-dung/", views.finding_add, name="finding_add"),
    path("<int:pk>/yeu-cau/", views.requirement_add, name="requirement_add"),
    path("<int:pk>/thong-bao/", views.notice_settings, name="notice_settings"),
    path("<int:pk>/thong-bao.docx", views.notice_download, name="notice_download"),
    path("<int:pk>/ban-hanh/", views.notice_issue, name="notice_issue"),
    path("<int:pk>/lich-su/", views.inspection_history, name="history"),
    path("noi-dung/<int:pk>/sua/", views.finding_edit, name="finding_edit"),
    path("yeu-cau/<int:pk>/sua/", views.requirement_edit, name="requirement_edit"),
    path("danh-gia/<int:pk>/", views.finding_verdict, name="finding_verdict"),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/xem-lai/", views.import_review, name="import_review"),
    path("chuong-trinh/", views_registers.programme_list, name="programmes"),
    path("chuong-trinh/<int:pk>/", views_registers.programme_detail, name="programme_detail"),
    path("ky-luat/", views_registers.discipline_list, name="discipline"),
    path("ky-luat/<int:pk>/huy/", views_registers.discipline_cancel, name="discipline_cancel"),
    path("don-thu/", views_registers.complaint_list, name="complaints"),
    path("don-thu/<int:pk>/", views_registers.complaint_detail, name="complaint_detail"),
]
