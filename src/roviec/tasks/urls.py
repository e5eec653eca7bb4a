"""Task pages. Mounted at the site root: ``home`` is global, the rest in the ``tasks`` namespace."""

from django.urls import include, path

from roviec.tasks import views

task_patterns = [
    path("nhiem-vu/", views.task_list, name="list"),
    path("nhiem-vu/giao-moi/", views.task_create, name="create"),
    path("nhiem-vu/nhap-excel/", views.task_import, name="import"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="edit"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.report_submit, name="report_submit"),
    path("nhiem-vu/<int:pk>/huy/", views.task_cancel, name="cancel"),
    path("nhiem-vu/<int:pk>/tam-dung/", views.task_suspend, name="suspend"),
    path("nhiem-vu/<int:pk>/tiep-tuc/", views.task_resume, name="resume"),
    path("nhiem-vu/<int:pk>/gia-han/", views.extension_request, name="extension_request"),
    path("nhiem-vu/<int:pk>/chia-nhiem-vu/", views.task_split, name="split"),
    path("gia-han/<int:pk>/dong-y/", views.extension_approve, name="extension_approve"),
    path("gia-han/<int:pk>/khong-dong-y/", views.extension_refuse, name="extension_refuse"),
    path("bao-cao/<int:pk>/nghiem-thu/", views.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_return, name="report_return"),
    path("bao-cao/<int:pk>/tra-lai-cap-nhat/", views.report_revoke, name="report_revoke"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("don-vi-tong-quan/<int:unit_pk>/", views.unit_overview, name="unit_overview"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((task_patterns, "tasks"))),
]
