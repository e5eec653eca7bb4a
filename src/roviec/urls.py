from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from roviec.core import views as core_views

urlpatterns = [
    path("", include("roviec.tasks.urls")),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("don-vi/", include("roviec.orgs.urls")),
    path("van-ban/", include("roviec.documents.urls")),
    path("thong-bao/", include("roviec.notifications.urls")),
    path("tham-dinh/", include("roviec.reviews.urls")),
    path("kiem-tra/", include("roviec.inspections.urls")),
    path("bao-cao/", include("roviec.reports.urls")),
    path("nhat-ky/", core_views.audit_log, name="audit_log"),
    path("api/v1/", include("roviec.api_urls")),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Rõ Việc — Quản trị"
admin.site.site_title = "Rõ Việc"
