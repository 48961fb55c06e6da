"""Menu entry of core: the user's own background jobs (every signed-in user may have some)."""

from django.utils.translation import gettext_lazy as _

from antq.core.extensions import NavEntry, register_nav

register_nav(NavEntry(label=_("Công việc"), url_name="core:jobs", order=95))
