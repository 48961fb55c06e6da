from django.urls import path

from antq.schemes import exemplar_views, views

PROVINCE = {"level": "province"}
COMMUNE = {"level": "commune"}

app_name = "schemes"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("loai/them/", views.type_create, name="type_create"),
    # Per province
    path("tinh/<str:code>/", views.unit_sites, PROVINCE, name="province_sites"),
    path("tinh/<str:code>/mo-hinh/", views.unit_schemes, PROVINCE, name="province_schemes"),
    path("tinh/<str:code>/them-mo-hinh/", views.scheme_create, PROVINCE, name="province_scheme_create"),
    path("tinh/<str:code>/xuat/", views.unit_export, PROVINCE, name="province_export"),
    path("tinh/<str:code>/nhan-rong/", views.province_spread, name="province_spread"),
    path("tinh/<str:code>/dien-hinh/", exemplar_views.unit_exemplars, PROVINCE, name="province_exemplars"),
    path("tinh/<str:code>/dien-hinh/them/", exemplar_views.exemplar_create, PROVINCE, name="province_exemplar_create"),
    # Per commune
    path("xa/<str:code>/", views.unit_sites, COMMUNE, name="commune_sites"),
    path("xa/<str:code>/mo-hinh/", views.unit_schemes, COMMUNE, name="commune_schemes"),
    path("xa/<str:code>/them-mo-hinh/", views.scheme_create, COMMUNE, name="commune_scheme_create"),
    path("xa/<str:code>/xuat/", views.unit_export, COMMUNE, name="commune_export"),
    path("xa/<str:code>/them-diem/", views.site_create, name="site_create"),
    path("xa/<str:code>/nhap/", views.site_import, name="site_import"),
    path("xa/<str:code>/dien-hinh/", exemplar_views.unit_exemplars, COMMUNE, name="commune_exemplars"),
    path("xa/<str:code>/dien-hinh/them/", exemplar_views.exemplar_create, COMMUNE, name="commune_exemplar_create"),
    # Schemes, sites and examples
    path("mo-hinh/<int:pk>/", views.scheme_detail, name="scheme"),
    path("mo-hinh/<int:pk>/sua/", views.scheme_edit, name="scheme_edit"),
    path("diem/<int:pk>/", views.site_detail, name="site"),
    path("diem/<int:pk>/sua/", views.site_edit, name="site_edit"),
    path("diem/<int:pk>/nhan-rong/", views.site_spread, name="site_spread"),
    path("diem/<int:pk>/<slug:action>/", views.site_action, name="site_action"),
    path("dien-hinh/<int:pk>/", exemplar_views.exemplar_detail, name="exemplar"),
    path("dien-hinh/<int:pk>/sua/", exemplar_views.exemplar_edit, name="exemplar_edit"),
    path("dien-hinh/<int:pk>/anh/", exemplar_views.exemplar_photo, name="exemplar_photo"),
]
