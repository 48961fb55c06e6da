"""Menu entries of the geography app."""

from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import scope_for
from antq.core.extensions import NavEntry, register_nav

register_nav(
    NavEntry(label=_("Toàn quốc"), url_name="geo:nation", order=10, visible=lambda user: scope_for(user).is_national())
)
register_nav(NavEntry(label=_("Tìm đơn vị"), url_name="geo:search", order=11))
