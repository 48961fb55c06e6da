from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "antq.schemes"
    label = "schemes"
    verbose_name = "Mô hình tự quản về ANTT"
