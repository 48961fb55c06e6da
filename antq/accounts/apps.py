from django.apps import AppConfig

from antq.core import ports


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"
    url_prefix = "tai-khoan/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.accounts import audit, scope
        from antq.accounts.models import ActingGrant, RoleAssignment, User

        # Accounts and grants are audited; the password hash and login timestamps are noise, not history.
        auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["phone"])
        auditlog.register(RoleAssignment)
        auditlog.register(ActingGrant)
        # Core and geo sit below accounts and cannot import it: lend them the audit trail and the write check
        # through core's ports (antq/core/ports.py; both fail closed until registered here).
        ports.register_audit_trail(ports.AuditTrail(record=audit.record_for_port, acting_as=audit.acting_as))
        ports.register_write_check(scope.can_write)
