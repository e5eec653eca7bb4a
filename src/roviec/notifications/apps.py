from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "roviec.notifications"
    label = "notifications"
    verbose_name = "Thông báo, nhắc việc"
