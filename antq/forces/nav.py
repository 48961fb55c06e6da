"""Menu entries and unit-page links of the forces app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link
from antq.forces.selectors import ROSTER_ROLES

register_nav(
    NavEntry(
        label=_("Tổ của tôi"),
        url_name="forces:my_team",
        order=20,
        visible=lambda user: scope_for(user).has_role(Role.TEAM_LEADER),
    )
)
register_unit_link(
    UnitLink(
        "commune",
        _("Tổ bảo vệ ANTT"),
        "forces:commune_teams",
        order=10,
        visible=lambda user, unit: scope_for(user).covers(unit, ROSTER_ROLES),
    )
)
register_unit_link(UnitLink("province", _("Tổ bảo vệ ANTT theo xã"), "forces:province", order=10))
