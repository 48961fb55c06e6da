"""Template context shared by every page."""

from django.http import HttpRequest

from antq.core.extensions import NAV


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu entries this user may see (each view still enforces scope itself)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_entries": []}
    return {"nav_entries": [entry for entry in NAV if entry.visible(user)]}
