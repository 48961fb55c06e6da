from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "antq.geo"
    label = "geo"
    verbose_name = "Địa bàn"
