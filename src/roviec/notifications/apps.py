from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "roviec.notifications"
    label = "notifications"
    verbose_name = "Thông báo, nhắc việc"

    def ready(self):
        # Register the jobs on the configured queue in every process (web,
        # `roviec worker`, `manage run_huey`), so enqueued jobs find their code.
        from roviec.notifications import jobs  # noqa: F401
