from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "antq.documents"
    label = "documents"
    verbose_name = "Văn bản, báo cáo"
    url_prefix = "van-ban/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.documents import models

        # Every step of a report is in the trail; the generated content is large and rebuilt from data, so the
        # trail records when it was (re)generated rather than its text.
        auditlog.register(models.ReportDocument, exclude_fields=["content"])
