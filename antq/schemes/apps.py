from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "antq.schemes"
    label = "schemes"
    verbose_name = "Mô hình tự quản về ANTT"
    url_prefix = "mo-hinh/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.schemes import models

        auditlog.register(models.SchemeType, exclude_fields=["folded_name", "sort_key"])
        auditlog.register(models.Scheme, exclude_fields=["folded_name", "sort_key"])
        auditlog.register(models.SchemeSite, m2m_fields={"teams"})
        auditlog.register(models.SiteSuspension)
        auditlog.register(models.SiteRecognition)
        auditlog.register(models.SiteEvaluation)
        # Contact data of an advanced example is personal: masked in the trail.
        auditlog.register(
            models.Exemplar, exclude_fields=["sort_key"], mask_fields=["contact_phone", "contact_address"]
        )
