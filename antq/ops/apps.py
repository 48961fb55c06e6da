from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running ANTQ: backups that restore, retention (docs/backups.md). No models and no pages; the top layer."""

    name = "antq.ops"
    label = "ops"
    verbose_name = "Vận hành"
