from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "roviec.documents"
    label = "documents"
    verbose_name = "Văn bản"
