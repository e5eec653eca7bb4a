from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "roviec.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"
