"""Menu entry and unit-page links of the activities app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.activities.selectors import AWARD_ROLES, READ_ROLES
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link

register_nav(
    NavEntry(
        label=_("Hoạt động phong trào"),
        url_name="activities:index",
        order=40,
        visible=lambda user: scope_for(user).has_role(*READ_ROLES),
    )
)
for level in ("commune", "province"):
    register_unit_link(
        UnitLink(
            level,
            _("Tuyên truyền"),
            "activities:outreach_list",
            order=30,
            visible=lambda user, unit: scope_for(user).covers(unit, READ_ROLES),
        )
    )
    register_unit_link(
        UnitLink(
            level,
            _("Đề nghị khen thưởng"),
            "activities:proposal_list",
            order=34,
            visible=lambda user, unit: scope_for(user).covers(unit, AWARD_ROLES),
        )
    )
    register_unit_link(
        UnitLink(
            level,
            _("Danh sách khen thưởng"),
            "activities:award_list",
            order=36,
            visible=lambda user, unit: scope_for(user).covers(unit, AWARD_ROLES),
        )
    )
register_unit_link(
    UnitLink(
        "commune",
        _("Ngày hội toàn dân bảo vệ ANTQ"),
        "activities:festival_commune",
        order=32,
        visible=lambda user, unit: scope_for(user).covers(unit, READ_ROLES),
    )
)
register_unit_link(
    UnitLink(
        "province",
        _("Ngày hội toàn dân bảo vệ ANTQ theo xã"),
        "activities:festival_board",
        order=32,
        visible=lambda user, unit: scope_for(user).covers(unit, READ_ROLES),
    )
)
