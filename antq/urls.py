"""URL map: each app owns its prefix, declared on its AppConfig (`url_prefix`), so that a new app adds its pages
without editing this file. Apps are included in INSTALLED_APPS order (core's root pages first)."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [
    path(prefix, include(f"{config.name}.urls"))
    for config in apps.get_app_configs()
    if config.name.startswith("antq.") and (prefix := getattr(config, "url_prefix", None)) is not None
]

# Error pages carrying the request's id (antq/core/views.py); CSRF_FAILURE_VIEW in settings does the same for 403_csrf.
handler400 = "antq.core.views.bad_request"
handler403 = "antq.core.views.permission_denied"
handler404 = "antq.core.views.page_not_found"
handler500 = "antq.core.views.server_error"
