from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "antq.reporting"
    label = "reporting"
    verbose_name = "Báo cáo, chỉ tiêu"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.reporting import checks, models  # noqa: F401 (importing checks registers them)

        auditlog.register(models.EnteredValue)
        auditlog.register(models.Submission)
