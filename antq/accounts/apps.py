from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.accounts.models import RoleAssignment, User

        # Accounts and grants are audited; the password hash and login timestamps are noise, not history.
        auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["phone"])
        auditlog.register(RoleAssignment)
