from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "roviec.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        # Register the jobs on the configured queue in every process (web and worker).
        from roviec.documents import jobs  # noqa: F401
