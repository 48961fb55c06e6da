from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "antq.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
    url_prefix = ""  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        # Each app contributes navigation, seeders and indicators from modules named by convention;
        # importing them here fills the registries in antq.core.extensions (see docs/architecture.md).
        from antq.core import metrics  # noqa: F401 - connects its counter of unexpected exceptions
        from antq.core.extensions import autodiscover
        from antq.core.forms import install_number_messages

        autodiscover()
        install_number_messages()
