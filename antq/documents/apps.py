from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "antq.documents"
    label = "documents"
    verbose_name = "Văn bản, báo cáo"
