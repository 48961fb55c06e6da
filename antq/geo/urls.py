from django.urls import path

from antq.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.nation, name="nation"),
    path("tim-kiem/", views.search, name="search"),
    path("tinh/<str:code>/", views.province, name="province"),
    path("xa/<str:code>/", views.commune, name="commune"),
    path("xa/<str:code>/co-so/", views.establishments, name="establishments"),
    path("xa/<str:code>/nhap/<slug:kind>/", views.commune_import, name="commune_import"),
]
