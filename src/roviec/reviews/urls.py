from django.urls import path

from roviec.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/bao-cao.docx", views.review_docx, name="docx"),
    path("<int:pk>/du-thao/", views.review_draft_file, name="draft_file"),
    path("<int:pk>/xac-nhan/", views.review_confirm, name="confirm"),
    path("xac-nhan/<int:pk>/rut-lai/", views.review_confirmation_withdraw, name="confirmation_withdraw"),
]
