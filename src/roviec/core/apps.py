from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roviec.core"
    label = "core"
    verbose_name = "Hệ thống"
