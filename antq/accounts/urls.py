from django.contrib.auth import views as auth_views
from django.urls import path

from antq.accounts import acting_views, views

app_name = "accounts"
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/moi/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("nguoi-dung/<int:pk>/quyen/<int:assignment_pk>/ket-thuc/", views.assignment_end, name="assignment_end"),
    path("nhat-ky/", views.audit_trail, name="audit_trail"),
    path("nhap-thay/<str:code>/", acting_views.acting_grants, name="acting_grants"),
    path("nhap-thay/<str:code>/<int:pk>/thu-hoi/", acting_views.acting_grant_revoke, name="acting_grant_revoke"),
]
