"""Menu entries of the accounts app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.selectors import can_read_audit
from antq.core.extensions import NavEntry, register_nav

register_nav(NavEntry(label=_("Tài khoản"), url_name="accounts:user_list", order=90, visible=can_read_audit))
register_nav(NavEntry(label=_("Nhật ký"), url_name="accounts:audit_trail", order=91, visible=can_read_audit))
