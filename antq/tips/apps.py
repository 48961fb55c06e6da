from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "antq.tips"
    label = "tips"
    verbose_name = "Tin báo, tố giác tội phạm"
    url_prefix = "to-giac/"  # the public portal and the police's inbox (antq/urls.py includes it)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.tips import models

        # The trail of a tip never holds its content: encrypted fields are excluded, not masked (a masked
        # ciphertext is still ciphertext in the trail). Views of raw content are "access" entries (services).
        secret = ["body", "place", "when_told", "contact_name", "contact_phone", "outcome_message", "secret_hash"]
        auditlog.register(models.Tip, exclude_fields=secret)
        auditlog.register(models.TipDelivery)
        auditlog.register(models.TipTransition)
        auditlog.register(models.TipCategory)
        auditlog.register(models.RemoteCommune)
