from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "roviec.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"
