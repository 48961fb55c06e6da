"""Menu entries and unit-page links of the reporting app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link

register_nav(
    NavEntry(label=_("Báo cáo"), url_name="reporting:index", order=5, visible=lambda user: not scope_for(user).is_empty)
)
register_nav(NavEntry(label=_("Thông báo"), url_name="reporting:notifications", order=95))
register_unit_link(UnitLink("commune", _("Báo cáo, số liệu"), "reporting:unit", order=1))
register_unit_link(UnitLink("province", _("Báo cáo, số liệu"), "reporting:unit", order=1))
