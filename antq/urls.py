"""URL map: each app owns its prefix."""

from django.urls import include, path

urlpatterns = [
    path("", include("antq.core.urls")),
    path("tai-khoan/", include("antq.accounts.urls")),
    path("dia-ban/", include("antq.geo.urls")),
    path("luc-luong/", include("antq.forces.urls")),
    path("mo-hinh/", include("antq.schemes.urls")),
    path("hoat-dong/", include("antq.activities.urls")),
    path("bao-cao/", include("antq.reporting.urls")),
    path("van-ban/", include("antq.documents.urls")),
    path("api/v1/", include("antq.api.urls")),
]
