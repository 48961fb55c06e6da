from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "antq.activities"
    label = "activities"
    verbose_name = "Hoạt động phong trào"
