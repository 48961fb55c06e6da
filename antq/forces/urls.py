from django.urls import path

from antq.forces import views

app_name = "forces"
urlpatterns = [
    path("xa/<str:code>/", views.commune_teams, name="commune_teams"),
    path("xa/<str:code>/them-to/", views.team_create, name="team_create"),
    path("xa/<str:code>/danh-sach.xlsx", views.roster_export, name="roster_export"),
    path("xa/<str:code>/nhap-danh-sach/", views.roster_import, name="roster_import"),
    path("tinh/<str:code>/", views.province_overview, name="province"),
    path("to/<int:pk>/", views.team_detail, name="team"),
    path("to/<int:pk>/sua/", views.team_edit, name="team_edit"),
    path("to/<int:pk>/giai-the/", views.team_dissolve, name="team_dissolve"),
    path("to/<int:pk>/them-thanh-vien/", views.member_add, name="member_add"),
    path("thanh-vien/<int:pk>/", views.member_detail, name="member"),
    path("thanh-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("thanh-vien/<int:pk>/<slug:action>/", views.member_action, name="member_action"),
    path("to-cua-toi/", views.my_team, name="my_team"),
    path("de-nghi/<int:pk>/xu-ly/", views.proposal_decide, name="proposal_decide"),
]
