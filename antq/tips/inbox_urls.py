"""The police inbox's routes (officers, scoped by unit; out of scope answers 404)."""

from django.urls import URLPattern, path

from antq.tips import config_views, views

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
    path("vung-xa/<str:code>/", config_views.remote, name="remote"),
    path("vung-xa/<str:code>/danh-dau/", config_views.remote_set, name="remote_set"),
    path("loai-tin/", config_views.categories, name="categories"),
    path("loai-tin/them/", config_views.category_add, name="category_add"),
    path("loai-tin/<int:pk>/doi-ten/", config_views.category_rename, name="category_rename"),
    path("loai-tin/<int:pk>/thu-tu/", config_views.category_move, name="category_move"),
    path("loai-tin/<int:pk>/trang-thai/", config_views.category_active, name="category_active"),
]
