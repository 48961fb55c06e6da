"""/api/v1/: the API is built once, when this module is imported (see antq.api.site)."""

from django.urls import path, re_path

from antq.api.site import build_api
from antq.api.views import index, not_found

api = build_api()

urlpatterns = [
    # Before the API's own (unnamed-for-clients) root view, which only exists so that reverse() works.
    path("", index, name="api_index"),
    path("", api.urls),
    # Anything else under /api/v1/ answers the API's JSON 404, not the HTML error page.
    re_path(r"^.*$", not_found),
]
