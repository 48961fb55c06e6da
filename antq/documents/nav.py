"""Menu entry and unit-page links of the documents app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link
from antq.documents.selectors import READ_ROLES, may_read
from antq.forces.selectors import ROSTER_ROLES

register_nav(
    NavEntry(
        label=_("Văn bản"), url_name="documents:index", order=60, visible=lambda u: scope_for(u).has_role(*READ_ROLES)
    )
)
for level in ("province", "commune"):
    register_unit_link(UnitLink(level, _("Báo cáo sơ kết, tổng kết"), "documents:unit", order=2, visible=may_read))
register_unit_link(
    UnitLink(
        "commune",
        _("Biểu mẫu Tổ bảo vệ ANTT (Thông tư 14/2024)"),
        "documents:team_forms",
        order=11,
        visible=lambda user, unit: scope_for(user).covers(unit, ROSTER_ROLES),
    )
)
