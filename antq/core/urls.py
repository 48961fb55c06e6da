from django.urls import path

from antq.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("cong-viec/", views.job_list, name="jobs"),
    path("cong-viec/<int:pk>/", views.job_detail, name="job"),
    path("cong-viec/<int:pk>/trang-thai.json", views.job_status, name="job_status"),
    path("cong-viec/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics_page, name="metrics"),
]
