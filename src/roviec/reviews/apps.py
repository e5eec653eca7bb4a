from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "roviec.reviews"
    label = "reviews"
    verbose_name = "Thẩm định dự thảo"
