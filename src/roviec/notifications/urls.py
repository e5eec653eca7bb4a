from django.urls import path

from roviec.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("chuong/", views.bell, name="bell"),
    path("da-doc-tat-ca/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/da-doc/", views.notification_mark_read, name="mark_read"),
]
