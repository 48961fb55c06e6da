from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "antq.reporting"
    label = "reporting"
    verbose_name = "Báo cáo, chỉ tiêu"
    url_prefix = "bao-cao/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.reporting import checks, models  # noqa: F401 (importing checks registers them)

        auditlog.register(models.EnteredValue)
        auditlog.register(models.Submission)
