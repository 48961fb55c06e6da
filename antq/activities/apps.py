from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "antq.activities"
    label = "activities"
    verbose_name = "Hoạt động phong trào"
    url_prefix = "hoat-dong/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.activities import models

        auditlog.register(models.OutreachActivity)
        auditlog.register(models.Festival)
        auditlog.register(models.FestivalPhoto)
        auditlog.register(models.AwardForm)
        # Personal fields are masked in the trail (Luật BVDLCN 91/2025/QH15: minimal exposure).
        auditlog.register(models.AwardProposal, mask_fields=["national_id", "birth_date"])
        auditlog.register(models.AwardTransition)
        auditlog.register(models.Award, mask_fields=["national_id"])
