from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "roviec.reports"
    label = "reports"
    verbose_name = "Tổng hợp, báo cáo"
