"""URL map: each app owns its prefix, declared on its AppConfig (`url_prefix`), so that a new app adds its pages
without editing this file. Apps are included in INSTALLED_APPS order (core's root pages first)."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [
    path(prefix, include(f"{config.name}.urls"))
    for config in apps.get_app_configs()
    if config.name.startswith("antq.") and (prefix := getattr(config, "url_prefix", None)) is not None
]
