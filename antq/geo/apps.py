from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "antq.geo"
    label = "geo"
    verbose_name = "Địa bàn"
    url_prefix = "dia-ban/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.geo.models import Establishment, Locality

        auditlog.register(Locality, exclude_fields=["folded_name", "sort_key"])
        auditlog.register(Establishment, exclude_fields=["folded_name", "sort_key"])
