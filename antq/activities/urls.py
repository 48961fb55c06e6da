from django.urls import path

from antq.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("tuyen-truyen/<str:code>/", views.outreach_list, name="outreach_list"),
    path("tuyen-truyen/<str:code>/them/", views.outreach_add, name="outreach_add"),
    path("tuyen-truyen/<str:code>/nhap-nhanh/", views.outreach_quick, name="outreach_quick"),
    path("tuyen-truyen/<str:code>/nhap-tep/", views.outreach_import, name="outreach_import"),
    path("tuyen-truyen/<str:code>/xuat/", views.outreach_export, name="outreach_export"),
    path("tuyen-truyen/muc/<int:pk>/", views.outreach_edit, name="outreach_edit"),
    path("tuyen-truyen/muc/<int:pk>/xoa/", views.outreach_delete, name="outreach_delete"),
    path("ngay-hoi/tinh/<str:code>/", views.festival_board, name="festival_board"),
    path("ngay-hoi/xa/<str:code>/", views.festival_commune, name="festival_commune"),
    path("ngay-hoi/<int:pk>/diem/", views.festival_pilot, name="festival_pilot"),
    path("ngay-hoi/<int:pk>/anh/", views.festival_photo_upload, name="festival_photo_upload"),
    path("ngay-hoi/anh/<int:pk>/", views.festival_photo, name="festival_photo"),
    path("khen-thuong/de-nghi/<str:code>/", views.proposal_list, name="proposal_list"),
    path("khen-thuong/de-nghi/<str:code>/them/", views.proposal_add, name="proposal_add"),
    path("khen-thuong/ho-so/<int:pk>/", views.proposal_detail, name="proposal"),
    path("khen-thuong/ho-so/<int:pk>/sua/", views.proposal_edit, name="proposal_edit"),
    path("khen-thuong/ho-so/<int:pk>/chuyen/", views.proposal_transition, name="proposal_transition"),
    path("khen-thuong/danh-sach/<str:code>/", views.award_list, name="award_list"),
]
