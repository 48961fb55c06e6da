"""The police inbox's routes (officers, scoped by unit; out of scope answers 404)."""

from django.urls import URLPattern, path

from antq.tips import views

urlpatterns: list[URLPattern] = [
    path("hop-thu/", views.index, name="index"),
    path("hop-thu/<str:code>/", views.inbox, name="inbox"),
    path("qua-han/<str:code>/", views.overdue, name="overdue"),
    path("tin/<int:pk>/", views.detail, name="detail"),
    path("tin/<int:pk>/xu-ly/", views.step, name="step"),
    path("tin/<int:pk>/tom-tat/", views.summary, name="summary"),
    path("tin/<int:pk>/hoi/", views.message, name="message"),
    path("tin/<int:pk>/chuyen/", views.forward, name="forward"),
    path("anh/<int:pk>/", views.photo, name="photo"),
]
