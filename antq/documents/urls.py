from django.urls import path

from antq.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("bao-cao/<int:pk>/", views.detail, name="detail"),
    path("bao-cao/<int:pk>/sua/", views.edit, name="edit"),
    path("bao-cao/<int:pk>/tao-lai/", views.regenerate, name="regenerate"),
    path("bao-cao/<int:pk>/phat-hanh/", views.finalise, name="finalise"),
    path("bao-cao/<int:pk>/tai-ve.<str:fmt>", views.download, name="download"),
    path("bao-cao/<int:pk>/tao-tep.<str:fmt>", views.download_job, name="download_job"),
    path("xa/<str:code>/mau-to/", views.team_forms_page, name="team_forms"),
    path("xa/<str:code>/mau-<slug:form>.docx", views.commune_form, name="commune_form"),
    path("to/<int:pk>/mau-<slug:form>.docx", views.team_form, name="team_form"),
    path("<str:code>/", views.unit_documents, name="unit"),
    path("<str:code>/tao/", views.create, name="create"),
]
