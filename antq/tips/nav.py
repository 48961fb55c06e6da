"""Menu entry and unit-page links of the tip inbox (officers, the steering committee and the Ministry; the public
portal is linked from the login page, not from the menu)."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link
from antq.tips.selectors import READ_ROLES, may_view_remote

register_nav(
    NavEntry(
        label=_("Tin báo"),  # short: the office menu bar keeps to one line (tests/browser/test_layout_phone.py)
        url_name="tips:index",
        order=45,
        visible=lambda user: scope_for(user).has_role(*READ_ROLES),
    )
)
for level in ("commune", "province"):
    register_unit_link(
        UnitLink(
            level,
            _("Tin báo, tố giác"),
            "tips:inbox",
            order=38,
            visible=lambda user, unit: scope_for(user).covers(unit, READ_ROLES),
        )
    )
register_unit_link(
    UnitLink(
        "province",
        _("Tin báo quá hạn chuyển"),
        "tips:overdue",
        order=39,
        visible=lambda user, unit: scope_for(user).covers(unit, READ_ROLES),
    )
)
register_unit_link(
    UnitLink(
        "province",
        _("Xã vùng sâu, vùng xa (tin báo 48 giờ)"),
        "tips:remote",
        order=40,
        visible=may_view_remote,
    )
)
