"""Menu entry and unit-page links of the schemes app (officers and viewers; team leaders have no access)."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, UnitLink, register_nav, register_unit_link
from antq.schemes.selectors import READ_ROLES

register_nav(
    NavEntry(
        label=_("Mô hình"),
        url_name="schemes:catalogue",
        order=30,
        visible=lambda user: scope_for(user).has_role(*READ_ROLES),
    )
)


def _reads(user, unit) -> bool:  # type: ignore[no-untyped-def]
    return scope_for(user).covers(unit, READ_ROLES)


register_unit_link(UnitLink("province", _("Mô hình tự quản về ANTT"), "schemes:province_sites", 20, _reads))
register_unit_link(UnitLink("province", _("Điển hình tiên tiến"), "schemes:province_exemplars", 21, _reads))
register_unit_link(UnitLink("commune", _("Mô hình tự quản về ANTT"), "schemes:commune_sites", 20, _reads))
register_unit_link(UnitLink("commune", _("Điển hình tiên tiến"), "schemes:commune_exemplars", 21, _reads))
