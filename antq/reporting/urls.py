from django.urls import path

from antq.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("<str:code>/", views.unit_home, name="unit"),
    path("<str:code>/<str:period>/", views.dashboard, name="dashboard"),
    path("<str:code>/<str:period>/nhap/", views.entry, name="entry"),
    path("<str:code>/<str:period>/chuyen/", views.transition, name="transition"),
    path("<str:code>/<str:period>/duyet/", views.approve, name="approve"),
    path("<str:code>/<str:period>/tinh-hinh/", views.board, name="board"),
    path("<str:code>/<str:period>/chi-tiet/<str:indicator>/", views.drilldown, name="drilldown"),
    path(
        "<str:code>/<str:period>/chi-tiet/<str:indicator>/tai-ve.xlsx", views.drilldown_export, name="drilldown_export"
    ),
    path(
        "<str:code>/<str:period>/chi-tiet/<str:indicator>/tao-tep.xlsx",
        views.drilldown_export_job,
        name="drilldown_export_job",
    ),
    path("<str:code>/<str:period>/bieu-do/<str:indicator>.svg", views.chart, name="chart"),
]
