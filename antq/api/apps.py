from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "antq.api"
    label = "api"
    verbose_name = "API"
    url_prefix = "api/v1/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        # Registers the API's token revoker with accounts (accounts sits below api and cannot import it), so a
        # password reset revokes tokens from every entry point — pages, the API and management commands alike.
        from antq.api import services  # noqa: F401
